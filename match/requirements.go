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

// contentWords returns the distinct stems of a text that carry meaning.
func contentWords(toks []token) []string {
	var out []string
	for _, t := range toks {
		if t.kind != tokWord || len(t.stem) < 3 || contentStop[t.stem] {
			continue
		}
		if !contains(out, t.stem) {
			out = append(out, t.stem)
		}
	}
	return out
}

// coverRequirements decides for each requirement bullet of the job whether
// the CV covers it, and with which statements.
func coverRequirements(p *Pack, job *jobReading, r *cvReading) []Requirement {
	out := []Requirement{}
	words := make([][]string, len(r.statements))
	for i, s := range r.statements {
		words[i] = contentWords(s.toks)
	}
	cvText := strings.ToLower(r.text)
	cvEnglish := language(r.text) == "" && countLetters(r.text) > 200
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
		sig := p.signals(req.toks, req.ts)
		reqTools := findTools(req.toks, req.ts)
		kinds := metricsNamed(req.toks, req.ts)
		reqWords := contentWords(req.toks)

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
		// A tool list is covered only when every tool is on the CV.
		if len(reqTools) > 0 {
			for _, t := range reqTools {
				if !cvTools[t] {
					capPartial = true
				}
			}
		}
		if m := yearsRE.FindStringSubmatch(req.text); m != nil {
			n, _ := strconv.Atoi(m[1])
			switch {
			case r.years >= float64(n) && best >= 1:
				best += 2
			case r.years >= float64(n) && r.years > 0:
				best = max(best, reqPartialAt)
			case r.years < float64(n):
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
			for k := 0; k < len(ss) && k < 3 && ss[k].v >= reqPartialAt*0.67; k++ {
				rq.Evidence = append(rq.Evidence, ss[k].s.Statement)
			}
		}
		out = append(out, rq)
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
