package ingest

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Paragraph is a statement-sized piece of text: a bullet, or a paragraph
// with the lines that the layout wrapped joined back with single spaces.
type Paragraph struct {
	Text   string
	Bullet bool
	Bold   bool
	First  Line // the first line, for layout facts
}

// piece is a Paragraph inside this package (short name for the entry and
// JD parsers).
type piece = Paragraph

// Paragraphs joins the lines a layout wrapped. Positioned formats (PDF)
// are judged by geometry: a line continues the previous one when it sits
// close below it in the same column, in the same weight, and the previous
// line ran to (nearly) the full width without ending a sentence — or it
// starts in lower case. Flowing formats (DOCX, text) keep each line, which
// is already a paragraph, unless it starts in lower case after an
// unfinished one with no blank line between. Bullets and date lines always
// start a new paragraph.
func Paragraphs(lines []Line) []Paragraph {
	full := fullWidth(lines)
	// right is where text ends in each column: the rightmost edge of its
	// lines; leading is the smallest distance between two baselines there,
	// the line height inside a wrapped paragraph.
	right := map[colKey]float64{}
	deltas := map[colKey]map[float64]int{}
	var prev Line
	for i, l := range lines {
		k := colKey{l.Page, l.Column}
		right[k] = max(right[k], l.Right)
		if i > 0 && prev.Page == l.Page && prev.Column == l.Column && prev.Baseline > 0 && l.Baseline > prev.Baseline && l.Size > 0 {
			// Only lines of body size, in points rounded to a quarter.
			if d := l.Baseline - prev.Baseline; d >= 0.8*l.Size && d < 2.5*l.Size && l.Size == prev.Size {
				if deltas[k] == nil {
					deltas[k] = map[float64]int{}
				}
				deltas[k][math.Round(d*4)/4]++
			}
		}
		prev = l
	}
	// leading is a column's line height inside a wrapped paragraph: the
	// smallest distance between baselines that occurs more than once.
	leading := map[colKey]float64{}
	for k, ds := range deltas {
		for d, n := range ds {
			if n >= 2 && (leading[k] == 0 || d < leading[k]) {
				leading[k] = d
			}
		}
	}
	// spaced marks columns with two line spacings: the line height, and a
	// little more between items (up to a blank line's worth).
	spaced := map[colKey]bool{}
	prev = Line{}
	for i, l := range lines {
		k := colKey{l.Page, l.Column}
		if i > 0 && prev.Page == l.Page && prev.Column == l.Column && prev.Baseline > 0 && leading[k] > 0 {
			size := max(l.Size, 1)
			d := l.Baseline - prev.Baseline
			if d > leading[k]+max(0.35, 0.04*size) && d < leading[k]+0.6*size {
				spaced[k] = true
			}
		}
		prev = l
	}
	var out []Paragraph
	var last Line // the last line added to out's last paragraph
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		if t == "" {
			continue
		}
		if len(out) > 0 && continues(last, l, out[len(out)-1], full, right[colKey{l.Page, l.Column}], leading[colKey{l.Page, l.Column}], spaced[colKey{l.Page, l.Column}]) {
			p := &out[len(out)-1]
			p.Text = strings.TrimRight(p.Text, " ") + " " + t
			last = l
			continue
		}
		out = append(out, Paragraph{Text: t, Bullet: l.Bullet, Bold: l.Bold, First: l})
		last = l
	}
	return out
}

// colKey names a column of a page.
type colKey struct{ page, column int }

// pieces is Paragraphs under the name the parsers use.
func pieces(lines []Line) []piece { return Paragraphs(lines) }

func continues(prev, cur Line, p Paragraph, full int, colRight, leading float64, spaced bool) bool {
	if cur.Bullet || cur.Heading || prev.Heading {
		return false
	}
	t := strings.TrimSpace(cur.Text)
	if _, dated := FindDateRange(t); dated {
		return false
	}
	if _, dated := FindDateRange(prev.Text); dated && !p.Bullet {
		return false
	}
	lower := startsLower(t)
	positioned := cur.Page > 0 && (cur.X > 0 || prev.X > 0)
	if !positioned {
		return cur.GapBefore == 0 && lower && !isTerminal(prev.Text)
	}
	if cur.Page != prev.Page || cur.Column != prev.Column {
		return false
	}
	// A line that starts in lower case after an unfinished one goes on
	// with it even when a word was set in bold; otherwise a change of
	// weight starts something new (a bold title under a plain line).
	if cur.Bold != prev.Bold && !(lower && !isTerminal(prev.Text)) {
		return false
	}
	size := cur.Size
	if size == 0 {
		size = 10
	}
	if cur.GapBefore > 0.9*size {
		return false // a blank line's worth of space: a new paragraph
	}
	// A bullet's wrapped lines hang indented under its text; a line back
	// at the bullet's own margin is something else.
	if p.Bullet && cur.X < p.First.X-1 {
		return false
	}
	if !p.Bullet && cur.X > prev.X+size {
		return false // indented under a plain line: a sub-item
	}
	if lower && !isTerminal(prev.Text) {
		return true
	}
	// A line that opens with a figure or a bracket after an unfinished
	// one goes on with it: list items start with words ("… GRR rose to" /
	// "94%.", "… at-risk accounts" / "(€3.1M ARR) in 2022.").
	if startsFigure(t) && !isTerminal(prev.Text) && (prev.Baseline == 0 || cur.Baseline-prev.Baseline < leading+0.6*size) {
		return true
	}
	// In a list whose items are spaced apart (HTML lists printed to PDF,
	// their markers lost), the spacing tells wraps from items: a line as
	// close below a full line as the column's line height goes on with it,
	// even after a full stop or before a figure ("… from" / "16 weeks").
	tol := max(0.35, 0.04*size)
	first, _, _ := strings.Cut(t, " ")
	n := len([]rune(strings.TrimSpace(prev.Text)))
	if spaced && prev.Baseline > 0 && cur.Baseline > prev.Baseline && prev.Right > prev.X && colRight > prev.X && n > 0 {
		if cur.Baseline-prev.Baseline > leading+tol {
			return false
		}
		char := (prev.Right - prev.X) / float64(n)
		return prev.Right+char*float64(1+len([]rune(first))) > colRight+char/2
	}
	if isTerminal(prev.Text) {
		return false
	}
	// The layout wrapped prev only if cur's first word would not have
	// fitted at its end: otherwise cur is a new item of a list printed
	// without markers (HTML lists printed to PDF lose their bullets).
	if prev.Right > prev.X && colRight > 0 && n > 0 {
		// More space between the baselines than inside a wrapped
		// paragraph: the list's own spacing between items.
		if leading > 0 && prev.Baseline > 0 && cur.Baseline-prev.Baseline > leading+max(0.6, 0.08*size) {
			return false
		}
		char := (prev.Right - prev.X) / float64(n)
		return prev.Right+char*float64(1+len([]rune(first))) > colRight+char/2
	}
	return full > 0 && n >= full*3/4
}

// fullWidth estimates how many characters a full line of body text holds:
// the longest line of more than three words (lines of a proportional font
// vary by a few characters, so callers keep a margin).
func fullWidth(lines []Line) int {
	var ns []int
	for _, l := range lines {
		if wordCount(l.Text) > 3 {
			ns = append(ns, len([]rune(strings.TrimSpace(l.Text))))
		}
	}
	if len(ns) < 3 {
		return 0
	}
	sort.Ints(ns)
	return ns[len(ns)-1]
}

// isTerminal reports whether s ends a sentence.
func isTerminal(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ":")
}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

// startsFigure reports whether s opens with a digit, a currency sign or a
// bracket.
func startsFigure(s string) bool {
	for _, r := range s {
		return unicode.IsDigit(r) || strings.ContainsRune("($€£+%", r)
	}
	return false
}
