package report

import (
	"sort"
	"strings"

	"prep/match"
)

// concepts is section 5: the pack's technical concepts, grouped as in the
// pack. Groups holding concepts tied to the candidate's gaps come first,
// and inside a group those concepts come first, marked with the gap they
// help to close.
func (d *doc) concepts() {
	n, title := sectionTitle("concepts")
	qs := d.questions(match.KindConcept)
	d.section(n, "concepts", title, "The concepts interviewers expect you to define and use. Those marked “closes a gap” answer a gap from section 2: learn them first.", minor)
	if len(qs) == 0 {
		d.note("No concepts listed.", "This role pack lists no technical concepts. Make sure you can define the metrics your CV and the job description name, and explain how you moved each one.", slate, slateTint)
		return
	}
	type group struct {
		name  string
		items []match.Question
		tied  int
	}
	var groups []*group
	byName := map[string]*group{}
	for _, q := range qs {
		g := byName[q.Group]
		if g == nil {
			g = &group{name: q.Group}
			byName[q.Group] = g
			groups = append(groups, g)
		}
		g.items = append(g.items, q)
		if d.tied(q) {
			g.tied++
		}
	}
	sort.SliceStable(groups, func(i, j int) bool { return (groups[i].tied > 0) && groups[j].tied == 0 })
	for _, g := range groups {
		sort.SliceStable(g.items, func(i, j int) bool { return d.tied(g.items[i]) && !d.tied(g.items[j]) })
		name := strings.TrimSpace(g.name)
		if name == "" {
			name = "Concepts"
		}
		d.heading(name)
		d.rule(0, 0)
		for _, q := range g.items {
			d.concept(q)
			d.rule(0, 0)
		}
	}
}

// tied reports whether q helps close one of the candidate's gaps.
func (d *doc) tied(q match.Question) bool {
	for _, id := range q.Gaps {
		if _, ok := d.gaps[id]; ok {
			return true
		}
	}
	return false
}

func (d *doc) concept(q match.Question) {
	nameW := 50.0
	x := d.x0 + stripeW + 2.5
	name := []para{p(run{strings.TrimSpace(q.Text), stBody.in(bold).sized(9.5)})}
	tied := d.tied(q)
	if tied {
		name = append(name, para{runs: []run{{"CLOSES A GAP", stLabel.with(amber).sized(7)}}, before: 1})
	}
	body := []para{p(run{strings.TrimSpace(q.Tests), stBody.sized(9)})}
	if tied {
		var msgs []string
		for _, id := range q.Gaps {
			if g, ok := d.gaps[id]; ok {
				msgs = append(msgs, strings.TrimSpace(g.Message))
			}
		}
		body = append(body, para{runs: []run{{"Your gap: ", stSmall.in(bold).with(amber)}, {strings.Join(msgs, " "), stSmall}}, before: 1.2})
	}
	// One statement is enough to show where the CV touches a concept; the
	// behavioural questions quote the stories at length.
	for _, s := range q.Evidence[:min(1, len(q.Evidence))] {
		body = append(body, para{runs: []run{{"Your CV: ", stSmall.in(bold)}, {"“" + strings.TrimSpace(s.Text) + "”", stQuote.sized(8.5).with(muted)}}, before: 1.2})
	}

	cols := []column{
		d.col(x, nameW-4, 0, nil, name...),
		d.col(x+nameW, d.x1-x-nameW, 0, nil, body...),
	}
	if tied {
		cols = append(cols, column{x: d.x0, w: stripeW, bg: &amber})
	}
	b := rowOf(cols...)
	b.padTop, b.padBottom = 2.4, 2.4
	d.push(b)
}
