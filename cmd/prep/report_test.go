package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"prep/internal/testenv"
	"prep/match"
)

func TestReportCommand(t *testing.T) {
	root := testenv.ModuleRoot(t)
	cv := filepath.Join(root, "testdata", "cv", "hannah-lindqvist-account-manager.pdf")
	jd := filepath.Join(root, "report", "testdata", "jd", "tallyfox-cs-associate.txt")
	dir := t.TempDir()
	out, js := filepath.Join(dir, "report.pdf"), filepath.Join(dir, "analysis.json")

	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"report", "--cv", cv, "--jd", jd, "-o", out, "--json", js}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d; stderr: %s", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "wrote "+out) {
		t.Errorf("stdout = %q, want it to name the report", stdout.String())
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("%s is not a PDF", out)
	}
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var a match.Analysis
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Schema != match.Schema || a.Candidate.Name != "Hannah Lindqvist" {
		t.Errorf("analysis: schema %q, candidate %q", a.Schema, a.Candidate.Name)
	}
}

func TestReportCommandUsage(t *testing.T) {
	tests := [][]string{
		{"report"},
		{"report", "--cv", "a.pdf", "--jd", "b.txt"},
		{"report", "--cv", "a.pdf", "-o", "r.pdf"},
		{"report", "--cv", "a.pdf", "--jd", "b.txt", "-o", "r.pdf", "extra"},
	}
	for _, args := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("run(%q) = %d, want 2 (usage); stderr: %s", args, code, stderr.String())
		}
	}
}
