package match

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep/ingest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenFixtures are the fixtures whose whole analysis is kept as a golden
// file: a strong CSM, a data-poor one, a BD profile (the other pack) and a
// keyword-stuffed junior CV.
var goldenFixtures = []string{"01-enterprise-csm", "02-relationship-csm", "07-bd-partnerships", "13-junior-keyword-cv"}

func marshal(tb testing.TB, a *Analysis) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	c := loadCatalog(t)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	byName := map[string]fixture{}
	for _, f := range loadFixtures(t) {
		byName[f.name] = f
	}
	for _, name := range goldenFixtures {
		t.Run(name, func(t *testing.T) {
			f, ok := byName[name]
			if !ok {
				t.Fatalf("no fixture %s", name)
			}
			got := marshal(t, analyzeFiles(t, c, ex, f.cv, f.jd, ""))
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("analysis of %s (-want +got):\n%s", name, diff)
			}
		})
	}
}

// TestDeterministic runs the same analysis twice and in parallel: the JSON
// must be byte-identical.
func TestDeterministic(t *testing.T) {
	c := loadCatalog(t)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	for _, f := range loadFixtures(t) {
		first := marshal(t, analyzeFiles(t, c, ex, f.cv, f.jd, ""))
		for i := 0; i < 3; i++ {
			if again := marshal(t, analyzeFiles(t, c, ex, f.cv, f.jd, "")); !bytes.Equal(first, again) {
				t.Fatalf("%s: run %d differs from the first", f.name, i+2)
			}
		}
	}
}
