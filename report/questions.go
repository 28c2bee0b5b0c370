package report

import (
	"strings"

	"prep/match"
)

func (d *doc) questions(kind string) []match.Question {
	var qs []match.Question
	for _, q := range d.a.Questions {
		if q.Kind == kind {
			qs = append(qs, q)
		}
	}
	return qs
}

// behavioural is section 4: every behavioural question with what it
// tests, the candidate's best evidence quoted, and the answer outline.
func (d *doc) behavioural() {
	n, title := sectionTitle("behavioural")
	qs := d.questions(match.KindBehavioural)
	d.section(n, "behavioural", title, "The questions to expect, what each one tests, the best story your own CV holds for it, and the outline of an answer: context, action, outcome, learning.", major)
	if len(qs) == 0 {
		d.note("No behavioural questions.", "This role pack has no behavioural questions. Prepare answers to the classics anyway: walk me through your CV, your most impactful result, a failure you learned from, and why "+d.company()+".", slate, slateTint)
		return
	}
	for i, q := range qs {
		if i > 0 {
			d.rule(5, 4.5)
		}
		d.question(i+1, len(qs), q)
	}
}

func (d *doc) question(n, total int, q match.Question) {
	var names []string
	for _, id := range q.Pillars {
		names = append(names, d.pillarName(id))
	}
	eyebrow := "QUESTION " + itoa(n) + " OF " + itoa(total)
	if len(names) > 0 {
		eyebrow += "  ·  " + strings.ToUpper(strings.Join(names, ", "))
	}
	d.text(run{eyebrow, stLabel.with(accent)})
	d.keep()
	d.space(1.2)
	d.text(run{strings.TrimSpace(q.Text), stH3})
	d.keep()
	d.space(2)
	if t := strings.TrimSpace(q.Tests); t != "" {
		d.labelled("What it tests", muted, run{t, stBody.with(muted)})
		d.space(2)
	}

	if len(q.Evidence) == 0 {
		d.labelled("Your evidence", muted, run{"No statement in your CV fits this question yet. Pick a real situation from your work before the interview and write it down in four lines, using the outline below.", stBody.in(italic)})
	} else {
		d.labelled("Your evidence", muted, run{"From your CV, your best material for this question:", stSmall})
		d.keep()
		for _, s := range q.Evidence {
			d.space(1.5)
			d.quote(s, d.x0+d.labelWidth(), stQuote)
		}
	}
	for i, ex := range q.Examples {
		if ex = strings.TrimSpace(ex); ex == "" {
			continue
		}
		d.space(2.5)
		label := ""
		if i == 0 {
			label = "Model answer"
		}
		d.labelled(label, muted, run{"“" + d.tailor(ex) + "”", stQuote.with(muted)})
	}
	d.space(3)
	d.outline(q)

}

// outline is the answer's shape in a tinted card. When none of the
// evidence carries a number the outcome says so, as interviewers for
// these roles expect one.
func (d *doc) outline(q match.Question) {
	o := q.Outline
	if o == nil {
		o = &match.Outline{
			Context:  "Set the scene in one or two sentences: the company, your role, the customer or book, and what was at stake.",
			Action:   "What you did, in the first person: the diagnosis, the plan, who you brought in.",
			Outcome:  "The result, with a number and a before and after.",
			Learning: "What you would do again or differently, and how it shapes how you would work at " + d.company() + ".",
		}
	}
	numbered := false
	for _, s := range q.Evidence {
		if len(s.Metrics) > 0 {
			numbered = true
		}
	}
	d.openCard(accentTint, &accent, 4)
	d.text(run{"ANSWER OUTLINE", stLabel.with(accent)})
	d.keep()
	d.space(1.6)
	rows := []struct{ label, text string }{
		{"Context", o.Context}, {"Action", o.Action}, {"Outcome", o.Outcome}, {"Learning", o.Learning},
	}
	for i, r := range rows {
		if i > 0 {
			d.space(1.4)
		}
		txt := strings.TrimSpace(r.text)
		if txt == "" {
			txt = "—"
		}
		runs := []run{{txt, stBody}}
		lc := accent
		if r.label == "Outcome" && !numbered {
			lc = amber
			if !mentionsNoNumber(txt) {
				runs = append([]run{{"No number yet. ", stBody.in(bold).with(amber)}}, runs...)
				runs = append(runs, run{" Your evidence for this question has no number: add the metric it moved (retention, renewal, time to value, accounts, revenue), even as an estimate you can defend.", stBody})
			}
		} else if r.label == "Outcome" && mentionsNoNumber(txt) {
			lc = amber
		}
		d.labelled(r.label, lc, runs...)

	}
	d.closeCard()
}

// mentionsNoNumber reports whether the analysis' outcome already says
// the evidence lacks a number.
func mentionsNoNumber(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "no number") || strings.Contains(s, "no metric")
}
