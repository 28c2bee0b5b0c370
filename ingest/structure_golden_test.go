package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output (review every diff before committing)")

// cvFacts is what a structure golden pins for one CV: hand-checked against
// the rendered page. Names and emails of corpus files are stored as
// hashes, so the repository holds no personal data from them.
type cvFacts struct {
	Name     string      `json:"name"`
	Email    string      `json:"email"`
	Headings []string    `json:"headings"`
	Entries  []entryFact `json:"entries"`
	// Hand marks entries written by hand where the parser falls short (a
	// layout that wraps headers across lines): -update keeps them.
	Hand bool `json:"hand,omitempty"`
}

type entryFact struct {
	Title   string `json:"title"`
	Company string `json:"company"`
	Start   string `json:"start"`
	End     string `json:"end"` // "present" for current roles
}

func hashPII(s string) string {
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(s))))
	return "sha256:" + hex.EncodeToString(sum[:8])
}

func cvFactsOf(cv *CV, hashed bool) cvFacts {
	f := cvFacts{Name: cv.Contact.Name, Email: cv.Contact.Email, Headings: []string{}, Entries: []entryFact{}}
	if hashed {
		f.Name, f.Email = hashPII(f.Name), hashPII(f.Email)
	}
	for _, s := range cv.Sections {
		if s.Heading != "" {
			f.Headings = append(f.Headings, s.Heading)
		}
	}
	for _, e := range cv.Experience {
		end := e.End
		if e.Current {
			end = "present"
		}
		f.Entries = append(f.Entries, entryFact{Title: e.Title, Company: e.Company, Start: e.Start, End: end})
	}
	return f
}

// structureCases are the CVs with hand-checked structure goldens: the
// synthetic CVs committed under testdata/cv (always present) and corpus
// files (present where ../shared/corpus is).
var structureCorpus = []string{
	"awesomecv__resume.pdf", "awesomecv-pr58__resume-twocolumn.pdf", "openresume__openresume-resume.pdf",
	"openresume__laverne-resume.pdf", "reactiveresume-pr2072__kristen_connelly.pdf", "reactiveresume__gengar.pdf",
	"reactiveresume__nosepass.pdf", "rendercv__John_Doe_ClassicTheme_CV.pdf", "resumematcher__alfred_pennyworth_pm.pdf",
	"resumematcher__john_doe.pdf", "resumematcher__modern-two-column.pdf", "soupboss__01-Office_Coordinator.pdf",
	"soupboss__02-Desktop_Support.pdf", "soupboss__DevOps-Sample2.pdf", "soupboss__aws-devops-engineer-resume-example.pdf",
	"soupboss__devops-engineer-resume-example.pdf", "soupboss__01-Office_Coordinator.docx", "soupboss__02-Desktop_Support.docx",
	"soupboss__Mickey01.docx", "nvrm__32.docx", "msct__same_line_resume.docx",
}

func TestCVStructureGolden(t *testing.T) {
	type tc struct {
		path, golden string
		hashed       bool
	}
	var cases []tc
	synth, _ := filepath.Glob(filepath.Join(testenv.ModuleRoot(t), "testdata", "cv", "*.pdf"))
	for _, p := range synth {
		cases = append(cases, tc{p, filepath.Join("testdata", "golden", "cv", "synthetic__"+strings.TrimSuffix(filepath.Base(p), ".pdf")+".json"), false})
	}
	if dir, ok := corpusDirIfPresent(t); ok {
		for _, name := range structureCorpus {
			cases = append(cases, tc{filepath.Join(dir, "cv", name), filepath.Join("testdata", "golden", "cv", name+".json"), true})
		}
	}
	ex := New(Limits{})
	t.Cleanup(func() { ex.Close() })
	var fields, right int
	for _, c := range cases {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			data, err := os.ReadFile(c.path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := ex.Extract(context.Background(), data)
			if err != nil {
				t.Fatalf("extract: %v", err)
			}
			got := cvFactsOf(doc.CV(), c.hashed)
			if *update {
				var old cvFacts
				if data, err := os.ReadFile(c.golden); err == nil && json.Unmarshal(data, &old) == nil && old.Hand {
					got.Entries, got.Hand = old.Entries, true
				}
				writeJSON(t, c.golden, got)
				return
			}
			var want cvFacts
			readJSON(t, c.golden, &want)
			// Name, email and headings must be exact: they are what the
			// report and the status page show.
			if diff := cmp.Diff(want.Name, got.Name); diff != "" {
				t.Errorf("name (-want +got)\n%s", diff)
			}
			if diff := cmp.Diff(want.Email, got.Email); diff != "" {
				t.Errorf("email (-want +got)\n%s", diff)
			}
			if diff := cmp.Diff(want.Headings, got.Headings); diff != "" {
				t.Errorf("headings (-want +got)\n%s", diff)
			}
			// Entries are scored field by field; a miss is logged, and the
			// total must stay above the bar below.
			n, r := compareEntries(t, want.Entries, got.Entries)
			fields += n
			right += r
		})
	}
	if *update || fields == 0 {
		return
	}
	acc := float64(right) / float64(fields)
	t.Logf("experience entry fields right: %d/%d = %.3f", right, fields, acc)
	if acc < 0.90 {
		t.Errorf("experience entry accuracy %.3f, want ≥ 0.90", acc)
	}
}

// compareEntries counts entry fields (title, company, start, end) that
// match, logging each miss.
func compareEntries(t *testing.T, want, got []entryFact) (fields, right int) {
	t.Helper()
	for i, w := range want {
		var g entryFact
		if i < len(got) {
			g = got[i]
		}
		for _, f := range [][3]string{{"title", w.Title, g.Title}, {"company", w.Company, g.Company}, {"start", w.Start, g.Start}, {"end", w.End, g.End}} {
			fields++
			if f[1] == f[2] {
				right++
			} else {
				t.Logf("entry %d %s: want %q, got %q", i, f[0], f[1], f[2])
			}
		}
	}
	if len(got) > len(want) {
		t.Logf("%d extra entries", len(got)-len(want))
		fields += 4 * (len(got) - len(want))
	}
	return fields, right
}

func corpusDirIfPresent(t *testing.T) (string, bool) {
	dir := os.Getenv("PREP_CORPUS")
	if dir == "" {
		dir = filepath.Join(testenv.ModuleRoot(t), "..", "shared", "corpus")
	}
	_, err := os.Stat(filepath.Join(dir, "SOURCES.tsv"))
	return dir, err == nil
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run with -update to create it)", path, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
}

// jdFacts is what a JD golden pins: the company and title a reader takes
// from the page (hand-checked against SOURCES.tsv and the text), and the
// kinds of the sections in order.
type jdFacts struct {
	Company  string   `json:"company"`
	Title    string   `json:"title"`
	Sections []string `json:"sections"`
}

func TestJDStructureGolden(t *testing.T) {
	dir, ok := corpusDirIfPresent(t)
	if !ok {
		t.Skip("corpus not found")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "jd", "*"))
	if len(files) == 0 {
		t.Fatal("no corpus JDs")
	}
	ex := New(Limits{})
	t.Cleanup(func() { ex.Close() })
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := ex.Extract(context.Background(), data)
			if err != nil {
				t.Fatalf("extract: %v", err)
			}
			jd := doc.JD()
			got := jdFacts{Company: jd.Company, Title: jd.Title, Sections: []string{}}
			for _, s := range jd.Sections {
				got.Sections = append(got.Sections, string(s.Kind))
			}
			golden := filepath.Join("testdata", "golden", "jd", filepath.Base(path)+".json")
			if *update {
				writeJSON(t, golden, got)
				return
			}
			var want jdFacts
			readJSON(t, golden, &want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
