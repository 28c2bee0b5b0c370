package ingest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// readFallbackWithin runs readFallback and gives up when ctx ends. The
// library cannot be interrupted, so a file that makes it loop leaves its
// goroutine behind until it finishes; the caller gets its answer on time.
func readFallbackWithin(ctx context.Context, data []byte, maxPages int) (*rawDoc, error) {
	type result struct {
		doc *rawDoc
		err error
	}
	done := make(chan result, 1)
	go func() {
		doc, err := readFallback(ctx, data, maxPages)
		done <- result{doc, err}
	}()
	select {
	case r := <-done:
		return r.doc, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readFallback reads data with github.com/ledongthuc/pdf, for the files
// PDFium refuses. The library panics on damaged input from NumPage, Page and
// Content alike, so every call sits behind recover; a page that panics is
// skipped rather than losing the pages that read.
func readFallback(ctx context.Context, data []byte, maxPages int) (doc *rawDoc, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("ledongthuc: panic: %v", r)
		}
	}()
	rd, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("ledongthuc: %w", err)
	}
	n := rd.NumPage()
	if n > maxPages {
		return nil, errPDFPages{n}
	}
	if n <= 0 {
		return nil, fmt.Errorf("ledongthuc: no pages")
	}
	doc = &rawDoc{engine: "ledongthuc"}
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page, ok := readFallbackPage(rd, i)
		if !ok {
			continue
		}
		doc.pages = append(doc.pages, page)
	}
	if len(doc.pages) == 0 {
		return nil, fmt.Errorf("ledongthuc: no readable page")
	}
	return doc, nil
}

func readFallbackPage(rd *pdf.Reader, i int) (page rawPage, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	p := rd.Page(i)
	if p.V.IsNull() {
		return page, false
	}
	page.width, page.height = 612, 792 // US Letter when the box is unreadable
	if box := mediaBox(p); box.Len() == 4 {
		x0, y0 := box.Index(0).Float64(), box.Index(1).Float64()
		x1, y1 := box.Index(2).Float64(), box.Index(3).Float64()
		if x1-x0 > 0 && y1-y0 > 0 {
			page.width, page.height = x1-x0, y1-y0
		}
	}
	for _, t := range p.Content().Text {
		// The library reports one Text per character, its origin on the
		// baseline, y upwards; it has no ascent, so the box is the usual
		// proportion of the size above and below the baseline.
		size := t.FontSize
		if size < 0 {
			size = -size
		}
		base := page.height - t.Y
		g := glyph{
			x0: t.X, x1: t.X + t.W,
			top: base - 0.8*size, bottom: base + 0.2*size,
			baseline: base,
			size:     size,
			bold:     isBoldFont(t.Font, 0),
			font:     t.Font,
		}
		if t.W < 0 {
			g.x0, g.x1 = g.x1, g.x0
		}
		s := t.S
		if n := utf8.RuneCountInString(s); n > 1 {
			// A ligature or a multi-rune mapping: spread the width.
			w := (g.x1 - g.x0) / float64(n)
			x := g.x0
			for _, r := range s {
				c := g
				c.r, c.x0, c.x1 = r, x, x+w
				c.unmapped = r == utf8.RuneError
				page.glyphs = append(page.glyphs, c)
				x += w
			}
			continue
		}
		r, _ := utf8.DecodeRuneInString(s)
		if s == "" {
			continue
		}
		g.r = r
		g.unmapped = r == utf8.RuneError || strings.HasPrefix(s, "\x00")
		page.glyphs = append(page.glyphs, g)
	}
	inferWidths(page.glyphs)
	return page, true
}

// inferWidths gives a width to glyphs the library reports without one (it
// reads no widths for composite fonts, Chromium's and most others): up to
// the next glyph on the same baseline when that follows closely, else half
// an em. Word breaks then come from the space glyphs such files contain.
func inferWidths(gs []glyph) {
	for i := range gs {
		g := &gs[i]
		if g.x1 > g.x0 {
			continue
		}
		w := 0.5 * g.size
		if i+1 < len(gs) {
			n := gs[i+1]
			if d := n.x0 - g.x0; d > 0 && d < 1.2*g.size && math.Abs(n.baseline-g.baseline) < 0.1*g.size {
				w = d
			}
		}
		g.x1 = g.x0 + w
	}
}

// mediaBox finds the page's MediaBox, inherited from its parents if need
// be. The walk is bounded: a damaged file can make Parent a cycle.
func mediaBox(p pdf.Page) pdf.Value {
	v := p.V
	for range 32 {
		if v.IsNull() {
			break
		}
		if b := v.Key("MediaBox"); !b.IsNull() {
			return b
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}
