package match

import (
	"fmt"
	"sort"
	"strings"
)

// findGaps runs the pack's gap rules over the CV and the job. Gaps come
// most serious first, then in pack order.
func findGaps(p *Pack, r *cvReading, job *jobReading, f firm) []Gap {
	out := []Gap{}
	emit := func(g gapDef, subject, subjectKey string, evidence []*statement, extra map[string]string) {
		vals := map[string]string{}
		for k, v := range extra {
			vals[k] = v
		}
		if subjectKey != "" {
			vals[subjectKey] = subjectText(subjectKey, subject)
		}
		fix := g.Fix
		if alt, ok := g.FixBySubject[subject]; ok {
			fix = alt
		}
		gap := Gap{
			ID: g.ID, Severity: g.Severity, Pillar: g.Pillar, Subject: subject,
			Message: fill(g.Message, f, vals), Why: fill(g.Why, f, vals), Fix: fill(fix, f, vals),
			Evidence: []Statement{},
		}
		for k := 0; k < len(evidence) && k < 3; k++ {
			gap.Evidence = append(gap.Evidence, evidence[k].Statement)
		}
		out = append(out, gap)
	}

	for i, g := range p.def.Gaps {
		switch g.Rule {
		case ruleNoEvidence:
			found := false
			var partial []*statement
			for _, s := range r.statements {
				if len(g.Metrics) > 0 && s.hasKind(g.Metrics) && s.Section != "skills" {
					found = true
					break
				}
				if worded := p.gapWorded[i]; !worded.empty() && !s.signals.and(worded).empty() && showsWork(s) && !s.header {
					found = true
					break
				}
				own := p.gapEvidence(i, s)
				if own.empty() || s.header && !g.Headers {
					continue
				}
				if with := p.gapWith[i]; !with.empty() && s.signals.and(with).empty() {
					// Near the point but not it ("the sales team on scope at
					// handoff"): shown next to the gap, which stands.
					if !s.header {
						partial = append(partial, s)
					}
					continue
				}
				if !showsWork(s) {
					// A keyword in a skills list or a summary is a claim;
					// the gap stands, and the claim is shown next to it.
					if !s.header {
						partial = append(partial, s)
					}
					continue
				}
				if !g.Quantified || numberNearSignal(p, s, own) {
					found = true
					break
				}
				if !s.header {
					partial = append(partial, s)
				}
			}
			if !found {
				emit(g, "", "", partial, nil)
			}

		case ruleQuantifiedShare:
			var bullets, bare []*statement
			for _, s := range r.statements {
				if !s.bullet {
					continue
				}
				bullets = append(bullets, s)
				if !s.quantified() {
					bare = append(bare, s)
				}
			}
			if len(bullets) == 0 {
				continue
			}
			n := len(bullets) - len(bare)
			if float64(n)/float64(len(bullets)) < g.Below {
				emit(g, "", "", bare, map[string]string{"share": fmt.Sprintf("%d of %d", n, len(bullets))})
			}

		case ruleJDTools:
			have := map[int]bool{}
			for _, s := range r.statements {
				for _, t := range s.tools {
					have[t] = true
				}
			}
			for _, t := range job.tools {
				if have[t] || tools[t].skill {
					continue
				}
				// "Planhat or Gainsight": one of the alternatives is enough.
				alt := false
				for _, o := range job.alternatives[t] {
					alt = alt || have[o]
				}
				if !alt {
					emit(g, tools[t].name, "tool", nil, nil)
				}
			}

		case ruleJDSegment:
			seg := job.job.Segment
			if seg == SegmentUnknown || seg == "" {
				continue
			}
			// A job that names several segments ("enterprise and
			// mid-market") is matched by any of them.
			shown := false
			for _, s := range job.segments {
				shown = shown || cvShowsSegment(r, s)
			}
			if !shown {
				emit(g, seg, "segment", nil, nil)
			}

		case ruleJDMotion:
			for _, m := range job.job.Motions {
				if !cvShowsMotion(r, m) {
					emit(g, m, "motion", nil, nil)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return severities[out[i].Severity] < severities[out[j].Severity]
	})
	return out
}

// gapEvidence returns the signals of gap i a statement carries, without
// those the gap's "unless" rules set aside on it.
func (p *Pack) gapEvidence(i int, s *statement) signalSet {
	own := s.signals.and(p.gapSignals[i])
	for k, not := range p.gapUnless[i] {
		if own.has(k) && !s.signals.and(not).empty() {
			own.remove(k)
		}
	}
	return own
}

// showsWork reports whether a statement can show that the candidate did
// something: a line of a role or a project, a role's title or company, or
// a summary sentence with a number. Skills lists and keyword summaries
// only claim it.
func showsWork(s *statement) bool {
	switch s.Section {
	case "experience", "projects", "other", "header":
		return true
	case "summary":
		return s.quantified()
	}
	return false
}

func subjectText(key, subject string) string {
	switch key {
	case "segment":
		return segmentName(subject)
	case "motion":
		return motionName(subject)
	}
	return subject
}

// cvShowsSegment reports whether the CV shows work in a segment: it names
// it, or the book it describes has that segment's contract sizes (ARR per
// account from a statement that gives both).
func cvShowsSegment(r *cvReading, seg string) bool {
	for _, s := range r.statements {
		for _, h := range segmentVocabulary.match(s.toks, s.ts) {
			if h.signal == segEnterpriseWeak && s.header && !servesWhom(s.toks, s.ts, h) {
				// "Enterprise resource-planning SaaS" on a company line
				// names a category of software, not the accounts served;
				// "SaaS for enterprise and mid-market law firms" names
				// them.
				continue
			}
			for _, c := range segmentsOfClass(h.signal) {
				if segmentOfClass(c) == seg {
					return true
				}
			}
		}
		if acv := impliedACV(s); acv > 0 && segmentOfACV(acv) == seg {
			return true
		}
	}
	return false
}

// servesWhom reports whether a phrase says whom a business serves: "for",
// "to" or "serving" opens its stretch of words within three words before
// it ("SaaS for enterprise and mid-market law firms", "sold to large
// enterprises").
func servesWhom(toks []token, ts []term, h hit) bool {
	for k, words := h.first-1, 0; k >= 0 && words < 3; k, words = k-1, words+1 {
		if ts[k].softAfter {
			return false
		}
		switch toks[ts[k].tok].lower {
		case "for", "to", "serving", "serves", "serve":
			return true
		}
	}
	return false
}

func segmentOfClass(c int) string {
	switch c {
	case segEnterprise:
		return SegmentEnterprise
	case segMidMarket:
		return SegmentMidMarket
	}
	return SegmentSMB
}

// impliedACV is the average contract value a statement implies: an ACV it
// states, or its ARR over its number of accounts ("52 accounts ($3.3M
// ARR)"). Zero when it implies none.
func impliedACV(s *statement) float64 {
	arr, accounts := 0.0, 0.0
	for _, m := range s.Metrics {
		switch m.Kind {
		case MetricACV:
			if m.Unit != UnitPercent {
				return m.Value
			}
		case MetricARRManaged, MetricRevenue:
			if m.Unit != UnitPercent && arr == 0 {
				arr = m.Value
			}
		case MetricAccountsManaged:
			accounts = m.Value
		}
	}
	if arr > 0 && accounts > 0 {
		return arr / accounts
	}
	return 0
}

// Contract sizes by segment, as CS teams usually cut them.
func segmentOfACV(acv float64) string {
	switch {
	case acv >= 100_000:
		return SegmentEnterprise
	case acv >= 15_000:
		return SegmentMidMarket
	}
	return SegmentSMB
}

// cvShowsMotion reports whether the CV shows work in a coverage motion.
// A book of many accounts is tech-touch work whatever the CV calls it.
func cvShowsMotion(r *cvReading, motion string) bool {
	class := 0
	for i, m := range motionNames {
		if m == motion {
			class = i
		}
	}
	for _, s := range r.statements {
		for _, h := range motionHits(motionEvidenceVocabulary, s.toks, s.ts) {
			if h.signal == class {
				return true
			}
		}
		if motion == MotionTechTouch && !s.header && !teamStatement(s) {
			for _, m := range s.Metrics {
				if m.Kind == MetricAccountsManaged && m.Value >= 150 {
					return true
				}
			}
		}
	}
	return false
}

// teamStatement reports whether a statement is about a team's book rather
// than the candidate's own ("Lead a team of 7 CSMs covering 420 accounts").
func teamStatement(s *statement) bool {
	for _, t := range s.toks {
		if t.kind == tokWord && (t.stem == "team" || t.lower == "csms" || t.lower == "lead" || t.lower == "led") {
			return true
		}
	}
	return false
}

// numberNearSignal reports whether a statement has a metric in the same
// clause as one of the signals and close to it (the book's size, time
// saved, a forecast's accuracy or a detection rate do not count): "renewal rate of 94%" does,
// "onboarded 300 accounts … so the first renewal is never a surprise" does
// not. A paragraph of prose is one statement, so sharing a clause is not
// enough: the signal must sit within signalReach words of the number.
func numberNearSignal(p *Pack, s *statement, want signalSet) bool {
	if !s.quantified() {
		return false
	}
	// The clause and the word position of each token.
	clause := make([]int, len(s.toks))
	word := make([]int, len(s.toks))
	n, w := 0, 0
	for k, t := range s.toks {
		if t.hardBreak() {
			n++
		}
		if t.kind != tokPunct {
			w++
		}
		clause[k], word[k] = n, w
	}
	type span struct{ clause, first, last int }
	var hits []span
	for _, h := range p.vocab.match(s.toks, s.ts) {
		if want.has(h.signal) {
			a, b := s.ts[h.first].tok, s.ts[h.end-1].tok
			hits = append(hits, span{clause[a], word[a], word[b]})
		}
	}
	for _, m := range s.Metrics {
		switch m.Kind {
		case MetricAccountsManaged, MetricARRManaged, MetricACV:
			// The book's size frames the work; it is no renewal or
			// expansion result ("a book of 48 contractors ($2.2M ARR);
			// ran their renewals").
			continue
		case MetricOther:
			if toDays[m.Unit] > 0 {
				// Time saved is no account saved: "saving each CSM about
				// 6 hours a week".
				continue
			}
			if m.Unit == UnitCount && countsLeads(m.Text) {
				// "230 CSQLs routed": leads passed on are pipeline, not
				// expansion closed.
				continue
			}
		}
		at := strings.Index(s.Text, m.Text)
		if m.Kind == MetricOther && m.Unit == UnitPercent && at >= 0 && measuresPrediction(s.toks, at, at+len(m.Text)) {
			// "renewal forecast accuracy from 78% to 94%", "flags 81% of
			// churned accounts": how well renewals were forecast or churn
			// was foreseen, not how many renewed or churned.
			continue
		}
		if at < 0 {
			continue
		}
		first, last := -1, -1
		for k, t := range s.toks {
			if t.start >= at && t.end <= at+len(m.Text) {
				if first < 0 {
					first = k
				}
				last = k
			}
		}
		if first < 0 {
			continue
		}
		for _, h := range hits {
			if h.clause != clause[first] && h.clause != clause[last] {
				continue
			}
			if h.first-word[last] <= signalReach && word[first]-h.last <= signalReach {
				return true
			}
		}
	}
	return false
}

// leadWords are the stems of what a count of pipeline counts.
var leadWords = map[string]bool{"csql": true, "pql": true, "sql": true, "mql": true, "lead": true, "opportunity": true, "opp": true, "referral": true}

// countsLeads reports whether a count's phrase ends on leads or
// opportunities: "230 CSQLs", "23 expansion opportunities".
func countsLeads(text string) bool {
	toks := tokenize(text)
	for k := len(toks) - 1; k >= 0; k-- {
		if toks[k].kind == tokWord {
			return leadWords[toks[k].stem]
		}
	}
	return false
}

// predictionWords are the stems of words that make a share measure a
// forecast or a detector rather than customers.
var predictionWords = map[string]bool{
	"accuracy": true, "accurate": true, "precision": true, "flag": true, "detect": true,
	"predict": true, "identifi": true, "identify": true, "caught": true, "catch": true, "spott": true, "spot": true,
}

// measuresPrediction reports whether the share written at s[from:to] is
// a forecast's accuracy or a detection rate: a prediction word in it or
// within the three words before it.
func measuresPrediction(toks []token, from, to int) bool {
	words := 0
	for k := len(toks) - 1; k >= 0; k-- {
		t := toks[k]
		if t.start >= to {
			continue
		}
		if t.end <= from {
			if t.hardBreak() || words >= 3 {
				return false
			}
			if t.kind == tokWord {
				words++
			}
		}
		if t.kind == tokWord && predictionWords[t.stem] {
			return true
		}
	}
	return false
}

// signalReach is how many words may separate a number from the signal it
// quantifies: "saved 11 practices worth £180k ARR after the price change".
const signalReach = 8
