package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"prep/ingest"
	"prep/match"
	"prep/pipeline"
	"prep/templates"
)

// newPipeline builds the stages every command runs: an extractor with
// limits and the validated role packs. close releases the extractor's PDF
// engine.
func newPipeline(limits ingest.Limits) (p *pipeline.Pipeline, close func(), err error) {
	catalog, err := match.LoadCatalog(templates.Packs())
	if err != nil {
		return nil, nil, fmt.Errorf("load role packs: %w", err)
	}
	ex := ingest.New(limits)
	return pipeline.New(ex, catalog), func() { _ = ex.Close() }, nil
}

// readInput reads a CV and a job description from files.
func readInput(cvPath, jdPath, pack string) (pipeline.Input, error) {
	cv, err := os.ReadFile(cvPath)
	if err != nil {
		return pipeline.Input{}, err
	}
	jd, err := os.ReadFile(jdPath)
	if err != nil {
		return pipeline.Input{}, err
	}
	return pipeline.Input{CV: cv, JD: jd, Pack: pack}, nil
}

// writeJSON writes v as indented JSON, without escaping <, > and & so
// quoted CV text stays readable.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
