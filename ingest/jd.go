package ingest

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// JD reads the document as a job description: title, company, location and
// sections with their bullets.
func (d *Document) JD() *JD {
	lines := markJDHeadings(d.Lines)
	jd := &JD{}
	titleAt := -1
	jd.Title, titleAt = findJobTitle(lines)
	jd.Company = findCompany(lines, titleAt)
	jd.Location = findJobLocation(lines, titleAt)

	cur := JDSection{Kind: SectionAbout}
	var body []Line
	flush := func() {
		for _, b := range Paragraphs(body) {
			if b.Bullet {
				cur.Bullets = append(cur.Bullets, b.Text)
			} else {
				cur.Text = append(cur.Text, b.Text)
			}
		}
		if len(cur.Bullets)+len(cur.Text) > 0 || cur.Heading != "" {
			jd.Sections = append(jd.Sections, cur)
		}
		body = nil
	}
	for i, l := range lines {
		if i <= titleAt || i == titleAt+1 && isCompanyLine(l.Text) {
			continue
		}
		if l.Heading {
			flush()
			h := cleanJDHeading(l.Text)
			cur = JDSection{Kind: classifyJDHeading(h), Heading: h}
			// A sub-heading such as "Minimum Qualifications" under
			// "Required Skills" keeps its parent's kind when its own
			// vocabulary says nothing.
			if cur.Kind == SectionOther && len(jd.Sections) > 0 && isSubheading(l) {
				cur.Kind = jd.Sections[len(jd.Sections)-1].Kind
			}
			continue
		}
		body = append(body, l)
	}
	flush()
	return jd
}

func cleanJDHeading(s string) string {
	s = strings.TrimSpace(StripIcons(s))
	s = strings.Trim(s, "#*_ ")
	return strings.TrimRight(s, " :：")
}

func isSubheading(l Line) bool { return l.Bold && !isStyledHeading(l) }

// markJDHeadings marks headings of a job description: styled headings,
// lines entirely in bold, and short lines that end with a colon or match
// the JD vocabulary on their own line.
func markJDHeadings(in []Line) []Line {
	lines := make([]Line, len(in))
	copy(lines, in)
	for i := range lines {
		l := &lines[i]
		t := strings.TrimSpace(l.Text)
		if l.Bullet || t == "" || wordCount(t) > 12 {
			continue
		}
		switch {
		case isStyledHeading(*l):
			l.Heading = true
		case l.Bold && !isTerminal(strings.TrimRight(t, ":")) && wordCount(t) <= 10:
			l.Heading = true
		case strings.HasSuffix(t, ":") && wordCount(t) <= 8:
			l.Heading = true
		case wordCount(t) <= 5 && classifyJDHeading(t) != SectionOther && !strings.HasSuffix(t, ".") && titleLike(t):
			l.Heading = true
		case wordCount(t) <= 6 && !isTerminal(t) && i+1 < len(lines) && lines[i+1].Bullet && !lines[i+1].Heading:
			// A short unfinished line that opens a list is its heading,
			// whatever its case: "What you'll do", "Nice to have".
			l.Heading = true
		}
	}
	return lines
}

// titleLike reports whether every word longer than three letters starts in
// upper case, as headings are written.
func titleLike(s string) bool {
	for _, w := range strings.Fields(s) {
		r := []rune(w)
		if len(r) > 3 && unicode.IsLetter(r[0]) && !unicode.IsUpper(r[0]) {
			return false
		}
	}
	return true
}

// hiringSentenceRE reads the title out of "We're looking for a Customer
// Success Associate to join our SMB team".
var hiringSentenceRE = regexp.MustCompile(`(?:looking for|hiring|seeking|searching for|recruiting)\s+(?:an?|our|the|two|a new)\s+((?:(?:[A-Z][\w&/+.-]*|of|and|&)\s*)+?)(?:\s*\(|\s+(?:to|who|in|at|for|with|on|based|[–—-])\b|[.,!]|$)`)

var titlePrefixRE = regexp.MustCompile(`(?i)^\s*(?:the\s+)?(?:job\s+title|position|role|title|(?:we(?:'|’)re|we\s+are|now)\s+hiring|puesto(?:\s+de\s+trabajo)?|job|stelle|poste)\s*[:：]\s*(.+)$`)

// findJobTitle returns the job title and the index of its line, or -1.
func findJobTitle(lines []Line) (string, int) {
	for i, l := range lines {
		if i > 15 {
			break
		}
		if m := titlePrefixRE.FindStringSubmatch(l.Text); m != nil {
			return cleanTitle(m[1]), i
		}
	}
	for i, l := range lines {
		if i > 5 {
			break
		}
		t := strings.TrimSpace(strings.Trim(l.Text, "#*_ "))
		if t == "" || l.Bullet || wordCount(t) > 14 {
			continue
		}
		if m := hiringSentenceRE.FindStringSubmatch(t); m != nil && hasRoleWord(m[1]) {
			return strings.TrimSpace(m[1]), i
		}
		if hasRoleWord(t) && !endsSentence(t) && !sentenceWordRE.MatchString(t) || isStyledHeading(l) && i == 0 || l.Style == "Title" {
			return cleanTitle(t), i
		}
	}
	return "", -1
}

// cleanTitle returns the job title of a title line, without the company
// or place set beside it and without a trailing "(Remote)".
func cleanTitle(t string) string {
	title, _ := splitTitleLine(t)
	return title
}

// titleSeparators split a title line: "Senior CSM — Acme (Remote)",
// "Customer Success Manager | Tinplate | Detroit, MI", "Sprocketry —
// Customer Success Manager, Scaled", "CSM at Acme".
var titleSeparators = regexp.MustCompile(`\s+(?:[|·•—–-]|at|@)\s+`)

// atTailRE finds the company after a final " at " or " @ ".
var atTailRE = regexp.MustCompile(`\s+(?:at|@)\s+([^|·•—–]+?)\s*(?:\(.*\))?\s*$`)

// careersRE reads the company out of a page title part such as "Careers
// at Tandem Ridge" or "Jobs at Acme".
var careersRE = regexp.MustCompile(`(?i)^(?:careers|jobs|work|join us|openings)\s+(?:at|@)\s+(.+)$|^(.+?)\s+(?:careers|jobs)$`)

// splitTitleLine splits a title line into the job title (the part with
// role words) and the company (the first other part that is not a place,
// a segment or an employment term).
func splitTitleLine(t string) (title, company string) {
	t = strings.TrimSpace(strings.Trim(t, "#*_ "))
	// Cut t at the separators, keeping where each part starts and ends.
	type part struct {
		text       string
		start, end int
	}
	var parts []part
	at := 0
	for _, m := range titleSeparators.FindAllStringIndex(t, -1) {
		parts = append(parts, part{t[at:m[0]], at, m[0]})
		at = m[1]
	}
	parts = append(parts, part{t[at:], at, len(t)})
	ti := 0
	for i, p := range parts {
		if hasRoleWord(p.text) {
			ti = i
			break
		}
	}
	// "… at Ardent Pay": what follows "at" is the company.
	ci := -1
	if m := atTailRE.FindStringSubmatchIndex(t); m != nil {
		if c := strings.TrimSpace(t[m[2]:m[3]]); !hasRoleWord(c) && !isMetaText(c) {
			company = c
			for i, p := range parts {
				if p.start <= m[2] && m[2] < p.end+1 {
					ci = i
				}
			}
		}
	}
	for i, p := range parts {
		if company != "" {
			break
		}
		text := strings.TrimSpace(p.text)
		if i := strings.Index(text, " ("); i > 0 && strings.HasSuffix(text, ")") {
			text = text[:i] // "Acme (Remote)"
		}
		if m := careersRE.FindStringSubmatch(text); m != nil {
			text = m[1] + m[2]
		}
		if i == ti || text == "" || hasRoleWord(text) || isMetaText(text) {
			continue
		}
		company, ci = text, i
	}
	// The title runs on over the parts after it that are neither the
	// company nor facts: "Business Development Manager - Strategic
	// Partnerships at Ardent Pay".
	end := parts[ti].end
	for i := ti + 1; i < len(parts) && i != ci; i++ {
		if isMetaText(parts[i].text) || careersRE.MatchString(strings.TrimSpace(parts[i].text)) {
			break
		}
		end = parts[i].end
	}
	title = t[parts[ti].start:end]
	if ci > ti && ci < len(parts) && end > parts[ci].start {
		title = t[parts[ti].start:parts[ci].start]
	}
	if i := strings.Index(title, " ("); i > 0 {
		title = title[:i]
	}
	title = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(title), " -–—|:"))
	if company != "" {
		title = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(title, " at"), " @"))
	}
	return title, company
}

// metaWords mark a line of facts about the job (where, what contract,
// which segment), not a company name.
var metaWords = regexp.MustCompile(`(?i)\b(?:remote|hybrid|on-?site|in-office|office|full[- ]time|part[- ]time|contract|contractor|permanent|temporary|freelance|internship|posted|salary|worldwide|anywhere|relocation|enterprise|mid-market|midmarket|smb|scaled|emea|apac|amer|americas|latam|dach|nordics|europe|global|us|uk|eu|usa|scale-?up|start-?up|fintech|saas|series|client|confidential|stealth|leading|fast-growing|growing)\b|[£$€]|\d`)

// isMetaText reports whether s is a place or a fact about the job rather
// than a company name: "Madrid or Remote (Spain)", "Chicago, IL",
// "London or Lisbon", "Full-time", "ENTERPRISE".
func isMetaText(s string) bool {
	s = strings.TrimSpace(s)
	if orgSuffixRE.MatchString(s) && !metaWords.MatchString(s) {
		return false // "Intellum, Inc." is a company, whatever its commas
	}
	if s == "" || metaWords.MatchString(s) || findLocation(s) == s || usLocationRE.MatchString(s) {
		return true
	}
	if a, b, ok := strings.Cut(s, " or "); ok && wordCount(a) <= 2 && wordCount(b) <= 3 {
		return true
	}
	return false
}

const properNoun = `((?:[\p{Lu}\d][\p{L}\d&.'’\-]*)(?:\s+(?:[\p{Lu}\d][\p{L}\d&.'’\-]*|of|&|and|de|for))*)`

var (
	atCompanyRE    = regexp.MustCompile(`\s+(?:at|@|[-–—|])\s+` + properNoun + `\s*$`)
	companyLineRE  = regexp.MustCompile(`^\s*([^—–|·]{2,60}?)\s+[—–|·]\s+(.{2,80})$`)
	companyFieldRE = regexp.MustCompile(`(?i)^\s*(?:company|employer|organi[sz]ation|empresa|unternehmen|hiring company)\s*[:：]\s*(.+)$`)
	aboutHeadingRE = regexp.MustCompile(`(?i)^\s*(?:about|why|life at|benefits at|working at|work at|join|why join|careers at|who is)\s+(.+?)\s*[:?!.]*\s*$`)
	bodyPatterns   = []*regexp.Regexp{
		regexp.MustCompile(`\b(?:At|at)\s+` + properNoun + `,\s+(?:we|our|you)\b`),
		regexp.MustCompile(`\b(?:En|Chez|Bei)\s+` + properNoun + `,\s+\p{Ll}`),
		regexp.MustCompile(`(?:^|[.!]\s+)At\s+` + properNoun + `\s+we\b`),
		regexp.MustCompile(`(?:^|[.!]\s+)We(?:'|’| a)re\s+` + properNoun + `[.,:;]`),
		regexp.MustCompile(`\b(?:team|us|company)\s+at\s+` + properNoun + `(?:,|\s+where)`),
		regexp.MustCompile(`(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?` + properNoun),
		regexp.MustCompile(`(?i:careers|jobs)\s+(?:at|@)\s+` + properNoun),
		regexp.MustCompile(`(?:^|[.!]\s+)` + properNoun + `\s+(?:is|was|are)\s+(?:a|an|the|building|hiring|looking|on a mission|expanding|growing|seeking)\b`),
		regexp.MustCompile(`\b(?:Join|join)\s+` + properNoun + `\b`),
		regexp.MustCompile(`\b(?:Here at|here at|work at|Work at|working at|Working at)\s+` + properNoun),
		regexp.MustCompile(`(?:^|\s)` + properNoun + `(?:'s|’s)\s+(?:mission|vision|platform|product|customers|team|culture)`),
		regexp.MustCompile(`(?:^|[.!]\s+)` + properNoun + `\s+(?:helps|builds|provides|offers|enables|empowers|develops|creates|makes|sells|serves|powers|connects|automates|delivers|runs|operates|gives|lets|turns)\b`),
		// "… on the road with Orrery, the predictive-maintenance platform".
		regexp.MustCompile(`\b(?:with|by|using|at|to|on|in|for|from)\s+` + properNoun + `,\s+(?:the|a|an)\s+[\p{Ll}-]+(?:\s+[\p{Ll}-]+)?\s+(?:platform|company|software|app|startup|leader|provider|tool)\b`),
	}
	abbrevEndRE = regexp.MustCompile(`(?i)\b(?:inc|ltd|co|corp|llc|s\.a|b\.v)\.$`)
	companyStop = map[string]bool{
		"us": true, "you": true, "the role": true, "the team": true, "the company": true, "this role": true,
		"the job": true, "the position": true, "our team": true, "we": true, "our company": true, "our": true,
		"the": true, "a": true, "an": true, "this": true, "it": true, "they": true, "our mission": true,
		"you’ll": true, "you'll": true, "the opportunity": true, "what": true, "who": true, "why": true,
		"customer success": true, "sales": true, "product": true, "remote": true, "role": true, "team": true,
		"in": true, "our customers": true, "your": true, "as": true, "if": true, "when": true,
		"join": true, "join us": true, "jobs": true, "careers": true, "home": true, "apply": true, "menu": true,
		"open roles": true, "all jobs": true, "log in": true, "sign in": true,
		// "The" is trimmed before this lookup, so LinkedIn's "About the
		// job" heading arrives here as "job".
		"job": true, "position": true, "opportunity": true, "company": true, "mission": true,
	}
)

// recruiterRE spots a recruiter's advert: "Our client, a Series B
// fintech, …" (not "our clients", a company's customers).
var recruiterRE = regexp.MustCompile(`(?i)\bour client\b(?:,|\s+(?:is|a|an|has)\b)|\bon behalf of (?:our|a|an)\b`)

// namedClientRE reads a recruiter's named client: "Our client, Halcyon
// Freight, is …".
var namedClientRE = regexp.MustCompile(`(?i:our client),\s+` + properNoun + `,`)

// fieldLabelRE matches a lone "Company" label whose value is on the next
// line.
var fieldLabelRE = regexp.MustCompile(`(?i)^\s*(?:company|employer|organi[sz]ation|hiring company|empresa|unternehmen)\s*:?\s*$`)

// companyOfMetaLine reads "Demodesk — Munich, Germany" (a company, then
// facts) and returns the company; a line of facts alone ("Madrid or
// Remote (Spain) · Full-time", "Chicago, IL · Sales") gives "".
func companyOfMetaLine(s string) string {
	parts := titleSeparators.Split(strings.Trim(s, "*_ "), -1)
	if len(parts) < 2 {
		return ""
	}
	first := strings.TrimSpace(parts[0])
	if hasRoleWord(first) || isMetaText(first) || wordCount(first) > 5 || sentenceWordRE.MatchString(first) || endsSentence(s) {
		return ""
	}
	return first
}

// sentenceWordRE finds the words of a sentence ("You'll join the team"),
// which a company name does not hold.
var sentenceWordRE = regexp.MustCompile(`(?i)\b(?:you|you'll|you’ll|we|we're|our|your|join|the|a|an|is|are|will|to)\b`)

// isBareName reports whether a line could be a company name standing on
// its own: one to four capitalised words, no role words, no facts.
func isBareName(l Line) bool {
	t := strings.TrimSpace(strings.Trim(l.Text, "#*_ "))
	return t != "" && !l.Bullet && !l.Heading && wordCount(t) <= 4 && titleLike(t) && !strings.ContainsAny(t, ",:;|!?") &&
		!hasRoleWord(t) && !isMetaText(t) && classifyJDHeading(t) == SectionOther
}

func isCompanyLine(s string) bool {
	m := companyLineRE.FindStringSubmatch(s)
	return m != nil && !hasRoleWord(m[1]) && wordCount(m[1]) <= 6
}

// findCompany scores candidate names from the places job descriptions
// name their company — a "Company — Location" line under the title, a
// "Company:" field, the title itself ("… at Acme"), "About Acme"
// headings, and sentences such as "At Acme, we" or "Acme is hiring" —
// then writes the winner as the text most often writes it.
func findCompany(lines []Line, titleAt int) string {
	scores := map[string]float64{}
	display := map[string]string{}
	fielded := ""  // the company a "Company:" field names
	fromMeta := "" // the name read from the facts line under the title
	add := func(name string, w float64) {
		name = strings.TrimSpace(strings.Trim(name, " ,:;!?*_#\"“”'’()"))
		name = strings.TrimSuffix(strings.TrimSuffix(name, "’s"), "'s")
		if !abbrevEndRE.MatchString(name) {
			name = strings.TrimRight(name, ".")
		}
		for _, p := range []string{"the ", "The "} {
			name = strings.TrimPrefix(name, p)
		}
		// properNoun lets "of", "and", "&" join words; none ends a name.
		for _, w := range []string{" and", " of", " &", " for", " de"} {
			name = strings.TrimSuffix(name, w)
		}
		key := strings.ToLower(name)
		if name == "" || companyStop[key] || len([]rune(name)) > 50 || wordCount(name) > 5 || hasRoleWord(name) && w < 4 {
			return
		}
		if _, isHeading := ClassifyCVHeading(name); isHeading {
			return
		}
		scores[key] += w
		if display[key] == "" {
			display[key] = name
		}
	}
	if titleAt >= 0 {
		if _, c := splitTitleLine(lines[titleAt].Text); c != "" {
			add(c, 5)
		}
		if titleAt+1 < len(lines) {
			next := strings.TrimSpace(lines[titleAt+1].Text)
			if c := companyOfMetaLine(next); c != "" {
				add(c, 5)
				fromMeta = strings.ToLower(c)
			} else if isBareName(lines[titleAt+1]) {
				// "Director of Customer Success / Palisade Health /
				// Nashville, TN": a bare name on the line under the title.
				add(next, 3)
			}
		}
		// A job board puts the company on the line above the title; a
		// careers page starts with its logo's text.
		if titleAt > 0 && isBareName(lines[titleAt-1]) {
			add(strings.TrimSpace(lines[titleAt-1].Text), 3.5)
		}
	}
	for i := 0; i+1 < len(lines); i++ {
		// A field table ("Company | Brackenbury") arrives as a label line
		// and a value line.
		if fieldLabelRE.MatchString(lines[i].Text) && wordCount(lines[i+1].Text) <= 5 {
			add(lines[i+1].Text, 6)
		}
	}
	for _, l := range lines {
		// The same table read as rows: "Company | Brackenbury".
		cells := l.Cells
		if len(cells) == 0 {
			cells = strings.Split(l.Text, " | ")
		}
		if len(cells) == 2 && fieldLabelRE.MatchString(cells[0]) && wordCount(cells[1]) <= 5 {
			add(cells[1], 6)
		}
	}
	var all strings.Builder
	for i, l := range lines {
		t := strings.TrimSpace(l.Text)
		all.WriteString(t)
		all.WriteString("\n")
		if m := companyFieldRE.FindStringSubmatch(t); m != nil {
			add(m[1], 6)
			if fielded == "" {
				fielded = strings.TrimSpace(m[1])
			}
		}
		if m := namedClientRE.FindStringSubmatch(t); m != nil {
			add(m[1], 6)
			if fielded == "" {
				fielded = strings.TrimSpace(m[1])
			}
		}
		switch l.Style {
		case StyleSiteName:
			add(t, 6)
		case StyleHTMLTitle:
			if _, c := splitTitleLine(t); c != "" {
				add(c, 4)
			}
		}
		if l.Heading || i < 3 {
			if m := aboutHeadingRE.FindStringSubmatch(strings.Trim(t, "#*_ ")); m != nil {
				add(m[1], 3)
			}
		}
		for _, re := range bodyPatterns {
			for _, m := range re.FindAllStringSubmatch(t, -1) {
				add(m[1], 1.5)
			}
		}
	}
	if len(scores) == 0 {
		return ""
	}
	text := all.String()
	low := strings.ToLower(text)
	// A recruiter's advert hides its client: the words around the title
	// are a description ("fintech scale-up — London"), not a name. Only a
	// field that names the company counts then.
	if recruiterRE.MatchString(text) {
		if fielded == "" {
			return ""
		}
		return fielded
	}
	keys := make([]string, 0, len(scores))
	for k := range scores {
		// Each mention anywhere adds a little: the company is named often.
		n := strings.Count(low, k)
		if n > 8 {
			n = 8
		}
		scores[k] += 0.4 * float64(n)
		// The first part of "Oslo · Hybrid" under the title is a place
		// unless the text names it again, as it names its company.
		if k == fromMeta && n < 2 {
			scores[k] -= 4
		}
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if scores[keys[i]] != scores[keys[j]] {
			return scores[keys[i]] > scores[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return plainName(text, canonicalCasing(text, display[keys[0]]))
}

// legalFormRE matches a legal form after a company name.
var legalFormRE = regexp.MustCompile(`(?i),?\s+(?:inc\.?|incorporated|ltd\.?|limited|llc|l\.l\.c\.|gmbh|ag|b\.v\.?|bv|n\.v\.?|s\.a\.?|sa|s\.l\.?|s\.r\.l\.?|plc|pty\.? ltd\.?|oy|ab|as|a/s|aps|sas|sarl|kg|co\.?,? ltd\.?|corp\.?|corporation)$`)

// plainName drops a legal form ("Vrachtlink B.V.") when the text names the
// company without it more often than with it, as people do.
func plainName(text, name string) string {
	loc := legalFormRE.FindStringIndex(name)
	if loc == nil || loc[0] == 0 {
		return name
	}
	bare := strings.TrimSpace(name[:loc[0]])
	low := strings.ToLower(text)
	with := strings.Count(low, strings.ToLower(name))
	without := strings.Count(low, strings.ToLower(bare)) - with
	if without >= with {
		return bare
	}
	return name
}

// canonicalCasing returns the spelling of name the text uses most often
// among those that are not all lower case: a JD header may say "shiphero"
// where the body says "ShipHero".
func canonicalCasing(text, name string) string {
	counts := map[string]int{}
	low := strings.ToLower(text)
	key := strings.ToLower(name)
	for i := 0; ; {
		j := strings.Index(low[i:], key)
		if j < 0 {
			break
		}
		at := i + j
		if at+len(key) <= len(text) {
			counts[text[at:at+len(key)]]++
		}
		i = at + len(key)
	}
	best, n := name, 0
	variants := make([]string, 0, len(counts))
	for v := range counts {
		variants = append(variants, v)
	}
	sort.Strings(variants)
	for _, v := range variants {
		c := counts[v]
		if v == strings.ToLower(v) {
			continue
		}
		// All-caps spellings are often logos or headings: prefer mixed case.
		if isAllCaps(v) && len([]rune(v)) > 4 {
			c = c / 3
		}
		if c > n {
			best, n = v, c
		}
	}
	if n == 0 && best == strings.ToLower(best) {
		return titleCase(best)
	}
	return best
}

var locationFieldRE = regexp.MustCompile(`(?i)^\s*(?:location|based in|ubicación|standort|lieu)\s*[:：]\s*(.+)$`)

func findJobLocation(lines []Line, titleAt int) string {
	if titleAt >= 0 && titleAt+1 < len(lines) {
		if m := companyLineRE.FindStringSubmatch(lines[titleAt+1].Text); m != nil {
			return strings.TrimSpace(m[2])
		}
	}
	for i, l := range lines {
		if i > 30 {
			break
		}
		if m := locationFieldRE.FindStringSubmatch(l.Text); m != nil {
			return strings.TrimSpace(m[1])
		}
	}
	return ""
}
