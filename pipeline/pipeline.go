// Package pipeline is the one place where the stages are composed:
// bytes → ingest.Document → match.Analysis → PDF. The CLI and the worker
// both run reports through it.
package pipeline

import (
	"context"
	"errors"
	"fmt"

	"prep"
	"prep/ingest"
	"prep/match"
	"prep/report"
)

// Stage names what a report is doing, as shown on the status page.
type Stage string

// Stages, in order.
const (
	StageExtracting Stage = "extracting"
	StageAnalysing  Stage = "analysing"
	StageRendering  Stage = "rendering"
)

// Input is one CV and one job description. The job description is a file
// (JD) or text pasted into a form (JDText). Pack may name a role pack;
// empty means chosen from the job description.
type Input struct {
	CV     []byte
	JD     []byte
	JDText string
	Pack   string
	// DeleteURL, when set, is printed on the report's cover so the
	// candidate can remove their data from the PDF they were sent.
	DeleteURL string
}

// Result is what a run produced.
type Result struct {
	CV       *ingest.Document
	JD       *ingest.Document
	Analysis *match.Analysis
	PDF      []byte // nil when the run stopped after analysis
}

// Pipeline runs the stages. It is safe for concurrent use.
type Pipeline struct {
	extractor *ingest.Extractor
	catalog   *match.Catalog
}

// New returns a Pipeline over an extractor and a pack catalog.
func New(extractor *ingest.Extractor, catalog *match.Catalog) *Pipeline {
	return &Pipeline{extractor: extractor, catalog: catalog}
}

// Analyze extracts both documents and analyses them.
func (p *Pipeline) Analyze(ctx context.Context, in Input, progress func(Stage)) (*Result, error) {
	if progress == nil {
		progress = func(Stage) {}
	}
	progress(StageExtracting)
	cv, err := p.extractor.Extract(ctx, in.CV)
	if err != nil {
		return nil, fmt.Errorf("extract cv: %w", naming("your CV", err))
	}
	var jd *ingest.Document
	if in.JD != nil {
		jd, err = p.extractor.Extract(ctx, in.JD)
	} else {
		jd, err = p.extractor.ExtractText(ctx, in.JDText)
	}
	if err != nil {
		return nil, fmt.Errorf("extract jd: %w", naming("the job description", err))
	}
	progress(StageAnalysing)
	a, err := p.catalog.Analyze(ctx, cv, jd, in.Pack)
	if err != nil {
		return nil, fmt.Errorf("analyse: %w", err)
	}
	return &Result{CV: cv, JD: jd, Analysis: a}, nil
}

// Run is Analyze followed by rendering the PDF report.
func (p *Pipeline) Run(ctx context.Context, in Input, progress func(Stage)) (*Result, error) {
	res, err := p.Analyze(ctx, in, progress)
	if err != nil {
		return nil, err
	}
	if progress != nil {
		progress(StageRendering)
	}
	res.PDF, err = report.New(report.Options{DeleteURL: in.DeleteURL}).Render(res.Analysis)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	if len(res.PDF) == 0 {
		return nil, prep.Errorf(prep.EINTERNAL, "empty report")
	}
	return res, nil
}

// naming prefixes a user-facing message with the file it is about, so
// "this PDF is damaged" says whether the CV or the job description is.
func naming(what string, err error) error {
	var pe *prep.Error
	if !errors.As(err, &pe) || pe.Code == prep.EINTERNAL {
		return err
	}
	return &prep.Error{Code: pe.Code, Message: what + ": " + pe.Message, Err: err}
}
