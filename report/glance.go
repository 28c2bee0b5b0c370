package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/props"

	"prep/match"
)

// glance is section 1: the pillar chart, the requirement coverage, the
// facts of the role and the numbers the CV states.
func (d *doc) glance() {
	n, title := sectionTitle("glance")
	intro := "How your CV reads against the pillars a " + packLabel(d.a) + " interviewer scores, and against " + d.companys() + " job description."
	d.section(n, "glance", title, intro, newPage)

	d.heading("Pillar scores")
	if len(d.a.Pillars) == 0 {
		d.note("No pillar scores.", "The analysis could not score any pillar from your CV. Make sure your experience section lists bullets with results, then run the report again.", slate, slateTint)
	} else {
		d.chart()
	}

	d.heading("Requirement coverage")
	d.coverageTiles()

	d.heading("The role")
	d.roleFacts()

	d.heading("Your numbers")
	d.numbers()

	if len(d.a.Pillars) > 0 {
		d.heading("Pillar by pillar")
		for i, pl := range d.a.Pillars {
			if i > 0 {
				d.rule(3.5, 3.5)
			}
			d.pillarDetail(pl)
		}
	}
}

func packLabel(a *match.Analysis) string {
	if a.PackName != "" {
		return a.PackName
	}
	return "hiring"
}

// Chart geometry: a label column, the bar area, and the score.
const (
	chartLabelW = 62.0
	chartBarW   = 86.0
	chartBarH   = 6.0
	chartGap    = 3.4
)

// chart draws a horizontal bar per pillar, coloured by level, over a
// 0–100 scale with gridlines every 25 points, and a legend.
func (d *doc) chart() {
	barX := d.x0 + chartLabelW
	valX := barX + chartBarW + 3
	ticks := []float64{25, 50, 75}
	// scale draws the gridlines of the empty track, from x on.
	scale := func(b *block, x float64, bg *props.Color) {
		for _, t := range append(ticks, 100) {
			tx := barX + chartBarW*t/100
			if tx <= x+0.3 {
				continue
			}
			if bg != nil {
				b.cols = append(b.cols, column{x: x, w: tx - x, bg: bg})
			}
			if t == 100 {
				break
			}
			b.cols = append(b.cols, column{x: tx, w: 0.25, bg: &rule})
			x = tx + 0.25
		}
	}
	gridRow := func(h float64) block {
		b := block{content: h, whole: true, keepNext: true}
		b.cols = append(b.cols, column{x: barX, w: 0.35, bg: &faint})
		scale(&b, barX+0.35, nil)
		return b
	}
	d.push(gridRow(chartGap))
	// Every label takes the same size: 8.5 points if all fit on one
	// line, else 7.5; a label that still does not fit takes two lines.
	size := 8.5
	for _, p := range d.a.Pillars {
		if d.m.width(p.Name, regular, 8.5) > chartLabelW-3-wrapEpsilon {
			size = 7.5
		}
	}
	for _, pl := range d.a.Pillars {
		score := math.Max(0, math.Min(100, float64(pl.Score)))
		c := levelColor(pl.Level)
		h := chartBarH
		lst := stBody.sized(size)
		lst.lead = chartBarH / (lst.size * ptToMM)
		label := d.col(d.x0, chartLabelW-3, 0, nil, para{runs: []run{{pl.Name, lst}}, al: right})
		if len(label.lines) > 1 {
			lst.lead = 1.3
			label = d.col(d.x0, chartLabelW-3, 0, nil, para{runs: []run{{pl.Name, lst}}, al: right})
			h = math.Max(h, height(label.lines))
		}

		vst := stBody.in(bold).with(c).sized(9)
		vst.lead = h / (vst.size * ptToMM)
		level := pl.Level
		if level == "" {
			level = "unscored"
		}
		val := d.col(valX, d.x1-valX, 0, nil, p(run{itoa(pl.Score), vst}, run{"  " + level, vst.in(regular).with(muted).sized(8)}))
		b := block{content: h, whole: true, keepNext: true}
		b.cols = append(b.cols, label, val, column{x: barX, w: 0.35, bg: &faint})
		fillW := chartBarW * score / 100
		x := barX + 0.35
		if fillW > 0.4 {
			b.cols = append(b.cols, column{x: x, w: fillW - 0.35, bg: &c})
			x = barX + fillW
		}
		scale(&b, x, &track)
		d.push(b)
		d.push(gridRow(chartGap))
	}
	// The scale.
	axis := block{whole: true, keepNext: true}
	for _, t := range []float64{0, 25, 50, 75, 100} {
		cx := barX + chartBarW*t/100
		axis.cols = append(axis.cols, d.col(cx-6, 12, 0, nil, para{runs: []run{{strconv.Itoa(int(t)), stCaption}}, al: center}))
	}
	axis.content = stCaption.lineHeight()
	d.push(axis)
	d.space(3)
	d.legend()
}

// legend explains the bar colours.
func (d *doc) legend() {
	b := block{whole: true}
	x := d.x0 + chartLabelW
	st := stCaption
	st.lead = 3.2 / (st.size * ptToMM)
	for _, lv := range []string{match.LevelStrong, match.LevelPartial, match.LevelWeak, match.LevelMissing} {
		c := levelColor(lv)
		b.cols = append(b.cols, column{x: x, w: 3.2, bg: &c})
		tw := d.m.width(lv, st.face, st.size) + wrapEpsilon + 0.5
		b.cols = append(b.cols, d.col(x+4.6, tw, 0, nil, p(run{lv, st})))
		x += 4.6 + tw + 6
	}
	b.content = 3.2
	d.push(b)
}

// coverageTiles shows how many requirements are covered, partly covered
// and missing, as three tiles over a proportional bar.
func (d *doc) coverageTiles() {
	reqs := d.a.Job.Requirements
	if len(reqs) == 0 {
		d.note("No requirements read.", "The job description had no requirement bullets we could read. Copy its “what you’ll do” and “what you bring” lists into a file and run the report again, or check the role’s page for them before the interview.", slate, slateTint)
		return
	}
	cov, part, miss := d.coverage()
	gap := 4.0
	w := (d.x1 - d.x0 - 2*gap) / 3
	tiles := []struct {
		n     int
		label string
		solid props.Color
		tint  props.Color
	}{
		{cov, "covered by your CV", green, greenTint},
		{part, "partly covered", amber, amberTint},
		{miss, "missing from your CV", red, redTint},
	}
	var cols []column
	for i, t := range tiles {
		x := d.x0 + float64(i)*(w+gap)
		solid, tint := t.solid, t.tint
		cols = append(cols, column{x: x, w: 1.4, bg: &solid})
		cols = append(cols, d.col(x+1.4, w-1.4, 4, &tint,
			para{runs: []run{{itoa(t.n), stNumber.with(solid)}}, before: 3},
			para{runs: []run{{t.label, stSmall.with(ink)}}, before: 0.5},
		))
	}
	b := rowOf(cols...)
	b.content += 3.5
	b.whole, b.keepNext = true, true
	d.push(b)
	d.space(3)
	// The same counts as one proportional bar.
	bar := block{whole: true, content: 2.4}
	x := d.x0
	total := float64(len(reqs))
	for _, t := range tiles {
		if t.n == 0 {
			continue
		}
		solid := t.solid
		bw := (d.x1 - d.x0) * float64(t.n) / total
		bar.cols = append(bar.cols, column{x: x, w: bw, bg: &solid})
		x += bw
	}
	bar.keepNext = true
	d.push(bar)
	d.space(1.5)
	d.text(run{itoa(len(reqs)) + " requirements read from the job description; each is matched to your CV in section 3.", stCaption})
}

// roleFacts lists what the job description says about the role.
func (d *doc) roleFacts() {
	j := d.a.Job
	facts := [][2]string{
		{"Company", d.company()},
		{"Title", d.title()},
	}
	add := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" && v != "unknown" {
			facts = append(facts, [2]string{k, v})
		}
	}
	add("Seniority", j.Seniority)
	add("Segment", j.Segment)
	add("Motion", strings.Join(j.Motions, ", "))
	add("Tools named", strings.Join(j.Tools, ", "))
	var ms []string
	for _, k := range j.Metrics {
		ms = append(ms, metricLabel(k))
	}
	add("Metrics named", strings.Join(ms, ", "))
	for _, f := range facts {
		d.factRow(f[0], f[1])
	}
}

func (d *doc) factRow(k, v string) {
	kw := 34.0
	b := rowOf(
		d.col(d.x0, kw, 0, nil, p(run{k, stSmall})),
		d.col(d.x0+kw, d.x1-d.x0-kw, 0, nil, p(run{v, stBody})),
	)
	b.alignFirst(0, 1)
	b.padTop, b.padBottom = 1, 1
	d.push(b)
}

// numbers lists the metrics the CV states.
func (d *doc) numbers() {
	if len(d.a.Metrics) == 0 {
		d.note("No numbers yet.", "Your CV states no result we could read as a number. Interviewers for this role ask for them: the size of your book (accounts, ARR), retention (NRR, GRR, renewal rate), and one result you moved, with before and after. Add them to your CV and have them ready to say.", amber, amberTint)
		return
	}
	kw, vw := 42.0, 40.0
	head := rowOf(
		d.col(d.x0, kw, 0, nil, p(run{"WHAT", stLabel})),
		d.col(d.x0+kw, vw, 0, nil, p(run{"VALUE", stLabel})),
		d.col(d.x0+kw+vw, d.x1-d.x0-kw-vw, 0, nil, p(run{"AS YOUR CV PUTS IT", stLabel})),
	)
	head.keepNext = true
	d.push(head)
	d.rule(1, 0)
	for _, m := range d.a.Metrics {
		b := rowOf(
			d.col(d.x0, kw, 0, nil, p(run{metricLabel(m.Kind), stBody})),
			d.col(d.x0+kw, vw, 0, nil, p(run{metricValue(m), stBody.in(bold)})),
			d.col(d.x0+kw+vw, d.x1-d.x0-kw-vw, 0, nil, p(run{"“" + strings.TrimSpace(m.Text) + "”", stQuote.with(muted)})),
		)
		b.padTop, b.padBottom = 1.2, 1.2
		d.push(b)
		d.rule(0, 0)
	}
}

// pillarDetail explains one pillar: its level, what it covers and the
// statements it was scored on.
func (d *doc) pillarDetail(pl match.Pillar) {
	c := levelColor(pl.Level)
	level := pl.Level
	if level == "" {
		level = "unscored"
	}
	d.eyebrow(strings.ToUpper(level)+"  "+itoa(pl.Score), c, "", c)
	d.space(1.5)
	d.push(rowOf(d.col(d.x0, d.x1-d.x0, 0, nil, p(run{pl.Name, stH3.sized(10.5)}))))
	d.keep()
	if desc := strings.TrimSpace(pl.Description); desc != "" {
		d.text(run{desc, stSmall})
	}
	d.space(1.5)
	if len(pl.Evidence) == 0 {
		d.text(run{"Nothing in your CV speaks to this pillar yet: prepare one story with a number from your own work for it.", stSmall.in(italic)})
		return
	}
	for i, s := range pl.Evidence {
		if i == 2 {
			d.text(run{"and " + plural(len(pl.Evidence)-2, "more statement", "more statements") + " from your CV", stCaption})
			break
		}
		if i > 0 {
			d.space(1.5)
		}
		d.quote(s, d.x0, stQuote.sized(9))
	}
}

// metricLabel names a metric kind for people.
func metricLabel(kind string) string {
	switch kind {
	case "nrr":
		return "Net revenue retention"
	case "grr":
		return "Gross revenue retention"
	case "churn_rate":
		return "Churn rate"
	case "renewal_rate":
		return "Renewal rate"
	case "expansion_revenue":
		return "Expansion revenue"
	case "arr_managed":
		return "ARR managed"
	case "accounts_managed":
		return "Accounts managed"
	case "acv":
		return "Average contract value"
	case "ttv":
		return "Time to value"
	case "adoption":
		return "Adoption"
	case "nps":
		return "NPS"
	case "csat":
		return "CSAT"
	case "revenue":
		return "Revenue"
	case "", "other":
		return "Other result"
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// metricValue prints a metric's value with its unit, and the starting
// value of a change.
func metricValue(m match.Metric) string {
	v := formatValue(m.Value, m.Unit)
	if m.Before != nil {
		return formatValue(*m.Before, m.Unit) + " → " + v
	}
	return v
}

func formatValue(v float64, unit string) string {
	switch unit {
	case "%":
		return trimFloat(v) + "%"
	case "count", "":
		return trimFloat(v)
	case "score":
		return trimFloat(v)
	case "days", "weeks", "months":
		u := unit
		if v == 1 {
			u = strings.TrimSuffix(u, "s")
		}
		return trimFloat(v) + " " + u
	}
	return money(v, unit)
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// money prints an amount in a currency compactly: $4.2M, €850K, £1.2B.
func money(v float64, cur string) string {
	sym := map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CHF": "CHF ", "AUD": "A$", "CAD": "C$"}[cur]
	if sym == "" && cur != "" {
		sym = cur + " "
	}
	neg := v < 0
	v = math.Abs(v)
	var s string
	switch {
	case v >= 1e9:
		s = strconv.FormatFloat(v/1e9, 'f', decimals(v/1e9), 64) + "B"
	case v >= 1e6:
		s = strconv.FormatFloat(v/1e6, 'f', decimals(v/1e6), 64) + "M"
	case v >= 1e3:
		s = strconv.FormatFloat(v/1e3, 'f', decimals(v/1e3), 64) + "K"
	default:
		s = strconv.FormatFloat(v, 'f', 0, 64)
	}
	if neg {
		return "–" + sym + s
	}
	return sym + s
}

// decimals keeps two significant digits for small multiples ($1.2M) and
// none for large ones ($350K).
func decimals(x float64) int {
	switch {
	case x >= 100:
		return 0
	case x >= 10:
		if x == math.Trunc(x) {
			return 0
		}
		return 1
	}
	if x == math.Trunc(x) {
		return 0
	}
	if x*10 == math.Trunc(x*10) {
		return 1
	}
	return 2
}
