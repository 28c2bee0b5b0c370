package match

import (
	"strconv"
	"strings"
	"unicode"

	"prep/ingest"
)

// statement is a verbatim piece of the CV with what the analysis read in
// it. Statement (embedded) is what the analysis quotes.
type statement struct {
	Statement
	order  int  // position in the CV
	entry  int  // index into the experience entries, -1 outside them
	bullet bool // an experience bullet: counts for the quantified share
	// header marks a role's title or company, or the CV's headline: read
	// for context (a "SaaS" company, an "Onboarding Specialist" title) but
	// never quoted as a story or scored as achievement.
	header bool
	weight float64 // section × recency × seniority of the entry
	toks   []token
	ts     []term
	tools  []int
	// signals are the pack's signals found in the statement; set by the
	// pack before scoring.
	signals signalSet
}

// quantified reports whether the statement carries a metric.
func (s *statement) quantified() bool { return len(s.Metrics) > 0 }

// hasKind reports whether the statement carries a metric of one of kinds.
func (s *statement) hasKind(kinds []string) bool {
	for _, m := range s.Metrics {
		if contains(kinds, m.Kind) {
			return true
		}
	}
	return false
}

// Section weights: a line in a role weighs more than a line in a summary,
// which weighs more than a keyword in a skills list.
var sectionWeight = map[string]float64{
	"experience": 1, "projects": 0.8, "summary": 0.35, "certifications": 0.4,
	"other": 0.4, "skills": 0.3, "education": 0.3,
}

// cvReading is the CV as the analysis uses it.
type cvReading struct {
	view       *ingest.CV
	statements []*statement
	entries    []entryInfo
	currency   string
	years      float64
	text       string // the document's text, whitespace collapsed
	language   string // "" for English, else the language's name
}

// entryInfo is what the analysis knows about one experience entry.
type entryInfo struct {
	label   string // "title @ company"
	context string // "Senior CSM at Acme (2021 - Present)"
	recency float64
	senior  bool
}

// readCV splits the CV into statements and recognises their metrics and
// tools. Statements that are not verbatim substrings of the document's
// text (whitespace aside) are dropped: the analysis never quotes words the
// candidate did not write.
func readCV(doc *ingest.Document, cv *ingest.CV) *cvReading {
	r := &cvReading{view: cv, text: collapse(doc.Text())}
	r.language = language(r.text)
	r.currency = dominantCurrency(r.text)
	asOf := latestMonth(cv, r.text)
	r.years = yearsOfExperience(cv.Experience, asOf)
	for i, e := range cv.Experience {
		r.entries = append(r.entries, describeEntry(i, e, asOf))
	}

	add := func(text, section string, entry int, bullet bool) *statement {
		text = strings.TrimSpace(text)
		if t, ok := ingest.SplitBullet(text); ok {
			text = t
		}
		if countLetters(text) < 3 || !strings.Contains(r.text, collapse(text)) || contactLine(text, cv.Contact) {
			return nil
		}
		w := sectionWeight[section]
		if w == 0 {
			w = sectionWeight["other"]
		}
		label := ""
		if entry >= 0 {
			label = r.entries[entry].label
			w *= r.entries[entry].recency
			if r.entries[entry].senior {
				w *= 1.15
			}
		}
		toks := tokenize(text)
		ts, wishFrom, wishTo := dropWishes(toks, terms(toks))
		metrics := findMetrics(text, toks, r.currency)
		if wishTo > wishFrom {
			kept := metrics[:0]
			for _, m := range metrics {
				if at := strings.Index(text, m.Text); at < wishFrom || at >= wishTo {
					kept = append(kept, m)
				}
			}
			metrics = kept
		}
		s := &statement{
			Statement: Statement{Text: text, Section: section, Entry: label, Metrics: metrics},
			order:     len(r.statements), entry: entry, bullet: bullet, weight: w,
			toks: toks, ts: ts, tools: findTools(toks, ts),
		}
		if s.Metrics == nil {
			s.Metrics = []Metric{}
		}
		r.statements = append(r.statements, s)
		return s
	}
	// Tables: each row is one statement, its cells read together so a
	// label cell gives the value cell its kind ("Net revenue retention" |
	// "109%"). Entries list a table's cells as bullets; they are replaced
	// by the rows of their table.
	emitted := map[*tableBlock]bool{}
	addTable := func(t *tableBlock, section string, entry int, bullet bool) {
		if emitted[t] {
			return
		}
		emitted[t] = true
		for _, row := range t.rows {
			if s := add(row.text, section, entry, bullet); s != nil {
				s.Metrics = row.metrics(r.currency)
			}
		}
	}
	addHeader := func(text string, entry int) {
		if s := add(text, "header", entry, false); s != nil {
			s.header = true
		}
	}
	if h := cv.Contact.Headline; h != "" {
		addHeader(h, -1)
	}
	context := entryContext(cv)
	for i, e := range cv.Experience {
		addHeader(e.Title, i)
		addHeader(e.Company, i)
		addHeader(e.About, i)
		for _, l := range context[i] {
			addHeader(l, i)
		}
	}

	experienceDone := false
	headingFound := false
	for _, sec := range cv.Sections {
		if sec.Kind != ingest.SectionContact {
			headingFound = true
		}
	}
	for _, sec := range cv.Sections {
		kind := string(sec.Kind)
		if sec.Kind == ingest.SectionOther && cv.Contact.Name != "" && strings.EqualFold(strings.TrimSpace(sec.Heading), cv.Contact.Name) {
			// A name in capitals read as a heading: the lines under it
			// are the contact block, not experience.
			continue
		}
		switch sec.Kind {
		case ingest.SectionContact:
			if headingFound {
				continue
			}
			// No heading was found: the whole CV sits in the contact
			// section. Read what follows the first lines as plain text.
			lines := sec.Lines
			if len(lines) > 3 {
				lines = lines[3:]
			} else {
				lines = nil
			}
			for _, b := range splitTables(lines) {
				if b.table != nil {
					addTable(b.table, "other", -1, false)
					continue
				}
				for _, p := range ingest.Paragraphs(b.lines) {
					for _, s := range splitLong(p.Text) {
						add(s, "other", -1, false)
					}
				}
			}
		case ingest.SectionExperience:
			if len(cv.Experience) > 0 {
				if experienceDone {
					continue
				}
				experienceDone = true
				cells := map[string]*tableBlock{}
				for _, es := range cv.Sections {
					if es.Kind != ingest.SectionExperience {
						continue
					}
					for _, b := range splitTables(es.Lines) {
						if b.table != nil {
							for _, c := range b.table.cells {
								cells[c] = b.table
							}
						}
					}
				}
				for i, e := range cv.Experience {
					for _, b := range e.Bullets {
						if t, ok := cells[strings.TrimSpace(b)]; ok {
							addTable(t, kind, i, true)
							continue
						}
						for _, s := range splitLong(b) {
							add(s, kind, i, true)
						}
					}
				}
				continue
			}
			// Entries were not found (no dates): every line of prose is a
			// statement of an unknown role.
			for _, b := range splitTables(sec.Lines) {
				if b.table != nil {
					addTable(b.table, kind, -1, true)
					continue
				}
				for _, p := range ingest.Paragraphs(b.lines) {
					if wordCount(p.Text) < 5 {
						continue
					}
					for _, s := range splitLong(p.Text) {
						add(s, kind, -1, true)
					}
				}
			}
		default:
			for _, b := range splitTables(sec.Lines) {
				if b.table != nil {
					addTable(b.table, kind, -1, false)
					continue
				}
				switch sec.Kind {
				case ingest.SectionSummary:
					for _, p := range ingest.Paragraphs(b.lines) {
						for _, s := range splitSentences(p.Text) {
							add(s, kind, -1, false)
						}
					}
				case ingest.SectionSkills, ingest.SectionEducation, ingest.SectionCertifications:
					for _, l := range b.lines {
						add(l.Text, kind, -1, false)
					}
				default:
					for _, p := range ingest.Paragraphs(b.lines) {
						for _, s := range splitLong(p.Text) {
							add(s, kind, -1, false)
						}
					}
				}
			}
		}
	}
	return r
}

// wishVocabulary finds where a sentence turns to what the candidate wants
// rather than what they did: "I want to grow into larger, more strategic
// accounts", "looking to move into customer success", "Aspiring CSM".
var wishVocabulary = compileClasses(map[int]string{
	0: "i want|i'd like|i would like|i'd love|i would love|i am looking|i'm looking|looking to|looking for a|looking for an|looking for my|looking for the next|i hope|hoping to|keen to|eager to|hungry to|excited to move|excited to grow|aspiring|aspire|aspiration|seeking a|seeking an|seeking to|my goal|my ambition|i aim|aiming to|ready to move|ready to step up|next step in my career|would welcome|career change into",
})

// dropWishes returns the terms of a statement without those of a wish:
// from a wish's first word to the end of its sentence or clause. A wish, a goal or
// an ambition is not evidence, so what it names ("strategic accounts",
// "customer success") counts for nothing. It also returns the byte range
// the wish covers (empty when there is none), for the metrics.
func dropWishes(toks []token, ts []term) ([]term, int, int) {
	hits := wishVocabulary.match(toks, ts)
	if len(hits) == 0 {
		return ts, 0, 0
	}
	first := ts[hits[0].first].tok
	for _, h := range hits[1:] {
		first = min(first, ts[h.first].tok)
	}
	last := len(toks)
	for k := first + 1; k < len(toks); k++ {
		if toks[k].hardBreak() {
			last = k
			break
		}
	}
	kept := make([]term, 0, len(ts))
	for _, t := range ts {
		if t.tok < first || t.tok >= last {
			kept = append(kept, t)
		}
	}
	end := toks[len(toks)-1].end
	if last < len(toks) {
		end = toks[last].start
	}
	return kept, toks[first].start, end
}

// entryContext returns, for each experience entry, the lines of its header
// that say more than its title, company, dates and place: "Nimbusfold —
// backup and disaster-recovery SaaS for IT teams", "Procurement SaaS for
// mid-market and enterprise buyers · 2016 – 2020". The entry keeps the
// company's name; what the line says about the business is where a reader
// sees SaaS, the segment or the motion of the role, so it is read as a
// header: context, never a story or a result.
func entryContext(cv *ingest.CV) [][]string {
	out := make([][]string, len(cv.Experience))
	var lines []ingest.Line
	for _, sec := range cv.Sections {
		if sec.Kind == ingest.SectionExperience {
			lines = append(lines, sec.Lines...)
		}
	}
	// Every bullet of every entry, so wrapped bullet lines are known too.
	var bullets strings.Builder
	for _, e := range cv.Experience {
		// The employer's description is read as a header on its own.
		for _, b := range append([]string{e.About}, e.Bullets...) {
			bullets.WriteString(collapse(b))
			bullets.WriteByte('\n')
		}
	}
	all := bullets.String()
	isBullet := func(l ingest.Line) bool {
		t := collapse(l.Text)
		return l.Bullet || l.Heading || t == "" || strings.Contains(all, t)
	}
	names := func(e ingest.Entry) []string {
		var out []string
		for _, v := range []string{e.Title, e.Company, e.Dates} {
			if v = collapse(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	cursor := 0
	for i, e := range cv.Experience {
		own := names(e)
		// What names the next entry and not this one: two roles at one
		// company share its name.
		var next []string
		if i+1 < len(cv.Experience) {
			for _, v := range names(cv.Experience[i+1]) {
				if !contains(own, v) {
					next = append(next, v)
				}
			}
		}
		// The header starts on the line with the title or the dates: a
		// company line alone may belong to another role there.
		first := names(ingest.Entry{Title: e.Title, Dates: e.Dates})
		if len(first) == 0 {
			first = own
		}
		start := -1
		for j := cursor; j < len(lines) && start < 0; j++ {
			if !isBullet(lines[j]) && containsAny(collapse(lines[j].Text), first) {
				start = j
			}
		}
		if start < 0 {
			continue
		}
		end := start
		// The header is the line that names the entry and at most two
		// more before its first bullet or the next entry.
		for end < len(lines) && end < start+3 && !isBullet(lines[end]) && (end == start || !containsAny(collapse(lines[end].Text), next)) {
			end++
		}
		cursor = end
		for _, l := range lines[start:end] {
			rest := collapse(l.Text)
			for _, v := range append(own, collapse(e.Location)) {
				if v != "" {
					rest = strings.ReplaceAll(rest, v, " ")
				}
			}
			if countLetters(rest) >= 10 {
				out[i] = append(out[i], l.Text)
			}
		}
	}
	return out
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, v := range subs {
		if strings.Contains(s, v) {
			return true
		}
	}
	return false
}

// contactLine reports whether a line carries the candidate's contact
// details: it is never a statement of experience.
func contactLine(text string, c ingest.Contact) bool {
	for _, v := range []string{c.Email, c.Phone, c.LinkedIn} {
		if v != "" && strings.Contains(text, v) {
			return true
		}
	}
	return false
}

// describeEntry labels an experience entry and weighs it by recency and
// seniority.
func describeEntry(i int, e ingest.Entry, asOf int) entryInfo {
	company := e.Company
	if company == "" && e.Location != "" {
		// Some layouts put "Company, City" on one line, which the entry
		// parser keeps as the location.
		if c, _, ok := strings.Cut(e.Location, ","); ok && !strings.ContainsAny(c, "0123456789") && wordCount(c) <= 5 {
			company = strings.TrimSpace(c)
		}
	}
	info := entryInfo{}
	switch {
	case e.Title != "" && company != "":
		info.label = e.Title + " @ " + company
		info.context = e.Title + " at " + company
	case e.Title != "":
		info.label, info.context = e.Title, e.Title
	default:
		info.label, info.context = company, company
	}
	if e.Dates != "" {
		info.context += " (" + e.Dates + ")"
	}
	info.senior = seniorTitle(e.Title)
	info.recency = 1
	end, ok := parseMonth(e.End, true)
	switch {
	case e.Current:
	case ok && asOf > 0:
		switch gap := asOf - end; {
		case gap <= 12:
		case gap <= 36:
			info.recency = 0.85
		case gap <= 72:
			info.recency = 0.7
		default:
			info.recency = 0.55
		}
	default:
		// No dates: CVs list roles newest first.
		info.recency = max(0.55, 1-0.15*float64(i))
	}
	return info
}

var seniorWords = []string{"senior", "sr", "lead", "principal", "head", "director", "vp", "vice", "chief", "staff", "manager of", "team lead"}

// seniorTitle reports whether a title is above a mid-level IC.
func seniorTitle(title string) bool {
	for _, t := range tokenize(title) {
		if t.kind == tokWord && contains(seniorWords, t.lower) {
			return true
		}
	}
	return false
}

// parseMonth reads "YYYY-MM" or "YYYY" as a month number. A bare year is
// its January when it starts a range and its December when it ends one.
func parseMonth(s string, end bool) (int, bool) {
	if len(s) < 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1950 || y > 2100 {
		return 0, false
	}
	m := 1
	if end {
		m = 12
	}
	if len(s) >= 7 && s[4] == '-' {
		if mm, err := strconv.Atoi(s[5:7]); err == nil && mm >= 1 && mm <= 12 {
			m = mm
		}
	}
	return y*12 + m - 1, true
}

// latestMonth is the "today" of a CV: the latest month any entry names, or
// the latest year the text mentions. The analysis has no clock so the same
// files always give the same report; a current role therefore counts up to
// the last date the CV itself shows.
func latestMonth(cv *ingest.CV, text string) int {
	latest := 0
	for _, e := range cv.Experience {
		for _, d := range []struct {
			s   string
			end bool
		}{{e.Start, false}, {e.End, true}} {
			if m, ok := parseMonth(d.s, d.end); ok && m > latest {
				latest = m
			}
		}
	}
	for _, t := range tokenize(text) {
		if t.kind == tokNum && len(t.text) == 4 {
			if y, err := strconv.Atoi(t.text); err == nil && y >= 1980 && y <= 2100 && y*12 > latest {
				latest = y * 12
			}
		}
	}
	return latest
}

// yearsOfExperience adds up the months the entries cover, overlaps counted
// once, to the nearest half year.
func yearsOfExperience(entries []ingest.Entry, asOf int) float64 {
	type span struct{ a, b int }
	var spans []span
	for _, e := range entries {
		a, ok := parseMonth(e.Start, false)
		if !ok {
			continue
		}
		b, ok := parseMonth(e.End, true)
		if !ok {
			if !e.Current {
				continue
			}
			b = max(asOf, a)
		}
		if b < a {
			continue
		}
		spans = append(spans, span{a, b})
	}
	// Sort by start, then merge.
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].a < spans[j-1].a; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	months, end := 0, -1
	for _, s := range spans {
		if s.a > end {
			months += s.b - s.a + 1
			end = s.b
		} else if s.b > end {
			months += s.b - end
			end = s.b
		}
	}
	return float64(int(float64(months)/6+0.5)) / 2
}

// dominantCurrency is the currency the CV writes amounts in, used for
// amounts without a sign ("1.2m ARR"); USD when it writes none.
func dominantCurrency(text string) string {
	counts := map[string]int{}
	toks := tokenize(text)
	for i, t := range toks {
		switch {
		case t.kind == tokPunct:
			if c, ok := currencySymbols[t.text]; ok {
				counts[c]++
			}
		case t.kind == tokWord && currencyCodes[t.text]:
			counts[t.text]++
		case t.kind == tokWord && currencyBefore[t.text] != "":
			counts[currencyBefore[t.text]]++
		case i+1 < len(toks) && toks[i+1].kind == tokNum && randAt(toks, i, i+1):
			// "R18 million": a South African CV's "1.2m ARR" is rand too.
			counts["ZAR"]++
		}
	}
	best, n := "USD", 0
	for _, c := range sortedKeys(counts) {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return best
}

// splitLong keeps a bullet whole unless it is a long run of sentences, as
// role descriptions written in prose are.
func splitLong(s string) []string {
	if wordCount(s) <= 40 {
		return []string{s}
	}
	return splitSentences(s)
}

// abbreviations that end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "inc": true, "ltd": true, "vs": true, "approx": true,
	"mr": true, "ms": true, "mrs": true, "dr": true, "jr": true, "sr": true, "st": true, "no": true,
	"co": true, "corp": true, "u.s": true, "dept": true, "mio": true, "mn": true, "incl": true,
}

// splitSentences cuts s after ". ", "! " or "? " when a capital or a digit
// follows and the word before is not an abbreviation or an initial. The
// pieces are substrings of s.
func splitSentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		if i+2 >= len(s) || s[i+1] != ' ' {
			continue
		}
		next := rune(s[i+2])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next >= 0x80) {
			continue
		}
		if c == '.' {
			w := i
			for w > start && s[w-1] != ' ' && s[w-1] != '(' {
				w--
			}
			word := strings.ToLower(s[w:i])
			if abbreviations[word] || len([]rune(word)) == 1 {
				continue
			}
		}
		if piece := strings.TrimSpace(s[start : i+1]); piece != "" {
			out = append(out, piece)
		}
		start = i + 2
	}
	if piece := strings.TrimSpace(s[start:]); piece != "" {
		out = append(out, piece)
	}
	return out
}

// collapse turns every run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func wordCount(s string) int { return len(strings.Fields(s)) }

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
