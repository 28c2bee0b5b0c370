package ingest

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// This file rebuilds lines, columns and reading order from positioned
// characters, whichever engine reported them. Distances are in points and
// most thresholds are relative to the font size, because CVs range from 8 pt
// sidebars to 30 pt names.

// glyph is one character with its position on the page.
type glyph struct {
	r           rune
	x0, x1      float64 // left and right edges, points from the page's left
	top, bottom float64 // points from the page's top; top < bottom
	baseline    float64 // points from the page's top
	size        float64 // rendered font size in points
	bold        bool
	font        string
	generated   bool // a space the engine inferred from a gap; no position
	unmapped    bool // the font gives no Unicode for the glyph
}

// rawPage is what an engine read from one page.
type rawPage struct {
	width, height float64
	glyphs        []glyph
}

// rawDoc is what an engine read from a file.
type rawDoc struct {
	engine string
	pages  []rawPage
}

// word is a run of glyphs without a break.
type word struct {
	text        []rune
	x0, x1      float64
	top, bottom float64
	baseline    float64
	size        float64
	boldChars   int
	chars       int
}

// run is a sequence of words on one baseline close enough together to be
// read as one piece of text. Runs are the unit of column detection: a
// column gutter never falls inside one.
type run struct {
	words       []word
	x0, x1      float64
	top, bottom float64
	baseline    float64
}

// row is the runs that share a baseline, left to right.
type row struct {
	runs        []*run
	top, bottom float64
	baseline    float64
}

// pageLayout is the result of laying out one page: lines in reading order
// and how many columns of at least minColumnRows rows it has.
type pageLayout struct {
	lines   []Line
	columns int
}

// Layout thresholds, as fractions of the font size.
const (
	// sameLineTol is how far two baselines may differ on one line.
	sameLineTol = 0.3
	// wordGap is the gap beyond a run's letter spacing that separates
	// words when the PDF has no space glyph between them. The corpus
	// bounds it on both sides: the tightest justified word space (0.136
	// em, XeTeX) must stay above it, the gap PDFium leaves after the
	// halves of a split "fl" ligature (0.104 em, Skia) below it.
	wordGap = 0.12
	// runGap is the gap that splits a line into runs: wider than any word
	// space in justified text, narrower than column gutters and tab stops.
	runGap = 1.0
	// fakeBoldTol is how close a second copy of a glyph must be to count
	// as the same glyph drawn twice to look bold.
	fakeBoldTol = 0.2
)

// minColumnRows is how many rows a column needs to count as one in the
// multi-column finding.
const minColumnRows = 5

// fakeBoldLookback is how many earlier copies of a letter on the same line
// mergeFakeBold compares a glyph with.
const fakeBoldLookback = 64

// layoutPage turns the glyphs of one page into lines in reading order.
func layoutPage(p rawPage, pageNo int) pageLayout {
	glyphs := mergeFakeBold(p.glyphs)
	runs := buildRuns(glyphs)
	rows := buildRows(runs)
	var out pageLayout
	var col int
	blocks := splitColumns(rows, 0, &col)
	rowsIn := map[int]int{}
	for _, b := range blocks {
		rowsIn[b.column] += len(b.rows)
	}
	for _, n := range rowsIn {
		// A couple of rows beside a column (a name and a phone number
		// in a header) is not a layout an ATS stumbles over.
		if n >= minColumnRows {
			out.columns++
		}
	}
	for _, b := range blocks {
		var prevBottom float64
		right := 0.0
		for _, r := range b.rows {
			for _, ru := range r.runs {
				right = math.Max(right, ru.x1)
			}
		}
		var last *row // the row of the last line emitted in this block
		for i, r := range b.rows {
			if last != nil && wrapsCell(last, r, right) {
				// The rest of a table cell wrapped onto the next line:
				// it goes back into its cell, and the row stays one line.
				merged := *last
				merged.runs = append(append([]*run(nil), last.runs[:len(last.runs)-1]...), joinRuns(last.runs[len(last.runs)-1], r.runs[0]))
				merged.bottom = r.bottom
				prev := out.lines[len(out.lines)-1]
				l := rowLine(&merged)
				l.Page, l.Column, l.GapBefore = prev.Page, prev.Column, prev.GapBefore
				out.lines[len(out.lines)-1] = l
				last, prevBottom = &merged, r.bottom
				continue
			}
			l := rowLine(r)
			l.Page, l.Column = pageNo, b.column
			if i > 0 {
				l.GapBefore = math.Max(0, r.top-prevBottom)
			}
			prevBottom = r.bottom
			if l.Text == "" && !l.Bullet {
				continue
			}
			out.lines = append(out.lines, l)
			last = r
		}
	}
	return out
}

// wrapsCell reports whether row r is the wrapped rest of the last cell of
// the table row above it (an HTML table printed to PDF): r is one run that
// starts where that cell starts, right below it; the cell ran to the
// block's right edge, so r's first word would not have fitted there; and
// the cell's text is unfinished ("… with the regional account" /
// "executive"). A line under the text column of a dated entry ("2019 –
// 2021   Senior CSM at Acme" / "Managed 40 accounts") is not one: the
// title stops short of the edge.
func wrapsCell(above, r *row, right float64) bool {
	if len(above.runs) < 2 || len(r.runs) != 1 || len(r.runs[0].words) == 0 {
		return false
	}
	cell, next := above.runs[len(above.runs)-1], r.runs[0]
	size := math.Max(runSize(cell), 1)
	if math.Abs(next.x0-cell.x0) > 0.6*size || math.Abs(runSize(next)-runSize(cell)) > 0.5 {
		return false
	}
	if d := r.baseline - above.baseline; d <= 0 || d > 1.6*size {
		return false
	}
	first := next.words[0]
	if cell.x1+(first.x1-first.x0)+0.3*size < right-0.5*size {
		return false // the word would have fitted: a new line of its own
	}
	// A bullet's marker is no cell: wrapped list items are joined later,
	// with the hyphenation rules of every other line.
	if label, _ := SplitBullet(NormalizeText(string(above.runs[0].words[0].text))); !hasLetters(label) {
		return false
	}
	text := string(cell.words[len(cell.words)-1].text)
	if strings.HasSuffix(text, "-") || strings.HasSuffix(text, "‐") {
		return false // a hyphenated word: the line joiner mends it
	}
	if strings.HasSuffix(text, ",") {
		return true
	}
	if isTerminal(text) {
		return false
	}
	r0 := []rune(string(first.text))
	return len(r0) > 0 && unicode.IsLower(r0[0])
}

// joinRuns is a run with b's words after a's, as one cell.
func joinRuns(a, b *run) *run {
	j := *a
	j.words = append(append([]word(nil), a.words...), b.words...)
	j.x1 = math.Max(a.x1, b.x1)
	j.bottom = math.Max(a.bottom, b.bottom)
	return &j
}

// mergeFakeBold drops glyphs that repeat an earlier glyph at almost the same
// place: producers fake bold by drawing a string twice, slightly shifted,
// and a text layer would otherwise read "JJaannee". The glyph kept is
// marked bold.
func mergeFakeBold(in []glyph) []glyph {
	type key struct {
		r rune
		y int
	}
	seen := make(map[key][]int, len(in))
	out := make([]glyph, 0, len(in))
	var prev *glyph
	for i := range in {
		g := in[i]
		if g.generated || unicode.IsSpace(g.r) {
			out = append(out, g)
			continue
		}
		ligature := prev != nil && prev.x0 == g.x0 && prev.x1 == g.x1 && prev.baseline == g.baseline
		prev = &in[i]
		if ligature {
			// The letters of a ligature ("ffi") share its box; they
			// are not a glyph drawn twice.
			out = append(out, g)
			continue
		}
		// The copy must sit within a fraction of the glyph's own width:
		// text squeezed to near-zero advances (a link's ActualText
		// drawn under an icon) repeats letters a hair apart and is not
		// a copy.
		width := g.x1 - g.x0
		if width < 0.05*math.Max(g.size, 1) {
			out = append(out, g)
			continue
		}
		tol := math.Min(fakeBoldTol*math.Max(g.size, 1), 0.3*width)
		y := int(math.Floor(g.baseline))
		dup := -1
	search:
		for dy := -1; dy <= 1; dy++ {
			// The copy of a glyph comes soon after it: look back over
			// the last few of the same letter on the line only, which
			// keeps a page of one repeated letter from costing n².
			cands := seen[key{g.r, y + dy}]
			for _, j := range cands[max(0, len(cands)-fakeBoldLookback):] {
				o := out[j]
				if math.Abs(o.x0-g.x0) < tol && math.Abs(o.baseline-g.baseline) < tol && math.Abs(o.size-g.size) < tol {
					dup = j
					break search
				}
			}
		}
		if dup >= 0 {
			out[dup].bold = true
			continue
		}
		k := key{g.r, y}
		seen[k] = append(seen[k], len(out))
		out = append(out, g)
	}
	return out
}

// buildRuns groups glyphs in the order the engine reports them (the
// content-stream order, which keeps a line's characters together) into
// runs, and each run into words. A change of baseline, a step backwards or
// a gap wider than runGap ends a run.
func buildRuns(glyphs []glyph) []*run {
	var runs []*run
	var cur []spacedGlyph
	var last *glyph
	realSpace, genSpace := false, false
	flush := func() {
		if len(cur) > 0 {
			runs = append(runs, splitWords(cur))
		}
		cur, last = nil, nil
	}
	for i := range glyphs {
		g := &glyphs[i]
		if g.generated {
			genSpace = true
			continue
		}
		if unicode.IsSpace(g.r) || g.r == 0 && !g.unmapped {
			realSpace = true
			continue
		}
		if g.x1 < g.x0 || g.bottom < g.top || !finite(g.x0, g.x1, g.top, g.bottom, g.baseline, g.size) {
			continue
		}
		if last != nil {
			size, ls := math.Max(g.size, 1), math.Max(last.size, 1)
			m := math.Max(size, ls)
			tol := math.Max(sameLineTol*math.Min(size, ls), 0.5)
			if math.Abs(g.baseline-last.baseline) > tol ||
				g.x0 < last.x0-0.1*m || // went back: a new line or an overprint
				g.x0-last.x1 > runGap*m {
				flush()
			}
		}
		cur = append(cur, spacedGlyph{g: g, realSpace: realSpace, genSpace: genSpace})
		realSpace, genSpace = false, false
		last = g
	}
	flush()
	return runs
}

// spacedGlyph is a glyph of a run with the space glyphs seen before it.
type spacedGlyph struct {
	g                   *glyph
	realSpace, genSpace bool
}

// splitWords cuts a run into words. A space glyph in the PDF always ends a
// word. Otherwise the gap decides, measured against the run's own letter
// spacing: tracked text ("F E B R U A R Y  2 0 2 1" drawn as letters
// 0.17 em apart) has its words where the gap exceeds the tracking, and
// tightly justified text has word spaces of barely 0.14 em. PDFium's
// inferred spaces are only a hint: it infers one between every tracked
// letter and misses tight justified spaces.
func splitWords(gs []spacedGlyph) *run {
	var gaps []float64
	for i := 1; i < len(gs); i++ {
		gaps = append(gaps, (gs[i].g.x0-gs[i-1].g.x1)/math.Max(gs[i].g.size, 1))
	}
	// The run's own letter spacing: positive for tracked text, negative
	// where a font's declared widths overstate its glyphs (boxes overlap
	// by the same amount letter after letter, and only word spaces
	// stand out).
	tracking := 0.0
	if len(gaps) >= 4 {
		if t := median(gaps); math.Abs(t) > 0.05 {
			tracking = t
		}
	}
	r := &run{}
	var w *word
	for i, sg := range gs {
		g := sg.g
		if i > 0 {
			gap := gaps[i-1]
			if sg.realSpace || gap > tracking+wordGap || sg.genSpace && gap > tracking+wordGap/2 {
				r.words = append(r.words, *w)
				w = nil
			}
		}
		if w == nil {
			w = &word{x0: g.x0, x1: g.x1, top: g.top, bottom: g.bottom, baseline: g.baseline, size: g.size}
		}
		r := g.r
		if r == '\u00AD' {
			// A soft hyphen that is drawn is a hyphen: TeX fonts map
			// their hyphen glyph to U+00AD ("add­ons").
			r = '-'
		}
		w.text = append(w.text, r)
		w.x0, w.x1 = math.Min(w.x0, g.x0), math.Max(w.x1, g.x1)
		w.top, w.bottom = math.Min(w.top, g.top), math.Max(w.bottom, g.bottom)
		w.size = math.Max(w.size, g.size)
		w.chars++
		if g.bold {
			w.boldChars++
		}
	}
	r.words = append(r.words, *w)
	r.x0, r.x1 = r.words[0].x0, r.words[0].x1
	r.top, r.bottom = r.words[0].top, r.words[0].bottom
	bs := make([]float64, 0, len(r.words))
	for _, w := range r.words {
		r.x0, r.x1 = math.Min(r.x0, w.x0), math.Max(r.x1, w.x1)
		r.top, r.bottom = math.Min(r.top, w.top), math.Max(r.bottom, w.bottom)
		bs = append(bs, w.baseline)
	}
	r.baseline = median(bs)
	return r
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// buildRows groups runs whose baselines agree into rows, top to bottom, and
// sorts each row's runs left to right. A run drawn out of order (a date
// written after the paragraph under it) joins its row again here.
func buildRows(runs []*run) []*row {
	sorted := slices.Clone(runs)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].baseline < sorted[j].baseline })
	var rows []*row
	for _, r := range sorted {
		if n := len(rows); n > 0 {
			last := rows[n-1]
			tol := sameLineTol * math.Min(runSize(r), rowSize(last))
			if math.Abs(r.baseline-last.baseline) <= math.Max(tol, 0.5) {
				last.runs = append(last.runs, r)
				last.top, last.bottom = math.Min(last.top, r.top), math.Max(last.bottom, r.bottom)
				continue
			}
		}
		rows = append(rows, &row{runs: []*run{r}, top: r.top, bottom: r.bottom, baseline: r.baseline})
	}
	for _, rw := range rows {
		sort.SliceStable(rw.runs, func(i, j int) bool { return rw.runs[i].x0 < rw.runs[j].x0 })
		rw.runs = mergeOverlappingRuns(rw.runs)
	}
	return rows
}

// mergeOverlappingRuns joins runs of a row that touch or overlap, so a line
// drawn in several pieces is not split by a false gutter. Pieces that touch
// continue the last word (a kerned pair drawn as two strings).
func mergeOverlappingRuns(runs []*run) []*run {
	out := runs[:0]
	for _, r := range runs {
		if n := len(out); n > 0 {
			p := out[n-1]
			size := math.Min(runSize(p), runSize(r))
			gap := r.x0 - p.x1
			if gap <= wordGap*size {
				if math.Abs(gap) < 0.1*size {
					lw := &p.words[len(p.words)-1]
					fw := r.words[0]
					lw.text = append(lw.text, fw.text...)
					lw.x1 = math.Max(lw.x1, fw.x1)
					lw.chars += fw.chars
					lw.boldChars += fw.boldChars
					p.words = append(p.words, r.words[1:]...)
				} else {
					p.words = append(p.words, r.words...)
				}
				p.x1 = math.Max(p.x1, r.x1)
				p.top, p.bottom = math.Min(p.top, r.top), math.Max(p.bottom, r.bottom)
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

func runSize(r *run) float64 {
	s := 0.0
	for _, w := range r.words {
		s = math.Max(s, w.size)
	}
	return math.Max(s, 1)
}

func rowSize(r *row) float64 {
	s := 0.0
	for _, ru := range r.runs {
		s = math.Max(s, runSize(ru))
	}
	return s
}

// columnBlock is a stretch of rows read top to bottom, in one column.
type columnBlock struct {
	rows   []*row
	column int
}

// maxColumnAlignment is the share of one side's rows sharing a baseline
// with the other side above which the two are one table, not two columns.
const maxColumnAlignment = 0.6

// maxColumnDepth bounds the recursion of splitColumns: a page split in two,
// each half split again, covers every CV layout we have seen.
const maxColumnDepth = 2

// splitColumns orders the rows of a region for reading. It looks for a
// vertical gutter (an x band no run crosses in most rows), cuts the region
// into horizontal bands where rows cross the gutter (a full-width header,
// a footer) and bands where they do not, and reads the latter column by
// column, left first, each column split again recursively. col numbers the
// columns of the page left to right as they are emitted.
func splitColumns(rows []*row, depth int, col *int) []columnBlock {
	base := *col
	if depth > maxColumnDepth || len(rows) < 4 {
		return []columnBlock{{rows: rows, column: base}}
	}
	a, b, ok := findGutter(rows)
	if !ok {
		return []columnBlock{{rows: rows, column: base}}
	}
	center := (a + b) / 2
	var out []columnBlock
	maxCol := base
	flush := func(band []*row, crossing bool) {
		if len(band) == 0 {
			return
		}
		if crossing {
			out = append(out, columnBlock{rows: band, column: base})
			return
		}
		if k := headerRows(band, center); k > 0 {
			out = append(out, columnBlock{rows: band[:k], column: base})
			band = band[k:]
		}
		left, right := splitRows(band, center)
		if !isColumnPair(left, right, band) {
			out = append(out, columnBlock{rows: band, column: base})
			return
		}
		c := base
		lb := splitColumns(left, depth+1, &c)
		c++
		rb := splitColumns(right, depth+1, &c)
		out = append(out, lb...)
		out = append(out, rb...)
		maxCol = max(maxCol, c)
	}
	var band []*row
	bandCrossing := false
	for _, r := range rows {
		crosses := rowCrosses(r, center)
		if len(band) > 0 && crosses != bandCrossing {
			flush(band, bandCrossing)
			band = nil
		}
		band = append(band, r)
		bandCrossing = crosses
	}
	flush(band, bandCrossing)
	*col = maxCol
	return mergeAdjacent(out)
}

// mergeAdjacent joins consecutive blocks of the same column, so a one-column
// stretch that a band boundary cut in two reads as one.
func mergeAdjacent(blocks []columnBlock) []columnBlock {
	var out []columnBlock
	for _, b := range blocks {
		if n := len(out); n > 0 && out[n-1].column == b.column {
			out[n-1].rows = append(out[n-1].rows, b.rows...)
			continue
		}
		out = append(out, b)
	}
	return out
}

func rowCrosses(r *row, x float64) bool {
	for _, ru := range r.runs {
		if ru.x0 < x && ru.x1 > x {
			return true
		}
	}
	return false
}

// maxHeaderRows is how many one-sided rows at the top of a band can still
// belong to the header above it.
const maxHeaderRows = 2

// headerRows counts the rows at the top of a band that sit on one side of
// the gutter and end before the other side begins: a job title under a
// centred name, set off-centre, belongs to the header, not to the top of
// one column.
func headerRows(band []*row, x float64) int {
	side := func(r *row) int {
		left, right := false, false
		for _, ru := range r.runs {
			if (ru.x0+ru.x1)/2 < x {
				left = true
			} else {
				right = true
			}
		}
		switch {
		case left && right:
			return 0
		case left:
			return -1
		}
		return 1
	}
	if len(band) == 0 {
		return 0
	}
	first := side(band[0])
	if first == 0 {
		return 0
	}
	k := 0
	for k < len(band) && k <= maxHeaderRows && side(band[k]) == first {
		k++
	}
	if k == 0 || k > maxHeaderRows || k == len(band) {
		return 0
	}
	// The other side must start clearly below the last of these rows.
	if band[k].top < band[k-1].bottom+0.5*rowSize(band[k-1]) {
		return 0
	}
	return k
}

// splitRows cuts each row of a band at x into its left and right parts.
func splitRows(band []*row, x float64) (left, right []*row) {
	for _, r := range band {
		var l, rr []*run
		for _, ru := range r.runs {
			if (ru.x0+ru.x1)/2 < x {
				l = append(l, ru)
			} else {
				rr = append(rr, ru)
			}
		}
		if len(l) > 0 {
			left = append(left, newRow(l))
		}
		if len(rr) > 0 {
			right = append(right, newRow(rr))
		}
	}
	return left, right
}

func newRow(runs []*run) *row {
	r := &row{runs: runs, top: runs[0].top, bottom: runs[0].bottom}
	bs := make([]float64, 0, len(runs))
	for _, ru := range runs {
		r.top, r.bottom = math.Min(r.top, ru.top), math.Max(r.bottom, ru.bottom)
		bs = append(bs, ru.baseline)
	}
	r.baseline = median(bs)
	return r
}

// findGutter finds the vertical band of whitespace that separates two
// columns in rows: the widest x interval crossed by the fewest rows, with
// enough text on each side. It reports the interval's edges.
func findGutter(rows []*row) (a, b float64, ok bool) {
	minX, maxX := math.Inf(1), math.Inf(-1)
	var sizes []float64
	for _, r := range rows {
		for _, ru := range r.runs {
			minX, maxX = math.Min(minX, ru.x0), math.Max(maxX, ru.x1)
			sizes = append(sizes, runSize(ru))
		}
	}
	width := maxX - minX
	if width < 50 || width > 20000 {
		return 0, 0, false
	}
	size := median(sizes)
	// Half-point bins: enough to see a gutter between narrow columns.
	const step = 0.5
	n := int(width/step) + 1
	crossing := make([]int, n)
	leftRows := make([]int, n+1)  // rows with a run ending left of bin i
	rightRows := make([]int, n+1) // rows with a run starting right of bin i
	bin := func(x float64) int {
		i := int((x - minX) / step)
		return min(max(i, 0), n-1)
	}
	for _, r := range rows {
		firstEnd, lastStart := math.Inf(1), math.Inf(-1)
		for _, ru := range r.runs {
			for i := bin(ru.x0) + 1; i < bin(ru.x1); i++ {
				crossing[i]++
			}
			firstEnd = math.Min(firstEnd, ru.x1)
			lastStart = math.Max(lastStart, ru.x0)
		}
		leftRows[bin(firstEnd)+1]++
		rightRows[bin(lastStart)]++
	}
	for i := 1; i <= n; i++ {
		leftRows[i] += leftRows[i-1]
	}
	for i := n - 1; i >= 0; i-- {
		rightRows[i] += rightRows[i+1]
	}
	// A gutter must be wider than a word space and leave a margin of
	// text on both sides; a region crossed by more than a few header
	// rows is running text, not two columns.
	minWidth := math.Max(0.8*size, 5)
	maxCross := max(1, len(rows)/6)
	const minSideRows = 3
	best, bestA, bestB := -1.0, 0, 0
	// For each tolerance c, every maximal interval crossed by at most c
	// rows is a candidate: a header row that dips into the gutter only
	// narrows it.
	for c := 0; c <= maxCross; c++ {
		for i := 0; i < n; {
			if crossing[i] > c {
				i++
				continue
			}
			j, worst := i, crossing[i]
			for j+1 < n && crossing[j+1] <= c {
				j++
				worst = max(worst, crossing[j])
			}
			w := float64(j-i+1) * step
			if worst == c && w >= minWidth && i > 0 && j < n-1 {
				left, right := leftRows[i], rightRows[j]
				if left >= minSideRows && right >= minSideRows {
					// Prefer few crossings, then width, then balance.
					score := w * float64(min(left, right)) / float64(1+4*c)
					if score > best {
						best, bestA, bestB = score, i, j
					}
				}
			}
			i = j + 1
		}
	}
	if best < 0 {
		return 0, 0, false
	}

	return minX + float64(bestA)*step, minX + float64(bestB+1)*step, true
}

// isColumnPair decides whether the two sides of a band are columns read one
// after the other, or one table read across: a narrow column of bullets or
// icons, or a column of labels and dates each beside the first line of
// its entry (moderncv, Europass), belongs to the rows it sits on.
func isColumnPair(left, right, band []*row) bool {
	if len(left) < 2 || len(right) < 2 {
		return false
	}
	if narrowSide(left) || narrowSide(right) {
		return false
	}
	// A side whose rows mostly sit on a baseline of the other side is a
	// column of labels or dates beside their entries: on the corpus such
	// sides align 86-100%, while real columns, each with its own line
	// spacing, align 29-45%.
	sparse, dense := left, right
	if len(right) < len(left) {
		sparse, dense = right, left
	}
	both := 0
	di := 0
	for _, s := range sparse {
		for di < len(dense) && dense[di].baseline < s.baseline-sameLineTol*rowSize(s) {
			di++
		}
		if di < len(dense) && math.Abs(dense[di].baseline-s.baseline) <= math.Max(sameLineTol*math.Min(rowSize(s), rowSize(dense[di])), 0.5) {
			both++
		}
	}
	aligned := float64(both) / float64(len(sparse))
	if aligned >= maxColumnAlignment {
		return false
	}
	return true
}

// narrowSide reports whether a side holds only glyphs too narrow to be a
// column of text: bullets, icons, numbers.
func narrowSide(rows []*row) bool {
	for _, r := range rows {
		for _, ru := range r.runs {
			if ru.x1-ru.x0 > 2.5*runSize(ru) {
				return false
			}
		}
	}
	return true
}

// rowLine renders a row as a Line: words joined by single spaces, the
// dominant size, bold when most characters are.
func rowLine(r *row) Line {
	var b strings.Builder
	sizeChars := map[float64]int{}
	chars, bold := 0, 0
	x0, x1 := math.Inf(1), 0.0
	for _, ru := range r.runs {
		x0 = math.Min(x0, ru.x0)
		x1 = math.Max(x1, ru.x1)
		for _, w := range ru.words {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(string(w.text))
			sizeChars[math.Round(w.size*2)/2] += w.chars
			chars += w.chars
			bold += w.boldChars
		}
	}
	var size float64
	best := -1
	for s, n := range sizeChars {
		if n > best || n == best && s > size {
			size, best = s, n
		}
	}
	text := NormalizeText(b.String())
	text, bullet := SplitBullet(text)
	text = StripIcons(text)
	var cells []string
	if len(r.runs) > 1 {
		parts := make([]string, len(r.runs))
		for i, ru := range r.runs {
			words := make([]string, len(ru.words))
			for j, w := range ru.words {
				words[j] = string(w.text)
			}
			parts[i] = strings.Join(words, " ")
		}
		cells = cellsOf(parts)
	}
	return Line{
		Text:     text,
		Cells:    cells,
		Bullet:   bullet,
		Size:     size,
		Bold:     chars > 0 && bold*2 > chars,
		X:        x0,
		Right:    x1,
		Baseline: r.baseline,
		Y:        r.top,
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
