package ingest

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"prep/internal/testenv"
)

// BenchmarkExtractPDF extracts every text PDF (corpus and synthetic) per
// iteration with our PDF path and, in the same run, with poppler's
// pdftotext started once per file as a separate process; both report the
// time per page.
//
//	go test ./ingest -run '^$' -bench BenchmarkExtractPDF -benchtime 5x
func BenchmarkExtractPDF(b *testing.B) {
	var files [][]byte
	var paths []string
	pages := 0
	ex := New(Limits{})
	defer ex.Close()
	for _, f := range textPDFs(b) {
		data := readFile(b, f)
		doc, err := ex.Extract(context.Background(), data)
		if err != nil {
			b.Fatalf("%s: %v", f, err)
		}
		pages += doc.Pages
		files = append(files, data)
		paths = append(paths, f)
	}
	b.Run("pdfium", func(b *testing.B) {
		start := time.Now()
		for b.Loop() {
			for _, data := range files {
				if _, err := ex.Extract(context.Background(), data); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportPerPage(b, start, pages)
	})
	b.Run("pdftotext", func(b *testing.B) {
		pdftotext := testenv.Program(b, "pdftotext")
		start := time.Now()
		for b.Loop() {
			for _, f := range paths {
				if err := exec.Command(pdftotext, "-enc", "UTF-8", f, "/dev/null").Run(); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportPerPage(b, start, pages)
	})
}

// BenchmarkExtractPDFStart measures starting the PDFium engine and reading
// one one-page CV: cold compiles the WebAssembly module into an empty
// cache directory, warm loads it from the cache a previous start filled.
func BenchmarkExtractPDFStart(b *testing.B) {
	data := readFile(b, synthetic(b, "daniel-ferreira-csm.pdf"))
	run := func(b *testing.B, dir string) {
		b.Helper()
		ex := New(Limits{CacheDir: dir})
		defer ex.Close()
		if _, err := ex.Extract(context.Background(), data); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			run(b, b.TempDir())
		}
	})
	b.Run("warm", func(b *testing.B) {
		dir := b.TempDir()
		run(b, dir)
		for b.Loop() {
			run(b, dir)
		}
	})
}

func reportPerPage(b *testing.B, start time.Time, pages int) {
	b.Helper()
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*pages), "ns/page")
	b.ReportMetric(float64(pages), "pages/op")
}
