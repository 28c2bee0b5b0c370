package report

import (
	"strings"
	"unicode/utf8"
)

// The report wraps text itself instead of leaving it to maroto: maroto
// sizes an auto row by its content and silently clips a row taller than a
// page (upstream issues #414 and #519), and it cuts long tokens with a
// dash. Text wrapped here becomes fixed lines whose heights are known, so
// the document can be paginated line by line.

// run is a piece of text in one style; a paragraph is a list of runs.
type run struct {
	text string
	st   style
}

// seg is a run placed on a line: x is its offset from the line's start.
type seg struct {
	x, w float64
	text string
	st   style
	ref  string // when set, text is the page number of this anchor
}

// line is one line of a column: y is its offset from the column's top.
type line struct {
	y, h float64
	segs []seg
}

// align is the horizontal alignment of a paragraph.
type align int

const (
	left align = iota
	right
	center
)

// wrapEpsilon keeps wrapped lines a little narrower than their box, so a
// rounding difference never makes maroto wrap a line a second time.
const wrapEpsilon = 0.3

type token struct {
	text  string
	st    style
	space bool // a space precedes the token
	brk   bool // a hard line break
}

func tokenize(runs []run) []token {
	var toks []token
	pendingSpace := false
	for _, r := range runs {
		text := clean(r.text)
		for i, part := range strings.Split(text, "\n") {
			if i > 0 {
				toks = append(toks, token{brk: true, st: r.st})
				pendingSpace = false
			}
			for _, w := range strings.Split(part, " ") {
				if w == "" {
					pendingSpace = true
					continue
				}
				toks = append(toks, token{text: w, st: r.st, space: pendingSpace})
				pendingSpace = true
			}
			// The last word of a part is not followed by a space unless
			// the text says so: "“" + quote + "”" must stay glued.
			if part != "" && !strings.HasSuffix(part, " ") {
				pendingSpace = false
			}
		}
	}
	return toks
}

// wrap lays out runs in a box width millimetres wide.
func (w *metrics) wrap(runs []run, width float64, al align) []line {
	width -= wrapEpsilon
	if width < 5 {
		width = 5
	}
	var (
		lines []line
		cur   line
		x     float64
	)
	flush := func(st style) {
		if cur.h == 0 {
			cur.h = st.lineHeight()
		}
		lines = append(lines, cur)
		cur = line{}
		x = 0
	}
	place := func(text string, st style, sp bool) {
		tw := w.width(text, st.face, st.size)
		gap := 0.0
		if sp && len(cur.segs) > 0 {
			gap = w.width(" ", st.face, st.size)
		}
		n := len(cur.segs)
		if n > 0 && cur.segs[n-1].st == st {
			s := &cur.segs[n-1]
			if gap > 0 {
				s.text += " "
			}
			s.text += text
			s.w = x + gap + tw - s.x
		} else {
			cur.segs = append(cur.segs, seg{x: x + gap, w: tw, text: text, st: st})
		}
		x += gap + tw
		if h := st.lineHeight(); h > cur.h {
			cur.h = h
		}
	}
	last := stBody
	for _, t := range tokenize(runs) {
		last = t.st
		if t.brk {
			flush(t.st)
			continue
		}
		tw := w.width(t.text, t.st.face, t.st.size)
		gap := 0.0
		if t.space && len(cur.segs) > 0 {
			gap = w.width(" ", t.st.face, t.st.size)
		}
		if x+gap+tw <= width {
			place(t.text, t.st, t.space)
			continue
		}
		if tw <= width {
			flush(t.st)
			place(t.text, t.st, false)
			continue
		}
		// A token wider than the box (a URL, a run of digits) is cut
		// where it fits, preferably after a separator; the text is not
		// hyphenated so that it reads, copies and searches as written.
		if len(cur.segs) > 0 && width-x-gap < width*0.3 {
			flush(t.st)
			gap = 0
		}
		rest := t.text
		sp := t.space
		for rest != "" {
			room := width - x
			if len(cur.segs) > 0 {
				room -= gap
			}
			piece := w.cut(rest, t.st, room)
			if piece == "" && len(cur.segs) == 0 {
				_, n := utf8.DecodeRuneInString(rest)
				piece = rest[:n] // narrower than any box; never loop
			}
			if piece == "" {
				flush(t.st)
				sp = false
				continue
			}
			place(piece, t.st, sp)
			rest = rest[len(piece):]
			sp = false
			gap = 0
			if rest != "" {
				flush(t.st)
			}
		}
	}
	if len(cur.segs) > 0 {
		flush(last)
	}
	y := 0.0
	for i := range lines {
		lines[i].y = y
		y += lines[i].h
		if al == left || len(lines[i].segs) == 0 {
			continue
		}
		segs := lines[i].segs
		end := segs[len(segs)-1].x + segs[len(segs)-1].w
		shift := width - end
		if al == center {
			shift /= 2
		}
		for j := range segs {
			segs[j].x += shift
		}
	}
	return lines
}

// cut returns the longest prefix of s that fits in room, ending after a
// separator when one falls in the second half of the prefix.
func (w *metrics) cut(s string, st style, room float64) string {
	end := 0
	acc := 0.0
	for i, r := range s {
		rw := w.width(string(r), st.face, st.size)
		if acc+rw > room {
			break
		}
		acc += rw
		end = i + utf8.RuneLen(r)
	}
	if end == 0 || end == len(s) {
		return s[:end]
	}
	if i := strings.LastIndexAny(s[:end], "/-_.?&=,;:"); i >= end/2 {
		return s[:i+1]
	}
	return s[:end]
}

// height returns the height of wrapped lines.
func height(lines []line) float64 {
	if len(lines) == 0 {
		return 0
	}
	l := lines[len(lines)-1]
	return l.y + l.h
}
