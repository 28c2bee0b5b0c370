package batch

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// ready is a ready row with a fit, a pillar mean and a coverage.
func ready(file, name string, fit, pillar, coverage int, gaps ...string) Row {
	r := Row{File: file, Name: name, Status: StatusReady, Report: "r-" + file}
	r.SetScore(&Score{Name: name, Fit: fit, Pillar: pillar, Coverage: coverage, Gaps: gaps,
		Pillars: []PillarScore{{ID: "retention", Name: "Retention", Score: pillar + 5}, {ID: "expansion", Name: "Expansion", Score: pillar - 5}}})
	return r
}

func files(rows []Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.File)
	}
	return out
}

// sample is a batch in upload order: ties, a copy, one still queued, one
// processing, two failures.
func sample() []Row {
	copyRow := ready("b-copy.pdf", "Bea Brown", 70, 60, 80)
	copyRow.Report, copyRow.DuplicateOf = "r-b.pdf", "b.pdf"
	return []Row{
		{File: "bad.png", Status: StatusFailed, Error: "this is an image (PNG): upload your CV as PDF or DOCX"},
		ready("a.pdf", "Ann Adams", 55, 50, 60, "nrr-missing"),
		ready("b.pdf", "Bea Brown", 70, 60, 80),
		{File: "q.pdf", Status: StatusQueued, Report: "r-q"},
		ready("c.docx", "Cem Çelik", 70, 65, 70, "segment-mismatch", "tools-missing"),
		copyRow,
		{File: "p.pdf", Status: StatusProcessing, Report: "r-p"},
		ready("d.pdf", "=HYPERLINK(\"http://x\")", 70, 65, 70),
		{File: "e.pdf", Status: StatusFailed, Report: "r-e", Error: "this PDF is password-protected"},
	}
}

func TestRank(t *testing.T) {
	rows := sample()
	Rank(rows)
	// 70/65/70 ties go to the earlier upload; the copy follows its twin
	// without a rank; then waiting rows, then failures, in upload order.
	want := []string{"c.docx", "d.pdf", "b.pdf", "b-copy.pdf", "a.pdf", "q.pdf", "p.pdf", "bad.png", "e.pdf"}
	if diff := cmp.Diff(want, files(rows)); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	var ranks []int
	for _, r := range rows {
		ranks = append(ranks, r.Rank)
	}
	if diff := cmp.Diff([]int{1, 2, 3, 0, 4, 0, 0, 0, 0}, ranks); diff != "" {
		t.Errorf("ranks (-want +got):\n%s", diff)
	}
}

func TestSort(t *testing.T) {
	tests := []struct {
		key  string
		desc bool
		want []string
	}{
		{SortFit, true, []string{"c.docx", "d.pdf", "b.pdf", "b-copy.pdf", "a.pdf", "q.pdf", "p.pdf", "bad.png", "e.pdf"}},
		// Full ties keep their upload order both ways.
		{SortFit, false, []string{"a.pdf", "b-copy.pdf", "b.pdf", "c.docx", "d.pdf", "q.pdf", "p.pdf", "bad.png", "e.pdf"}},
		{SortName, false, []string{"d.pdf", "a.pdf", "b.pdf", "b-copy.pdf", "c.docx", "q.pdf", "p.pdf", "bad.png", "e.pdf"}},
		{SortName, true, []string{"c.docx", "b.pdf", "b-copy.pdf", "a.pdf", "d.pdf", "q.pdf", "p.pdf", "bad.png", "e.pdf"}},
		{SortFile, false, []string{"a.pdf", "b-copy.pdf", "b.pdf", "bad.png", "c.docx", "d.pdf", "e.pdf", "p.pdf", "q.pdf"}},
		{SortCoverage, true, []string{"b.pdf", "b-copy.pdf", "c.docx", "d.pdf", "a.pdf", "q.pdf", "p.pdf", "bad.png", "e.pdf"}},
		{"retention", false, []string{"a.pdf", "b.pdf", "b-copy.pdf", "c.docx", "d.pdf", "q.pdf", "p.pdf", "bad.png", "e.pdf"}},
		{SortStatus, false, []string{"c.docx", "d.pdf", "b.pdf", "b-copy.pdf", "a.pdf", "p.pdf", "q.pdf", "bad.png", "e.pdf"}},
		{"no-such-pillar", true, []string{"c.docx", "d.pdf", "b.pdf", "b-copy.pdf", "a.pdf", "q.pdf", "p.pdf", "bad.png", "e.pdf"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s-desc=%v", tt.key, tt.desc), func(t *testing.T) {
			rows := sample()
			Rank(rows)
			Sort(rows, tt.key, tt.desc)
			if diff := cmp.Diff(tt.want, files(rows)); diff != "" {
				t.Errorf("Sort(%q, desc=%v) (-want +got):\n%s", tt.key, tt.desc, diff)
			}
		})
	}
}

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jane Doe", "Jane-Doe"},
		{"José Núñez-García", "Jose-Nunez-Garcia"},
		{"Nguyễn Thị Lan", "Nguyen-Thi-Lan"},
		{"Łukasz Żółć", "Lukasz-Zolc"},
		{"Søren Ærø Straße", "Soren-AEro-Strasse"},
		{"  ../../etc/passwd ", "etc-passwd"},
		{"王小明", ""},
		{"Ada\x00Lovelace\n", "Ada-Lovelace"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := SafeName(tt.in); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := SafeName("Anna Maria Magdalena Wilhelmina Friederike von und zu Hohenlohe-Langenburg-Schillingsfürst")
	if len(long) > maxNameRunes {
		t.Errorf("SafeName kept %d characters, want at most %d", len(long), maxNameRunes)
	}
}

func TestNamePDFs(t *testing.T) {
	rows := []Row{
		{File: "x/jane.pdf", Name: "Jane Doe", Status: StatusReady, Report: "1"},
		{File: "jane-again.pdf", Name: "Jane Doe", Status: StatusReady, Report: "2"},
		{File: "copy.pdf", Name: "Jane Doe", Status: StatusReady, Report: "1", DuplicateOf: "x/jane.pdf"},
		{File: "王小明-cv.pdf", Name: "王小明", Status: StatusReady, Report: "3"},
		{File: "简历.pdf", Name: "", Status: StatusReady, Report: "4"},
		{File: "JANE-DOE.pdf", Name: "jane doe", Status: StatusReady, Report: "5"},
		{File: "late.pdf", Name: "Late", Status: StatusQueued, Report: "6"},
		{File: "bad.pdf", Status: StatusFailed},
	}
	NamePDFs(rows)
	var got []string
	for _, r := range rows {
		got = append(got, r.PDF)
	}
	want := []string{"Jane-Doe.pdf", "Jane-Doe-2.pdf", "Jane-Doe.pdf", "cv.pdf", "candidate.pdf", "jane-doe-3.pdf", "", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

// TestWriteCSV checks scores.csv against testdata/scores.csv (-update
// rewrites it): header, rank order, empty numbers for rows not ready, a
// formula neutralised.
func TestWriteCSV(t *testing.T) {
	rows := sample()
	NamePDFs(rows)
	Rank(rows)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	golden(t, "scores.csv", buf.Bytes())
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}
