package report

import (
	"strings"
	"time"

	"github.com/johnfercher/maroto/v2/pkg/props"

	"prep/match"
)

// doc builds the blocks of one report.
type doc struct {
	m      *metrics
	a      *match.Analysis
	opts   Options
	now    time.Time
	blocks []block

	// The content box: blocks lay their text out between x0 and x1.
	x0, x1 float64
	frame  *frame

	gaps map[string]match.Gap // by id

	headH, footH float64 // heights of the running header and footer
	symbols      bool    // some text is set in the symbol face
	cjk          bool    // some text is set in the CJK face
}

// frame is an open card: a background and an optional coloured stripe at
// its left edge behind every block pushed while it is open.
type frame struct {
	x0, x1 float64
	fill   props.Color
	stripe *props.Color
	saved0 float64
	saved1 float64
	padY   float64
}

const stripeW = 1.4

// labelW is the width of the label column of labelled rows.
const labelW = 31.0

func newDoc(m *metrics, a *match.Analysis, opts Options) *doc {
	d := &doc{m: m, a: a, opts: opts, now: opts.Now(), x0: marginX, x1: pageW - marginX, gaps: map[string]match.Gap{}}
	for _, g := range a.Gaps {
		d.gaps[g.ID] = g
	}
	return d
}

// build lays out every section in the order of the issue.
func (d *doc) build() {
	d.cover()
	d.glance()
	d.gapSection()
	d.requirements()
	d.behavioural()
	d.concepts()
	d.drills()
	d.smart()
	d.advice()
}

// capacity is the body height of a page: the cover has no running header.
func (d *doc) capacity(page int) float64 {
	if d.footH == 0 {
		// The header and footer are one line each whatever the page
		// number, so their heights are measured once.
		d.footH = sum(d.footer(pageInfo{number: 1, total: 1}))
		d.headH = sum(d.header(1))
	}
	h := pageH - slack - d.footH
	if page > 0 {
		h -= d.headH
	}
	return h
}

func sum(bs []block) float64 {
	h := 0.0
	for _, b := range bs {
		h += b.height()
	}
	return h
}

// Names used throughout, with fallbacks for an analysis that lacks them.

func (d *doc) name() string {
	if n := strings.TrimSpace(d.a.Candidate.Name); n != "" {
		return n
	}
	return "Your interview prep"
}

func (d *doc) company() string {
	if c := strings.TrimSpace(d.a.Job.Company); c != "" {
		return c
	}
	return "the company"
}

func (d *doc) hasCompany() bool { return strings.TrimSpace(d.a.Job.Company) != "" }

// companys is the possessive of the company's name: "Acme’s",
// "Northwind Analytics’", "the company’s".
func (d *doc) companys() string {
	c := d.company()
	if strings.HasSuffix(c, "s") {
		return c + "’"
	}
	return c + "’s"
}

func (d *doc) title() string {
	if t := strings.TrimSpace(d.a.Job.Title); t != "" {
		return t
	}
	return "the role"
}

// roleLine is "Title at Company", as far as the analysis knows them.
func (d *doc) roleLine() string {
	t, c := strings.TrimSpace(d.a.Job.Title), strings.TrimSpace(d.a.Job.Company)
	switch {
	case t != "" && c != "":
		return t + " at " + c
	case t != "":
		return t
	case c != "":
		return "Interview at " + c
	}
	return "Interview preparation"
}

func (d *doc) date() string { return d.now.Format("2 January 2006") }

// header is the running header of every page after the cover: who the
// report is for, and the role and firm.
func (d *doc) header(page int) []block {
	if page == 0 {
		return nil
	}
	w := contentW
	lw := w * 0.78
	l := d.col(marginX, lw, 0, nil, para{runs: d.headerRuns(lw - wrapEpsilon)})
	r := d.col(marginX+lw, w-lw, 0, nil,
		para{runs: []run{{"Interview prep report", stCaption.sized(8)}}, al: right})
	top := rowOf(l, r)
	top.padTop, top.padBottom = 9, 2.2
	line := block{cols: []column{{x: marginX, w: contentW, bg: &accent}}, content: 0.4, whole: true}
	return []block{top, line, {content: 7, whole: true}}
}

// headerRuns is the left of the running header on one line: the
// candidate, then the role and firm, shortened to the firm alone, then
// cut, when the line would not fit in width.
func (d *doc) headerRuns(width float64) []run {
	nst, rst := stLabel.with(ink).sized(8), stCaption.sized(8)
	name := d.name()
	avail := width - d.m.width(name+"  ·  ", nst.face, nst.size)
	fits := func(s string) bool { return d.m.width(s, rst.face, rst.size) <= avail }
	role := d.roleLine()
	if !fits(role) && d.hasCompany() {
		role = d.company()
	}
	for !fits(role) && role != "" {
		rs := []rune(strings.TrimSuffix(role, "…"))
		role = strings.TrimSpace(string(rs[:len(rs)-1])) + "…"
		if len(rs) <= 1 {
			role = ""
		}
	}
	if role == "" {
		return []run{{name, nst}}
	}
	return []run{{name, nst}, {"  ·  " + role, rst}}
}

// footer closes every page with the page count.
func (d *doc) footer(pi pageInfo) []block {
	w := contentW
	rl := block{cols: []column{{x: marginX, w: contentW, bg: &rule}}, content: 0.25, whole: true}
	prepared := "Prepared on " + d.date()
	if strings.TrimSpace(d.a.Candidate.Name) != "" {
		prepared = "Prepared for " + d.name() + " on " + d.date()
	}
	l := d.col(marginX, w*0.7, 0, nil, para{runs: []run{{prepared, stCaption}}})
	r := d.col(marginX+w*0.7, w*0.3, 0, nil,
		para{runs: []run{{"page " + itoa(pi.number) + " of " + itoa(pi.total), stCaption.in(bold)}}, al: right})
	txt := rowOf(l, r)
	txt.padTop, txt.padBottom = 2, 9
	return []block{{content: 4, whole: true}, rl, txt}
}

// para is a paragraph of a column: runs, alignment and space above.
type para struct {
	runs   []run
	al     align
	before float64
}

func p(runs ...run) para { return para{runs: runs} }

func (s style) sized(pt float64) style { s.size = pt; return s }

// col builds a column at x, w wide, with padX of inner padding on each
// side, holding paras one below the other.
func (d *doc) col(x, w, padX float64, bg *props.Color, paras ...para) column {
	c := column{x: x, w: w, bg: bg}
	y := 0.0
	for _, pa := range paras {
		y += pa.before
		ls := d.m.wrap(pa.runs, w-2*padX, pa.al)
		for _, l := range ls {
			l.y += y
			for j := range l.segs {
				l.segs[j].x += padX
			}
			c.lines = append(c.lines, l)
		}
		y += height(ls)
	}
	return c
}

// rowOf makes a block of columns side by side.
func rowOf(cols ...column) block {
	b := block{cols: cols}
	for _, c := range cols {
		b.content = max(b.content, height(c.lines))
	}
	return b
}

// push appends a block, painting it as part of the open card, if any.
func (d *doc) push(b block) {

	if f := d.frame; f != nil {
		fill := f.fill
		b.fill, b.fillX0, b.fillX1 = &fill, f.x0, f.x1
		if f.stripe != nil {
			b.cols = append(b.cols, column{x: f.x0, w: stripeW, bg: f.stripe})
		}
	}
	d.blocks = append(d.blocks, b)
}

// space adds vertical space, which vanishes at the top of a page.
func (d *doc) space(h float64) {
	d.push(block{space: true, content: h, whole: true})
}

// text adds a paragraph across the content box.
func (d *doc) text(runs ...run) {
	d.push(rowOf(d.col(d.x0, d.x1-d.x0, 0, nil, p(runs...))))
}

// openCard starts a card spanning the content box.
func (d *doc) openCard(fill props.Color, stripe *props.Color, pad float64) {
	f := &frame{x0: d.x0, x1: d.x1, fill: fill, stripe: stripe, saved0: d.x0, saved1: d.x1, padY: pad}
	d.frame = f
	d.x0 = f.x0 + pad
	if stripe != nil {
		d.x0 += stripeW
	}
	d.x1 = f.x1 - pad
	// The opening padding moves with the card's first row and the closing
	// padding is space, so neither is left as a coloured sliver on a page
	// of its own.
	d.push(block{content: pad, whole: true, keepNext: true})
}

// closeCard ends the open card.
func (d *doc) closeCard() {
	f := d.frame
	if f == nil {
		return
	}
	d.space(f.padY)
	d.frame = nil
	d.x0, d.x1 = f.saved0, f.saved1
}

// keep marks the last block as kept with the next one.
func (d *doc) keep() {
	if n := len(d.blocks); n > 0 {
		d.blocks[n-1].keepNext = true
	}
}

// start says where a section may begin.
type start int

const (
	newPage start = iota // always at the top of a page
	major                // on a new page unless about half a page is left
	minor                // wherever there is room for its first lines
)

// section starts a numbered section with its title and introduction.

func (d *doc) section(n int, anchor, title, intro string, at start) {
	num := d.col(d.x0, d.x1-d.x0, 0, nil,
		p(run{"SECTION " + itoa(n), stLabel.with(accent)}),
		para{runs: []run{{title, stTitle}}, before: 0.8})
	b := rowOf(num)
	b.anchor, b.keepNext = anchor, true
	switch at {
	case newPage:
		b.breakBefore = true
	case major:
		b.minFree = 110

	default:
		b.minFree = 50
	}
	d.space(8)
	d.push(b)
	d.space(2.4)
	d.push(block{cols: []column{{x: d.x0, w: 14, bg: &accent}}, content: 0.9, whole: true, keepNext: true})
	d.space(3.5)
	if intro != "" {
		d.text(run{intro, stSmall})
		d.keep()
		d.space(5)
	}
}

// heading adds a subheading kept with what follows.
func (d *doc) heading(title string) {
	d.space(4)
	d.push(rowOf(d.col(d.x0, d.x1-d.x0, 0, nil, p(run{title, stH3}))))
	d.keep()
	d.space(1.8)
}

// eyebrow adds a row with a coloured badge and a caption beside it.
func (d *doc) eyebrow(badge string, solid props.Color, caption string, capColor props.Color) {
	bw := d.m.width(badge, stBadge.face, stBadge.size) + 4 + wrapEpsilon + 0.3
	h := 4.4
	bst := stBadge
	bst.lead = h / (bst.size * ptToMM)
	cst := stLabel.with(capColor)
	cst.lead = h / (cst.size * ptToMM)
	cols := []column{d.col(d.x0, bw, 2, &solid, para{runs: []run{{badge, bst}}, al: center})}
	if caption != "" {
		cols = append(cols, d.col(d.x0+bw+2.5, d.x1-d.x0-bw-2.5, 0, nil, p(run{caption, cst})))
	}
	b := rowOf(cols...)
	b.keepNext = true
	d.push(b)
}

// labelled adds a row with a small label at the left and text beside it.
func (d *doc) labelled(label string, labelColor props.Color, runs ...run) {
	lw := d.labelWidth()

	b := rowOf(
		d.col(d.x0, lw, 0, nil, p(run{strings.ToUpper(label), stLabel.with(labelColor)})),
		d.col(d.x0+lw, d.x1-d.x0-lw, 0, nil, p(runs...)),
	)
	b.alignFirst(0, 1)
	d.push(b)
}

// labelWidth is the width of the label column of labelled rows, so that
// their text lines up across the page, inside cards too.
func (d *doc) labelWidth() float64 {
	if lw := marginX + labelW - d.x0; lw >= 18 {
		return lw
	}
	return labelW
}

// alignFirst moves the lines of column i so that its first line sits on
// the baseline of the first line of column ref: a small label then reads
// as part of the text beside it. The block grows if it must.
func (b *block) alignFirst(i, ref int) {
	c, r := &b.cols[i], b.cols[ref]
	if len(c.lines) == 0 || len(r.lines) == 0 {
		return
	}
	capOf := func(l line) float64 {
		h := 0.0
		for _, s := range l.segs {
			h = max(h, s.st.size*ptToMM*capRatio)
		}
		return h
	}
	l, rl := c.lines[0], r.lines[0]
	// baseline = y + (h + cap) / 2 for both lines.
	shift := rl.y + (rl.h+capOf(rl))/2 - (l.y + (l.h+capOf(l))/2)
	for k := range c.lines {
		c.lines[k].y += shift
	}
	if c.lines[0].y < 0 {
		for k := range c.lines {
			c.lines[k].y -= c.lines[0].y
		}
	}
	b.content = max(b.content, height(c.lines))
}

// quote adds a statement from the CV: the text in quotes, where it comes
// from below it, behind a thin accent rule.
func (d *doc) quote(s match.Statement, x0 float64, qst style) {
	paras := []para{p(run{"“", qst}, run{strings.TrimSpace(s.Text), qst}, run{"”", qst})}
	if src := source(s); src != "" {
		paras = append(paras, para{runs: []run{{src, stCaption}}, before: 0.4})
	}
	c := d.col(x0+3.2, d.x1-x0-3.2, 0, nil, paras...)
	b := rowOf(column{x: x0, w: 0.7, bg: &faintAccent}, c)
	d.push(b)
}

var faintAccent = props.Color{Red: 160, Green: 180, Blue: 214}

// source says where a statement comes from: "title @ company" for
// experience, else the CV section.
func source(s match.Statement) string {
	switch {
	case strings.TrimSpace(s.Entry) != "":
		return strings.TrimSpace(s.Entry)
	case s.Section != "":
		return "CV " + strings.ReplaceAll(s.Section, "_", " ")
	}
	return ""
}

// bullets adds a list, each item behind a marker in colour c.
func (d *doc) bullets(items []string, marker string, c props.Color, st style) {
	for i, it := range items {
		if i > 0 {
			d.space(1.6)
		}
		mw := 5.0
		b := rowOf(
			d.col(d.x0, mw, 0, nil, p(run{marker, st.with(c).in(bold)})),
			d.col(d.x0+mw, d.x1-d.x0-mw, 0, nil, p(run{it, st})),
		)
		d.push(b)
	}
}

// rule adds a thin horizontal line across the content box.
func (d *doc) rule(before, after float64) {
	if before > 0 {
		d.space(before)
	}
	d.push(block{cols: []column{{x: d.x0, w: d.x1 - d.x0, bg: &rule}}, content: 0.25, whole: true, sep: true})
	if after > 0 {
		d.space(after)
	}

}

// note adds a tinted box with a bold lead-in, for warnings and empty
// sections that tell the reader what to do instead.
func (d *doc) note(lead, body string, solid, tint props.Color) {
	d.openCard(tint, &solid, 4)
	d.text(run{lead + " ", stBody.in(bold).with(solid)}, run{body, stBody})
	d.closeCard()
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
