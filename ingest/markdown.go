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
	pieces := mdScan(s, nil, 0)
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

// maxLinkNesting bounds links inside link text, which mdScan reads by
// recursion.
const maxLinkNesting = 4

// mdScan splits s into pieces, resolving escapes, code spans, autolinks,
// links and images on the way. Brackets and parentheses are matched once
// up front so that unmatched ones cost nothing: the scan stays linear.
func mdScan(s string, pieces []mdPiece, nesting int) []mdPiece {
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			pieces = append(pieces, mdPiece{text: text.String()})
			text.Reset()
		}
	}
	brackets, parens := matchPairs(s)
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
			if m := mdAutolink.FindStringSubmatch(s[i:min(len(s), i+2048)]); m != nil {
				text.WriteString(strings.TrimPrefix(m[1], "mailto:"))
				i += len(m[0])
				continue
			}
		case c == '[' || (c == '!' && i+1 < len(s) && s[i+1] == '['):
			start := i
			if c == '!' {
				start++
			}
			if label, url, end, ok := mdLinkAt(s, start, brackets, parens); ok {
				flush()
				switch {
				case strings.TrimSpace(label) == "":
					text.WriteString(url)
				case nesting >= maxLinkNesting:
					text.WriteString(label)
				default:
					pieces = mdScan(label, pieces, nesting+1)
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

// matchPairs maps the index of each '[' and '(' of s to the index of its
// closing bracket, skipping backslash escapes.
func matchPairs(s string) (brackets, parens map[int]int) {
	brackets, parens = map[int]int{}, map[int]int{}
	var openB, openP []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			openB = append(openB, i)
		case ']':
			if n := len(openB); n > 0 {
				brackets[openB[n-1]] = i
				openB = openB[:n-1]
			}
		case '(':
			openP = append(openP, i)
		case ')':
			if n := len(openP); n > 0 {
				parens[openP[n-1]] = i
				openP = openP[:n-1]
			}
		}
	}
	return brackets, parens
}

// mdLinkAt parses "[label](url ...)" or "[label][ref]" at s[i] == '['.
func mdLinkAt(s string, i int, brackets, parens map[int]int) (label, url string, end int, ok bool) {
	j, found := brackets[i]
	if !found || j+1 >= len(s) {
		return "", "", 0, false
	}
	label = s[i+1 : j]
	switch s[j+1] {
	case '(':
		k, found := parens[j+1]
		if !found {
			return "", "", 0, false
		}
		dest := strings.TrimSpace(s[j+2 : k])
		if f := strings.Fields(dest); len(f) > 0 {
			dest = strings.Trim(f[0], "<>")
		}
		return label, dest, k + 1, true
	case '[':
		k, found := brackets[j+1]
		if !found {
			return "", "", 0, false
		}
		return label, "", k + 1, true
	}
	return "", "", 0, false
}

// mdEmphasis matches closers with openers, nearest first, as CommonMark's
// "process emphasis" does (without the rule of three, which only matters
// for runs like "***" that CVs and job ads do not use). Openers wait on a
// stack per delimiter character and strong spans are marked through a
// difference array, so a line full of unmatched asterisks costs linear
// time.
func mdEmphasis(pieces []mdPiece) {
	delta := make([]int, len(pieces)+1)
	openers := map[byte][]int{}
	for c := range pieces {
		p := &pieces[c]
		if p.delim == 0 {
			continue
		}
		if p.close {
			stack := openers[p.delim]
			for p.n > 0 && len(stack) > 0 {
				o := stack[len(stack)-1]
				use := 1
				if pieces[o].n >= 2 && p.n >= 2 {
					use = 2
				}
				pieces[o].n -= use
				p.n -= use
				if use == 2 {
					delta[o+1]++
					delta[c]--
				}
				if pieces[o].n == 0 {
					stack = stack[:len(stack)-1]
				}
				// Openers of the other character inside the pair can
				// no longer match.
				other := byte('*')
				if p.delim == '*' {
					other = '_'
				}
				others := openers[other]
				for len(others) > 0 && others[len(others)-1] > o {
					others = others[:len(others)-1]
				}
				openers[other] = others
			}
			openers[p.delim] = stack
		}
		if p.open && p.n > 0 {
			openers[p.delim] = append(openers[p.delim], c)
		}
	}
	strong := 0
	for i := range pieces {
		strong += delta[i]
		pieces[i].strong = strong
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
