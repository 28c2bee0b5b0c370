package ingest

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// look is what headings of one document share and body text does not:
// size, weight, capitals.
type look struct {
	size int // half points, rounded
	bold bool
	caps bool
}

func lookOf(l Line) look {
	return look{size: int(math.Round(l.Size * 2)), bold: l.Bold, caps: isAllCaps(l.Text)}
}

// isAllCaps reports whether every cased letter of s is upper case and there
// are at least two of them.
func isAllCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// headingCandidate reports whether a line is short and plain enough to be a
// heading at all, whatever its look.
func headingCandidate(l Line) bool {
	if l.Text == "" {
		return false
	}
	t := strings.TrimRight(l.Text, " :")
	if wordCount(joinLetterSpacing(strings.ToLower(t))) > 6 || len([]rune(t)) > 60 {
		return false
	}
	if strings.ContainsAny(t, "@|") || strings.HasSuffix(t, ".") || strings.HasSuffix(t, ",") {
		return false
	}
	digits := 0
	for _, r := range t {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	return digits <= 1 // "1 Education" numbering is fine, dates are not
}

// isStyledHeading reports whether a word processor or Markdown marked the
// line as a heading.
func isStyledHeading(l Line) bool {
	s := strings.ToLower(l.Style)
	return strings.HasPrefix(s, "heading") || strings.HasPrefix(s, "berschrift") || s == "subtitle"
}

// splitInlineHeading splits "Skills: Go, SQL" into a heading and its
// content when the part before the colon is a known heading.
func splitInlineHeading(l Line, classify func(string) (SectionKind, bool)) (head, rest Line, ok bool) {
	i := strings.IndexAny(l.Text, ":：")
	if i <= 0 || l.Bullet {
		return l, l, false
	}
	// Sections of entries (experience, projects) start on a line of their
	// own: "Experience: 8 years in B2B SaaS" and "Portfolio: 55 clinic
	// groups, $4.8M ARR" are statements.
	if kind, known := classify(l.Text[:i]); !known || kind == SectionExperience || kind == SectionProjects {
		return l, l, false
	}
	body := strings.TrimSpace(strings.TrimLeft(l.Text[i:], ":："))
	if body == "" {
		return l, l, false
	}
	head, rest = l, l
	head.Text = strings.TrimSpace(l.Text[:i])
	rest.Text = body
	rest.Bold = false
	return head, rest, true
}

// markHeadings decides which lines are section headings by feature
// scoring: a vocabulary match is strong evidence; a line that looks like
// the document's known headings (same size, weight and capitals, and
// different from the body text) counts too; so does a word processor's
// heading style. It returns the lines (inline headings split off) with
// Heading set.
func markHeadings(lines []Line, classify func(string) (SectionKind, bool)) []Line {
	out := make([]Line, 0, len(lines))
	// whole keeps each split line as it was, by the index of its head: a
	// head that is not taken as a heading gets its line back, colon and all
	// ("Portfolio: 55 mid-market clinic groups" is a statement).
	whole := map[int]Line{}
	for _, l := range lines {
		if h, rest, ok := splitInlineHeading(l, classify); ok {
			whole[len(out)] = l
			out = append(out, h, rest)
			continue
		}
		out = append(out, l)
	}
	lines = out

	looks := map[look]int{}
	bodyLooks := map[look]int{}
	known := make([]bool, len(lines))
	// knownStyles are the word-processor styles of known headings: a
	// document that puts "Experience" in Heading4 and its job titles in
	// Heading5 has section headings in Heading4 only.
	knownStyles := map[string]bool{}
	nKnown := 0
	for i, l := range lines {
		bodyLooks[lookOf(l)] += len(l.Text)
		if !headingCandidate(l) {
			continue
		}
		if _, ok := classify(l.Text); ok {
			known[i] = true
			nKnown++
			looks[lookOf(l)]++
			if isStyledHeading(l) {
				knownStyles[l.Style] = true
			}
		}
	}
	body := dominant(bodyLooks)
	head, n := look{}, 0
	for _, k := range sortedLooks(looks) {
		if looks[k] > n {
			head, n = k, looks[k]
		}
	}
	distinctive := n >= 2 && head != body && (head.size > body.size || head.bold && !body.bold || head.caps && !body.caps)
	if distinctive {
		// The look must belong to headings: when most lines that wear it
		// are not known headings (company and title lines in the same
		// 9 pt as the section titles), it says nothing.
		wear := 0
		for _, l := range lines {
			if headingCandidate(l) && lookOf(l) == head {
				wear++
			}
		}
		distinctive = n*2 >= wear
	}

	firstKnown := len(lines)
	for i := range lines {
		if known[i] {
			firstKnown = i
			break
		}
	}
	for i := range lines {
		l := &lines[i]
		if !headingCandidate(*l) {
			continue
		}
		// The first lines above the first known heading are the name, the
		// headline and the contact lines: only a known heading starts a
		// section there.
		if i < min(firstKnown, 3) && !known[i] {
			continue
		}
		// A bullet glyph before a heading is an icon (LaTeX templates put
		// one before each section title): only a known heading may have one.
		if l.Bullet && !known[i] {
			continue
		}
		switch {
		case known[i]:
			// A known heading word in the body's look, in a document whose
			// headings are distinctive, is a word in running text ("Skills"
			// as a column label stays a heading: it is on its own line).
			l.Heading = !distinctive || lookOf(*l) != body || isStyledHeading(*l)
		case isStyledHeading(*l):
			l.Heading = nKnown < 2 || knownStyles[l.Style]
		case distinctive && lookOf(*l) == head && hasLetters(l.Text):
			// A job title set in capitals like the headings, with its
			// dates on the next line, opens an entry, not a section:
			// "CLIENT SERVICES MANAGER" / "Acme, Chicago | 2021 – Present".
			l.Heading = !(countRoleWords(l.Text) > 0 && nextHasDates(lines, i))
		}
	}
	if len(whole) == 0 {
		return lines
	}
	out = make([]Line, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		if w, ok := whole[i]; ok && !lines[i].Heading {
			out = append(out, w)
			i++ // its rest
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

// nextHasDates reports whether one of the two non-empty lines after
// lines[i] holds an entry's date range (the company line may come first).
func nextHasDates(lines []Line, i int) bool {
	seen := 0
	for _, l := range lines[i+1:] {
		if strings.TrimSpace(l.Text) == "" {
			continue
		}
		if _, ok := FindDateRange(l.Text); ok {
			return true
		}
		if seen++; seen == 2 || l.Bullet {
			return false
		}
	}
	return false
}

func hasLetters(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func dominant(m map[look]int) look {
	best, n := look{}, -1
	for _, k := range sortedLooks(m) {
		if m[k] > n {
			best, n = k, m[k]
		}
	}
	return best
}

// sortedLooks returns the keys of m in a fixed order so ties break the same
// way on every run.
func sortedLooks(m map[look]int) []look {
	ks := make([]look, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		a, b := ks[i], ks[j]
		if a.size != b.size {
			return a.size < b.size
		}
		if a.bold != b.bold {
			return !a.bold
		}
		return !a.caps && b.caps
	})
	return ks
}
