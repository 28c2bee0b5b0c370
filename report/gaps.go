package report

import (
	"strings"

	"prep/match"
)

// gapSection is section 2: each gap as a card with its severity, why it
// matters for this role and the concrete fix, most serious first.
func (d *doc) gapSection() {
	n, title := sectionTitle("gaps")
	gs := d.sortedGaps()
	intro := "What a " + d.company() + " interviewer will notice is missing from your CV, most serious first, each with what to do about it before the interview."
	d.section(n, "gaps", title, intro, major)
	if len(gs) == 0 && len(d.a.Pillars) == 0 {
		d.note("No gaps assessed.", "The analysis read too little from your CV to say what is missing. Check the warnings on the cover, fix the CV file, and run the report again; until then, use the questions below as the list of what interviewers will ask for.", slate, slateTint)
		return
	}
	if len(gs) == 0 {
		d.note("No gaps found.",
			"Your CV shows evidence for everything this role’s interviewers usually probe. Use the time to sharpen it: make sure each of your strongest stories has a number, a before and an after, and rehearse the drills in section 6 out loud.", green, greenTint)
		return
	}
	high, med, low := 0, 0, 0
	for _, g := range gs {
		switch g.Severity {
		case match.SeverityHigh:
			high++
		case match.SeverityMedium:
			med++
		default:
			low++
		}
	}
	d.text(run{plural(len(gs), "gap", "gaps") + ": ", stBody.in(bold)},
		run{itoa(high) + " high, " + itoa(med) + " medium, " + itoa(low) + " low. Fix the high ones first: they are the ones interviewers open with.", stBody})
	d.space(5)
	for i, g := range gs {
		if i > 0 {
			d.space(4.5)
		}
		d.gapCard(g)
	}
}

func (d *doc) gapCard(g match.Gap) {
	solid, _ := severityColors(g.Severity)
	sev := g.Severity
	if sev == "" {
		sev = "note"
	}
	caption := d.pillarName(g.Pillar)
	if s := strings.TrimSpace(g.Subject); s != "" {
		caption += "  ·  " + s
	}
	d.openCard(cardBG, &solid, 4.5)
	d.eyebrow(strings.ToUpper(sev), solid, strings.ToUpper(caption), muted)
	d.space(2)
	msg := strings.TrimSpace(g.Message)
	if msg == "" {
		msg = strings.ReplaceAll(g.ID, "-", " ")
	}
	d.text(run{msg, stH3.sized(10.5)})
	d.keep()
	d.space(2.5)
	if why := strings.TrimSpace(g.Why); why != "" {
		d.labelled("Why it matters", muted, run{why, stBody})
		d.space(2)
	}
	fix := strings.TrimSpace(g.Fix)
	if fix == "" {
		fix = "Prepare one story from your own work that shows this, with a number, and add it to your CV."
	}
	d.labelled("The fix", solid, run{fix, stBody})
	if len(g.Evidence) > 0 {
		d.space(2)
		d.labelled("In your CV", muted, run{"The closest your CV comes:", stSmall})
		d.keep()
		for _, s := range g.Evidence {
			d.space(1.2)
			d.quote(s, d.x0+d.labelWidth(), stQuote.sized(9))
		}
	}
	d.closeCard()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}
