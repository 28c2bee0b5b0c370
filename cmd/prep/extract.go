package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"prep/ingest"
)

func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the structured document as JSON")
	asJD := fs.Bool("jd", false, "read the file as a job description (default: a CV)")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"want exactly one FILE"}
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	doc, err := ex.Extract(ctx, data)
	if err != nil {
		return fmt.Errorf("extract %s: %w", fs.Arg(0), err)
	}
	if *asJSON {
		out := extractOutput{Document: doc}
		if *asJD {
			out.JD = doc.JD()
		} else {
			out.CV = doc.CV()
		}
		return writeJSON(stdout, out)
	}
	_, err = io.WriteString(stdout, doc.Text())
	return err
}

// reorder moves flags before positional arguments so "prep extract FILE
// --json" works as well as "prep extract --json FILE"; the flag package
// stops at the first positional argument.
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

// extractOutput is what "prep extract --json" prints: the document's lines
// and facts with the CV or JD view on top.
type extractOutput struct {
	*ingest.Document
	CV *ingest.CV `json:"cv,omitempty"`
	JD *ingest.JD `json:"jd,omitempty"`
}
