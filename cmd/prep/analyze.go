package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"prep/ingest"
	"prep/match"
	"prep/pipeline"
	"prep/templates"
)

// cmdAnalyze prints the prep.analysis/v1 JSON of a CV read against a job
// description.
func cmdAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cvPath := fs.String("cv", "", "the CV `file` (PDF, DOCX, ODT, text, Markdown, HTML)")
	jdPath := fs.String("jd", "", "the job description `file`")
	pack := fs.String("pack", "", "role pack `id` (csm, bd-cs); default: chosen from the job description")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cvPath == "" || *jdPath == "" || fs.NArg() > 0 {
		return usageError{"want --cv FILE --jd FILE [--pack ID]"}
	}
	cv, err := os.ReadFile(*cvPath)
	if err != nil {
		return err
	}
	jd, err := os.ReadFile(*jdPath)
	if err != nil {
		return err
	}
	catalog, err := match.LoadCatalog(templates.Packs())
	if err != nil {
		return fmt.Errorf("load role packs: %w", err)
	}
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	res, err := pipeline.New(ex, catalog).Analyze(ctx, pipeline.Input{CV: cv, JD: jd, Pack: *pack}, nil)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(res.Analysis)
}
