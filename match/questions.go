package match

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Question evidence: a statement's value for a question is the number of
// the question's signals it shows (at most three), a bonus for one of the
// question's metrics, a little for any number, times its weight. Runners-up
// are kept only when they are at least half as good as the best, so a
// strong story is not diluted by weak ones.
const (
	questionMetricBonus = 1.5
	questionAnyNumber   = 0.3
	questionKeepRatio   = 0.5
	questionMaxEvidence = 3
)

// reusePenalty lowers a statement already chosen as the main story of an
// earlier behavioural question, so the answers draw on more of the CV.
const reusePenalty = 0.8

func buildQuestions(p *Pack, r *cvReading, gaps []Gap, f firm, segment string) []Question {
	fired := map[string]bool{}
	for _, g := range gaps {
		fired[g.ID] = true
	}
	out := make([]Question, 0, len(p.def.Questions))
	used := map[*statement]bool{}
	for i, qd := range p.def.Questions {
		q := Question{
			ID:       qd.ID,
			Kind:     qd.Kind,
			Group:    qd.Group,
			Text:     tailorPack(p, qd.Text, f, segment),
			Tests:    tailorPack(p, qd.Tests, f, segment),
			Pillars:  append([]string{}, qd.Pillars...),
			Gaps:     []string{},
			Evidence: []Statement{},
			Examples: qd.Examples,
		}
		for _, g := range p.def.Gaps {
			if fired[g.ID] && contains(qd.Gaps, g.ID) && !contains(q.Gaps, g.ID) {
				q.Gaps = append(q.Gaps, g.ID)
			}
		}
		ev := questionEvidence(p, i, qd, r, used)
		if qd.Kind == KindBehavioural && len(ev) > 0 {
			used[ev[0]] = true
		}
		for _, s := range ev {
			q.Evidence = append(q.Evidence, s.Statement)
		}
		if qd.Kind == KindBehavioural {
			q.Outline = outline(p, qd, ev, r, f, segment)
		}
		if qd.Worked != nil {
			q.Worked = worked(qd.Worked, p, f, segment)
		}
		out = append(out, q)
	}
	return out
}

// questionEvidence picks the one to three statements that make the best
// story for a question.
func questionEvidence(p *Pack, i int, qd questionDef, r *cvReading, used map[*statement]bool) []*statement {
	if len(qd.Signals)+len(qd.Metrics) == 0 {
		return nil
	}
	var ss []scored
	for _, s := range r.statements {
		// A story comes from work: a skills list, a degree, a keyword
		// summary or a job title is not one.
		if s.header || !showsWork(s) {
			continue
		}
		n := s.signals.and(p.questionSignals[i]).count()
		kinds := s.hasKind(qd.Metrics)
		if n == 0 && !kinds {
			continue
		}
		v := float64(min(n, 3))
		if kinds {
			v += questionMetricBonus
		} else if s.quantified() {
			v += questionAnyNumber
		}
		v *= s.weight
		if qd.Kind == KindBehavioural && used[s] {
			v *= reusePenalty
		}
		ss = append(ss, scored{s, v})
	}
	rank(ss)
	var out []*statement
	for k, x := range ss {
		if k >= questionMaxEvidence || x.v < ss[0].v*questionKeepRatio {
			break
		}
		out = append(out, x.s)
	}
	return out
}

// outline shapes the answer to a behavioural question: context, action,
// outcome, learning. Context and outcome come from the candidate's own
// statements; with none, the outline says what to prepare instead of
// inventing a story.
func outline(p *Pack, qd questionDef, ev []*statement, r *cvReading, f firm, segment string) *Outline {
	t := func(s string) string { return tailorPack(p, s, f, segment) }
	o := &Outline{Action: t(qd.Action), Learning: t(qd.Learning)}
	if len(ev) == 0 {
		if len(qd.Signals)+len(qd.Metrics) == 0 {
			o.Context = t(qd.Prepare)
		} else {
			o.Context = "No line of your CV fits this question yet. " + t(qd.Prepare)
		}
		o.Outcome = "No number yet: add " + t(qd.Outcome) + "."
		return o
	}
	top := ev[0]
	if top.entry >= 0 {
		o.Context = r.entries[top.entry].context + ": set the scene with the customer, its size and what was at stake."
	} else {
		o.Context = "From your " + top.Section + ": name the role and company where this happened, then the customer, its size and what was at stake."
	}
	// The figures of the story itself (the best statement): at most three,
	// named kinds before "other".
	var figures []string
	for _, named := range []bool{true, false} {
		for _, m := range top.Metrics {
			if (m.Kind != MetricOther) == named && len(figures) < 3 && !contains(figures, m.Text) {
				figures = append(figures, m.Text)
			}
		}
	}
	if len(figures) > 0 {
		o.Outcome = "Your number: " + strings.Join(figures, "; ") + "."
	} else {
		o.Outcome = "No number yet: add " + t(qd.Outcome) + "."
	}
	return o
}

// worked computes an NRR / GRR decomposition from the pack's amounts, so
// its percentages always follow from its numbers.
func worked(w *workedDef, p *Pack, f firm, segment string) *Worked {
	start := w.StartARR
	money := func(v float64) string { return formatMoney(v, w.Currency) }
	m := func(v float64) string { return trimFloat(v/1e6, 2) }
	grr := func(c arrChanges) float64 { return (start - c.Contraction - c.Churn) / start * 100 }
	nrr := func(c arrChanges) float64 { return (start + c.Expansion - c.Contraction - c.Churn) / start * 100 }
	pct := func(v float64) string { return trimFloat(v, 1) + "%" }
	n, g := w.Now, w.Goal
	out := &Worked{
		Title: tailorPack(p, w.Title, f, segment),
		Note:  tailorPack(p, w.Note, f, segment),
		Steps: []WorkedStep{
			{Label: "Start ARR", Value: money(start)},
			{Label: "Today: expansion", Value: "+" + money(n.Expansion)},
			{Label: "Today: contraction (downgrades)", Value: "-" + money(n.Contraction)},
			{Label: "Today: churn", Value: "-" + money(n.Churn)},
			{Label: fmt.Sprintf("Today: GRR = (%s - %s - %s) / %s", m(start), m(n.Contraction), m(n.Churn), m(start)), Value: pct(grr(n))},
			{Label: fmt.Sprintf("Today: NRR = (%s + %s - %s - %s) / %s", m(start), m(n.Expansion), m(n.Contraction), m(n.Churn), m(start)), Value: pct(nrr(n))},
			{Label: "Goal: contraction", Value: fmt.Sprintf("-%s (cut %s)", money(g.Contraction), money(n.Contraction-g.Contraction))},
			{Label: "Goal: churn", Value: fmt.Sprintf("-%s (cut %s)", money(g.Churn), money(n.Churn-g.Churn))},
			{Label: fmt.Sprintf("Goal: GRR = (%s - %s - %s) / %s", m(start), m(g.Contraction), m(g.Churn), m(start)), Value: pct(grr(g))},
			{Label: "Goal: expansion", Value: fmt.Sprintf("+%s (add %s)", money(g.Expansion), money(g.Expansion-n.Expansion))},
			{Label: fmt.Sprintf("Goal: NRR = (%s + %s - %s - %s) / %s", m(start), m(g.Expansion), m(g.Contraction), m(g.Churn), m(start)), Value: pct(nrr(g))},
		},
	}
	return out
}

// formatMoney writes an amount in millions with its currency sign: $1.4M.
func formatMoney(v float64, currency string) string {
	sign := map[string]string{"USD": "$", "EUR": "€", "GBP": "£"}[currency]
	if sign == "" {
		sign = currency + " "
	}
	return sign + trimFloat(v/1e6, 2) + "M"
}

// trimFloat formats v with at most prec decimals and at least one when v
// is not whole ("0.25", "1.4", "10").
func trimFloat(v float64, prec int) string {
	p := math.Pow(10, float64(prec))
	v = math.Round(v*p) / p
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// advice is the pack's general guidance with the firm's name in it.
func advice(p *Pack, f firm) Advice {
	a := Advice{LooksFor: []string{}, BestPractices: []string{}, Mistakes: []string{}, Scenarios: []string{}}
	for _, l := range p.def.LooksFor {
		a.LooksFor = append(a.LooksFor, f.tailorText(l.Text))
	}
	for _, s := range p.def.BestPractices {
		a.BestPractices = append(a.BestPractices, f.tailorText(s))
	}
	for _, s := range p.def.Mistakes {
		a.Mistakes = append(a.Mistakes, f.tailorText(s))
	}
	for _, s := range p.def.Scenarios {
		a.Scenarios = append(a.Scenarios, f.tailorText(s))
	}
	return a
}
