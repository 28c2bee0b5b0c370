package match

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"prep"
	"prep/ingest"
	"prep/internal/testenv"
)

// quoted returns every statement an analysis quotes.
func quoted(a *Analysis) []Statement {
	var out []Statement
	for _, r := range a.Job.Requirements {
		out = append(out, r.Evidence...)
	}
	for _, p := range a.Pillars {
		out = append(out, p.Evidence...)
	}
	for _, g := range a.Gaps {
		out = append(out, g.Evidence...)
	}
	for _, q := range a.Questions {
		out = append(out, q.Evidence...)
	}
	return out
}

// TestCorpusVerbatim reads every real CV of the corpus against a corpus
// JD and checks that each quoted statement is the CV's own text, white
// space aside, and that the analysis is valid JSON. Files ingest refuses
// (scans, unsupported formats) are logged and skipped.
func TestCorpusVerbatim(t *testing.T) {
	c := loadCatalog(t)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	// The committed CVs and JDs (synthetic PDFs, labelled fixtures) always,
	// the shared corpus when it is here.
	cvs, _ := filepath.Glob(filepath.Join(testenv.ModuleRoot(t), "testdata", "cv", "*.pdf"))
	fixtureCVs, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*", "cv.*"))
	jds, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*", "jd.*"))
	cvs = append(cvs, fixtureCVs...)
	if _, ok := testenv.Corpus(t); ok {
		cvs = append(cvs, testenv.CorpusFiles(t, "cv")...)
		jds = append(jds, testenv.CorpusFiles(t, "jd")...)
	}
	checked, statements := 0, 0
	for i, cvPath := range cvs {
		jdPath := jds[i%len(jds)]
		t.Run(filepath.Base(cvPath), func(t *testing.T) {
			data, err := os.ReadFile(cvPath)
			if err != nil {
				t.Fatal(err)
			}
			cv, err := ex.Extract(context.Background(), data)
			if err != nil {
				if code := prep.ErrorCode(err); code == prep.EINVALID || code == prep.EUNSUPPORTED {
					t.Logf("skipped, ingest refuses it: %v", err)
					return
				}
				t.Fatalf("extract: %v", err)
			}
			a, err := c.Analyze(context.Background(), cv, extract(t, ex, jdPath), "")
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			if _, err := json.Marshal(a); err != nil {
				t.Fatalf("marshal: %v", err)
			}
			text := collapse(cv.Text())
			for _, s := range quoted(a) {
				statements++
				if !strings.Contains(text, collapse(s.Text)) {
					t.Errorf("quoted statement is not in the CV: %q", s.Text)
				}
			}
			checked++
		})
	}
	t.Logf("%d CVs analysed, %d quoted statements checked", checked, statements)
}

// TestCorpusCompanies checks the company read from each corpus JD against
// the one SOURCES.tsv names in parentheses ("customer success - CSM
// (Demodesk)").
func TestCorpusCompanies(t *testing.T) {
	dir := testenv.CorpusDir(t)
	f, err := os.Open(filepath.Join(dir, "SOURCES.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	paren := regexp.MustCompile(`\(([^()]+)\); converted`)
	total, right := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 6 || !strings.HasPrefix(cols[0], "jd/") {
			continue
		}
		m := paren.FindStringSubmatch(cols[5])
		if m == nil {
			continue
		}
		doc := extract(t, ex, filepath.Join(dir, cols[0]))
		got := doc.JD().Company
		total++
		// SOURCES.tsv writes some names in lower case ("time doctor").
		if strings.EqualFold(strings.TrimSuffix(strings.TrimSuffix(got, ", Inc."), " Inc."), m[1]) || strings.EqualFold(got, m[1]) {
			right++
		} else {
			t.Errorf("%s: company %q, want %q", cols[0], got, m[1])
		}
	}
	t.Logf("corpus JD companies right: %d/%d", right, total)
}
