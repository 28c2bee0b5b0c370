package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// pdfiumMemoryPages caps the linear memory of one PDFium instance (64 KiB
// pages): 512 MiB. PDFium allocates what a file asks for, so a crafted file
// could otherwise grow an instance to the 4 GiB a 32-bit module can address.
const pdfiumMemoryPages = 8192

// maxCharsPerPage bounds the characters read from one page: ten times the
// densest CV page in the corpus (about 4,900).
const maxCharsPerPage = 50000

// pdfEngine is the pool of PDFium WebAssembly instances an Extractor shares.
//
// Compiling the module is the expensive part (about 2 s), and it is done
// once. An instance is reused for the next file while everything went well
// with it, and discarded after an error, a panic, a deadline, more than
// pdfiumMaxUses files, or when its memory grew past pdfiumRecycleMemory:
// nothing a damaged file did to PDFium's heap outlives the file, and a
// fresh instance per file would cost about 5 ms and 24 MiB of allocation.
//
// Deadlines. The module is compiled without wazero's termination checks
// (WithCloseOnContextDone), which made PDFium's own code about 4× slower
// (measured: 41 ms a page with them, 6.7 ms without; most of it in the
// checks compiled into every loop, the rest in the goroutine wazero starts
// per call to watch the context). Without them, WebAssembly code cannot be
// stopped from outside. So a read runs on its own goroutine, and at the
// deadline the caller gets its error at once while the read is abandoned:
// it keeps its core until the PDFium call in progress returns, and its
// instance is discarded then. The first workers abandoned reads give their
// slot back, so one runaway file does not block everyone else's PDFs; later
// ones keep their slot, so at most 2 × workers instances run at any moment
// and a flood of hostile files cannot take more cores than that (workers is
// one less than the cores by default). A read waits for a slot within its
// deadline; if the deadline comes while abandoned reads hold slots, it
// fails with errPDFBusy, an internal error the worker retries, not the
// user's fault. The caps bound what a
// runaway call can do: pages, characters per page and pdfiumMemoryPages of
// memory per instance.
type pdfEngine struct {
	pool  pdfium.Pool
	cache wazero.CompilationCache
	// slots holds one token per read running in PDFium, abandoned or not.
	slots chan struct{}

	mu        sync.Mutex
	uses      map[any]int // files read, by instance (its implementation)
	running   int         // reads holding an instance, abandoned or not
	abandoned int         // reads past their deadline still running
	freed     int         // abandoned reads that gave their slot back
	maxFreed  int         // at most this many do
	closed    bool        // no read may start
	released  bool        // the pool is closed
}

// pdfiumMaxUses is how many files an instance reads before it is replaced,
// bounding whatever slow leak PDFium's heap might have.
const pdfiumMaxUses = 200

// pdfiumRecycleMemory is the linear memory past which an instance is
// replaced after its file instead of reused: a large file grows an instance
// (it starts at about 20 MiB) and WebAssembly memory never shrinks.
const pdfiumRecycleMemory = 64 << 20

// DefaultCacheDir returns the directory where the compiled PDFium module is
// cached between runs: $XDG_CACHE_HOME/prep/wazero or its platform
// equivalent, or "" when the platform has none.
func DefaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "prep", "wazero")
}

// startPDFEngine compiles (or loads from cacheDir) the PDFium module and
// prepares a pool of at most workers concurrent instances.
func startPDFEngine(workers int, cacheDir string) (*pdfEngine, error) {
	rc := wazero.NewRuntimeConfig().
		// The bundled module lowers setjmp/longjmp to exception handling,
		// which go-pdfium's default config enables the same way.
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		// No termination checks: see pdfEngine for the cost and for how
		// deadlines are kept without them.
		WithCloseOnContextDone(false).
		WithMemoryLimitPages(pdfiumMemoryPages)
	eng := &pdfEngine{slots: make(chan struct{}, workers), uses: map[any]int{}, maxFreed: workers}
	if cacheDir != "" {
		// A cache that cannot be created only costs start-up time.
		if err := os.MkdirAll(cacheDir, 0o700); err == nil {
			if c, err := wazero.NewCompilationCacheWithDir(cacheDir); err == nil {
				eng.cache = c
				rc = rc.WithCompilationCache(c)
			}
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle: 1,
		MaxIdle: workers,
		// Room for the instances of abandoned reads that gave their slot
		// back (see read).
		MaxTotal: 2 * workers,
		// Mount nothing: PDFium only ever reads the bytes we hand it.
		FSConfig:      wazero.NewFSConfig(),
		RuntimeConfig: rc,
		Stdout:        io.Discard,
		Stderr:        io.Discard,
		// Closing an instance returns it to the pool; read discards the
		// ones it must not reuse.
		ReuseWorkers: true,
	})
	if err != nil {
		if eng.cache != nil {
			eng.cache.Close(context.Background())
		}
		return nil, fmt.Errorf("start pdfium: %w", err)
	}
	eng.pool = pool
	return eng, nil
}

// close stops new reads and releases the pool now or, while reads still
// hold instances, when the last of them ends: closing the pool waits for
// every instance's lock, which a runaway call holds.
func (p *pdfEngine) close() error {
	p.mu.Lock()
	p.closed = true
	last := p.running == 0 && !p.released
	p.released = p.released || last
	p.mu.Unlock()
	if last {
		return p.release()
	}
	return nil
}

// done ends a read that held an instance.
func (p *pdfEngine) done() {
	p.mu.Lock()
	p.running--
	last := p.closed && p.running == 0 && !p.released
	p.released = p.released || last
	p.mu.Unlock()
	if last {
		_ = p.release()
	}
}

func (p *pdfEngine) release() error {
	err := p.pool.Close()
	if p.cache != nil {
		p.cache.Close(context.Background())
	}
	return err
}

// Errors of the PDFium reader that extractPDF turns into user errors or a
// fallback.
var (
	errPDFPassword   = errors.New("pdf: password required")
	errPDFEncryption = errors.New("pdf: unsupported encryption")
	errPDFRefused    = errors.New("pdf: refused by pdfium")
	// errPDFBusy: the deadline passed while every instance was taken by
	// reads abandoned at theirs. The file is not at fault.
	errPDFBusy = errors.New("pdf: every reader is held by files that ran past their deadline")
)

// errPDFPages reports a document with more pages than allowed.
type errPDFPages struct{ pages int }

func (e errPDFPages) Error() string { return fmt.Sprintf("pdf: %d pages", e.pages) }

// read reads the positioned glyphs of every page of data with an instance
// from the pool. When ctx ends first, ctx's error is returned at once and
// the read is abandoned (see pdfEngine).
func (p *pdfEngine) read(ctx context.Context, data []byte, maxPages int) (*rawDoc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		p.mu.Lock()
		busy := p.abandoned > 0
		p.mu.Unlock()
		if busy {
			return nil, fmt.Errorf("%w: %w", errPDFBusy, ctx.Err())
		}
		return nil, ctx.Err()
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		<-p.slots
		return nil, errClosed
	}
	p.running++
	p.mu.Unlock()
	inst, err := p.pool.GetInstanceWithContext(ctx)
	if err != nil {
		<-p.slots
		p.done()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("pdfium instance: %w", err)
	}
	type result struct {
		doc *rawDoc
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			// go-pdfium recovers panics in its own calls; this guards
			// our side of the loop against a response it did not
			// expect. A panic here would otherwise end the process.
			if v := recover(); v != nil {
				r = result{nil, fmt.Errorf("%w: panic: %v", errPDFRefused, v)}
			}
			done <- r
		}()
		r.doc, r.err = readPDFiumDoc(ctx, inst, data, maxPages)
	}()
	select {
	case r := <-done:
		p.finish(inst, r.err == nil && ctx.Err() == nil)
		<-p.slots
		p.done()
		if r.err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return r.doc, r.err
	case <-ctx.Done():
		// The first abandoned reads give their slot back at once, so one
		// file that makes PDFium run away does not stop everyone else's
		// PDFs until it returns; past maxFreed of them, an abandoned read
		// keeps its slot and the cores stay bounded.
		p.mu.Lock()
		p.abandoned++
		freed := p.freed < p.maxFreed
		if freed {
			p.freed++
		}
		p.mu.Unlock()
		if freed {
			<-p.slots
		}
		go func() {
			<-done
			p.finish(inst, false)
			p.mu.Lock()
			p.abandoned--
			if freed {
				p.freed--
			}
			p.mu.Unlock()
			if !freed {
				<-p.slots
			}
			p.done()
		}()
		return nil, ctx.Err()
	}
}

// finish returns inst to the pool when it may read another file, and
// discards it otherwise.
func (p *pdfEngine) finish(inst pdfium.Pdfium, ok bool) {
	key := inst.GetImplementation()
	p.mu.Lock()
	p.uses[key]++
	reuse := ok && p.uses[key] < pdfiumMaxUses && instanceMemory(inst) <= pdfiumRecycleMemory
	if !reuse {
		delete(p.uses, key)
	}
	p.mu.Unlock()
	if reuse {
		// Close frees what the file left open in PDFium and returns
		// the instance to the pool.
		_ = inst.Close()
		return
	}
	// Kill destroys the instance; the pool makes a new one when needed.
	_ = inst.Kill()
}

// instanceMemory returns the size of inst's WebAssembly linear memory, or 0
// when it cannot be told. go-pdfium does not expose it; its implementation
// has an exported Module field whose Memory method returns wazero's memory.
// TestPDFInstanceMemory fails if an upgrade moves it.
func instanceMemory(inst pdfium.Pdfium) uint64 {
	v := reflect.ValueOf(inst.GetImplementation())
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return 0
	}
	mod := v.FieldByName("Module")
	if !mod.IsValid() || mod.Kind() != reflect.Interface || mod.IsNil() {
		return 0
	}
	memory := mod.MethodByName("Memory")
	if !memory.IsValid() || memory.Type().NumIn() != 0 || memory.Type().NumOut() != 1 {
		return 0
	}
	m := memory.Call(nil)[0]
	if m.Kind() == reflect.Interface && m.IsNil() {
		return 0
	}
	if sized, ok := m.Interface().(interface{ Size() uint32 }); ok {
		return uint64(sized.Size())
	}
	return 0
}

func readPDFiumDoc(ctx context.Context, inst pdfium.Pdfium, data []byte, maxPages int) (*rawDoc, error) {
	opened, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return nil, errPDFPassword
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		return nil, errPDFEncryption
	case err != nil:
		return nil, fmt.Errorf("%w: %v", errPDFRefused, err)
	}
	docRef := opened.Document
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: docRef})

	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: docRef})
	if err != nil {
		return nil, fmt.Errorf("%w: page count: %v", errPDFRefused, err)
	}
	if count.PageCount > maxPages {
		return nil, errPDFPages{count.PageCount}
	}
	doc := &rawDoc{engine: "pdfium"}
	for i := 0; i < count.PageCount; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page, err := readPDFiumPage(ctx, inst, docRef, i)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("%w: page %d: %v", errPDFRefused, i+1, err)
		}
		doc.pages = append(doc.pages, page)
	}
	return doc, nil
}

func readPDFiumPage(ctx context.Context, inst pdfium.Pdfium, docRef references.FPDF_DOCUMENT, index int) (rawPage, error) {
	var page rawPage
	loaded, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: docRef, Index: index})
	if err != nil {
		return page, err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: loaded.Page})
	ref := requests.Page{ByReference: &loaded.Page}

	w, err := inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: ref})
	if err != nil {
		return page, err
	}
	h, err := inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: ref})
	if err != nil {
		return page, err
	}
	page.width, page.height = float64(w.PageWidth), float64(h.PageHeight)

	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return page, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	text := tp.TextPage

	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: text})
	if err != nil {
		return page, err
	}
	// A CV page holds a few thousand characters; a crafted one can hold
	// millions. What lies past the cap is not read.
	n.Count = min(n.Count, maxCharsPerPage)
	page.glyphs = make([]glyph, 0, n.Count)
	// Every call into the WebAssembly instance costs microseconds (wazero
	// starts a goroutine per call to honour cancellation), and a page has
	// thousands of characters: the text comes in one call, and per
	// character only the box and the font weight are asked.
	var runes []rune
	if all, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: text, Count: n.Count}); err == nil {
		runes = []rune(all.Text)
	}
	if len(runes) != n.Count {
		// PDFium leaves characters without Unicode out of the page
		// text, so it no longer lines up with the indexes: ask per
		// character instead.
		runes = nil
	}
	var font fontFacts
	for i := 0; i < n.Count; i++ {
		if i%256 == 0 && ctx.Err() != nil {
			return page, ctx.Err()
		}
		var r rune
		if runes != nil {
			r = runes[i]
		} else {
			u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: text, Index: i})
			if err != nil {
				return page, err
			}
			r = rune(u.Unicode)
		}
		switch r {
		case 2, 0xFFFE:
			// PDFium marks a hyphen that ends a line: U+0002 per
			// character, U+FFFE in the page text.
			r = '-'
		case '\r', '\n':
			// PDFium's own line breaks: we rebuild lines from positions.
			continue
		case ' ', '\u00A0':
			// A space needs no box: it only separates words. One PDFium
			// inferred from a gap is a weaker hint than a real one.
			gen, err := inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: text, Index: i})
			if err != nil {
				return page, err
			}
			page.glyphs = append(page.glyphs, glyph{r: ' ', generated: gen.IsGenerated})
			continue
		}
		box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: text, Index: i})
		if err != nil {
			return page, err
		}
		if err := font.update(inst, text, i, box.Rect); err != nil {
			return page, err
		}
		g := glyph{
			r:        r,
			x0:       float64(box.Rect.Left),
			x1:       float64(box.Rect.Right),
			top:      page.height - float64(box.Rect.Top),
			bottom:   page.height - float64(box.Rect.Bottom),
			baseline: page.height - (float64(box.Rect.Bottom) + font.descent),
			size:     font.size,
			bold:     font.bold,
			font:     font.name,
			unmapped: r == 0 || r == utf8.RuneError || font.unmapped,
		}
		if g.size <= 0 || math.IsNaN(g.size) {
			g.size = g.bottom - g.top
		}
		page.glyphs = append(page.glyphs, g)
	}
	return page, nil
}

// fontFacts are the font properties of the current run of text. One cheap
// question per character, the font weight, with the height of its box,
// tells when a new run begins (a new font, or the same font at another
// size: the loose box spans the font's ascent and descent at the rendered
// size); the size, origin, matrix and name, which need buffers allocated
// inside the instance, are asked only then.
type fontFacts struct {
	weight int
	height float32
	valid  bool

	size     float64 // rendered size in points: font size × text matrix scale
	descent  float64 // baseline minus the bottom of the loose box, PDF units
	bold     bool
	name     string
	unmapped bool // the run's first character has no Unicode mapping
}

func (f *fontFacts) update(inst pdfium.Pdfium, text references.FPDF_TEXTPAGE, i int, box structs.FPDF_FS_RECTF) error {
	weight, err := inst.FPDFText_GetFontWeight(&requests.FPDFText_GetFontWeight{TextPage: text, Index: i})
	if err != nil {
		return err
	}
	height := box.Top - box.Bottom
	if f.valid && weight.FontWeight == f.weight && math.Abs(float64(height-f.height)) < 0.01 {
		return nil
	}
	f.valid, f.weight, f.height = true, weight.FontWeight, height

	size, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: text, Index: i})
	if err != nil {
		return err
	}
	f.descent = 0
	if o, err := inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: text, Index: i}); err == nil {
		f.descent = o.Y - float64(box.Bottom)
	}
	// Many producers (Chrome, Skia, pdf-lib) set a font size of 1 and
	// scale with the text matrix, so the size a reader sees is the
	// product. The vertical scale is the length of the matrix's second
	// column.
	scale := 1.0
	if mr, err := inst.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: text, Index: i}); err == nil {
		if s := math.Hypot(float64(mr.Matrix.C), float64(mr.Matrix.D)); s > 0 {
			scale = s
		}
	}
	f.size = size.FontSize * scale
	f.name = ""
	flags := 0
	if info, err := inst.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: text, Index: i}); err == nil {
		f.name, flags = info.FontName, info.Flags
	}
	f.bold = isBoldFont(f.name, flags)
	// A font without a Unicode map garbles all its characters alike, so
	// the run's first one speaks for the rest.
	f.unmapped = false
	if me, err := inst.FPDFText_HasUnicodeMapError(&requests.FPDFText_HasUnicodeMapError{TextPage: text, Index: i}); err == nil {
		f.unmapped = me.HasUnicodeMapError
	}
	return nil
}

// fontFlagForceBold is bit 19 of a font descriptor's Flags (PDF 32000-1
// table 123).
const fontFlagForceBold = 1 << 18

// isBoldFont judges boldness from what the PDF declares: the ForceBold flag
// or the font's name, which is the one reliable signal. The weight PDFium
// reports is estimated from the descriptor's stem width when the file gives
// none, and Chromium's regular fonts come out at 704 and bold at 892, so
// it is not used.
func isBoldFont(name string, flags int) bool {
	if flags&fontFlagForceBold != 0 {
		return true
	}
	n := strings.ToLower(name)
	if i := strings.IndexByte(n, '+'); i >= 0 {
		n = n[i+1:] // subset prefix "ABCDEF+"
	}
	// "cmbx" is Computer Modern Bold Extended, LaTeX's default bold.
	for _, w := range []string{"bold", "black", "heavy", "demi", "cmbx"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
