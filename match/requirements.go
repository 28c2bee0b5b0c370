package match

import (
	"regexp"
	"strconv"
	"strings"
)

// Requirement coverage. Each requirement bullet is read for the pack's
// signals, tools, metric kinds and content words; each CV statement scores
// on what it shares with it. A shared signal or tool says much more than a
// shared ordinary word, so those weigh more.
const (
	reqSignal  = 2.0
	reqTool    = 2.0
	reqMetric  = 1.0
	reqWord    = 0.75
	reqMaxWord = 4

	reqCoveredAt = 2.5
	reqPartialAt = 1.5
)

// Section factors for requirements: a skills list is fair evidence for a
// tool requirement, so it weighs more here than in pillar scores.
var reqSectionFactor = map[string]float64{
	"experience": 1, "projects": 0.9, "summary": 0.8, "skills": 0.8, "certifications": 0.8,
	"education": 0.8, "other": 0.6,
}

var yearsRE = regexp.MustCompile(`(?i)\b(\d{1,2})\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?\+?\s*(?:years?|yrs?)\b`)

// resultsRE finds requirements that ask for results, not duties: "a track
// record of", "evidence of hitting retention targets", "proven results".
// Only a statement with a number covers them.
var resultsRE = regexp.MustCompile(`(?i)\b(?:track record|proven|evidence of|record of|history of|hitting|hit|achiev\w*|exceed\w*|measurabl\w*|quantifi\w*|demonstrable|results?)\b`)

var degreeRE = regexp.MustCompile(`(?i)\b(?:degree|bachelor'?s?|master'?s?|mba|b\.?a\.?|b\.?sc?\.?|university|college)\b`)

var languages = []string{"english", "german", "french", "spanish", "italian", "portuguese", "dutch", "japanese", "mandarin", "chinese", "korean", "arabic", "hebrew", "russian", "polish", "swedish", "norwegian", "danish", "finnish", "turkish", "hindi"}

// contentStop are words that say nothing about what a requirement needs.
var contentStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or of to in on for with by at from as is are be been being was were will would
	can could should may might must you your we our us they their them it its this that these those who whom which what when where
	how why than then there here all any each every both either more most other such some no not only own same so too very just
	also well into over under about across through during before after above below up down out off again further once
	experience experienced ability able strong excellent great good proven track record skills skill knowledge understanding
	work working worked team teams year years plus including include includes etc e.g i.e role position candidate ideal
	responsible responsibility responsibilities requirement requirements qualification qualifications preferred required
	bonus nice have has having need needs needed looking seeking join help helping make making ensure ensuring using use
	demonstrated demonstrate familiarity familiar comfortable passion passionate desire drive driven self starter high level
	new based like within minimum least similar related relevant environment fast paced dynamic highly effective effectively
	build run drive own manage lead create develop support deliver identify customer client partner`) {
		contentStop[stem(w)] = true
	}
}

// contentWords returns the distinct stems of a text that carry meaning,
// each synonym written as the first word of its group.
func contentWords(toks []token, synonyms map[string]string) []string {
	var out []string
	for _, t := range toks {
		if t.kind != tokWord || len(t.stem) < 3 || contentStop[t.stem] {
			continue
		}
		w := t.stem
		if s, ok := synonyms[w]; ok {
			w = s
		}
		if !contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// bar is a requirement's threshold: a figure it asks for ("a book of 100+
// accounts", "$2M+ ARR", "NRR above 110%", "time to value under 30 days").
type bar struct {
	kind  string
	value float64
	unit  string
}

// thresholdKinds are the metric kinds a requirement can set a bar on, and
// whether less is better.
var thresholdKinds = map[string]bool{
	MetricAccountsManaged: false, MetricARRManaged: false, MetricACV: false, MetricNRR: false,
	MetricGRR: false, MetricRenewalRate: false, MetricExpansionRevenue: false, MetricRevenue: false,
	MetricAdoption: false, MetricNPS: false, MetricCSAT: false,
	MetricChurnRate: true, MetricTTV: true,
}

// rangeStart reads the low end of a range written before a figure: "40-60
// accounts" asks for 40.
var rangeStart = regexp.MustCompile(`(\d[\d,.]*)\s*(?:-|–|to)\s*$`)

// bars returns the bars a requirement sets.
func bars(req requirementText, currency string) []bar {
	var out []bar
	for _, m := range findMetrics(req.text, req.toks, currency) {
		if _, ok := thresholdKinds[m.Kind]; !ok || m.Before != nil {
			continue
		}
		t := bar{kind: m.Kind, value: m.Value, unit: m.Unit}
		if at := strings.Index(req.text, m.Text); at > 0 {
			if g := rangeStart.FindStringSubmatch(req.text[:at]); g != nil {
				if v, ok := parseNumber(g[1], false); ok && v < t.value {
					t.value = v
				}
			}
		}
		out = append(out, t)
	}
	return out
}

// comparable reports whether a CV figure and a bar are in units that can be
// compared. Currencies are compared as they are: a bar set in dollars is
// read against a book in euros without conversion, which is close enough
// to say whether a book is far below or above it.
func comparable(m Metric, t bar) (float64, bool) {
	switch {
	case m.Unit == t.unit:
		return m.Value, true
	case currencyCodes[m.Unit] && currencyCodes[t.unit]:
		return m.Value, true
	case toDays[m.Unit] > 0 && toDays[t.unit] > 0:
		return m.Value * toDays[m.Unit] / toDays[t.unit], true
	}
	return 0, false
}

// bestFigure returns the CV's best figure for a bar (the highest, or the
// lowest where less is better) and the statement that states it.
func bestFigure(r *cvReading, t bar) (float64, *statement) {
	lower := thresholdKinds[t.kind]
	var best float64
	var at *statement
	for _, s := range r.statements {
		if s.header || s.Section == "skills" {
			continue
		}
		for _, m := range s.Metrics {
			if m.Kind != t.kind {
				continue
			}
			v, ok := comparable(m, t)
			if !ok {
				continue
			}
			if at == nil || !lower && v > best || lower && v < best {
				best, at = v, s
			}
		}
	}
	return best, at
}

// coverRequirements decides for each requirement bullet of the job whether
// the CV covers it, and with which statements.
func coverRequirements(p *Pack, job *jobReading, r *cvReading) []Requirement {
	out := []Requirement{}
	words := make([][]string, len(r.statements))
	for i, s := range r.statements {
		words[i] = contentWords(s.toks, p.synonyms)
	}
	cvText := strings.ToLower(r.text)
	cvEnglish := r.language == "" && countLetters(r.text) > 200
	hasEducation := false
	cvTools := map[int]bool{}
	for _, s := range r.statements {
		if s.Section == "education" {
			hasEducation = true
		}
		for _, t := range s.tools {
			cvTools[t] = true
		}
	}
	for _, req := range job.requirements {
		sig := p.signals(req.toks, req.ts).and(p.evidence)
		reqTools := findTools(req.toks, req.ts)
		kinds := metricsNamed(req.toks, req.ts)
		reqWords := contentWords(req.toks, p.synonyms)

		var ss []scored
		for i, s := range r.statements {
			if s.header {
				continue
			}
			v := reqSignal * float64(sig.and(s.signals).count())
			for _, t := range reqTools {
				if containsInt(s.tools, t) {
					v += reqTool
				}
			}
			for _, m := range s.Metrics {
				if contains(kinds, m.Kind) {
					v += reqMetric
					break
				}
			}
			shared := 0
			for _, w := range reqWords {
				if contains(words[i], w) {
					shared++
				}
			}
			v += reqWord * float64(min(shared, reqMaxWord))
			f := reqSectionFactor[s.Section]
			if f == 0 {
				f = reqSectionFactor["other"]
			}
			if v > 0 {
				ss = append(ss, scored{s, v * f})
			}
		}
		rank(ss)
		best, bestWork := 0.0, 0.0
		for _, x := range ss {
			best = max(best, x.v)
			if showsWork(x.s) {
				bestWork = max(bestWork, x.v)
			}
		}
		// Only work covers a requirement: a keyword in a skills list or a
		// summary makes it partial, except for tools and languages, which
		// a skills list is the right place for.
		listable := len(reqTools) > 0
		for _, lang := range languages {
			listable = listable || strings.Contains(strings.ToLower(req.text), lang)
		}
		if !listable && bestWork < reqCoveredAt {
			best = min(best, max(bestWork, reqCoveredAt-0.01))
		}
		capPartial := false
		// A tool list is covered only when every tool is on the CV, or
		// one it offers instead ("a support tool like Intercom or
		// Zendesk").
		if len(reqTools) > 0 {
			alts := toolAlternatives(req.toks, req.ts)
			for _, t := range reqTools {
				ok := cvTools[t]
				for _, a := range alts[t] {
					ok = ok || cvTools[a]
				}
				if !ok {
					capPartial = true
				}
			}
		}
		// A bar on a figure ("a book of 100+ accounts") is met only by a
		// figure at or above it: below it, or with no figure of that kind,
		// the requirement is partial at best.
		var lead []*statement // statements that meet a bar, quoted first
		for _, t := range bars(req, r.currency) {
			v, s := bestFigure(r, t)
			met := s != nil && (thresholdKinds[t.kind] && v <= t.value || !thresholdKinds[t.kind] && v >= t.value)
			switch {
			case met:
				best = max(best, reqCoveredAt)
				lead = append(lead, s)
			case s != nil:
				capPartial = true
				best = max(best, reqPartialAt)
				lead = append(lead, s)
			default:
				capPartial = true
			}
		}
		if resultsRE.MatchString(req.text) {
			numbered := len(lead) > 0
			for _, x := range ss {
				if showsWork(x.s) && x.s.quantified() && x.v >= reqPartialAt {
					numbered = true
					if !containsStatement(lead, x.s) {
						lead = append(lead, x.s)
					}
					break
				}
			}
			capPartial = capPartial || !numbered
		}
		// Years of experience: at or above the bar covers the requirement
		// when the rest of it matches something or says little more than
		// the years; below it, the requirement is partial.
		if m := yearsRE.FindStringSubmatch(req.text); m != nil {
			n, _ := strconv.Atoi(m[1])
			switch {
			case r.years >= float64(n) && (best >= 1 || len(reqWords) <= 2):
				best = max(best+2, reqCoveredAt)
			case r.years >= float64(n) && r.years > 0:
				best = max(best, reqPartialAt)
			case r.years > 0:
				capPartial = true
				best = max(best, reqPartialAt)
			default:
				capPartial = true
			}
		}
		if degreeRE.MatchString(req.text) && hasEducation && wordCount(req.text) <= 20 {
			best = max(best, reqCoveredAt)
		}
		for _, lang := range languages {
			if strings.Contains(strings.ToLower(req.text), lang) {
				// A CV written in English shows English.
				if strings.Contains(cvText, lang) || lang == "english" && cvEnglish {
					best = max(best, reqCoveredAt)
				} else {
					capPartial = true
					best = min(best, reqPartialAt-0.01)
				}
			}
		}
		status := Missing
		switch {
		case best >= reqCoveredAt && !capPartial:
			status = Covered
		case best >= reqPartialAt:
			status = Partial
		}
		rq := Requirement{Text: req.text, Section: req.section, Status: status, Evidence: []Statement{}}
		if status != Missing {
			var quoted []*statement
			for _, s := range lead {
				if !containsStatement(quoted, s) {
					quoted = append(quoted, s)
				}
			}
			for k := 0; k < len(ss) && len(quoted) < 3 && ss[k].v >= reqPartialAt*0.67; k++ {
				if !containsStatement(quoted, ss[k].s) {
					quoted = append(quoted, ss[k].s)
				}
			}
			for k := 0; k < len(quoted) && k < 3; k++ {
				rq.Evidence = append(rq.Evidence, quoted[k].Statement)
			}
		}
		out = append(out, rq)
	}
	return out
}

func containsStatement(ss []*statement, s *statement) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
