package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"prep"
	"prep/internal/testenv"
)

// FuzzExtractPDF feeds damaged PDFs to the PDF path. Seeds are the corpus
// and synthetic PDFs, read at run time so the corpus is never copied into
// the repository, and a few small generated files; crashers the fuzzer
// finds live in testdata/fuzz/FuzzExtractPDF. No input may panic, end in an
// internal error, or outlast its deadline.
//
//	go test ./ingest -run '^$' -fuzz FuzzExtractPDF -fuzztime 10m -parallel 1
func FuzzExtractPDF(f *testing.F) {
	if dir := os.Getenv("PREP_CORPUS"); dir != "" || corpusPresent(f) {
		for _, p := range testenv.CorpusFiles(f, "cv") {
			if strings.HasSuffix(p, ".pdf") {
				f.Add(readFile(f, p))
			}
		}
	}
	for _, p := range syntheticPDFs(f) {
		f.Add(readFile(f, p))
	}
	f.Add(makePDF(paragraph(72, 100, "Avery Quinn", "Customer Success Manager", "avery.quinn@example.com")))
	f.Add(makePDF(
		append(paragraph(50, 100, "Experience", "Renewals lead at Tallyline", "• Kept churn under 5%"),
			paragraph(380, 100, "Skills", "Gainsight", "Salesforce")...),
		paragraph(72, 100, "Page two of the CV"),
	))

	const timeout = 5 * time.Second
	ex := New(Limits{Timeout: timeout, PDFWorkers: 1})
	f.Cleanup(func() { ex.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		if format, err := Detect(data); err != nil || format != FormatPDF {
			return // the other formats have their own targets
		}
		start := time.Now()
		doc, err := ex.Extract(context.Background(), data)
		if took := time.Since(start); took > 2*timeout {
			t.Fatalf("extraction took %v, deadline %v", took, timeout)
		}
		if errors.Is(err, errPanic) {
			t.Fatalf("panic: %v", err)
		}
		// A read abandoned at its deadline goes on in PDFium until the
		// call in progress returns: the input is at fault if that takes
		// long, not the next one, which would find no free instance.
		testenv.WaitFor(t, 2*timeout, "PDFium to return from this input's abandoned read", func() bool { return pdfIdle(ex) })
		if err != nil {
			if code := prep.ErrorCode(err); code == prep.EINTERNAL {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		for i, l := range doc.Lines {
			if l.Page < 1 || l.Page > doc.Pages {
				t.Fatalf("line %d on page %d of %d", i, l.Page, doc.Pages)
			}
			if !utf8.ValidString(l.Text) {
				t.Fatalf("line %d is not UTF-8: %q", i, l.Text)
			}
			if l.Text == "" && !l.Bullet {
				t.Fatalf("line %d is empty", i)
			}
			if strings.ContainsFunc(l.Text, IsIconGlyph) {
				t.Fatalf("line %d keeps an icon glyph: %q", i, l.Text)
			}
		}
	})
}

// pdfIdle reports whether no PDF read of ex is running, abandoned or not.
func pdfIdle(ex *Extractor) bool {
	eng, err := ex.pdfEngine()
	if err != nil {
		return true
	}
	eng.mu.Lock()
	defer eng.mu.Unlock()
	return eng.running == 0
}

// corpusPresent reports whether the shared corpus is next to the module,
// without skipping the fuzz target when it is not.
func corpusPresent(tb testing.TB) bool {
	_, err := os.Stat(filepath.Join(testenv.ModuleRoot(tb), "..", "shared", "corpus", "SOURCES.tsv"))
	return err == nil
}
