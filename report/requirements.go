package report

import (
	"strings"

	"prep/match"
)

// Requirement table geometry: the requirement, its status, the evidence.
const (
	reqTextW   = 64.0
	reqStatusW = 22.0
)

// requirements is section 3: every requirement of the job description
// against the CV statements that cover it, grouped as the job description
// groups them.
func (d *doc) requirements() {
	n, title := sectionTitle("requirements")
	d.section(n, "requirements", title, "Each line of "+d.companys()+" job description, how well your CV covers it, and the statements that do.", minor)
	reqs := d.a.Job.Requirements
	if len(reqs) == 0 {
		d.note("Nothing to match.", "We could not read requirement bullets in the job description, so there is nothing to match your CV against. Before the interview, list the five things the role asks for most and write one line of evidence from your own work beside each.", slate, slateTint)
		return
	}
	var order []string
	groups := map[string][]match.Requirement{}
	for _, r := range reqs {
		s := r.Section
		if _, ok := groups[s]; !ok {
			order = append(order, s)
		}
		groups[s] = append(groups[s], r)
	}
	for _, s := range order {
		if len(order) > 1 || s != "" {
			d.heading(groupTitle(s))
		}
		d.reqHeader()
		for _, r := range groups[s] {
			d.reqRow(r)
		}
	}
}

func groupTitle(s string) string {
	switch s {
	case "responsibilities":
		return "What you will do"
	case "requirements":
		return "What they ask for"
	case "nice_to_have":
		return "Nice to have"
	case "":
		return "Requirements"
	}
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func (d *doc) reqHeader() {
	x := d.x0 + stripeW + 2.5
	b := rowOf(
		d.col(x, reqTextW, 0, nil, p(run{"REQUIREMENT", stLabel})),
		d.col(x+reqTextW, reqStatusW, 0, nil, p(run{"STATUS", stLabel})),
		d.col(x+reqTextW+reqStatusW, d.x1-x-reqTextW-reqStatusW, 0, nil, p(run{"WHAT IN YOUR CV COVERS IT", stLabel})),
	)
	b.padBottom = 1.5
	b.keepNext = true
	d.push(b)
	d.push(block{cols: []column{{x: d.x0, w: d.x1 - d.x0, bg: &ink}}, content: 0.3, whole: true, keepNext: true})
}

// reqRow is one requirement: a stripe in the colour of its status, the
// requirement, the status, and each covering statement quoted.
func (d *doc) reqRow(r match.Requirement) {
	solid, _ := statusColors(r.Status)
	status := r.Status
	if status == "" {
		status = match.Missing
	}
	x := d.x0 + stripeW + 2.5
	ew := d.x1 - x - reqTextW - reqStatusW
	var ev []para
	for i, s := range r.Evidence {
		pa := p(run{"“", stQuote.sized(9)}, run{strings.TrimSpace(s.Text), stQuote.sized(9)}, run{"”", stQuote.sized(9)})
		if i > 0 {
			pa.before = 2
		}
		ev = append(ev, pa)
		if src := source(s); src != "" {
			ev = append(ev, para{runs: []run{{src, stCaption}}, before: 0.3})
		}
	}
	if len(ev) == 0 {
		msg := "Nothing in your CV yet. Prepare a short story from your own work, or say how you would get up to speed."
		if status != match.Missing {
			msg = "Covered by your CV as a whole rather than by one statement: name the example you would give."
		}
		ev = append(ev, p(run{msg, stSmall.in(italic)}))
	}
	b := rowOf(
		column{x: d.x0, w: stripeW, bg: &solid},
		d.col(x, reqTextW-4, 0, nil, p(run{strings.TrimSpace(r.Text), stBody.sized(9)})),
		d.col(x+reqTextW, reqStatusW, 0, nil, p(run{strings.ToUpper(status), stLabel.with(solid).sized(7.5)})),
		d.col(x+reqTextW+reqStatusW, ew, 0, nil, ev...),
	)
	b.alignFirst(2, 1)
	b.padTop, b.padBottom = 2.2, 2.2
	d.push(b)
	d.rule(0, 0)
}
