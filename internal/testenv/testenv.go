// Package testenv finds what tests need outside the module: the shared
// corpus of real CVs and job descriptions, and external programs such as
// pdftotext, redis-server and chromium. A test whose need is missing skips
// locally with a clear message and fails when the CI variable is set, so CI
// never passes by skipping.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// ModuleRoot returns the directory holding go.mod.
func ModuleRoot(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("testenv: cannot locate source file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// CorpusDir returns the shared corpus (folders cv/ and jd/ and SOURCES.tsv):
// $PREP_CORPUS if set, else ../shared/corpus next to the module. The corpus
// holds personal data and is never copied into the repository. Unlike
// programs, a missing corpus skips the test in CI too.
func CorpusDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("PREP_CORPUS")
	if dir == "" {
		dir = filepath.Join(ModuleRoot(tb), "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "SOURCES.tsv")); err != nil {
		// The corpus lives beside the repository, not in it, so a clone
		// elsewhere may not have it: skip even in CI rather than fail.
		tb.Skipf("testenv: corpus not found at %s (set PREP_CORPUS)", dir)
	}
	return dir
}

// Corpus returns the corpus directory and whether it is present, for tests
// that run their committed cases anyway and add the corpus's when it is.
func Corpus(tb testing.TB) (string, bool) {
	tb.Helper()
	dir := os.Getenv("PREP_CORPUS")
	if dir == "" {
		dir = filepath.Join(ModuleRoot(tb), "..", "shared", "corpus")
	}
	_, err := os.Stat(filepath.Join(dir, "SOURCES.tsv"))
	return dir, err == nil
}

// CorpusFiles returns the paths of the corpus files under sub ("cv" or
// "jd") in name order.
func CorpusFiles(tb testing.TB, sub string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(CorpusDir(tb), sub, "*"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("testenv: no corpus files under %s: %v", sub, err)
	}
	return files
}

// Program returns the path of an external program, skipping the test (or
// failing it in CI) when it is not installed.
func Program(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(tb, name+" is not installed (apt-get install it, or run .ci/run)")
	}
	return p
}

// InCI reports whether the tests run in CI.
func InCI() bool { return os.Getenv("CI") != "" }

func missing(tb testing.TB, why string) {
	tb.Helper()
	if InCI() {
		tb.Fatalf("testenv: %s; CI must provide it", why)
	}
	tb.Skipf("testenv: %s", why)
}

// lookPath is exec.LookPath, named so helpers can try several names.
var lookPath = exec.LookPath
