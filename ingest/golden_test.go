package ingest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got, as indented JSON, with testdata/name, or rewrites
// the file under -update. Review every rewritten file before committing.
func golden(tb testing.TB, name string, got any) {
	tb.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	data = append(data, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, data) {
		tb.Errorf("%s (-want +got):\n%s", path, cmp.Diff(string(want), string(data)))
	}
}
