package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isHeaderish reports whether a block can be part of an entry header:
// short, not a bullet, not a finished sentence.
func isHeaderish(b piece) bool {
	if b.Bullet {
		return false
	}
	// A bracketed description of the employer does not make the header
	// a sentence: "Support Associate, Quizzly (edtech SaaS sold to
	// schools on annual subscriptions) — Remote".
	n, all := wordsOnly(outsideBrackets(b.Text)), wordsOnly(b.Text)
	if _, ok := FindDateRange(b.Text); ok {
		return n <= 20 && all <= 30
	}
	return n <= 12 && all <= 24 && !endsSentence(b.Text)
}

// outsideBrackets is s without its bracketed parts.
func outsideBrackets(s string) string {
	var sb strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case depth == 0:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// wordsOnly counts the words of s, not the separators between them.
func wordsOnly(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if hasLetters(f) || strings.IndexFunc(f, unicode.IsDigit) >= 0 {
			n++
		}
	}
	return n
}

// abbrevEnd matches a closing abbreviation whose full stop does not end
// a sentence: "Acme Inc.", "Omnious Co., Ltd.", "J.P. Morgan & Co.".
var abbrevEnd = regexp.MustCompile(`(?i)(?:\b(?:inc|ltd|co|corp|llc|plc|gmbh|jr|sr|dept|univ|intl|bros)|\b\p{Lu})\.$`)

// endsSentence reports whether s ends with a full stop that closes a
// sentence, not an abbreviation.
func endsSentence(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, ".") && !abbrevEnd.MatchString(s)
}

// experienceEntries groups an experience section into entries. Date ranges
// anchor entries; the short lines around an anchor form its header (title,
// company, location); bullets and paragraphs up to the next header are its
// statements.
func experienceEntries(lines []Line) []Entry {
	bs := pieces(lines)
	anchor := make([]bool, len(bs))
	// lent holds dates that sit in the right-hand cell of an entry's
	// first bullet (RenderCV and other templates align them with the
	// first line of content, not with the header above it).
	lent := map[int]DateRange{}
	nAnchors := 0
	for i, b := range bs {
		if !b.Bullet && (isHeaderish(b) || cellsHeaderish(b)) {
			if _, ok := pieceDates(b); ok {
				anchor[i] = true
				nAnchors++
			}
			continue
		}
		if dr, ok := dateCell(b); ok && i > 0 && !bs[i-1].Bullet && isHeaderish(bs[i-1]) && !anchor[i-1] {
			if _, dated := pieceDates(bs[i-1]); !dated {
				anchor[i-1] = true
				lent[i-1] = dr
				nAnchors++
			}
		}
	}
	if nAnchors == 0 {
		// No dates: bold short lines head the entries, if any.
		for i, b := range bs {
			if b.Bold && isHeaderish(b) {
				anchor[i] = true
				nAnchors++
			}
		}
	}
	if nAnchors == 0 {
		e := Entry{}
		for _, b := range bs {
			e.Bullets = append(e.Bullets, b.Text)
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
			if header[j] >= 0 || !isHeaderish(bs[j]) || !looksLikeHeader(bs[j]) {
				break
			}
			header[j] = entry
			// A styled or bold line opens the header: the plain line above
			// it is the previous entry's last statement.
			if isStyledHeading(bs[j].First) || strongPiece(bs[j]) && (j == 0 || !strongPiece(bs[j-1])) {
				break
			}
		}
		// Up to two after it, stopping at content or the next anchor.
		for j, n := i+1, 0; j < len(bs) && n < 2; j, n = j+1, n+1 {
			if anchor[j] || !isHeaderish(bs[j]) || !looksLikeHeader(bs[j]) || j+1 < len(bs) && anchor[j+1] && !isHeaderish(bs[j+1]) {
				break
			}
			// A figure below the dates is a result, not a header line
			// ("Managed 45 accounts with $3.6M ARR").
			if strings.ContainsAny(bs[j].Text, "0123456789%$€£") && !strings.ContainsAny(bs[j].Text, "|·•") {
				break
			}
			// Header lines below the dates are set at least as large as
			// them; smaller text is the entry's first statement.
			if sa, sb := bs[i].First.Size, bs[j].First.Size; sa > 0 && sb > 0 && sb < sa-0.5 {
				break
			}
			// A header-ish block followed by a date anchor of its own
			// belongs to that next header.
			if nextAnchorWithin(anchor, bs, j+1, 2) {
				break
			}
			header[j] = entry
		}
		// "Brackenhill Data, Dublin    2020 – present" / a sentence about
		// the company / "Technical Account Manager": the title comes after
		// the description. Take it when the header has no role words yet.
		if j := i + 1; j+1 < len(bs) && header[j] < 0 && !bs[j].Bullet && endsSentence(bs[j].Text) && !anchor[j+1] &&
			!bs[j+1].Bullet && wordCount(bs[j+1].Text) <= 8 && countRoleWords(bs[j+1].Text) > 0 && !endsSentence(bs[j+1].Text) &&
			countRoleWords(bs[i].Text) == 0 {
			header[j+1] = entry
		}
	}

	entries := make([]Entry, entry+1)
	var heads = make([][]string, entry+1)
	// plainFirst marks entries whose first statement is a paragraph, not
	// a list item: the place where CVs describe the employer.
	plainFirst := make([]bool, entry+1)
	cur := -1
	for i, b := range bs {
		if header[i] >= 0 {
			cur = header[i]
			heads[cur] = append(heads[cur], headerParts(b)...)
			if dr, ok := lent[i]; ok {
				entries[cur].Dates, entries[cur].Start, entries[cur].End, entries[cur].Current = dr.Text, dr.Start, dr.End, dr.Current
			} else if anchor[i] {
				if dr, ok := pieceDates(b); ok {
					entries[cur].Dates, entries[cur].Start, entries[cur].End, entries[cur].Current = dr.Text, dr.Start, dr.End, dr.Current
				}
			}
			continue
		}
		if cur < 0 {
			// Content before the first header: an untitled first entry.
			continue
		}
		if len(entries[cur].Bullets) == 0 {
			plainFirst[cur] = !b.Bullet
		}
		entries[cur].Bullets = append(entries[cur].Bullets, b.Text)
	}
	for i := range entries {
		e := &entries[i]
		fillHeader(e, heads[i])
		if plainFirst[i] && len(e.Bullets) > 0 && describesEmployer(e.Bullets[0], e.Company) {
			e.About, e.Bullets = e.Bullets[0], e.Bullets[1:]
		}
	}
	return entries
}

var firstPersonRE = regexp.MustCompile(`\b(?:I|I'm|I've|my|me)\b`)

// describesEmployer reports whether s is one sentence about the company
// named company: it opens with the name (or one of its words) and "is" or
// "was" ("Clinicflow is a B2B SaaS scheduling platform for clinics.").
// A paragraph that goes on to the candidate's work stays a statement.
func describesEmployer(s, company string) bool {
	s = strings.TrimSpace(s)
	name := strings.TrimSpace(noteRE.ReplaceAllString(company, ""))
	if name == "" || s == "" {
		return false
	}
	if strings.Contains(strings.TrimSuffix(s, "."), ". ") || strings.Contains(s, ";") || firstPersonRE.MatchString(s) {
		return false // more than one sentence, or the candidate's own work
	}
	// The name whole or one of its words: "IES Noves" is "Noves".
	for _, n := range append([]string{name}, strings.Fields(name)...) {
		if len([]rune(n)) < 3 || !unicode.IsUpper([]rune(n)[0]) || !strings.HasPrefix(s, n+" ") {
			continue
		}
		rest := strings.ToLower(strings.TrimSpace(s[len(n):]))
		for _, verb := range []string{"is ", "was ", "are ", "were ", "(", "—", "–", "-", ":"} {
			if strings.HasPrefix(rest, verb) {
				return true
			}
		}
	}
	return false
}

// strongPiece reports whether a piece is set apart as a header is: bold or
// in a heading style.
func strongPiece(b piece) bool { return b.Bold || isStyledHeading(b.First) }

// looksLikeHeader reports whether a header-ish piece above a date line
// reads as a header rather than a short statement: few words, header
// separators, or set apart.
func looksLikeHeader(b piece) bool {
	n := wordCount(outsideBrackets(b.Text))
	return n <= 7 || strings.ContainsAny(b.Text, "|@–—") || strings.Contains(b.Text, " at ") || strongPiece(b) ||
		n <= 12 && countRoleWords(b.Text) > 0 && !isTerminal(b.Text)
}

// pieceDates finds the dates of an entry header in a piece, cell by cell
// when the layout cut the line: a date alone in its cell stands apart.
func pieceDates(b piece) (DateRange, bool) {
	if cells := b.First.Cells; len(cells) > 1 && b.Text == b.First.Text {
		for _, c := range cells {
			if dr, ok := entryDates(c); ok {
				return dr, true
			}
		}
	}
	return entryDates(b.Text)
}

// cellsHeaderish reports whether every cell of a one-line piece is short
// enough for a header: a long line of title, dates, company and place set
// apart by tabs reads as a header.
func cellsHeaderish(b piece) bool {
	cells := b.First.Cells
	if len(cells) < 2 || b.Text != b.First.Text {
		// "Team Lead · Quayside Software (restaurant SaaS: POS, …) · Lyon
		// · Mar 2021 – present": separators cut a long line into parts.
		cells = headerSplitRE.Split(b.Text, -1)
		if len(cells) < 3 {
			return false
		}
	}
	for _, c := range cells {
		if wordCount(c) > 14 || endsSentence(c) {
			return false
		}
	}
	return true
}

// dateCell finds a date range alone in the last cell of a piece's first
// line.
func dateCell(b piece) (DateRange, bool) {
	cells := b.First.Cells
	if len(cells) < 2 {
		return DateRange{}, false
	}
	last := cells[len(cells)-1]
	dr, ok := FindDateRange(last)
	if !ok || strings.TrimSpace(dr.Text) != strings.TrimSpace(last) {
		return DateRange{}, false
	}
	return dr, true
}

// headerParts returns a header piece as the layout cut it: its cells, or
// its text whole.
func headerParts(b piece) []string {
	if cells := b.First.Cells; len(cells) > 1 && b.Text == b.First.Text {
		return cells
	}
	return []string{b.Text}
}

// entryDates finds the dates of an entry header: a range, or a lone
// "Summer 2022" for a short engagement, standing apart from the words
// around it as header dates do.
func entryDates(s string) (DateRange, bool) {
	dr, ok := FindDateRange(s)
	if !ok && wordCount(s) <= 10 {
		dr, ok = FindSingleDate(s)
	}
	if !ok || !standsApart(s, dr.Text) {
		return DateRange{}, false
	}
	return dr, true
}

// standsApart reports whether a date inside a line is set apart as header
// dates are — at the end of the line, at its start before a capital, or
// between separators — and not inside a sentence ("renewed every account
// due in 2022–2024, including…", "…shipped in the 2019–2020 roadmap").
func standsApart(line, date string) bool {
	i := strings.Index(line, date)
	if i < 0 {
		return false
	}
	before := strings.TrimRight(line[:i], " ")
	after := strings.TrimLeft(line[i+len(date):], " ")
	after = strings.TrimLeft(after, ")]")
	after = strings.TrimSpace(after)
	atEnd := after == "" || strings.Trim(after, ".,;:)]|·•") == ""
	// Compare whole runes: "·", "–" and "—" are more than one byte.
	last, _ := utf8.DecodeLastRuneInString(before)
	first, _ := utf8.DecodeRuneInString(after)
	sepBefore := before == "" || strings.ContainsRune("|·•,(–—-:[", last)
	sepAfter := atEnd || strings.ContainsRune("|·•,–—-(", first)
	switch {
	case atEnd:
		return true
	case before == "":
		r := []rune(after)[0]
		return unicode.IsUpper(r) || sepAfter || !unicode.IsLetter(r)
	case sepBefore && sepAfter:
		return true
	}
	return false
}

// nextAnchorWithin reports whether an anchor follows within n header-ish
// blocks from i.
func nextAnchorWithin(anchor []bool, bs []piece, i, n int) bool {
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
	headerSplitRE = regexp.MustCompile(`\s+[|·•—–/]\s+|\s+-\s+|\s+@\s+|\s+at\s+|\t+|\s{3,}|\s*\|\s*|^/\s+`)
	orgSuffixRE   = regexp.MustCompile(`(?i)\b(?:inc|llc|ltd|limited|gmbh|ag|corp|corporation|co|company|group|plc|sa|s\.a|bv|b\.v|srl|pty|technologies|technology|solutions|labs|systems|software|bank|university|college|school|agency|partners|consulting|studio|ventures|holdings|health|hospital|foundation|data|cloud|analytics|networks|security|logistics|payments|media|studios|capital|robotics|energy|financial|insurance|pharma|therapeutics|interactive|games|commerce|retail|freight)\b\.?`)
	parenRE       = regexp.MustCompile(`[(\[]\s*[)\]]`)
	// jobNoteRE matches a note about the terms of a job.
	jobNoteRE = regexp.MustCompile(`(?i)\b(?:part[- ]time|full[- ]time|contract|contractor|remote|hybrid|on-?site|internship|freelance|temporary|seasonal|maternity cover|during (?:school|university|college|studies))\b`)
	// noteRE finds a parenthesised note in a header line.
	noteRE = regexp.MustCompile(`\s*\(([^()]*)\)`)
)

// fillHeader splits an entry's header lines into title, company and
// location by scoring each part: role words make a title, organisation
// suffixes make a company, place patterns make a location.
func fillHeader(e *Entry, lines []string) {
	// Clean each header line: dates out, a lone second date dropped.
	var clean []string
	for _, l := range lines {
		if e.Dates != "" {
			l = strings.Replace(l, e.Dates, " ", 1)
		}
		if _, ok := FindDateRange(l); ok && wordCount(l) <= 4 {
			continue // a second date cell (another role's, or a duration)
		}
		l = strings.TrimSpace(parenRE.ReplaceAllString(l, " "))
		// "(part-time during school)", "(remote)": facts about the job,
		// not part of a name.
		l = strings.TrimSpace(noteRE.ReplaceAllStringFunc(l, func(m string) string {
			if inner := noteRE.FindStringSubmatch(m)[1]; jobNoteRE.MatchString(inner) || isPlace(inner) {
				return ""
			}
			return m
		}))
		l = strings.Trim(l, " ·•|–—-,;:")
		if hasLetters(l) {
			clean = append(clean, l)
		}
	}
	// When the header has, besides the line with role words, a line that
	// reads as an organisation (a suffix, or a name followed by a place,
	// or several capitalised words that are not a place), that line names
	// the company and the role line is the title whole: "Customer Success
	// Manager, Mid-Market" and "Director – IT Operations" are titles.
	// "Dublin | September 2020 – Present" is a place, not a company.
	companyLine := false
	for _, l := range clean {
		if countRoleWords(l) > 0 {
			continue
		}
		head, _, placed := splitTrailingLocation(firstPart(l))
		if !placed {
			head = firstPart(l)
		}
		head = strings.TrimSpace(head)
		if head == "" || isPlace(head) {
			continue
		}
		// An organisation is written in title case ("Millennium
		// Entertainment"); "Bike shop" is a description.
		if nameLike(head) && (orgSuffixRE.MatchString(head) || placed || wordCount(head) >= 2 && !isMetaText(head)) {
			companyLine = true
		}
	}
	var parts []string
	for _, l := range clean {
		split := headerSplitRE.Split(l, -1)
		if companyLine && countRoleWords(l) > 0 && !strings.ContainsAny(l, "|@·•") && !strings.Contains(l, " at ") {
			split = []string{l}
		}
		for _, p := range split {
			p = trimBalanced(strings.Trim(strings.TrimSpace(StripIcons(p)), ",;:|–—-·• "))
			if p == "" || !hasLetters(p) {
				continue
			}
			if companyLine && countRoleWords(p) > 0 {
				parts = append(parts, p)
				continue
			}
			parts = append(parts, splitTitleCompany(p)...)
		}
	}
	var rest []string
	for _, p := range parts {
		if e.Location != "" {
			rest = append(rest, p)
			continue
		}
		if head, loc, ok := splitTrailingLocation(p); ok {
			e.Location = loc
			if head != "" {
				rest = append(rest, head)
			}
			continue
		}
		rest = append(rest, p)
	}
	// Title: the part with the most role words; company: the part with an
	// organisation suffix, else the first part that is not the title.
	bestRole, ti := 0.0, -1
	for i, p := range rest {
		if n := roleScore(p); n > bestRole {
			bestRole, ti = n, i
		}
	}
	if ti >= 0 {
		e.Title = rest[ti]
	}
	for i, p := range rest {
		if i != ti && orgSuffixRE.MatchString(p) && nameLike(p) {
			e.Company = p
			break
		}
	}
	if e.Company == "" {
		// A name is written in title case; "scheduling software for
		// dental groups" describes the company.
		for pass := 0; pass < 2 && e.Company == ""; pass++ {
			for i, p := range rest {
				if i != ti && (pass == 1 || nameLike(p)) {
					e.Company = p
					break
				}
			}
		}
	}
	if e.Title == "" && len(rest) > 0 && rest[0] != e.Company {
		e.Title = rest[0]
	}
	// No company, and a "place" that is a name and a known city: the
	// header's company line read as a place ("Redbrick Creative, Leeds").
	if e.Company == "" {
		if company, city, ok := companyAndCity(e.Location); ok && company != e.Title {
			e.Company, e.Location = company, city
		}
	}
}

// firstPart returns l up to its first header separator.
func firstPart(l string) string {
	return headerSplitRE.Split(l, 2)[0]
}

// splitTitleCompany splits a comma-separated header part into runs of
// fields with and without role words: "Director of Operations, Alpine
// Technologies" → title, company; "Spokane, WA, Desktop Support Manager" →
// place, title. A part without role words stays whole ("Acme, Inc.").
func splitTitleCompany(p string) []string {
	fields := splitOutsideParens(p, ", ")
	if len(fields) < 2 {
		return []string{p}
	}
	var out []string
	cur, curRole := fields[0], hasRoleWord(fields[0])
	for _, f := range fields[1:] {
		role := hasRoleWord(f)
		// "Acme, Inc." and "Manager, Customer Success" stay together, and
		// so does "CSM, Mid-Market": a segment qualifies the title.
		if role == curRole || orgSuffixRE.MatchString(f) && wordCount(f) == 1 || curRole && (segmentRE.MatchString(f) || departmentRE.MatchString(f)) {
			cur += ", " + f
			continue
		}
		out = append(out, cur)
		cur, curRole = f, role
	}
	return append(out, cur)
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

// splitTrailingLocation finds a place at the end of a header part:
// "San Francisco, CA" alone, "Amazon, Seattle, WA, USA" (company before
// it), "Senior Web Developer San Francisco, CA" (a title before it, cut
// after its last role word). It returns what precedes the place.
func splitTrailingLocation(p string) (head, loc string, ok bool) {
	if strings.EqualFold(p, "remote") || strings.EqualFold(p, "hybrid") {
		return "", p, true
	}
	if isPlace(p) && !orgSuffixRE.MatchString(strings.Split(p, ",")[0]) && countRoleWords(p) == 0 {
		// "Amazon, Seattle, WA, USA": a company before the place when
		// the part has three or more comma fields and the tail is a place.
		fields := strings.Split(p, ", ")
		if len(fields) >= 3 {
			tail := strings.Join(fields[1:], ", ")
			if findLocation(tail) == tail {
				return fields[0], tail, true
			}
		}
		return "", p, true
	}
	if i := strings.Index(p, ", "); i > 0 {
		head, tail := p[:i], p[i+2:]
		if countRoleWords(head) == 0 && (isPlace(tail) || usLocationRE.MatchString(tail)) {
			return head, tail, true
		}
		// "Cobalt Ledger Technologies, Bengaluru": an organisation, then a
		// city of one or two capitalised words ("Acme, Inc." is not one).
		if countRoleWords(head) == 0 && countRoleWords(tail) == 0 && isCityName(tail) && !orgSuffixRE.MatchString(tail) {
			return head, tail, true
		}
	}
	// A title or company followed by "City, ST" on one line.
	if m := trailingPlaceRE.FindStringSubmatchIndex(p); m != nil {
		head := strings.TrimSpace(p[:m[2]])
		loc := strings.TrimSpace(p[m[2]:])
		words := strings.Fields(head)
		// Move capitalised words that are not role words from the end of
		// head to the place: "Developer San Francisco" → "Developer".
		last := -1
		for i, w := range words {
			if roleWords[strings.ToLower(strings.Trim(w, ",.&"))] || orgSuffixRE.MatchString(w) {
				last = i
			}
		}
		if last >= 0 && last < len(words)-1 {
			loc = strings.Join(words[last+1:], " ") + " " + loc
			head = strings.Join(words[:last+1], " ")
			return head, strings.TrimSpace(loc), true
		}
	}
	return "", "", false
}

// isPlace reports whether a header part is a place: "Chicago, IL",
// "Seattle, WA, USA", "Mapo-gu, Seoul, Republic of Korea" — a first field
// of at most two words, as city names are, unlike "Fernhill Logistics
// Cloud, Chennai".
func isPlace(p string) bool {
	if usLocationRE.MatchString(p) {
		return true
	}
	fields := strings.Split(p, ",")
	if findLocation(p) != p || wordCount(fields[0]) > 2 {
		return false
	}
	// The last field is a region or a country, or short as a city is:
	// "Barista, Bean There Cafe" is a title and a company.
	last := strings.TrimSpace(fields[len(fields)-1])
	if orgSuffixRE.MatchString(last) {
		return false // "Ardent Clinical, Inc."
	}
	return wordCount(last) <= 2 || knownRegions[strings.ToLower(last)]
}

// isCityName reports whether s is one or two capitalised words, as a city
// after a comma is.
func isCityName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 2 {
		return false
	}
	for _, w := range words {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) || strings.ContainsAny(w, "0123456789&") {
			return false
		}
	}
	return true
}

// trailingPlaceRE matches ", ST" or ", Country" closing a header part.
var trailingPlaceRE = regexp.MustCompile(`(\S+),\s*(?:[A-Z]{2}|USA|UK|U\.S\.A\.?|S\.Korea|Germany|France|Spain|Canada|India|Australia|Netherlands|Ireland|Türkiye|Turkey|Japan|China|Brazil|Mexico|Singapore|Israel|Italy|Poland|Portugal|Sweden|Switzerland|Belgium|Austria|Denmark|Norway|Finland)$`)

// roleScore weighs how much a header part reads as a job title: each
// known role word counts one; a word with an agent suffix ("Interviewer",
// "Translator", "Accountant") counts a half, as such words are mostly
// occupations; an organisation suffix takes one away.
func roleScore(s string) float64 {
	score := float64(countRoleWords(s))
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if roleWords[w] || len(w) < 5 {
			continue
		}
		for _, suf := range []string{"er", "or", "ist", "ian", "ant", "ent"} {
			if strings.HasSuffix(w, suf) {
				score += 0.5
				break
			}
		}
	}
	if orgSuffixRE.MatchString(s) && countRoleWords(s) == 0 {
		score -= 0.5
	}
	return score
}

// trimBalanced removes brackets from the ends of s unless they pair with
// one inside: "(Remote)" → "Remote", "Danggeun Pay Inc. (KarrotPay)" stays.
func trimBalanced(s string) string {
	s = strings.TrimSpace(s)
	for len(s) > 0 {
		switch {
		case strings.HasPrefix(s, "(") && !strings.Contains(s[1:], ")") || strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && strings.Count(s, "(") == 1:
			s = strings.TrimSpace(strings.TrimSuffix(s[1:], ")"))
		case strings.HasSuffix(s, ")") && !strings.Contains(s[:len(s)-1], "("):
			s = strings.TrimSpace(s[:len(s)-1])
		default:
			return s
		}
	}
	return s
}

// departmentRE matches the team a title names after a comma: "Team Lead,
// SMB Customer Success".
var departmentRE = regexp.MustCompile(`(?i)^(?:(?:smb|enterprise|mid-?market|strategic|commercial|global|emea|apac|amer|na|uk|dach|nordics)\s+)*(?:customer success|customer experience|client services|sales|support|customer support|marketing|operations|partnerships|alliances|account management|onboarding|implementation|professional services|services|renewals|growth|product|engineering|it|finance|hr)$`)

// splitOutsideParens splits s at sep where sep is not inside brackets:
// "Quayside (restaurant SaaS: POS, inventory)" stays whole.
func splitOutsideParens(s, sep string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		}
		if depth == 0 && strings.HasPrefix(s[i:], sep) {
			out = append(out, s[start:i])
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	return append(out, s[start:])
}

// nameLike reports whether s is written as a name: title case, leaving
// out a bracketed description ("Quayside Software (restaurant SaaS)").
func nameLike(s string) bool {
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	return titleLike(s)
}

// segmentRE matches the segment or region a title is qualified with.
var segmentRE = regexp.MustCompile(`(?i)^(?:enterprise|strategic|mid-?market|commercial|smb|scaled|scale|digital|emea|apac|amer|americas|latam|dach|nordics|north america|global)(?:\s+accounts)?$`)
