package ingest

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"prep/internal/testenv"
)

// twoColumnPDF is a PDF whose pages are read as two columns, with the
// geometry a person sees (checked with pdftoppm) and its section headings
// in the order a person reads them: the left column top to bottom, then
// the right one.
type twoColumnPDF struct {
	file    string  // corpus cv/ name, or testdata/cv name when synthetic
	gutterX float64 // x of the whitespace between the columns, points
	bandTop float64 // the columns start below this y (a header band above)
	// bandBottom is where they end (a footer below); 0 for the page's end.
	bandBottom float64
	headings   []string
}

var twoColumnPDFs = []twoColumnPDF{
	{file: "awesomecv-pr58__resume-twocolumn.pdf", gutterX: 297, bandTop: 120, bandBottom: 800,
		headings: []string{"Summary", "Education", "Experience", "Honors & Awards", "Presentation", "Writing"}},
	{file: "reactiveresume-pr2072__kristen_connelly.pdf", gutterX: 405, bandTop: 0,
		headings: []string{"Employment History", "Education", "Courses", "Details", "Links", "Skills", "Languages", "Hobbies"}},
	{file: "reactiveresume__gengar.pdf", gutterX: 190, bandTop: 0,
		headings: []string{"Profiles", "Skills", "Certifications", "Experience", "Education", "Projects"}},
	{file: "resumematcher__modern-two-column.pdf", gutterX: 381, bandTop: 95,
		headings: []string{"Summary", "Experience", "Projects", "Education", "Skills", "Links"}},
	{file: "soupboss__aws-devops-engineer-resume-example.pdf", gutterX: 216, bandTop: 160,
		headings: []string{"Contact", "Education", "Skills", "Certifications", "Work Experience"}},
	{file: "soupboss__devops-engineer-resume-example.pdf", gutterX: 194, bandTop: 120,
		headings: []string{"Contact", "Education", "Skills", "Work Experience"}},
	{file: "priya-raghunathan-senior-csm.pdf", gutterX: 188, bandTop: 0,
		headings: []string{"Contact", "Core Skills", "Tools", "Languages", "Certifications", "Profile", "Experience", "Education"}},
	{file: "tomas-alvarez-cs-lead.pdf", gutterX: 398, bandTop: 110,
		headings: []string{"Summary", "Experience", "Key Metrics", "Skills", "Education", "Awards", "Languages"}},
	{file: "nguyen-thi-lan-cs-associate.pdf", gutterX: 395, bandTop: 0,
		headings: []string{"About Me", "Work Experience", "Education", "Projects", "Contact", "Strengths", "Tools", "Languages", "Certificates"}},
}

// TestReadingOrder checks every two-column PDF: no line we emit holds words
// from both columns (which column a word is in comes from poppler's word
// boxes, not from our layout), and the section headings come in reading
// order.
func TestReadingOrder(t *testing.T) {
	pdftotext := testenv.Program(t, "pdftotext")
	ex := newTestExtractor(t, Limits{})
	dir, haveCorpus := testenv.Corpus(t)
	corpus := filepath.Join(dir, "cv")
	for _, tc := range twoColumnPDFs {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(corpus, tc.file)
			if !strings.Contains(tc.file, "__") {
				path = synthetic(t, tc.file)
			} else if !haveCorpus {
				t.Skip("the shared corpus is absent")
			}
			doc, err := ex.Extract(context.Background(), readFile(t, path))
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, "-bbox", path, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext -bbox: %v", err)
			}
			boxes := parseWordBoxes(string(out))
			mixed := 0
			for _, l := range doc.Lines {
				if sides := lineSides(l, boxes, tc); sides[0] > 0 && sides[1] > 0 {
					mixed++
					t.Errorf("page %d line %q holds words of both columns", l.Page, l.Text)
				}
			}
			if mixed == 0 && !hasFinding(doc, "multi-column") {
				t.Errorf("no multi-column finding")
			}
			at := 0
			for _, h := range tc.headings {
				i := findLine(doc.Lines, h, at)
				if i < 0 {
					t.Errorf("heading %q not found after line %d (%q)", h, at, doc.Lines[max(at-1, 0)].Text)
					continue
				}
				at = i + 1
			}
		})
	}
}

// wordBox is a word of pdftotext -bbox output.
type wordBox struct {
	page           int
	x0, y0, x1, y1 float64
	text           string
}

var (
	pageTag = regexp.MustCompile(`<page `)
	wordTag = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

func parseWordBoxes(html string) []wordBox {
	var out []wordBox
	page := 0
	for _, part := range pageTag.Split(html, -1)[1:] {
		page++
		for _, m := range wordTag.FindAllStringSubmatch(part, -1) {
			f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
			out = append(out, wordBox{page, f(m[1]), f(m[2]), f(m[3]), f(m[4]), normWord(htmlUnescape(m[5]))})
		}
	}
	return out
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'").Replace(s)
}

func normWord(s string) string {
	return strings.ToLower(strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

// lineSides counts the words of l that poppler places left and right of
// the gutter, within the two-column band and on l's own height. A word
// that appears on both sides at that height is ambiguous and not counted.
func lineSides(l Line, boxes []wordBox, tc twoColumnPDF) [2]int {
	var sides [2]int
	top, bottom := l.Y-2, l.Y+1.4*l.Size+2
	for _, w := range strings.Fields(l.Text) {
		w = normWord(w)
		if w == "" {
			continue
		}
		left, right := false, false
		for _, b := range boxes {
			if b.page != l.Page || b.text != w || b.y0 < tc.bandTop || tc.bandBottom > 0 && b.y1 > tc.bandBottom {
				continue
			}
			if mid := (b.y0 + b.y1) / 2; mid < top || mid > bottom {
				continue
			}
			if (b.x0+b.x1)/2 < tc.gutterX {
				left = true
			} else {
				right = true
			}
		}
		switch {
		case left && !right:
			sides[0]++
		case right && !left:
			sides[1]++
		}
	}
	return sides
}

// findLine returns the index of the first line from start whose text is
// h, ignoring case, or -1.
func findLine(lines []Line, h string, start int) int {
	for i := start; i < len(lines); i++ {
		if strings.EqualFold(strings.TrimSpace(lines[i].Text), h) {
			return i
		}
	}
	return -1
}
