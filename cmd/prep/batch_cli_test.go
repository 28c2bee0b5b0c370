package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"prep/batch"
)

// TestBatchCLI runs `prep batch` in-process on a folder (a subfolder, a
// zip, a copy, an image, a hidden file, a script) and checks what it
// writes: one PDF and one analysis per CV read, scores.csv in rank order,
// batch.json, a line per CV on a stream that is not a terminal, and exit
// code 1 because one file failed.
func TestBatchCLI(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	dir := filepath.Join(t.TempDir(), "shortlist")
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ann, bea, cem := fictionalPerson(1), fictionalPerson(2), fictionalPerson(3)
	write("ann.docx", ann.docx(t))
	write("round-2/bea.txt", bea.text())
	write("ann-copy.docx", ann.docx(t))
	write("photo.png", []byte("\x89PNG\r\n\x1a\n0000"))
	write(".DS_Store", []byte("junk"))
	write("notes/build.sh", []byte("#!/bin/sh\necho not a CV\n"))
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("more/cem.txt")
	w.Write(cem.text())
	zw.Close()
	write("more.zip", zb.Bytes())
	jd := filepath.Join(t.TempDir(), "jd.txt")
	os.WriteFile(jd, []byte(in.jd), 0o644)
	out := filepath.Join(t.TempDir(), "out")

	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"batch", "--jd", jd, dir, "--out", out, "--workers", "2"}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit code %d, want 1 (one file failed)\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "skipped 1 files") {
		t.Errorf("the script in the folder was not skipped:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "1 of 5 CVs could not be read") || !strings.Contains(stdout.String(), "5 CVs: 4 reports") {
		t.Errorf("stdout %q\nstderr %q", stdout.String(), stderr.String())
	}
	lines := strings.Count(stderr.String(), "] ready ")
	if lines != 3 {
		t.Errorf("%d progress lines for the 3 CVs read, want 3:\n%s", lines, stderr.String())
	}

	pdfs, _ := filepath.Glob(filepath.Join(out, "reports", "*.pdf"))
	var names []string
	for _, p := range pdfs {
		names = append(names, filepath.Base(p))
	}
	want := []string{batch.SafeName(ann.Name) + ".pdf", batch.SafeName(bea.Name) + ".pdf", batch.SafeName(cem.Name) + ".pdf"}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("reports %v, want %v", names, want)
	}
	for _, n := range want {
		if _, err := os.Stat(filepath.Join(out, "analyses", strings.TrimSuffix(n, ".pdf")+".json")); err != nil {
			t.Errorf("analysis of %s: %v", n, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*", ".part-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	f, err := os.Open(filepath.Join(out, "scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 6 {
		t.Fatalf("scores.csv: %d rows, %v", len(rows), err)
	}
	if rows[0][0] != "rank" || rows[1][0] != "1" || rows[5][3] != "failed" || rows[5][2] != "shortlist/photo.png" {
		t.Errorf("scores.csv:\n%v", rows)
	}
	var copyRow []string
	for _, r := range rows {
		if r[2] == "shortlist/ann-copy.docx" || r[2] == "shortlist/ann.docx" {
			if r[len(r)-2] != "" {
				copyRow = r
			}
		}
	}
	if copyRow == nil || copyRow[0] != "" || copyRow[1] != ann.Name {
		t.Errorf("the copy's row %v: want no rank, its twin's name and duplicate_of", copyRow)
	}
	if _, err := os.Stat(filepath.Join(out, "batch.json")); err != nil {
		t.Error(err)
	}
}

func TestBatchCLIUsage(t *testing.T) {
	for _, args := range [][]string{
		{"batch", "--out", t.TempDir(), "x.pdf"},
		{"batch", "--jd", "jd.txt", "x.pdf"},
		{"batch", "--jd", "jd.txt", "--out", t.TempDir()},
		{"batch", "--jd", "jd.txt", "--out", t.TempDir(), "--workers", "0", "x.pdf"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2; %s", args, code, stderr.String())
		}
	}
}
