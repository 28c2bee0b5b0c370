package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"prep"
)

// maxLines bounds the lines of one document. A CV or a job description has
// a few hundred; each line costs memory, so a file with many thousands is
// refused rather than read.
const maxLines = 20000

var errTooManyLines = prep.Errorf(prep.ETOOLARGE, "this file has more than 20000 lines of text, far more than a CV or a job description: upload just the CV")

// flow collects the lines of a flowing document (DOCX, ODT, HTML, text):
// one Line per paragraph or hard line break, normalised the same way
// whatever the format.
type flow struct {
	lines []Line
	// gap marks that the next line starts a new block (GapBefore = 1).
	gap bool
	// icons counts the icon-font glyphs seen before they were stripped, for
	// the icon-glyphs finding.
	icons int
	err   error
}

// add normalises raw and appends it with the layout facts in l. It returns
// the line's final text and whether it had a bullet; text is "" when
// nothing was left to add (an empty paragraph, a lone bullet glyph).
func (f *flow) add(raw string, l Line) (text string, bullet bool) {
	if f.err != nil {
		return "", false
	}
	s := NormalizeText(joinLetterSpaced(raw))
	f.icons += countIcons(s)
	s, bullet = SplitBullet(s)
	s = StripIcons(s)
	if s == "" {
		return "", bullet
	}
	if len(f.lines) >= maxLines {
		f.err = errTooManyLines
		return "", false
	}
	l.Text = s
	l.Cells = flowCells(raw)
	l.Bullet = l.Bullet || bullet
	if f.gap && len(f.lines) > 0 {
		l.GapBefore = 1
	}
	f.gap = false
	f.lines = append(f.lines, l)
	return s, l.Bullet
}

// breakBlock makes the next line start a new block.
func (f *flow) breakBlock() { f.gap = true }

// maybeLetterSpaced is a cheap test that s has three one-character words,
// without which joinLetterSpaced has nothing to do.
func maybeLetterSpaced(s string) bool {
	singles, n := 0, 0 // n counts the runes of the current word
	for _, r := range s {
		if unicode.IsSpace(r) {
			if n == 1 {
				singles++
			}
			n = 0
			continue
		}
		n++
	}
	if n == 1 {
		singles++
	}
	return singles >= 3
}

func countIcons(s string) int {
	n := 0
	for _, r := range s {
		if IsIconGlyph(r) {
			n++
		}
	}
	return n
}

// joinLetterSpaced rewrites letter-spaced runs ("W O R K  E X P E R I E N C E")
// as words ("WORK EXPERIENCE"). Designed CVs space headings letter by letter
// with literal spaces and keep two or more spaces, or an ampersand, between
// the words: the only trace of the word boundaries, which NormalizeText
// would collapse. A run needs four spaced letters, so initials ("J R R")
// stay as they are.
func joinLetterSpaced(s string) string {
	if !maybeLetterSpaced(s) {
		return s
	}
	type token struct {
		text string
		wide bool // preceded by more than one space or other white space
	}
	var toks []token
	for i := 0; i < len(s); {
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r) {
				break
			}
			j += size
		}
		wide := j-i != 1 || s[i] != ' '
		k := j
		for k < len(s) {
			r, size := utf8.DecodeRuneInString(s[k:])
			if unicode.IsSpace(r) {
				break
			}
			k += size
		}
		if k > j {
			toks = append(toks, token{s[j:k], wide})
		}
		i = k
	}
	// spaced reports whether a token can sit in a letter-spaced run: one
	// letter, an ampersand, or a last letter with trailing punctuation.
	spaced := func(t string) (letter, ok bool) {
		r, size := utf8.DecodeRuneInString(t)
		switch {
		case t == "&":
			return false, true
		case !unicode.IsLetter(r):
			return false, false
		case size == len(t):
			return true, true
		case len(t) == size+1 && strings.ContainsAny(t[size:], ":,.;"):
			return true, true
		}
		return false, false
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(toks); {
		j, letters, tight := i, 0, 0
		for j < len(toks) {
			letter, ok := spaced(toks[j].text)
			if !ok || (j > i && strings.ContainsAny(toks[j-1].text, ":,.;")) {
				break
			}
			if letter {
				letters++
				if j > i && !toks[j].wide {
					tight++
				}
			}
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		// A short word spaced tight against the run means the spacing is
		// broken ("D A T AA N A L Y S T"): leave such runs alone.
		short := func(k int) bool { return utf8.RuneCountInString(toks[k].text) <= 2 }
		broken := (i > 0 && !toks[i].wide && short(i-1)) || (j < len(toks) && !toks[j].wide && short(j))
		if letters < 4 || tight < 3 || broken {
			// Leave the whole run as it is: a shorter run inside it
			// would fail the same tests, and rescanning it from every
			// token would be quadratic.
			for k := i; k < max(j, i+1); k++ {
				if k > i {
					b.WriteByte(' ')
				}
				b.WriteString(toks[k].text)
			}
			i = max(j, i+1)
			continue
		}
		changed = true
		for k := i; k < j; k++ {
			if k > i && (toks[k].wide || toks[k].text == "&" || toks[k-1].text == "&") {
				b.WriteByte(' ')
			}
			b.WriteString(toks[k].text)
		}
		i = j
	}
	if !changed {
		return s
	}
	return b.String()
}

// cellBreak is what separates cells in flowing text: tabs, or three or
// more spaces used to push a date or a place to the right.
var cellBreak = regexp.MustCompile(`\t+|   +`)

// flowCells cuts raw at tabs and wide runs of spaces, or returns nil when
// the line is one piece.
func flowCells(raw string) []string {
	if !strings.Contains(raw, "\t") && !strings.Contains(raw, "   ") {
		return nil
	}
	return cellsOf(cellBreak.Split(raw, -1))
}

// cellsOf normalises the parts of a line as the line itself is (bullet
// and icons removed) and keeps the non-empty ones; one part is no cells.
func cellsOf(parts []string) []string {
	var cells []string
	for i, p := range parts {
		p = NormalizeText(p)
		if i == 0 {
			p, _ = SplitBullet(p)
		}
		if p = StripIcons(p); p != "" {
			cells = append(cells, p)
		}
	}
	if len(cells) < 2 {
		return nil
	}
	return cells
}
