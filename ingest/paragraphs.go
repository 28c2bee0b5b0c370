package ingest

import (
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
	// lines; leading is the smallest space between two lines there, the
	// space inside a wrapped paragraph.
	right := map[colKey]float64{}
	leading := map[colKey]float64{}
	for _, l := range lines {
		k := colKey{l.Page, l.Column}
		right[k] = max(right[k], l.Right)
		if l.GapBefore > 0 && l.Right > 0 && (leading[k] == 0 || l.GapBefore < leading[k]) {
			leading[k] = l.GapBefore
		}
	}
	var out []Paragraph
	var last Line // the last line added to out's last paragraph
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		if t == "" {
			continue
		}
		if len(out) > 0 && continues(last, l, out[len(out)-1], full, right[colKey{l.Page, l.Column}], leading[colKey{l.Page, l.Column}]) {
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

func continues(prev, cur Line, p Paragraph, full int, colRight, leading float64) bool {
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
	if isTerminal(prev.Text) {
		return false
	}
	first, _, _ := strings.Cut(t, " ")
	n := len([]rune(strings.TrimSpace(prev.Text)))
	// The layout wrapped prev only if cur's first word would not have
	// fitted at its end: otherwise cur is a new item of a list printed
	// without markers (HTML lists printed to PDF lose their bullets).
	if prev.Right > prev.X && colRight > 0 && n > 0 {
		// More space above cur than inside a wrapped paragraph: the list's
		// own spacing between items.
		if leading > 0 && cur.GapBefore > leading+max(0.5, 0.06*size) {
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
