package ingest

import (
	"regexp"
	"strings"
	"unicode"
)

// block is one statement-sized piece of a section: a bullet or a paragraph
// with the lines the layout wrapped joined back, or a short header line.
type block struct {
	text   string
	bullet bool
	bold   bool
	first  Line // the block's first line, for layout facts
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

// blocks joins lines that the layout wrapped. A line continues the
// previous one when it is not a bullet or a date line and either starts in
// lower case after an unfinished line, or (in positioned formats) is
// indented past the section's left margin below a bullet.
func blocks(lines []Line) []block {
	margin := -1.0
	for _, l := range lines {
		if l.X > 0 && (margin < 0 || l.X < margin) {
			margin = l.X
		}
	}
	var out []block
	inBullet := false
	for i, l := range lines {
		t := strings.TrimSpace(l.Text)
		if t == "" {
			continue
		}
		if i > 0 && len(out) > 0 && !l.Bullet && !l.Heading {
			prev := &out[len(out)-1]
			_, dated := FindDateRange(t)
			paragraphBreak := l.GapBefore >= 1 && l.X == 0 // flowing formats mark paragraphs
			cont := false
			switch {
			case dated || paragraphBreak:
			case startsLower(t) && !isTerminal(prev.text):
				cont = true
			case inBullet && margin >= 0 && l.X > margin+4 && l.Column == prev.first.Column && l.Page == prev.first.Page:
				cont = true
			}
			if cont {
				prev.text = joinWrapped(prev.text, t)
				continue
			}
		}
		inBullet = l.Bullet
		out = append(out, block{text: t, bullet: l.Bullet, bold: l.Bold, first: l})
	}
	return out
}

// joinWrapped joins two wrapped lines with one space; a hyphen split
// across lines has already been joined by the extractor.
func joinWrapped(a, b string) string {
	return strings.TrimRight(a, " ") + " " + strings.TrimLeft(b, " ")
}

// isHeaderish reports whether a block can be part of an entry header:
// short, not a bullet, not a finished sentence.
func isHeaderish(b block) bool {
	if b.bullet {
		return false
	}
	n := wordCount(b.text)
	if _, ok := FindDateRange(b.text); ok {
		return n <= 20
	}
	return n <= 12 && !strings.HasSuffix(strings.TrimSpace(b.text), ".")
}

// experienceEntries groups an experience section into entries. Date ranges
// anchor entries; the short lines around an anchor form its header (title,
// company, location); bullets and paragraphs up to the next header are its
// statements.
func experienceEntries(lines []Line) []Entry {
	bs := blocks(lines)
	anchor := make([]bool, len(bs))
	nAnchors := 0
	for i, b := range bs {
		if !b.bullet && isHeaderish(b) {
			if _, ok := FindDateRange(b.text); ok {
				anchor[i] = true
				nAnchors++
			}
		}
	}
	if nAnchors == 0 {
		// No dates: bold short lines head the entries, if any.
		for i, b := range bs {
			if b.bold && isHeaderish(b) {
				anchor[i] = true
				nAnchors++
			}
		}
	}
	if nAnchors == 0 {
		e := Entry{}
		for _, b := range bs {
			e.Bullets = append(e.Bullets, b.text)
		}
		if len(e.Bullets) == 0 {
			return nil
		}
		return []Entry{e}
	}

	// header[i] is the entry index whose header holds block i, or -1.
	header := make([]int, len(bs))
	for i := range header {
		header[i] = -1
	}
	entry := -1
	for i := range bs {
		if !anchor[i] {
			continue
		}
		entry++
		header[i] = entry
		// Up to three header-ish blocks before the anchor belong to its
		// header, unless a previous header or content claims them.
		for j, n := i-1, 0; j >= 0 && n < 3; j, n = j-1, n+1 {
			if header[j] >= 0 || !isHeaderish(bs[j]) {
				break
			}
			// After content of the previous entry, a header-ish block is
			// ours only if it is not a finished content line.
			header[j] = entry
		}
		// Up to two after it, stopping at content or the next anchor.
		for j, n := i+1, 0; j < len(bs) && n < 2; j, n = j+1, n+1 {
			if anchor[j] || !isHeaderish(bs[j]) || j+1 < len(bs) && anchor[j+1] && !isHeaderish(bs[j+1]) {
				break
			}
			// A header-ish block followed by a date anchor of its own
			// belongs to that next header.
			if nextAnchorWithin(anchor, bs, j+1, 2) {
				break
			}
			header[j] = entry
		}
	}

	entries := make([]Entry, entry+1)
	var heads = make([][]string, entry+1)
	cur := -1
	for i, b := range bs {
		if header[i] >= 0 {
			cur = header[i]
			heads[cur] = append(heads[cur], b.text)
			if anchor[i] {
				if dr, ok := FindDateRange(b.text); ok {
					entries[cur].Dates, entries[cur].Start, entries[cur].End, entries[cur].Current = dr.Text, dr.Start, dr.End, dr.Current
				}
			}
			continue
		}
		if cur < 0 {
			// Content before the first header: an untitled first entry.
			continue
		}
		entries[cur].Bullets = append(entries[cur].Bullets, b.text)
	}
	for i := range entries {
		fillHeader(&entries[i], heads[i])
	}
	return entries
}

// nextAnchorWithin reports whether an anchor follows within n header-ish
// blocks from i.
func nextAnchorWithin(anchor []bool, bs []block, i, n int) bool {
	for j := i; j < len(bs) && j < i+n; j++ {
		if anchor[j] {
			return true
		}
		if !isHeaderish(bs[j]) {
			return false
		}
	}
	return false
}

var (
	headerSplitRE = regexp.MustCompile(`\s+[|·•—–]\s+|\s+-\s+|\s+@\s+|\s+at\s+|\t+|\s{3,}|\s*\|\s*`)
	orgSuffixRE   = regexp.MustCompile(`(?i)\b(?:inc|llc|ltd|limited|gmbh|ag|corp|corporation|co|company|group|plc|sa|s\.a|bv|b\.v|srl|pty|technologies|technology|solutions|labs|systems|software|bank|university|college|school|agency|partners|consulting|studio|ventures|holdings|health|hospital|foundation)\b\.?`)
	parenRE       = regexp.MustCompile(`[(\[]\s*[)\]]`)
)

// fillHeader splits an entry's header lines into title, company and
// location by scoring each part: role words make a title, organisation
// suffixes make a company, place patterns make a location.
func fillHeader(e *Entry, lines []string) {
	var parts []string
	for _, l := range lines {
		if e.Dates != "" {
			l = strings.Replace(l, e.Dates, " ", 1)
		}
		l = parenRE.ReplaceAllString(l, " ")
		for _, p := range headerSplitRE.Split(l, -1) {
			p = strings.Trim(strings.TrimSpace(StripIcons(p)), ",;:|()–—-")
			p = strings.TrimSpace(p)
			if p == "" || !hasLetters(p) {
				continue
			}
			parts = append(parts, splitTitleCompany(p)...)
		}
	}
	var rest []string
	for _, p := range parts {
		switch {
		case e.Location == "" && (findLocation(p) == p || strings.EqualFold(p, "remote") || strings.EqualFold(p, "hybrid")):
			e.Location = p
		default:
			rest = append(rest, p)
		}
	}
	// Title: the part with the most role words; company: the part with an
	// organisation suffix, else the first part that is not the title.
	bestRole, ti := 0, -1
	for i, p := range rest {
		if n := countRoleWords(p); n > bestRole {
			bestRole, ti = n, i
		}
	}
	if ti >= 0 {
		e.Title = rest[ti]
	}
	for i, p := range rest {
		if i != ti && orgSuffixRE.MatchString(p) {
			e.Company = p
			break
		}
	}
	if e.Company == "" {
		for i, p := range rest {
			if i != ti {
				e.Company = p
				break
			}
		}
	}
	if e.Title == "" && len(rest) > 0 && rest[0] != e.Company {
		e.Title = rest[0]
	}
}

// splitTitleCompany splits "Director of Operations, Alpine Technologies"
// at a comma when exactly one side reads as a title.
func splitTitleCompany(p string) []string {
	i := strings.Index(p, ", ")
	if i < 0 {
		return []string{p}
	}
	a, b := strings.TrimSpace(p[:i]), strings.TrimSpace(p[i+2:])
	if findLocation(p) == p {
		return []string{p}
	}
	// "Acme, Inc." stays whole.
	if orgSuffixRE.MatchString(b) && wordCount(b) == 1 {
		return []string{p}
	}
	if hasRoleWord(a) != hasRoleWord(b) {
		return []string{a, b}
	}
	return []string{p}
}

func countRoleWords(s string) int {
	n := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if roleWords[w] {
			n++
		}
	}
	return n
}
