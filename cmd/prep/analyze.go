package main

import (
	"context"
	"flag"
	"io"

	"prep/ingest"
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
	in, err := readInput(*cvPath, *jdPath, *pack)
	if err != nil {
		return err
	}
	p, closePipeline, err := newPipeline(ingest.Limits{})
	if err != nil {
		return err
	}
	defer closePipeline()
	res, err := p.Analyze(ctx, in, nil)
	if err != nil {
		return err
	}
	return writeJSON(stdout, res.Analysis)
}
