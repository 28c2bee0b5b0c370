package ingest

import (
	"regexp"
	"strings"
	"unicode"
)

// CV reads the document as a curriculum vitae: contact details, sections
// under their headings, and the entries of the experience sections.
func (d *Document) CV() *CV {
	lines := markHeadings(d.Lines, ClassifyCVHeading)
	cv := &CV{Sections: findUnheadedExperience(cvSections(lines))}
	cv.Contact = findContact(lines, cv.Sections)
	for _, s := range cv.Sections {
		if s.Kind == SectionExperience {
			cv.Experience = append(cv.Experience, experienceEntries(s.Lines)...)
		}
	}
	cv.Findings = cvFindings(d, cv)
	return cv
}

// cvSections cuts lines at headings. Lines before the first heading form a
// contact section.
func cvSections(lines []Line) []Section {
	var out []Section
	cur := Section{Kind: SectionContact}
	for _, l := range lines {
		if l.Heading {
			if len(cur.Lines) > 0 || cur.Heading != "" {
				out = append(out, cur)
			}
			kind, ok := ClassifyCVHeading(l.Text)
			if !ok {
				kind = SectionOther
			}
			cur = Section{Kind: kind, Heading: cleanHeading(l.Text)}
			continue
		}
		cur.Lines = append(cur.Lines, l)
	}
	if len(cur.Lines) > 0 || cur.Heading != "" {
		out = append(out, cur)
	}
	return out
}

// findUnheadedExperience handles CVs whose roles start straight under the
// contact lines, with no "Experience" heading: when no experience section
// exists, the first dated entry header in the contact section (or in an
// untitled section) opens one.
func findUnheadedExperience(sections []Section) []Section {
	for _, s := range sections {
		if s.Kind == SectionExperience {
			return sections
		}
	}
	for i, s := range sections {
		if s.Kind != SectionContact && s.Heading != "" {
			continue
		}
		start := -1
		for j, p := range pieceIndex(s.Lines) {
			b := p.piece
			if !b.Bullet && (isHeaderish(b) || cellsHeaderish(b)) && !hasContact(b.Text) {
				if _, ok := pieceDates(b); ok {
					start = p.line
					// The company or title line just above belongs to it.
					if j > 0 && !hasContact(s.Lines[start-1].Text) && start-1 > 0 && !s.Lines[start-1].Bullet {
						start--
					}
					break
				}
			}
		}
		// An entry needs statements under it, or it is a date in the
		// header ("Available from June 2025").
		if start < 0 || start == len(s.Lines)-1 {
			continue
		}
		head := Section{Kind: s.Kind, Heading: s.Heading, Lines: s.Lines[:start]}
		exp := Section{Kind: SectionExperience, Lines: s.Lines[start:]}
		out := append([]Section{}, sections[:i]...)
		if len(head.Lines) > 0 || head.Heading != "" {
			out = append(out, head)
		}
		out = append(out, exp)
		return append(out, sections[i+1:]...)
	}
	return sections
}

// indexedPiece is a paragraph with the index of its first line.
type indexedPiece struct {
	piece piece
	line  int
}

// pieceIndex returns the paragraphs of lines with where each starts.
func pieceIndex(lines []Line) []indexedPiece {
	var out []indexedPiece
	at := 0
	for _, p := range Paragraphs(lines) {
		for at < len(lines) && strings.TrimSpace(lines[at].Text) != strings.TrimSpace(p.First.Text) {
			at++
		}
		out = append(out, indexedPiece{p, at})
		at++
	}
	return out
}

// cleanHeading returns a heading as a person would write it: icons and
// letter-spacing removed, trailing colon dropped.
func cleanHeading(s string) string {
	s = strings.TrimSpace(StripIcons(s))
	if j := joinLetterSpacing(s); j != s {
		s = j
	}
	return strings.TrimRight(s, " :：")
}

var (
	emailRE    = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	phoneRE    = regexp.MustCompile(`(?:\+|\(\+?)?\d[\d\s().\-–‐‑]{6,}\d`)
	linkedinRE = regexp.MustCompile(`(?i)(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub)/[\w\-%.]+/?`)
	urlRE      = regexp.MustCompile(`(?i)\b(?:https?://[^\s|,;<>()]+|www\.[^\s|,;<>()]+|(?:github|gitlab)\.com/[\w\-./]+|[a-z0-9\-]+\.(?:com|io|dev|me|net|org|co)/?[\w\-./]*)`)
	// usLocationRE matches "Denver, CO", "Chicago, IL 60601".
	usLocationRE = regexp.MustCompile(`^[A-Z][A-Za-z.'\- ]{1,30},\s*(?:[A-Z]{2})(?:\s+\d{5})?$`)
	// placeRE matches "Berlin, Germany", "Mapo-gu, Seoul, Republic of Korea".
	placeRE = regexp.MustCompile(`^\p{Lu}[\p{L}.'\- ]{1,30}(?:,\s*\p{Lu}[\p{L}.'\- ]{1,30}){1,3}$`)
)

// contactSeparators split "Chicago, IL | 771-555-0100 | jsmith@email.com".
var contactSeparators = regexp.MustCompile(`\s*[|•·—–]\s*|\s{3,}`)

func findContact(lines []Line, sections []Section) Contact {
	var c Contact
	// Contact details sit near the top of the first page or in a sidebar;
	// the first 40 lines of a CV hold them in every corpus layout.
	head := lines
	if len(head) > 40 {
		head = head[:40]
	}
	// A place is only read where contact details are: above the first
	// heading, in a contact section, or in the first lines. Elsewhere
	// "Bachelor of Arts, Business Administration" looks like one.
	var area []Line
	for _, s := range sections {
		if s.Kind == SectionContact {
			area = append(area, s.Lines...)
		}
	}
	if len(lines) > 0 {
		area = append(area, lines[:min(8, len(lines))]...)
	}
	for _, l := range lines {
		t := l.Text
		if c.Email == "" {
			if m := emailRE.FindString(t); m != "" {
				c.Email = m
			}
		}
		if c.LinkedIn == "" {
			if m := linkedinRE.FindString(t); m != "" {
				c.LinkedIn = strings.TrimRight(m, "/.")
			}
		}
	}
	for _, l := range head {
		t := l.Text
		if c.Phone == "" {
			c.Phone = findPhone(t)
		}
		for _, u := range urlRE.FindAllString(t, -1) {
			u = strings.TrimRight(u, ".")
			if strings.Contains(strings.ToLower(u), "linkedin.com") || strings.Contains(u, "@") || emailRE.MatchString(u) {
				continue
			}
			if strings.HasSuffix(strings.ToLower(c.Email), strings.ToLower(u)) {
				continue
			}
			if !contains(c.URLs, u) && len(c.URLs) < 5 {
				c.URLs = append(c.URLs, u)
			}
		}
	}
	for _, l := range area {
		if c.Location == "" && !l.Heading {
			c.Location = findLocation(l.Text)
		}
	}
	name, at := findName(lines)
	c.Name = name
	if at >= 0 {
		c.Headline = findHeadline(lines, at)
	}
	return c
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// findPhone returns the first phone number in s: 9 to 15 digits, not a
// date range.
func findPhone(s string) string {
	for _, m := range phoneRE.FindAllString(s, -1) {
		m = strings.TrimSpace(m)
		digits := 0
		for _, r := range m {
			if unicode.IsDigit(r) {
				digits++
			}
		}
		if digits < 9 || digits > 15 {
			continue
		}
		if _, ok := FindDateRange(m); ok {
			continue
		}
		if strings.HasPrefix(m, "(") && !strings.Contains(m, ")") {
			m = strings.TrimPrefix(m, "(")
		}
		return m
	}
	return ""
}

func findLocation(s string) string {
	for _, part := range contactSeparators.Split(s, -1) {
		part = strings.TrimSpace(strings.TrimPrefix(StripIcons(part), "Location:"))
		if part == "" || strings.ContainsAny(part, "@/") {
			continue
		}
		if usLocationRE.MatchString(part) {
			return part
		}
		if placeRE.MatchString(part) && wordCount(part) <= 6 && !hasRoleWord(part) {
			return part
		}
	}
	return ""
}

// roleWords are words of job titles; a line holding one is a headline or
// a title, not a name.
var roleWords = map[string]bool{
	"manager": true, "engineer": true, "developer": true, "director": true, "specialist": true,
	"analyst": true, "consultant": true, "coordinator": true, "representative": true, "lead": true,
	"head": true, "officer": true, "executive": true, "associate": true, "intern": true, "assistant": true,
	"administrator": true, "architect": true, "designer": true, "scientist": true, "advisor": true,
	"strategist": true, "president": true, "vp": true, "founder": true, "owner": true, "partner": true,
	"agent": true, "technician": true, "expert": true, "professional": true,
	"student": true, "graduate": true, "trainee": true, "supervisor": true, "programmer": true,
	"csm": true, "tam": true, "sre": true, "bdr": true, "sdr": true, "cto": true, "ceo": true, "coo": true,
	"cfo": true, "cso": true, "cro": true, "researcher": true, "teacher": true, "nurse": true, "accountant": true,
	"writer": true, "editor": true, "recruiter": true, "instructor": true, "tutor": true, "clerk": true,
	"cashier": true, "receptionist": true, "secretary": true, "chef": true, "driver": true, "translator": true,
	"interviewer": true, "paralegal": true, "attorney": true, "lawyer": true, "pharmacist": true, "physician": true,
	"professor": true, "lecturer": true, "fellow": true, "volunteer": true, "member": true, "co-founder": true,
	"cofounder": true, "principal": true, "barista": true, "bartender": true, "waiter": true, "waitress": true, "staff": true, "chief": true, "controller": true, "buyer": true,
	"ingeniero": true, "gerente": true, "entwickler": true, "ingénieur": true,
}

func hasRoleWord(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if roleWords[w] {
			return true
		}
	}
	return false
}

// nameStop are lines that sit where a name would and are not one.
var nameStop = []string{"curriculum vitae", "resume", "résumé", "cv", "personal information", "last updated",
	"contact", "profile", "summary", "references", "page"}

// findName scores the first lines — and the cells of lines the layout
// cut, as in "Personal Information    John Doe" — as the candidate's name:
// position, size, word count, capitals, absence of digits and symbols. It
// returns the best, written as a name is (an all-capitals name in title
// case, a CJK name without letter spacing), with its line index, or -1.
func findName(lines []Line) (string, int) {
	maxSize := 0.0
	for _, l := range lines {
		if l.Page <= 1 && l.Size > maxSize {
			maxSize = l.Size
		}
	}
	best, bestAt, bestScore := "", -1, 2.5
	limit := min(len(lines), 30)
	for i := 0; i < limit; i++ {
		l := lines[i]
		if l.Page > 1 || l.Bullet {
			continue
		}
		candidates := append([]string{l.Text}, l.Cells...)
		// "JORDAN ELLIS — CUSTOMER SUCCESS MANAGER": the name before a
		// separator.
		if parts := nameSeparators.Split(l.Text, -1); len(parts) > 1 {
			candidates = append(candidates, parts...)
		}
		for _, c := range candidates {
			t, score, ok := scoreName(c, l, i, maxSize)
			if ok && score > bestScore {
				best, bestAt, bestScore = t, i, score
			}
		}
	}
	if isAllCaps(best) && !isCJK(best) {
		best = titleCase(best)
	}
	return best, bestAt
}

// nameSeparators split a top line that holds the name and the headline.
var nameSeparators = regexp.MustCompile(`\s+[—–|·•]\s+|\s+-\s+`)

// scoreName scores one candidate text for findName and returns it cleaned.
func scoreName(text string, l Line, i int, maxSize float64) (string, float64, bool) {
	t := strings.TrimSpace(StripIcons(text))
	if t == "" || strings.ContainsAny(t, "@/:|0123456789•,()") {
		return "", 0, false
	}
	low := strings.ToLower(t)
	for _, s := range nameStop {
		if low == s || strings.HasPrefix(low, s+" ") {
			return "", 0, false
		}
	}
	if _, ok := ClassifyCVHeading(t); ok {
		return "", 0, false
	}
	if j := joinLetterSpacing(t); j != t {
		t = titleCase(j)
	}
	if isCJK(t) {
		t = strings.ReplaceAll(t, " ", "")
	}
	words := strings.Fields(t)
	score := 0.0
	switch {
	case isCJK(t) && len([]rune(t)) >= 2 && len([]rune(t)) <= 4:
		score += 2.5
	case len(words) >= 2 && len(words) <= 4:
		score += 2.5
	case len(words) == 1 && isAllCaps(t) && len(t) >= 3:
		score += 1
	default:
		return "", 0, false
	}
	capital, lower := true, false
	for _, w := range words {
		r := []rune(w)[0]
		if !unicode.IsUpper(r) && !isCJK(w) {
			capital = false
		}
		if w == strings.ToLower(w) && !isCJK(w) {
			lower = true
		}
	}
	switch {
	case capital:
		score += 1.5
	case lower:
		score -= 3 // "johndoe johndoe": user names, not a name
	}
	if hasRoleWord(t) {
		score -= 3
	}
	if l.Size > 0 && maxSize > 0 {
		if l.Size >= maxSize-0.1 {
			score += 2.5
		} else if l.Size >= maxSize*0.8 {
			score += 1
		}
	}
	if l.Bold {
		score += 0.5
	}
	score -= float64(i) * 0.12
	if l.Style == "Title" || l.Style == "Heading1" && i < 3 {
		score += 2
	}
	return t, score, true
}

func isCJK(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

// findHeadline returns the line under the name when it reads as a title
// ("Senior Customer Success Manager").
func findHeadline(lines []Line, at int) string {
	if parts := nameSeparators.Split(lines[at].Text, -1); len(parts) > 1 {
		for _, p := range parts[1:] {
			if p = strings.TrimSpace(p); wordCount(p) <= 12 && hasRoleWord(p) {
				if isAllCaps(p) {
					p = titleCase(p)
				}
				return p
			}
		}
	}
	for i := at + 1; i < len(lines) && i <= at+2; i++ {
		l := lines[i]
		t := strings.TrimSpace(StripIcons(l.Text))
		if l.Heading || t == "" || emailRE.MatchString(t) || findPhone(t) != "" || findLocation(t) != "" {
			continue
		}
		if wordCount(t) <= 12 && hasRoleWord(t) {
			if j := joinLetterSpacing(t); j != t {
				t = j
			}
			return strings.TrimRight(t, ".")
		}
	}
	return ""
}

// titleCase turns "JARED RICHARDS" into "Jared Richards" and
// "MARCUS O'BRIEN" into "Marcus O'Brien": a letter after a space, an
// apostrophe or a hyphen starts a word.
func titleCase(s string) string {
	rs := []rune(strings.Join(strings.Fields(strings.ToLower(s)), " "))
	for i, r := range rs {
		if i == 0 || rs[i-1] == ' ' || rs[i-1] == '-' || rs[i-1] == '\'' || rs[i-1] == '’' {
			rs[i] = unicode.ToUpper(r)
		}
	}
	return string(rs)
}

// hasContact reports whether s holds an email address, a LinkedIn URL or
// a phone number: the details an applicant tracking system must find.
func hasContact(s string) bool {
	if strings.Contains(s, "@") && emailRE.MatchString(s) || strings.Contains(strings.ToLower(s), "linkedin.com/") {
		return true
	}
	return countDigits(s) >= 9 && findPhone(s) != "" // cheap test first: the phone pattern is the slow part
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}
