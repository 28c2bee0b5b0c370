package match

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"prep"
	"prep/ingest"
	"prep/internal/testenv"
)

func textDoc(tb testing.TB, ex *ingest.Extractor, text string) *ingest.Document {
	tb.Helper()
	doc, err := ex.ExtractText(context.Background(), text)
	if err != nil {
		tb.Fatalf("ExtractText: %v", err)
	}
	return doc
}

// TestBadInputs feeds the analysis what users upload by mistake. Each gives
// a warning, never an error or a story made up from the wrong document.
func TestBadInputs(t *testing.T) {
	c := loadCatalog(t)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	fx := filepath.Join("testdata", "fixtures", "01-enterprise-csm")
	goodCV := extract(t, ex, filepath.Join(fx, "cv.txt"))
	goodJD := extract(t, ex, filepath.Join(fx, "jd.txt"))

	tests := []struct {
		name     string
		cv, jd   *ingest.Document
		warning  string // a substring one warning must contain
		unusable bool   // the CV must not be quoted at all
	}{
		{"empty CV", &ingest.Document{Format: ingest.FormatText}, goodJD, "no readable text", true},
		{"CV of two words", textDoc(t, ex, "Curriculum vitae"), goodJD, "no readable text", true},
		{"recipe as CV", extract(t, ex, filepath.Join("testdata", "bad", "recipe.txt")), goodJD, "looks like a recipe", true},
		{"JD as CV", goodJD, goodJD, "looks like a job description", true},
		{"CV as JD", goodCV, goodCV, "job description looks like a CV", false},
		{"Spanish JD", goodCV, extract(t, ex, filepath.Join("testdata", "bad", "jd-es.txt")), "written in Spanish", false},
		{"empty JD", goodCV, &ingest.Document{Format: ingest.FormatText}, "job description has no readable text", false},
		{"JD without company", goodCV, textDoc(t, ex, "Customer Success Manager\n\nWe are looking for a CSM to own renewals for 40 accounts.\n\nRequirements\n- 3+ years in customer success\n- Gainsight\n"), "does not name the company", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := c.Analyze(context.Background(), tt.cv, tt.jd, "")
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			found := false
			for _, w := range a.Warnings {
				found = found || strings.Contains(w, tt.warning)
			}
			if !found {
				t.Errorf("warnings %q, want one with %q", a.Warnings, tt.warning)
			}
			if len(a.Questions) == 0 || len(a.Pillars) == 0 {
				t.Errorf("analysis without questions or pillars: %d, %d", len(a.Questions), len(a.Pillars))
			}
			if !tt.unusable {
				return
			}
			if n := len(quoted(a)); n > 0 {
				t.Errorf("%d statements quoted from a document that is not a CV", n)
			}
			if len(a.Metrics) > 0 {
				t.Errorf("metrics read from a document that is not a CV: %v", a.Metrics)
			}
			for _, p := range a.Pillars {
				if p.Score != 0 || p.Level != LevelMissing {
					t.Errorf("pillar %s scored %d (%s) from a document that is not a CV", p.ID, p.Score, p.Level)
				}
			}
			for _, q := range a.Questions {
				if q.Outline != nil && strings.HasPrefix(q.Outline.Outcome, "Your number") {
					t.Errorf("question %s cites a number: %q", q.ID, q.Outline.Outcome)
				}
			}
		})
	}
}

// TestSpanishCorpusJD runs the corpus's Spanish job description.
func TestSpanishCorpusJD(t *testing.T) {
	c := loadCatalog(t)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	jd := extract(t, ex, filepath.Join(testenv.CorpusDir(t), "jd", "resumematcher__01.txt"))
	cv := extract(t, ex, filepath.Join("testdata", "fixtures", "01-enterprise-csm", "cv.txt"))
	a, err := c.Analyze(context.Background(), cv, jd, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(a.Warnings, " "), "Spanish") {
		t.Errorf("no warning about the language: %q", a.Warnings)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	c := loadCatalog(t)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	doc := textDoc(t, ex, "Customer Success Manager at Acme. Managed 40 accounts.")
	if _, err := c.Analyze(context.Background(), doc, doc, "sales-engineer"); prep.ErrorCode(err) != prep.ENOTFOUND {
		t.Errorf("unknown pack: error %v, want code %s", err, prep.ENOTFOUND)
	}
	if _, err := c.Analyze(context.Background(), nil, doc, ""); prep.ErrorCode(err) != prep.EINVALID {
		t.Errorf("nil CV: error %v, want code %s", err, prep.EINVALID)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Analyze(ctx, doc, doc, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: error %v, want context.Canceled", err)
	}
	a, err := c.Analyze(context.Background(), doc, doc, "bd-cs")
	if err != nil || a.Pack != "bd-cs" {
		t.Errorf("pack override: %v, pack %q", err, a.Pack)
	}
}
