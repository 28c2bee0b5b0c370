package match

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"prep/ingest"
)

// labels is what a CS hiring manager expects from one CV + JD pair.
type labels struct {
	Profile string `yaml:"profile"`
	// CV is the path of the CV relative to the fixture's folder when it
	// lives elsewhere (the synthetic PDFs under the repository's
	// testdata/cv); empty means cv.* in the folder.
	CV      string   `yaml:"cv"`
	Pack    string   `yaml:"pack"`
	Company string   `yaml:"company"`
	Gaps    []string `yaml:"gaps"` // "id" or "id:subject"
	Metrics []struct {
		Kind   string   `yaml:"kind"`
		Value  float64  `yaml:"value"`
		Before *float64 `yaml:"before"`
	} `yaml:"metrics"`
}

// fixture is one labelled pair under testdata/fixtures.
type fixture struct {
	name   string
	cv, jd string // paths
	labels labels
}

func loadFixtures(tb testing.TB) []fixture {
	tb.Helper()
	dirs, err := filepath.Glob(filepath.Join("testdata", "fixtures", "*"))
	if err != nil || len(dirs) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	sort.Strings(dirs)
	var out []fixture
	for _, dir := range dirs {
		f := fixture{name: filepath.Base(dir)}
		data, err := os.ReadFile(filepath.Join(dir, "labels.yaml"))
		if err != nil {
			tb.Fatal(err)
		}
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&f.labels); err != nil {
			tb.Fatalf("%s/labels.yaml: %v", dir, err)
		}
		for _, kind := range []string{"cv", "jd"} {
			if kind == "cv" && f.labels.CV != "" {
				f.cv = filepath.Join(dir, f.labels.CV)
				continue
			}
			m, _ := filepath.Glob(filepath.Join(dir, kind+".*"))
			if len(m) != 1 {
				tb.Fatalf("%s: want one %s.* file, found %v", dir, kind, m)
			}
			if kind == "cv" {
				f.cv = m[0]
			} else {
				f.jd = m[0]
			}
		}
		out = append(out, f)
	}
	return out
}

// extract reads a file through ingest as the service would.
func extract(tb testing.TB, ex *ingest.Extractor, path string) *ingest.Document {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := ex.Extract(context.Background(), data)
	if err != nil {
		tb.Fatalf("extract %s: %v", path, err)
	}
	return doc
}

func analyzeFiles(tb testing.TB, c *Catalog, ex *ingest.Extractor, cvPath, jdPath, pack string) *Analysis {
	tb.Helper()
	a, err := c.Analyze(context.Background(), extract(tb, ex, cvPath), extract(tb, ex, jdPath), pack)
	if err != nil {
		tb.Fatalf("Analyze(%s, %s): %v", cvPath, jdPath, err)
	}
	return a
}

// gapKeys writes the analysis's gaps as labels do.
func gapKeys(gs []Gap) []string {
	var out []string
	for _, g := range gs {
		k := g.ID
		if g.Subject != "" {
			k += ":" + g.Subject
		}
		out = append(out, k)
	}
	return out
}

// TestFixtures scores the analysis against the labelled fixtures: gap
// precision and recall, metric recall (kind and value, and the start of a
// change when labelled), company accuracy. Run with -v for the figures.
func TestFixtures(t *testing.T) {
	c := loadCatalog(t)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	var tp, fp, fn, metricsWant, metricsFound, companies, companiesRight, packsRight int
	for _, f := range loadFixtures(t) {
		a := analyzeFiles(t, c, ex, f.cv, f.jd, "")
		if a.Pack == f.labels.Pack {
			packsRight++
		} else {
			t.Errorf("%s: pack %s, want %s", f.name, a.Pack, f.labels.Pack)
		}

		got := gapKeys(a.Gaps)
		var missed, extra []string
		for _, g := range f.labels.Gaps {
			if contains(got, g) {
				tp++
			} else {
				fn++
				missed = append(missed, g)
			}
		}
		for _, g := range got {
			if !contains(f.labels.Gaps, g) {
				fp++
				extra = append(extra, g)
			}
		}

		used := make([]bool, len(a.Metrics))
		var lost []string
		for _, w := range f.labels.Metrics {
			metricsWant++
			found := false
			for i, m := range a.Metrics {
				if used[i] || m.Kind != w.Kind || !near(m.Value, w.Value) {
					continue
				}
				if w.Before != nil && (m.Before == nil || !near(*m.Before, *w.Before)) {
					continue
				}
				used[i], found = true, true
				break
			}
			if found {
				metricsFound++
			} else {
				lost = append(lost, fmt.Sprintf("%s %v", w.Kind, w.Value))
			}
		}

		companies++
		if strings.EqualFold(strings.TrimSpace(a.Job.Company), f.labels.Company) {
			companiesRight++
		}
		t.Logf("%-28s pack=%-5s company=%q gaps missed=%v extra=%v metrics lost=%v",
			f.name, a.Pack, a.Job.Company, missed, extra, lost)
	}
	precision := ratio(tp, tp+fp)
	recall := ratio(tp, tp+fn)
	metricRecall := ratio(metricsFound, metricsWant)
	company := ratio(companiesRight, companies)
	t.Logf("fixtures=%d gap precision=%.3f (%d/%d) gap recall=%.3f (%d/%d) metric recall=%.3f (%d/%d) company=%.3f (%d/%d) pack=%d/%d",
		companies, precision, tp, tp+fp, recall, tp, tp+fn, metricRecall, metricsFound, metricsWant, company, companiesRight, companies, packsRight, companies)
	for name, v := range map[string]float64{"gap precision": precision, "gap recall": recall, "metric recall": metricRecall, "company accuracy": company} {
		if v < 0.9 {
			t.Errorf("%s %.3f is below the 0.90 bar", name, v)
		}
	}
	if companies < 12 {
		t.Errorf("%d fixtures; the bar is 12", companies)
	}
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= math.Max(0.01, 0.005*math.Abs(b))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
