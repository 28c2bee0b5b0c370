package report

import (
	"sort"
	"strings"

	"prep/match"
)

// Section anchors, in order, with their titles: the cover's contents
// list and the tests use them.
var sections = []struct{ anchor, title string }{
	{"glance", "At a glance"},
	{"gaps", "Gaps interviewers will probe"},
	{"requirements", "Requirement match"},
	{"behavioural", "Behavioural questions"},
	{"concepts", "Technical concepts to master"},
	{"drills", "Practical drills"},
	{"smart", "Smart questions to ask"},
	{"advice", "Mistakes to avoid and best practices"},
}

func sectionTitle(anchor string) (int, string) {
	for i, s := range sections {
		if s.anchor == anchor {
			return i + 1, s.title
		}
	}
	return 0, anchor
}

// cover is page one: who and what the report is for, the verdict, the
// three things to do first, and the contents. The contents list goes when
// the rest would not fit on the page: a cover that spills onto a second
// page is worse than one without contents.
func (d *doc) cover() {
	start := len(d.blocks)
	d.coverBlocks(true)
	if sum(d.blocks[start:]) > d.capacity(0) {
		d.blocks = d.blocks[:start]
		d.coverBlocks(false)
	}
}

func (d *doc) coverBlocks(contents bool) {
	sub := []para{
		p(run{"INTERVIEW PREP REPORT", stLabel.with(onAccent).sized(8.5)}),
		{runs: []run{{d.name(), stDisplay}}, before: 5},
	}
	if h := strings.TrimSpace(d.a.Candidate.Headline); h != "" {
		sub = append(sub, para{runs: []run{{h, stCoverSub.sized(10.5).with(onAccent)}}, before: 1.5})
	}
	sub = append(sub, para{runs: []run{{d.roleLine(), stCoverSub}}, before: 8})
	meta := "Prepared " + d.date()
	if d.a.PackName != "" {
		meta += "  ·  " + d.a.PackName + " interview"
	}
	sub = append(sub, para{runs: []run{{meta, stCaption.with(onAccent).sized(8.5)}}, before: 2})
	band := rowOf(d.col(0, pageW, marginX, &accent, sub...))
	band.padTop, band.padBottom = 24, 13
	band.fill, band.fillX0, band.fillX1 = &accent, 0, pageW
	d.push(band)
	d.space(9)

	// Warnings come first: when the CV could not be read properly, the
	// rest of the report must be read in their light.
	if len(d.a.Warnings) > 0 {
		d.note("Read this first.", strings.Join(d.a.Warnings, " "), amber, amberTint)
		d.space(2)
	}

	d.heading("The verdict")
	d.text(d.verdict()...)

	d.heading("Three things to do before the interview")
	for i, todo := range d.todos() {
		if i > 0 {
			d.space(2.2)
		}
		nw := 7.0
		b := rowOf(
			d.col(d.x0, nw, 0, nil, p(run{itoa(i + 1), stH3.with(accent)})),
			d.col(d.x0+nw, d.x1-d.x0-nw, 0, nil, p(todo...)),
		)
		b.alignFirst(0, 1)
		d.push(b)
	}

	if contents {
		d.contents()
	}
	if d.opts.DeleteURL != "" {
		d.space(6)
		d.text(run{"Your data. ", stSmall.in(bold)},
			run{"We keep your CV, the job description and this report only to deliver it. Delete them at any time: ", stSmall},
			run{d.opts.DeleteURL, stSmall.with(accent)})
	}
}

// contents lists the sections with their page numbers.
func (d *doc) contents() {
	d.heading("In this report")
	d.rule(0, 0)
	for i, s := range sections {
		numW, pw := 10.0, 14.0
		b := rowOf(
			d.col(d.x0, numW, 0, nil, p(run{pad2(i + 1), stBody.in(bold).with(accent)})),
			d.col(d.x0+numW, d.x1-d.x0-numW-pw, 0, nil, p(run{s.title, stBody})),
			d.pageRef(d.x1-pw, pw, s.anchor),
		)
		b.padTop, b.padBottom = 1.3, 1.3
		d.push(b)
		d.rule(0, 0)
	}
}

// pageRef is a right-aligned column holding the page number of anchor,
// filled in after pagination.
func (d *doc) pageRef(x, w float64, anchor string) column {
	c := d.col(x, w, 0, nil, para{runs: []run{{"00", stBody.with(muted)}}, al: right})
	if len(c.lines) > 0 && len(c.lines[0].segs) > 0 {
		c.lines[0].segs[0].ref = anchor
	}
	return c
}

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

func sevRank(s string) int {
	switch s {
	case match.SeverityHigh:
		return 0
	case match.SeverityMedium:
		return 1
	case match.SeverityLow:
		return 2
	}
	return 3
}

// sortedGaps returns the gaps, most serious first, keeping the analysis'
// order within a severity.
func (d *doc) sortedGaps() []match.Gap {
	gs := append([]match.Gap(nil), d.a.Gaps...)
	sort.SliceStable(gs, func(i, j int) bool { return sevRank(gs[i].Severity) < sevRank(gs[j].Severity) })
	return gs
}

func (d *doc) pillarName(id string) string {
	for _, p := range d.a.Pillars {
		if p.ID == id {
			return p.Name
		}
	}
	return strings.ReplaceAll(id, "-", " ")
}

// verdict is the cover paragraph: strongest pillar, biggest risk, how
// much of the job description the CV covers.
func (d *doc) verdict() []run {
	b, bb := stBody.sized(10), stBody.sized(10).in(bold)
	var out []run
	ps := d.a.Pillars
	if len(ps) > 0 {
		best, worst := ps[0], ps[0]
		for _, p := range ps[1:] {
			if p.Score > best.Score {
				best = p
			}
			if p.Score < worst.Score {
				worst = p
			}
		}
		if best.Level == match.LevelStrong || best.Level == match.LevelPartial {
			out = append(out, run{"Your strongest pillar is ", b}, run{best.Name, bb},
				run{" (" + itoa(best.Score) + "/100, " + best.Level + "): lead with it. ", b})
		} else {
			out = append(out, run{"No pillar is strong on paper yet; the best is ", b}, run{best.Name, bb},
				run{" (" + itoa(best.Score) + "/100). ", b})
		}
		if gs := d.sortedGaps(); len(gs) > 0 {
			out = append(out, run{"The biggest risk: ", b}, run{strings.TrimSpace(gs[0].Message), bb}, run{" ", b})
		} else if worst.ID != best.ID {
			out = append(out, run{"No gap stands out; the weakest pillar is ", b}, run{worst.Name, bb},
				run{" (" + itoa(worst.Score) + "/100), so expect the interviewers to probe it. ", b})
		}
	} else {
		out = append(out, run{"The analysis found too little in your CV to score the pillars of this role. Read the questions below as a checklist of what interviewers will ask for, and add the stories and numbers your CV is missing. ", b})
	}
	if n := len(d.a.Job.Requirements); n > 0 {
		cov, part, _ := d.coverage()
		out = append(out, run{"Your CV covers " + itoa(cov) + " of the " + itoa(n) + " requirements in " + d.companys() + " job description", b})
		if part > 0 {
			out = append(out, run{" and part of " + itoa(part) + " more", b})
		}
		out = append(out, run{".", b})
	}
	return out
}

// todos are the three things to do before the interview: the fixes of
// the most serious gaps, then preparation any candidate should do.
func (d *doc) todos() [][]run {
	var out [][]run
	for _, g := range d.sortedGaps() {
		if len(out) == 3 {
			break
		}
		fix := strings.TrimSpace(g.Fix)
		if fix == "" {
			continue
		}
		out = append(out, []run{{fix, stBody}})
	}
	fallback := [][]run{
		{{"Write down three numbers from your own work that you can say without notes: the size of your book, a retention or renewal figure, and one result you moved. Interviewers ask for them in the first minutes.", stBody}},
		{{"Rehearse your answer to “Walk me through your CV” out loud in under two minutes, ending on why " + d.company() + " and why now.", stBody}},
		{{"Pick two questions from the smart questions section and make them specific to " + d.companys() + " product and customers.", stBody}},
	}
	for _, f := range fallback {
		if len(out) == 3 {
			break
		}
		out = append(out, f)
	}
	return out
}

// coverage counts the job's requirements by status.
func (d *doc) coverage() (covered, partial, missing int) {
	for _, r := range d.a.Job.Requirements {
		switch r.Status {
		case match.Covered:
			covered++
		case match.Partial:
			partial++
		default:
			missing++
		}
	}
	return
}
