package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"prep"
	"prep/internal/testenv"
	"prep/match"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var pdfDir = flag.String("pdfdir", "", "write each fixture's report to this directory, to look at its pages")

// clock is the fixed date of every test report.
func clock() time.Time { return time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC) }

func loadFixture(tb testing.TB, name string) *match.Analysis {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	var a match.Analysis
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return &a
}

func fixtures(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) < 6 {
		tb.Fatalf("want at least 6 fixtures in testdata, got %d (%v)", len(files), err)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	return names
}

// rendered is a report turned back into text by pdftotext.
type rendered struct {
	pdf   []byte
	pages []string // raw text of each page
	body  string   // every page without its running header and footer
}

func render(tb testing.TB, a *match.Analysis) rendered {
	tb.Helper()
	pdftotext := testenv.Program(tb, "pdftotext")
	pdf, err := New(Options{Now: clock, DeleteURL: "https://prep.example/r/3f9c2a/delete"}).Render(a)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	// -raw keeps the order the text was drawn in, so the lines of one
	// column come out together even in a multi-column row.
	out, err := exec.Command(pdftotext, "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	var body strings.Builder
	for i, p := range pages {
		lines := strings.Split(strings.TrimRight(p, "\n"), "\n")
		// Drop the footer, and the header of every page after the cover,
		// so text that flows across a page break reads as one.
		if len(lines) > 0 {
			lines = lines[:len(lines)-1]
		}
		if i > 0 && len(lines) > 0 {
			lines = lines[1:]
		}
		body.WriteString(strings.Join(lines, "\n"))
		body.WriteString("\n")
	}
	return rendered{pdf: pdf, pages: pages, body: body.String()}
}

// squash removes all white space: pdftotext breaks lines where the report
// wrapped them, and long tokens are cut without a hyphen.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// quoted lists every statement the report quotes.
func quoted(a *match.Analysis) []string {
	var out []string
	add := func(ss []match.Statement) {
		for _, s := range ss {
			out = append(out, s.Text)
		}
	}
	for _, p := range a.Pillars {
		add(p.Evidence[:min(2, len(p.Evidence))])
	}
	for _, r := range a.Job.Requirements {
		add(r.Evidence)
	}
	for _, g := range a.Gaps {
		add(g.Evidence)
	}
	for _, q := range a.Questions {
		if q.Kind == match.KindConcept {
			add(q.Evidence[:min(1, len(q.Evidence))])
			continue
		}
		add(q.Evidence)
	}
	for _, m := range a.Metrics {
		out = append(out, m.Text)
	}
	return out
}

// pageRange is the sane number of pages for each fixture.
var pageRange = map[string][2]int{
	"strong-enterprise": {10, 16},
	"data-poor":         {10, 16},
	"no-experience":     {9, 14},
	"bd-cs":             {8, 13},
	"long":              {15, 24},
	"empty":             {3, 6},
	// Analyses written by the match package from the synthetic CVs in
	// testdata/cv and the job descriptions in report/testdata/jd (and
	// match's enterprise fixture), e.g.
	//   prep analyze --cv testdata/cv/nguyen-thi-lan-cs-associate.pdf \
	//     --jd report/testdata/jd/tallyfox-cs-associate.txt > report/testdata/match-lan-tallyfox.json

	"match-hannah-cobalt":   {9, 16},
	"match-lan-tallyfox":    {8, 15},
	"match-tomas-fjordline": {6, 12},
}

func TestRenderFixtures(t *testing.T) {
	pdfinfo := testenv.Program(t, "pdfinfo")
	for _, name := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			a := loadFixture(t, name)
			r := render(t, a)
			flat := squash(r.body)

			for _, s := range sections {
				if !strings.Contains(r.body, s.title) {
					t.Errorf("section heading %q missing", s.title)
				}
			}
			if n := a.Candidate.Name; n != "" {
				// Exact, accents included, on the cover and in every
				// running header.
				if c := strings.Count(strings.Join(r.pages, ""), n); c < len(r.pages) {
					t.Errorf("candidate name %q appears %d times in %d pages", n, c, len(r.pages))
				}
			}
			if c := a.Job.Company; c != "" {
				drills := between(r.body, "SECTION 6", "SECTION 7")
				if !strings.Contains(squash(drills), squash(c)) {
					t.Errorf("firm %q not named in the drills section", c)
				}
			}
			for _, g := range a.Gaps {
				if !strings.Contains(flat, squash(g.Message)) {
					t.Errorf("gap %s: message %q missing", g.ID, g.Message)
				}
				if !strings.Contains(flat, squash(g.Fix)) {
					t.Errorf("gap %s: fix %q missing", g.ID, g.Fix)
				}
			}
			for _, s := range quoted(a) {
				if !strings.Contains(flat, squash(s)) {
					t.Errorf("quoted statement missing: %q", s)
				}
			}
			for _, w := range a.Warnings {
				if !strings.Contains(flat, squash(w)) {
					t.Errorf("warning missing: %q", w)
				}
			}
			for i, p := range r.pages {
				want := fmt.Sprintf("page %d of %d", i+1, len(r.pages))
				if !strings.Contains(p, want) {
					t.Errorf("page %d: footer %q missing", i+1, want)
				}
			}

			n := pdfPages(t, pdfinfo, r.pdf)
			if n != len(r.pages) {
				t.Errorf("pdfinfo says %d pages, pdftotext read %d", n, len(r.pages))
			}
			if lim, ok := pageRange[name]; !ok {
				t.Errorf("no page range for fixture %s: add one to pageRange", name)
			} else if n < lim[0] || n > lim[1] {
				t.Errorf("%d pages, want %d to %d", n, lim[0], lim[1])
			}
			if len(r.pdf) > 400<<10 {
				t.Errorf("report is %d bytes; a report is emailed, keep it under 400 KB", len(r.pdf))
			}

			checkContents(t, r)
			golden(t, name, outline(r))
		})
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		s = s[:j]
	}
	return s
}

func pdfPages(tb testing.TB, pdfinfo string, pdf []byte) int {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "info.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(pdfinfo, path).Output()
	if err != nil {
		tb.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		tb.Fatalf("pdfinfo: no page count in %q", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// sectionPages returns the page each section starts on, as printed.
func sectionPages(r rendered) map[int]int {
	at := map[int]int{}
	re := regexp.MustCompile(`(?m)^SECTION (\d+)$`)
	for i, p := range r.pages {
		for _, m := range re.FindAllStringSubmatch(p, -1) {
			n, _ := strconv.Atoi(m[1])
			at[n] = i + 1
		}
	}
	return at
}

// checkContents compares the page numbers of the cover's contents list
// with the pages the sections start on.
func checkContents(t *testing.T, r rendered) {
	t.Helper()
	at := sectionPages(r)
	if len(at) != len(sections) {
		t.Errorf("found %d section starts, want %d", len(at), len(sections))
	}
	if !strings.Contains(r.pages[0], "In this report") {
		return // the cover had no room for the contents
	}
	for i, s := range sections {
		re := regexp.MustCompile(`(?m)^` + fmt.Sprintf("%02d", i+1) + ` ` + regexp.QuoteMeta(s.title) + ` (\d+)$`)
		m := re.FindStringSubmatch(r.pages[0])
		if m == nil {
			t.Errorf("contents: no line for %q", s.title)
			continue
		}
		if got, _ := strconv.Atoi(m[1]); got != at[i+1] {
			t.Errorf("contents: %q on page %d, but it starts on page %d", s.title, got, at[i+1])
		}
	}
}

// outline is the page structure of a report: its length and where each
// section starts. It is golden so that a change in pagination shows up
// in review.
func outline(r rendered) string {
	var b strings.Builder
	fmt.Fprintf(&b, "pages: %d\n", len(r.pages))
	at := sectionPages(r)
	for i, s := range sections {
		fmt.Fprintf(&b, "%d %s: page %d\n", i+1, s.title, at[i+1])
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".pages.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("page outline (-want +got):\n%s", diff)
	}
}

// TestEveryWordReachesThePDF renders the longest fixture and counts its
// words in the PDF: maroto silently clips a row taller than a page, and a
// report that lost half its words would still contain every heading.
func TestEveryWordReachesThePDF(t *testing.T) {
	a := loadFixture(t, "long")
	r := render(t, a)
	pdfWords := map[string]int{}
	for _, w := range words(strings.Join(r.pages, "\n")) {
		pdfWords[w]++
	}
	flat := strings.ToLower(squash(r.body))
	want := map[string]int{}
	total := 0
	for _, s := range renderedStrings(a) {
		for _, w := range words(s) {
			want[w]++
			total++
		}
	}
	if total < 3000 {
		t.Fatalf("the long fixture has %d words, want at least 3000", total)
	}
	missing := 0
	for w, n := range want {
		// A token wider than a column is cut across lines; look for it
		// with the white space taken out instead of counting it.
		if len([]rune(w)) > 30 {
			if !strings.Contains(flat, w) {
				t.Errorf("long token %q missing", w)
				missing++
			}
			continue
		}
		if got := pdfWords[w]; got < n {
			t.Errorf("word %q: %d in the analysis, %d in the PDF", w, n, got)
			missing += n - got
		}
	}
	t.Logf("%d words in the analysis, %d missing from the PDF", total, missing)
}

// words splits text into lower-case words without surrounding
// punctuation.
func words(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		f = strings.TrimFunc(f, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		if f != "" {
			out = append(out, strings.ToLower(f))
		}
	}
	return out
}

// renderedStrings lists the analysis text the report prints, once for
// each place it prints it.
func renderedStrings(a *match.Analysis) []string {
	var out []string
	add := func(ss ...string) { out = append(out, ss...) }
	stmts := func(ss []match.Statement) {
		for _, s := range ss {
			add(s.Text, s.Entry)
		}
	}
	add(a.Candidate.Name, a.Candidate.Headline, a.Job.Title, a.Job.Company)
	add(a.Warnings...)
	add(a.Job.Tools...)
	for _, p := range a.Pillars {
		add(p.Name, p.Name, p.Description)
		stmts(p.Evidence[:min(2, len(p.Evidence))])
	}
	for _, m := range a.Metrics {
		add(m.Text)
	}
	for _, g := range a.Gaps {
		add(g.Message, g.Why, g.Fix, g.Subject)
		stmts(g.Evidence)
	}
	for _, r := range a.Job.Requirements {
		add(r.Text)
		stmts(r.Evidence)
	}
	for _, q := range a.Questions {
		add(q.Text, q.Tests)
		add(q.Examples...)
		if q.Kind == match.KindConcept {
			// Concepts quote their first statement alone, without its
			// source.
			for _, s := range q.Evidence[:min(1, len(q.Evidence))] {
				add(s.Text)
			}
		} else {
			stmts(q.Evidence)
		}

		if o := q.Outline; o != nil {
			add(o.Context, o.Action, o.Outcome, o.Learning)
		}
		if w := q.Worked; w != nil {
			add(w.Title, w.Note)
			for _, s := range w.Steps {
				add(s.Label, s.Value)
			}
		}
	}
	add(a.Advice.LooksFor...)
	add(a.Advice.BestPractices...)
	add(a.Advice.Mistakes...)
	add(a.Advice.Scenarios...)
	return out

}

// TestLayout checks every fixture's pages without a PDF reader: no page
// holds more than fits, no text runs out of its column, columns of a row
// never overlap, and nothing leaves the sheet.
func TestLayout(t *testing.T) {
	m, err := loadMetrics()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			d := newDoc(m, loadFixture(t, name), Options{Now: clock})
			d.build()
			pages, anchors := paginate(d.blocks, d.capacity)
			for _, s := range sections {
				if _, ok := anchors[s.anchor]; !ok {
					t.Errorf("section %q was never placed", s.title)
				}
			}
			for i, p := range pages {
				used := sum(p)
				if c := d.capacity(i); used > c+eps {
					t.Errorf("page %d: %.2f mm of content in %.2f mm", i+1, used, c)
				}
				if !hasText(p) {
					t.Errorf("page %d has no text", i+1)
				}
				if i < len(pages)-1 {
					if last := lastText(p); last != nil && last.keepNext {
						t.Errorf("page %d ends with a heading kept with what follows: %q", i+1, firstWords(last))
					}
				}
				for _, b := range append(append(d.header(i), p...), d.footer(pageInfo{number: i + 1, total: len(pages)})...) {
					checkBlock(t, i+1, b)
				}
			}
		})
	}
}

// lastText is the last block of a page that holds text.
func lastText(bs []block) *block {
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i].hasText() {
			return &bs[i]
		}
	}
	return nil
}

func firstWords(b *block) string {
	for _, c := range b.cols {
		for _, l := range c.lines {
			for _, s := range l.segs {
				return s.text
			}
		}
	}
	return ""
}

func hasText(bs []block) bool {

	for i := range bs {
		if bs[i].hasText() {
			return true
		}
	}
	return false
}

func checkBlock(t *testing.T, page int, b block) {
	t.Helper()
	const tol = 0.01
	for i, c := range b.cols {
		if c.x < -tol || c.x+c.w > pageW+tol {
			t.Errorf("page %d: column at %.1f, %.1f wide, leaves the sheet", page, c.x, c.w)
		}
		for j, o := range b.cols {
			if i != j && c.x < o.x+o.w-tol && o.x < c.x+c.w-tol {
				t.Errorf("page %d: columns at %.1f and %.1f overlap", page, c.x, o.x)
			}
		}
		for _, l := range c.lines {
			if l.y < -tol || l.y+l.h > b.content+tol {
				t.Errorf("page %d: line at %.1f+%.1f outside its block of %.1f", page, l.y, l.h, b.content)
			}
			for _, s := range l.segs {
				if s.x < -tol || s.x+s.w > c.w+tol {
					t.Errorf("page %d: %q runs out of its %.1f mm column (%.1f to %.1f)", page, s.text, c.w, s.x, s.x+s.w)
				}
			}
		}
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name string
		a    *match.Analysis
		code string
	}{
		{"nil", nil, prep.EINVALID},
		{"other schema", &match.Analysis{Schema: "prep.analysis/v2"}, prep.EUNSUPPORTED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.a)
			var pe *prep.Error
			if !errors.As(err, &pe) || pe.Code != tt.code {
				t.Errorf("Render() error = %v, want code %s", err, tt.code)
			}
		})
	}
}

// TestRenderConcurrently renders from several goroutines: the worker
// renders reports in parallel, and the font tables are shared.
func TestRenderConcurrently(t *testing.T) {
	a := loadFixture(t, "data-poor")
	r := New(Options{Now: clock})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			if _, err := r.Render(a); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestRenderLeavesFonts renders every fixture at once, some with the
// symbol face, and checks the embedded font bytes every document shares
// are as they were: gofpdf must not write into the fonts it is given.
// Under -race it also catches a write that leaves the bytes as they were.
func TestRenderLeavesFonts(t *testing.T) {
	sums := func() [faceCount][32]byte {
		var s [faceCount][32]byte
		for f := range faceCount {
			s[f] = sha256.Sum256(f.data())
		}
		return s
	}
	before := sums()
	r := New(Options{Now: clock})
	var symbols atomic.Bool
	var wg sync.WaitGroup
	for i, name := range fixtures(t) {
		a := loadFixture(t, name)
		if i%2 == 0 {
			// No fixture needs the symbol face; these do.
			a.Candidate.Headline += " → ≥ ✓"
		}
		wg.Go(func() {
			pdf, err := r.Render(a)
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			if bytes.Contains(pdf, []byte("/BaseFont /utf8"+symbolsFamily)) {
				symbols.Store(true)
			}
		})
	}
	wg.Wait()
	if !symbols.Load() {
		t.Error("no fixture sets text in the symbol face: the test does not cover it")
	}
	if sums() != before {
		t.Error("rendering changed the embedded font bytes")
	}
}

// TestWritePDFs writes the fixtures' reports for a person to look at:
//
//	go test ./report -run WritePDFs -pdfdir /tmp/reports
//	pdftoppm -r 60 -png /tmp/reports/long.pdf /tmp/reports/long
func TestWritePDFs(t *testing.T) {
	if *pdfDir == "" {
		t.Skip("set -pdfdir to write the reports")
	}
	for _, name := range fixtures(t) {
		pdf, err := New(Options{Now: clock, DeleteURL: "https://prep.example/r/3f9c2a/delete"}).Render(loadFixture(t, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		path := filepath.Join(*pdfDir, name+".pdf")
		if err := os.WriteFile(path, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes", path, len(pdf))
	}
}

// TestRenderCJKName: a Chinese or Japanese name is set in the CJK face,
// not as empty boxes, and the face is embedded only when needed.
func TestRenderCJKName(t *testing.T) {
	a := loadFixture(t, fixtures(t)[0])
	a.Candidate.Name = "张三"
	a.Job.Company = "山田商事"
	r := render(t, a)
	if !strings.Contains(r.pages[0], "张三") || !strings.Contains(squash(r.body), "山田商事") {
		t.Errorf("the CJK name or company is missing from the text:\n%s", r.pages[0])
	}
	if !bytes.Contains(r.pdf, []byte("/BaseFont /utf8"+cjkFamily)) {
		t.Error("the CJK face is not embedded")
	}
	plain := render(t, loadFixture(t, fixtures(t)[0]))
	if bytes.Contains(plain.pdf, []byte(cjkFamily)) {
		t.Error("the CJK face is embedded in a report that needs none")
	}
	if len(r.pdf) > len(plain.pdf)+200<<10 {
		t.Errorf("the CJK report is %d bytes, %d more than without: the face is not subset", len(r.pdf), len(r.pdf)-len(plain.pdf))
	}
}
