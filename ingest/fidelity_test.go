package ingest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"prep/internal/testenv"
)

// scanPDFs are the corpus PDFs with no text layer: they must fail with the
// scan message, and take no part in the fidelity figures.
var scanPDFs = map[string]bool{
	"msct__Europass.pdf":     true,
	"msct__canva_resume.pdf": true,
}

// textPDFs returns every PDF with a text layer the fidelity and reading
// tests run on: the corpus's and the synthetic CVs of testdata/cv.
func textPDFs(tb testing.TB) []string {
	tb.Helper()
	var files []string
	if _, ok := testenv.Corpus(tb); ok {
		for _, f := range testenv.CorpusFiles(tb, "cv") {
			if strings.HasSuffix(f, ".pdf") && !scanPDFs[filepath.Base(f)] {
				files = append(files, f)
			}
		}
	} else {
		tb.Log("the shared corpus is absent: only the synthetic CVs are read")
	}
	return append(files, syntheticPDFs(tb)...)
}

// syntheticPDFs returns the browser-printed CVs of fictional people in the
// repository's testdata/cv.
func syntheticPDFs(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(testenv.ModuleRoot(tb), "testdata", "cv", "*.pdf"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no synthetic PDFs in testdata/cv: %v", err)
	}
	return files
}

// TestFidelity compares the bag of words we extract from each text PDF with
// poppler's pdftotext, the reference the bar is set against:
// recall and precision of at least 97% over all files, 90% on each.
//
//	go test ./ingest -run TestFidelity -v
func TestFidelity(t *testing.T) {
	pdftotext := testenv.Program(t, "pdftotext")
	ex := New(Limits{})
	defer ex.Close()

	var sumBoth, sumRef, sumOurs int
	var report strings.Builder
	fmt.Fprintf(&report, "%-52s %7s %7s %7s %7s\n", "file", "ref", "ours", "recall", "prec")
	for _, f := range textPDFs(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdftotext, "-enc", "UTF-8", f, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", f, err)
		}
		doc, err := ex.Extract(context.Background(), data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		ref, ours := bagOfWords(string(out)), bagOfWords(doc.Text())
		both, nRef, nOurs := overlap(ref, ours)
		recall, precision := ratio(both, nRef), ratio(both, nOurs)
		sumBoth, sumRef, sumOurs = sumBoth+both, sumRef+nRef, sumOurs+nOurs
		fmt.Fprintf(&report, "%-52s %7d %7d %6.1f%% %6.1f%%\n", filepath.Base(f), nRef, nOurs, 100*recall, 100*precision)
		if recall < 0.90 || precision < 0.90 {
			t.Errorf("%s: recall %.3f, precision %.3f; want both >= 0.90\nmissing: %v\nextra: %v",
				filepath.Base(f), recall, precision, topDiff(ref, ours, 25), topDiff(ours, ref, 25))
		}
	}
	recall, precision := ratio(sumBoth, sumRef), ratio(sumBoth, sumOurs)
	fmt.Fprintf(&report, "%-52s %7d %7d %6.1f%% %6.1f%%\n", "ALL", sumRef, sumOurs, 100*recall, 100*precision)
	t.Logf("bag of words against pdftotext:\n%s", report.String())
	if recall < 0.97 || precision < 0.97 {
		t.Errorf("overall recall %.4f, precision %.4f; want both >= 0.97", recall, precision)
	}
}

// bagOfWords counts the words of s, normalised so that the two extractors
// are compared on text, not typography: compatibility forms folded
// (ligatures, full-width letters), case folded, punctuation and hyphens as
// separators, and each CJK character a word of its own, since those
// scripts put no spaces between words.
func bagOfWords(s string) map[string]int {
	s = strings.ToLower(norm.NFKC.String(s))
	bag := map[string]int{}
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			bag[w.String()]++
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			flush()
			bag[string(r)]++
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			w.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return bag
}

// overlap returns the size of the multiset intersection of a and b and the
// sizes of each.
func overlap(a, b map[string]int) (both, na, nb int) {
	for w, n := range a {
		na += n
		both += min(n, b[w])
	}
	for _, n := range b {
		nb += n
	}
	return both, na, nb
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// topDiff lists up to n words a has more often than b, for failure messages.
func topDiff(a, b map[string]int, n int) []string {
	var out []string
	for w, c := range a {
		if c > b[w] {
			out = append(out, fmt.Sprintf("%s×%d", w, c-b[w]))
			if len(out) == n {
				break
			}
		}
	}
	return out
}
