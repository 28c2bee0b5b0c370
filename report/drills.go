package report

import (
	"regexp"
	"strings"

	"prep/match"
)

// thisFirm matches the pack's placeholder for the hiring company. The
// analysis tailors drills already; the report replaces a leftover one so a
// drill never reads "this firm" when the company is known.
var thisFirm = regexp.MustCompile(`\b[Tt]his firm\b`)

func (d *doc) tailor(s string) string {
	if !d.hasCompany() {
		return s
	}
	return thisFirm.ReplaceAllLiteralString(s, d.company())
}

// drills is section 6: the practical drills tailored to the firm, the
// NRR/GRR one with a worked decomposition to rehearse.
func (d *doc) drills() {
	n, title := sectionTitle("drills")
	qs := d.questions(match.KindDrill)
	d.section(n, "drills", title, "Case questions as "+d.company()+" would set them. Answer out loud, with a plan in phases and numbers, in under five minutes each.", minor)
	if len(qs) == 0 {
		d.note("No drills.", "This role pack has no practical drills. Rehearse one instead: a key account at "+d.company()+" is unhappy three months before renewal. Walk through your first 30 days, with who you call, what you measure and what you offer.", slate, slateTint)
		return
	}
	for i, q := range qs {
		if i > 0 {
			d.space(5)
		}
		d.drill(i+1, q)
	}
}

func (d *doc) drill(n int, q match.Question) {
	caption := "DRILL " + itoa(n)
	if d.hasCompany() {
		caption += "  ·  AT " + strings.ToUpper(d.company())
	}
	d.openCard(cardBG, &accent, 4.5)
	d.text(run{caption, stLabel.with(accent)})
	d.keep()
	d.space(1.5)
	d.text(run{d.tailor(strings.TrimSpace(q.Text)), stBody.sized(10)})
	d.keep()

	if t := strings.TrimSpace(q.Tests); t != "" {
		d.space(2.5)
		d.labelled("What it tests", muted, run{t, stBody.with(muted)})
	}
	if len(q.Evidence) > 0 {
		d.space(2.5)
		d.labelled("Draw on", muted, run{"Your own material for this case:", stSmall})
		d.keep()
		for _, s := range q.Evidence {
			d.space(1.2)
			d.quote(s, d.x0+d.labelWidth(), stQuote.sized(9))
		}
	}
	w := q.Worked
	if w == nil && isRetentionDrill(q) {
		w = d.workedExample(q)
	}
	if w != nil && len(w.Steps) > 0 {
		d.space(4)
		d.worked(w)
	}
	d.closeCard()
}

// worked prints a worked example as a two-column table.
func (d *doc) worked(w *match.Worked) {
	title := strings.TrimSpace(w.Title)
	if title == "" {
		title = "Worked example"
	}
	d.text(run{title, stBody.in(bold).with(accent)})
	d.keep()
	d.space(1.5)
	d.push(block{cols: []column{{x: d.x0, w: d.x1 - d.x0, bg: &faintAccent}}, content: 0.3, whole: true, keepNext: true})
	vw := 46.0
	for i, s := range w.Steps {
		label := strings.TrimSpace(s.Label)
		st := stBody.sized(9)
		// Results read in bold: the totals and the ratios.
		if strings.HasPrefix(label, "=") || strings.HasPrefix(label, "GRR") || strings.HasPrefix(label, "NRR") {
			st = st.in(bold)
		}
		b := rowOf(
			d.col(d.x0, d.x1-d.x0-vw, 0, nil, p(run{label, st})),
			d.col(d.x1-vw, vw, 0, nil, para{runs: []run{{strings.TrimSpace(s.Value), st}}, al: right}),
		)
		b.padTop, b.padBottom = 1, 1
		// The table reads as one calculation: keep it on one page.
		b.keepNext = true
		d.push(b)
		d.push(block{cols: []column{{x: d.x0, w: d.x1 - d.x0, bg: &rule}}, content: 0.2, whole: true, keepNext: i < len(w.Steps)-1})
	}

	if note := strings.TrimSpace(w.Note); note != "" {
		d.space(1.8)
		d.text(run{note, stSmall})
	}
}
