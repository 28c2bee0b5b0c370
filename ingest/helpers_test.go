package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"

	"errors"
	"github.com/google/go-cmp/cmp"
	"testing"

	"prep"
)

// Helpers shared by the tests of several extractors.

// hasFinding reports whether doc carries a finding with the code.
func hasFinding(doc *Document, code string) bool {
	for _, f := range doc.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

// wantUserError checks that err is a *prep.Error with the code and the
// exact message a user sees.
func wantUserError(tb testing.TB, err error, code, message string) {
	tb.Helper()
	var pe *prep.Error
	if !errors.As(err, &pe) {
		tb.Fatalf("error = %v, want a *prep.Error %s %q", err, code, message)
	}
	if pe.Code != code || prep.ErrorMessage(err) != message {
		tb.Errorf("error = %s %q,\nwant    %s %q", pe.Code, prep.ErrorMessage(err), code, message)
	}
}

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
