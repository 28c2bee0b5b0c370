package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// mdPiece is a span of one Markdown line: text, or a run of emphasis
// delimiters that may open or close emphasis.
type mdPiece struct {
	text        string
	delim       byte // '*' or '_' for a delimiter run, 0 for text
	n           int  // delimiters of the run not yet matched
	open, close bool
	strong      int // how many strong spans enclose the piece
}

var mdAutolink = regexp.MustCompile(`^<((?:https?://|mailto:)[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>`)

// mdInline reduces the inline markup of one Markdown line to its text:
// emphasis delimiters removed, links and images replaced by their text (or
// the URL when the text is empty), code spans and backslash escapes taken
// literally. strong reports that the whole text is in strong emphasis
// ("**About us**"). Delimiters are matched with CommonMark's flanking
// rules, so "snake_case" and "5 * 3" keep their characters.
func mdInline(s string) (text string, strong bool) {
	pieces := mdScan(s, nil)
	mdEmphasis(pieces)
	var b strings.Builder
	var total, bold int
	for _, p := range pieces {
		t := p.text
		if p.delim != 0 {
			t = strings.Repeat(string(p.delim), p.n)
		}
		b.WriteString(t)
		for _, r := range t {
			if unicode.IsSpace(r) {
				continue
			}
			total++
			if p.strong > 0 {
				bold++
			}
		}
	}
	return b.String(), total > 0 && bold == total
}

// mdScan splits s into pieces, resolving escapes, code spans, autolinks,
// links and images on the way.
func mdScan(s string, pieces []mdPiece) []mdPiece {
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			pieces = append(pieces, mdPiece{text: text.String()})
			text.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			text.WriteByte(s[i+1])
			i += 2
			continue
		case c == '`':
			n := runLen(s[i:], '`')
			if end := strings.Index(s[i+n:], strings.Repeat("`", n)); end >= 0 {
				text.WriteString(strings.TrimSpace(s[i+n : i+n+end]))
				i += n + end + n
			} else {
				text.WriteString(s[i : i+n])
				i += n
			}
			continue
		case c == '<':
			if m := mdAutolink.FindStringSubmatch(s[i:]); m != nil {
				text.WriteString(strings.TrimPrefix(m[1], "mailto:"))
				i += len(m[0])
				continue
			}
		case c == '[' || (c == '!' && i+1 < len(s) && s[i+1] == '['):
			start := i
			if c == '!' {
				start++
			}
			if label, url, end, ok := mdLinkAt(s, start); ok {
				flush()
				if strings.TrimSpace(label) == "" {
					text.WriteString(url)
				} else {
					pieces = mdScan(label, pieces)
				}
				i = end
				continue
			}
		case c == '*' || c == '_':
			flush()
			n := runLen(s[i:], c)
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+n:])
			if i == 0 {
				before = ' '
			}
			if i+n == len(s) {
				after = ' '
			}
			left := !unicode.IsSpace(after) && (!isPunct(after) || unicode.IsSpace(before) || isPunct(before))
			right := !unicode.IsSpace(before) && (!isPunct(before) || unicode.IsSpace(after) || isPunct(after))
			p := mdPiece{delim: c, n: n, open: left, close: right}
			if c == '_' {
				p.open = left && (!right || isPunct(before))
				p.close = right && (!left || isPunct(after))
			}
			pieces = append(pieces, p)
			i += n
			continue
		}
		text.WriteByte(c)
		i++
	}
	flush()
	return pieces
}

// mdLinkAt parses "[label](url ...)" or "[label][ref]" at s[i] == '['.
func mdLinkAt(s string, i int) (label, url string, end int, ok bool) {
	depth := 0
	j := i
	for ; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
			continue
		case '[':
			depth++
		case ']':
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if j >= len(s) || j+1 >= len(s) {
		return "", "", 0, false
	}
	label = s[i+1 : j]
	switch s[j+1] {
	case '(':
		k, parens := j+2, 1
		for ; k < len(s) && parens > 0; k++ {
			switch s[k] {
			case '(':
				parens++
			case ')':
				parens--
			}
		}
		if parens != 0 {
			return "", "", 0, false
		}
		dest := strings.TrimSpace(s[j+2 : k-1])
		if f := strings.Fields(dest); len(f) > 0 {
			dest = strings.Trim(f[0], "<>")
		}
		return label, dest, k, true
	case '[':
		k := strings.IndexByte(s[j+2:], ']')
		if k < 0 {
			return "", "", 0, false
		}
		return label, "", j + 2 + k + 1, true
	}
	return "", "", 0, false
}

// mdEmphasis matches closers with openers, nearest first, as CommonMark's
// "process emphasis" does (without the rule of three, which only matters
// for runs like "***" that CVs and job ads do not use).
func mdEmphasis(pieces []mdPiece) {
	for c := range pieces {
		if pieces[c].delim == 0 || !pieces[c].close {
			continue
		}
		for pieces[c].n > 0 {
			o := c - 1
			for ; o >= 0; o-- {
				p := pieces[o]
				if p.delim == pieces[c].delim && p.open && p.n > 0 {
					break
				}
			}
			if o < 0 {
				break
			}
			use := 1
			if pieces[o].n >= 2 && pieces[c].n >= 2 {
				use = 2
			}
			pieces[o].n -= use
			pieces[c].n -= use
			for k := o + 1; k < c; k++ {
				if use == 2 {
					pieces[k].strong++
				}
				if pieces[k].delim != 0 {
					pieces[k].open, pieces[k].close = false, false
				}
			}
		}
	}
}

func runLen(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

func isASCIIPunct(c byte) bool {
	return c < utf8.RuneSelf && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }
