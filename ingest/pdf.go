package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"prep"
)

// User-facing messages of the PDF path.
const (
	msgPDFScan       = "this PDF is a scan with no text: upload the DOCX or a PDF exported from your editor"
	msgPDFPassword   = "this PDF is password-protected: remove the password (for example, print it to a new PDF) and upload it again"
	msgPDFEncryption = "this PDF is encrypted in a way we cannot read: print it to a new PDF and upload that instead"
	msgPDFUnreadable = "this PDF is damaged and cannot be read: export it again from your editor and upload the new file"
	msgPDFTruncated  = "this PDF is incomplete (it was cut off, perhaps during a download): export it again and upload the new file"
	msgPDFTooLong    = "the file took too long to read: it may be damaged; export it again as PDF or DOCX"
)

// minLettersPerPage is the text a page needs, on average, for the file not
// to count as a scan. A scanned CV has none, or a few dozen characters
// from a scanner app's stamp; a real one-page CV has well over a thousand.
const minLettersPerPage = 25

var errClosed = errors.New("ingest: extractor closed")

// pdfEngine returns the Extractor's PDFium pool, starting it on first use.
func (e *Extractor) pdfEngine() (*pdfEngine, error) {
	e.pdfOnce.Do(func() {
		e.pdf, e.pdfErr = startPDFEngine(e.limits.PDFWorkers, e.limits.CacheDir)
	})
	return e.pdf, e.pdfErr
}

// extractPDF reads a PDF with PDFium, or with the fallback reader when
// PDFium refuses the file, and lays out its text.
func (e *Extractor) extractPDF(ctx context.Context, data []byte) (*Document, error) {
	// Every PDF ends with an end-of-file marker; without one the upload
	// was cut short, and PDFium would quietly read the pages it could
	// rebuild, giving a CV with its end missing.
	if !bytes.Contains(data, []byte("%%EOF")) {
		return nil, prep.Errorf(prep.EINVALID, msgPDFTruncated)
	}
	eng, err := e.pdfEngine()
	if err != nil {
		return nil, prep.Wrap(prep.EINTERNAL, "the PDF reader could not start", err)
	}
	raw, err := eng.read(ctx, data, e.limits.MaxPages)
	if errors.Is(err, errPDFRefused) {
		var ferr error
		raw, ferr = readFallbackWithin(ctx, data, e.limits.MaxPages)
		if ferr != nil && !isPagesError(ferr) && ctx.Err() == nil {
			return nil, prep.Wrap(prep.EINVALID, msgPDFUnreadable, fmt.Errorf("%w; fallback: %v", err, ferr))
		}
		err = ferr
	}
	if err != nil {
		return nil, pdfUserError(ctx, err, e.limits.MaxPages)
	}
	return buildPDFDocument(ctx, raw)
}

func isPagesError(err error) bool {
	var pe errPDFPages
	return errors.As(err, &pe)
}

// pdfUserError turns an error of the PDF readers into one a user can act on.
func pdfUserError(ctx context.Context, err error, maxPages int) error {
	var pe errPDFPages
	switch {
	case ctx.Err() != nil:
		return prep.Wrap(prep.EINVALID, msgPDFTooLong, err)
	case errors.As(err, &pe):
		return prep.Errorf(prep.ETOOLARGE, "this PDF has %d pages, more than the %d we read: upload your CV or the job description on its own", pe.pages, maxPages)
	case errors.Is(err, errPDFPassword):
		return prep.Wrap(prep.EINVALID, msgPDFPassword, err)
	case errors.Is(err, errPDFEncryption):
		return prep.Wrap(prep.EINVALID, msgPDFEncryption, err)
	}
	return prep.Wrap(prep.EINVALID, msgPDFUnreadable, err)
}

// buildPDFDocument lays out every page and cleans the result: page numbers
// and repeated headers and footers dropped, words hyphenated across lines
// joined, quality findings recorded.
func buildPDFDocument(ctx context.Context, raw *rawDoc) (*Document, error) {
	st := countGlyphs(raw)
	if st.letters < minLettersPerPage*max(1, len(raw.pages)) {
		return nil, prep.Errorf(prep.EUNSUPPORTED, msgPDFScan)
	}
	doc := &Document{Format: FormatPDF, Engine: raw.engine, Pages: len(raw.pages)}
	heights := make(map[int]float64, len(raw.pages))
	columns := 1
	for i, p := range raw.pages {
		if err := ctx.Err(); err != nil {
			return nil, prep.Wrap(prep.EINVALID, msgPDFTooLong, err)
		}
		pl := layoutPage(p, i+1)
		heights[i+1] = p.height
		doc.Lines = append(doc.Lines, pl.lines...)
		columns = max(columns, pl.columns)
	}
	furniture := dropPageFurniture(doc, heights)
	doc.Lines = joinHyphenated(doc.Lines)
	doc.Findings = pdfFindings(doc, st, columns, furniture)
	return doc, nil
}

// glyphStats counts what the quality findings need.
type glyphStats struct {
	glyphs   int // visible glyphs
	letters  int // letters and digits
	unmapped int // glyphs without Unicode, U+FFFD
	icons    int // private-use glyphs: icon fonts
}

func countGlyphs(raw *rawDoc) glyphStats {
	var st glyphStats
	for _, p := range raw.pages {
		for _, g := range p.glyphs {
			if g.generated || unicode.IsSpace(g.r) {
				continue
			}
			st.glyphs++
			switch {
			case g.unmapped:
				st.unmapped++
			case IsIconGlyph(g.r):
				st.icons++
			case unicode.IsLetter(g.r) || unicode.IsDigit(g.r):
				st.letters++
			}
		}
	}
	return st
}

// furnitureMargin is the share of the page height at the top and at the
// bottom where running headers, footers and page numbers live.
const furnitureMargin = 0.1

// furniture is what dropPageFurniture found.
type furniture struct {
	// contactOnlyThere: every line with an email address or phone number
	// was a running header or footer.
	contactOnlyThere bool
}

// dropPageFurniture removes page numbers in the top and bottom margins and,
// in documents of two pages or more, lines repeated in those margins on
// every page (digits ignored, so "Page 2 of 3" matches "Page 1 of 3"). The
// first copy of a repeated line other than a page number is kept and marked
// as a header or footer: a name in a running header is still the name.
func dropPageFurniture(doc *Document, heights map[int]float64) furniture {
	inMargin := func(l Line) Region {
		h := heights[l.Page]
		switch {
		case h <= 0:
			return RegionBody
		case l.Y < furnitureMargin*h:
			return RegionHeader
		case l.Y > (1-furnitureMargin)*h:
			return RegionFooter
		}
		return RegionBody
	}
	key := func(l Line) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '#'
			}
			return unicode.ToLower(r)
		}, l.Text)
	}
	pagesWith := map[string]map[int]bool{}
	pages := map[int]bool{}
	for _, l := range doc.Lines {
		pages[l.Page] = true
		if inMargin(l) == RegionBody {
			continue
		}
		k := key(l)
		if pagesWith[k] == nil {
			pagesWith[k] = map[int]bool{}
		}
		pagesWith[k][l.Page] = true
	}
	repeated := func(l Line) bool {
		return len(pages) >= 2 && len(pagesWith[key(l)]) == len(pages)
	}
	var f furniture
	contactBody, contactFurniture := false, false
	kept := map[string]bool{}
	out := doc.Lines[:0]
	for _, l := range doc.Lines {
		region := inMargin(l)
		if region != RegionBody {
			if pageNumber.MatchString(l.Text) {
				continue
			}
			if repeated(l) {
				isContact := hasContact(l.Text)
				contactFurniture = contactFurniture || isContact
				k := key(l)
				if kept[k] {
					continue
				}
				kept[k] = true
				l.Region = region
				out = append(out, l)
				continue
			}
			if region == RegionFooter && hasContact(l.Text) {
				// Contact details in the footer of a page, like a
				// Word footer, are read by few ATS.
				contactFurniture = true
				l.Region = region
				out = append(out, l)
				continue
			}
		}
		if hasContact(l.Text) {
			contactBody = true
		}
		out = append(out, l)
	}
	doc.Lines = out
	f.contactOnlyThere = contactFurniture && !contactBody
	return f
}

var ()

// joinHyphenated joins a word split by a hyphen at the end of a line with
// its rest at the start of the next line of the same column, when that
// rest starts with a lowercase letter ("custo-" + "mer"): "Jean-" + "Paul"
// and "2019-" + "2021" keep their lines. The hyphen is dropped, as
// pdftotext does, unless the first part is a link or address, or a word
// that heads compounds ("self-" + "service", "cross-" + "sell").
func joinHyphenated(lines []Line) []Line {
	for i := 0; i+1 < len(lines); i++ {
		a, b := &lines[i], &lines[i+1]
		if a.Page != b.Page || a.Column != b.Column || b.Bullet {
			continue
		}
		ar := []rune(a.Text)
		if len(ar) < 3 || (ar[len(ar)-1] != '-' && ar[len(ar)-1] != '\u2010') || !unicode.IsLetter(ar[len(ar)-2]) {
			continue
		}
		br := []rune(b.Text)
		if len(br) == 0 || !unicode.IsLower(br[0]) {
			continue
		}
		head := string(ar[:len(ar)-1])
		if i := strings.LastIndexByte(head, ' '); i >= 0 {
			head = head[i+1:]
		}
		keep := strings.ContainsAny(head, "/@.") || compoundHeads[strings.ToLower(head)]
		rest, tail, _ := strings.Cut(b.Text, " ")
		if keep {
			a.Text += rest
		} else {
			a.Text = string(ar[:len(ar)-1]) + rest
		}
		b.Text = tail
	}
	out := lines[:0]
	for _, l := range lines {
		if l.Text == "" && !l.Bullet {
			continue
		}
		out = append(out, l)
	}
	return out
}

// compoundHeads are words CVs join to another with a hyphen ("self-
// service", "co-founder", "cross-functional"); a line that ends with one
// of them and a hyphen ends a compound, not a syllable.
var compoundHeads = map[string]bool{
	"self": true, "cross": true, "co": true, "multi": true, "non": true,
	"well": true, "high": true, "low": true, "long": true, "short": true,
	"full": true, "part": true, "mid": true, "end": true, "real": true,
	"year": true, "e": true, "ex": true, "pre": true, "post": true,
	"customer": true, "client": true, "data": true, "cloud": true,
	"team": true, "best": true, "hands": true, "go": true, "follow": true,
}

// Quality thresholds.
const (
	// minIconGlyphs: one icon can be a logo; three or more are a design
	// choice the candidate should know about.
	minIconGlyphs = 3
	// maxGarbledShare: past this share of unreadable glyphs, words an ATS
	// searches for are missing.
	maxGarbledShare = 0.03
)

// pdfFindings are the quality findings visible at the PDF level.
func pdfFindings(doc *Document, st glyphStats, columns int, f furniture) []Finding {
	var out []Finding
	if columns >= 2 {
		out = append(out, Finding{Code: "multi-column", Message: fmt.Sprintf(
			"Your CV uses %d columns: many applicant tracking systems read it line by line straight across the columns and mix up your text; a one-column layout is read as you wrote it", columns)})
	}
	if st.icons >= minIconGlyphs {
		out = append(out, Finding{Code: "icon-glyphs", Message: fmt.Sprintf(
			"Your CV uses %d icon glyphs (for bullets, phone, email or skills): they carry no text, and applicant tracking systems show them as junk characters or drop them; use plain words and bullets", st.icons)})
	}
	cid := strings.Count(doc.Text(), "(cid:")
	if st.glyphs > 0 && float64(st.unmapped+cid)/float64(st.glyphs) > maxGarbledShare {
		out = append(out, Finding{Code: "garbled-text", Message: fmt.Sprintf(
			"%.0f%% of the characters in your CV cannot be read as letters (its fonts lack a character map): an applicant tracking system sees gibberish there; export the PDF again from your editor with standard fonts",
			100*float64(st.unmapped+cid)/float64(st.glyphs))})
	}
	if f.contactOnlyThere {
		out = append(out, Finding{Code: "header-footer-text", Message: "Your email and phone number appear only in the page header or footer, which many applicant tracking systems skip: put them in the body of the first page"})
	}
	return out
}
