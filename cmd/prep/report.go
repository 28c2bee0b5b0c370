package main

import (
	"bytes"
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

// cmdReport reads a CV against a job description and writes the PDF prep
// report, and the analysis behind it when --json is given.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cvPath := fs.String("cv", "", "the CV `file` (PDF, DOCX, ODT, text, Markdown, HTML)")
	jdPath := fs.String("jd", "", "the job description `file`")
	out := fs.String("o", "", "write the PDF report to this `file`")
	jsonPath := fs.String("json", "", "also write the prep.analysis/v1 JSON to this `file`")
	pack := fs.String("pack", "", "role pack `id` (csm, bd-cs); default: chosen from the job description")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cvPath == "" || *jdPath == "" || *out == "" || fs.NArg() > 0 {
		return usageError{"want --cv FILE --jd FILE -o report.pdf [--json analysis.json] [--pack ID]"}
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
	res, err := pipeline.New(ex, catalog).Run(ctx, pipeline.Input{CV: cv, JD: jd, Pack: *pack}, nil)
	if err != nil {
		return err
	}
	if *jsonPath != "" {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res.Analysis); err != nil {
			return fmt.Errorf("encode analysis: %w", err)
		}
		if err := os.WriteFile(*jsonPath, b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(*out, res.PDF, 0o644); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "wrote %s (%d KB)\n", *out, (len(res.PDF)+1023)/1024)
	return err
}
