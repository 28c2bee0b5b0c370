// Package report renders an analysis (prep.analysis/v1) as the PDF prep
// report a candidate reads the night before the interview: a cover with
// the verdict, the pillar chart and requirement coverage, the gaps with
// their fixes, the requirement match, every question with the candidate's
// own evidence and an answer outline, the drills with a worked example,
// and the pack's advice.
//
// The report is built with maroto v2 from fixed-height rows that this
// package wraps and paginates itself (see layout.go), set in embedded
// fonts that cover Vietnamese and Latin Extended (see fonts.go).
package report

import (
	"fmt"
	"time"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"prep"
	"prep/match"
)

// Options change what a Renderer prints around the analysis.
type Options struct {
	// Now gives the date on the cover and in the PDF metadata; nil means
	// time.Now. Tests inject a fixed clock.
	Now func() time.Time
	// DeleteURL, when set, is printed on the last page as the link that
	// deletes the report and the files behind it.
	DeleteURL string
}

// Renderer renders analyses to PDF. It is safe for concurrent use.
type Renderer struct {
	opts Options
}

// New returns a Renderer with the given options.
func New(opts Options) *Renderer {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Renderer{opts: opts}
}

// Render returns the PDF report for a, dated today, with the default
// options. The pipeline (worker and CLI) calls New with the report's
// delete link instead, so the cover carries it.
func Render(a *match.Analysis) ([]byte, error) {
	return New(Options{}).Render(a)
}

// Render returns the PDF report for a.
func (r *Renderer) Render(a *match.Analysis) (pdf []byte, err error) {
	if a == nil {
		return nil, prep.Errorf(prep.EINVALID, "there is no analysis to render")
	}
	if a.Schema != "" && a.Schema != match.Schema {
		return nil, prep.Errorf(prep.EUNSUPPORTED, "this analysis uses schema %q; the report renders %s", a.Schema, match.Schema)
	}
	m, err := loadMetrics()
	if err != nil {
		return nil, prep.Wrap(prep.EINTERNAL, "the report fonts could not be loaded", err)
	}
	// gofpdf panics on some inputs instead of returning an error; a
	// report that cannot be drawn is our fault, not the user's.
	defer func() {
		if v := recover(); v != nil {
			pdf, err = nil, prep.Wrap(prep.EINTERNAL, "the report could not be drawn", fmt.Errorf("panic: %v", v))
		}
	}()
	d := newDoc(m, a, r.opts)
	d.build()
	paged, anchors := paginate(d.blocks, d.capacity)
	pages := d.pages(paged, anchors)

	now := d.now
	cfg := config.NewBuilder().
		WithDimensions(pageW, pageH).
		WithLeftMargin(0).
		WithTopMargin(0).
		WithRightMargin(0).
		WithBottomMargin(0).
		WithMaxGridSize(gridUnits).
		WithCustomFonts(customFonts(d.symbols, d.cjk)).
		WithDefaultFont(&props.Font{Family: family, Size: stBody.size, Color: &ink}).
		WithCompression(true).
		WithTitle("Interview prep report: "+d.name(), true).
		WithSubject(d.roleLine(), true).
		WithAuthor("prep", true).
		WithCreator("prep", true).
		WithCreationDate(now).
		Build()
	mr := maroto.New(cfg)
	mr.AddPages(pages...)
	doc, err := mr.Generate()
	if err != nil {
		return nil, prep.Wrap(prep.EINTERNAL, "the report could not be drawn", err)
	}
	return doc.GetBytes(), nil
}
