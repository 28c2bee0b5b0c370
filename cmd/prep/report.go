package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"prep/ingest"
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
	in, err := readInput(*cvPath, *jdPath, *pack)
	if err != nil {
		return err
	}
	p, closePipeline, err := newPipeline(ingest.Limits{})
	if err != nil {
		return err
	}
	defer closePipeline()
	res, err := p.Run(ctx, in, nil)
	if err != nil {
		return err
	}
	if *jsonPath != "" {
		var b bytes.Buffer
		if err := writeJSON(&b, res.Analysis); err != nil {
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
