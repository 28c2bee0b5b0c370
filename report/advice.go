package report

import (
	"strings"

	"prep/match"
)

// smart is section 7: the questions to ask the interviewers, tailored.
func (d *doc) smart() {
	n, title := sectionTitle("smart")
	qs := d.questions(match.KindSmart)
	d.section(n, "smart", title, "Questions that show you already think like someone in the seat. Pick two or three and make them about "+d.companys()+" own product, customers and numbers.", minor)
	if len(qs) == 0 {
		d.note("No questions listed.", "Prepare three of your own: how the team measures success in this role, what the best person in the seat does differently, and what the biggest risk in the book is today.", slate, slateTint)
		return
	}
	for i, q := range qs {
		if i > 0 {
			d.space(3.5)
		}
		nw := 9.0
		paras := []para{p(run{d.tailor(strings.TrimSpace(q.Text)), stBody.in(bold)})}
		if t := strings.TrimSpace(q.Tests); t != "" {
			paras = append(paras, para{runs: []run{{d.tailor(t), stSmall}}, before: 0.8})
		}
		b := rowOf(
			d.col(d.x0, nw, 0, nil, p(run{pad2(i + 1), stBody.in(bold).with(accent)})),
			d.col(d.x0+nw, d.x1-d.x0-nw, 0, nil, paras...),
		)
		b.alignFirst(0, 1)
		d.push(b)
	}
}

// advice is section 8: the pack's mistakes to avoid, best practices and
// what interviewers look for.
func (d *doc) advice() {
	n, title := sectionTitle("advice")
	ad := d.a.Advice
	d.section(n, "advice", title, "The pack’s lessons from real interviews for this kind of role.", minor)
	if len(ad.Mistakes)+len(ad.BestPractices)+len(ad.LooksFor)+len(ad.Scenarios) == 0 {

		d.note("No advice in this pack.", "Keep to the basics: answer in context, action, outcome, learning; put a number in every outcome; never criticise a past team or customer; and ask a clarifying question before you answer a case.", slate, slateTint)
	}
	if len(ad.Mistakes) > 0 {
		d.heading("Mistakes to avoid")
		d.bullets(d.tailorAll(ad.Mistakes), "✗", red, stBody)
	}
	if len(ad.BestPractices) > 0 {
		d.heading("Best practices")
		d.bullets(d.tailorAll(ad.BestPractices), "✓", green, stBody)
	}
	if len(ad.Scenarios) > 0 {
		d.heading("Real business scenarios")
		d.bullets(d.tailorAll(ad.Scenarios), "•", accent, stBody)
	}
	if len(ad.LooksFor) > 0 {
		d.heading("What interviewers look for")
		d.bullets(d.tailorAll(ad.LooksFor), "•", accent, stBody)
	}
}

func (d *doc) tailorAll(items []string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, d.tailor(it))
		}
	}
	return out
}
