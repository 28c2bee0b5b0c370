package ingest

import (
	"errors"
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
