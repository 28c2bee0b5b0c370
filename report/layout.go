package report

import (
	"math"
	"sort"
	"strconv"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"
)

// The document is a list of blocks, each one maroto row of fixed height.
// A block holds columns of already wrapped lines, so this package knows
// every height before maroto sees it and paginates itself: headings keep
// with what follows, long paragraphs and table rows split between lines,
// and nothing is ever taller than a page.

// column is a vertical strip of a block: wrapped lines over an optional
// background. maroto paints a background over the whole height of the
// row, paddings included, so rules and bars are blocks of their own.

type column struct {
	x, w  float64 // on the page, in millimetres
	bg    *props.Color
	lines []line // y from the block's content top; seg x from the column's x
}

// block is one row of the document.
type block struct {
	cols              []column
	padTop, padBottom float64
	content           float64 // height between the paddings
	// fill paints the span [fillX0, fillX1] wherever no column has its
	// own background: the body of a card.
	fill           *props.Color
	fillX0, fillX1 float64

	keepNext    bool    // never end a page with this block
	breakBefore bool    // start a new page
	minFree     float64 // start a new page unless this much room is left
	space       bool    // vertical space, dropped at the top of a page
	sep         bool    // a separating rule, dropped at the top or bottom of a page
	whole       bool    // never split (shapes)
	anchor      string  // records the page the block lands on
}

func (b *block) height() float64 { return b.padTop + b.content + b.padBottom }

const eps = 1e-6

func (b *block) hasText() bool {
	for _, c := range b.cols {
		if len(c.lines) > 0 {
			return true
		}
	}
	return false
}

// cuts returns the heights, in increasing order, at which b may be cut:
// between lines of every column, and with strict set, leaving at least
// two lines of the longest column on each side (no orphans, no widows).
func (b *block) cuts(strict bool) []float64 {
	if b.whole || b.space || len(b.cols) == 0 {
		return nil
	}
	main := 0
	var cands []float64
	for i, c := range b.cols {
		if len(c.lines) > len(b.cols[main].lines) {
			main = i
		}
		for _, l := range c.lines {
			if e := l.y + l.h; e > eps {
				cands = append(cands, e)
			}
		}
	}
	sort.Float64s(cands)
	var out []float64
	for k, cut := range cands {
		if k > 0 && cut-cands[k-1] < eps {
			continue // the same height in two columns
		}
		straddles := false
		for _, c := range b.cols {
			for _, l := range c.lines {
				if l.y < cut-eps && l.y+l.h > cut+eps {
					straddles = true
				}
			}
		}
		if straddles {
			continue
		}
		above, below := 0, 0
		for _, l := range b.cols[main].lines {
			if l.y+l.h <= cut+eps {
				above++
			} else {
				below++
			}
		}
		if below == 0 || above == 0 || (strict && (above < 2 || below < 2)) {
			continue
		}
		out = append(out, cut)
	}
	return out
}

// split cuts b at the highest allowed height that lets the first part fit
// in avail.
func (b *block) split(avail float64, strict bool) (first, rest block, ok bool) {
	limit := avail - b.padTop - b.padBottom
	cuts := b.cuts(strict)
	for k := len(cuts) - 1; k >= 0; k-- {
		cut := cuts[k]
		if cut > limit+eps {
			continue
		}
		first, rest = *b, *b
		first.cols = make([]column, len(b.cols))
		rest.cols = make([]column, len(b.cols))
		for i, c := range b.cols {
			f, r := c, c
			f.lines, r.lines = nil, nil
			for _, l := range c.lines {
				if l.y+l.h <= cut+eps {
					f.lines = append(f.lines, l)
				} else {
					l.y -= cut
					r.lines = append(r.lines, l)
				}
			}
			first.cols[i], rest.cols[i] = f, r
		}
		first.content, rest.content = cut, b.content-cut
		first.keepNext = false
		rest.anchor, rest.breakBefore, rest.minFree = "", false, 0
		return first, rest, true
	}
	return first, rest, false
}

// head is the height of the smallest first piece of b that may end a
// page: the whole block when it may not be split.
func (b *block) head() float64 {
	if cuts := b.cuts(true); len(cuts) > 0 {
		return b.padTop + cuts[0] + b.padBottom
	}
	return b.height()
}

// leadIn is the room the blocks from j on need at the bottom of a page
// for a heading before them not to be orphaned.
func leadIn(bs []block, j int) float64 {
	h := 0.0
	for ; j < len(bs); j++ {
		b := &bs[j]
		switch {
		case b.breakBefore:
			return h
		case b.space, b.keepNext, !b.hasText():
			// Space, rules and anything kept with what follows travel
			// with the heading too.
			h += b.height()
		default:
			return h + b.head()
		}
	}
	return h
}

// paginate distributes blocks over pages; capacity gives the body height
// of each page. It returns the pages and the page index of each anchor.
func paginate(bs []block, capacity func(page int) float64) ([][]block, map[string]int) {
	var (
		pages   [][]block
		cur     []block
		used    float64
		anchors = map[string]int{}
	)
	newPage := func() {
		// Space and separators mean nothing at the foot of a page.
		for len(cur) > 0 && (cur[len(cur)-1].space || cur[len(cur)-1].sep) {
			cur = cur[:len(cur)-1]
		}
		pages = append(pages, cur)
		cur, used = nil, 0
	}
	place := func(b block) {
		if _, ok := anchors[b.anchor]; b.anchor != "" && !ok {
			anchors[b.anchor] = len(pages)
		}
		cur = append(cur, b)
		used += b.height()
	}
	queue := append([]block(nil), bs...)
	for i := 0; i < len(queue); i++ {
		b := queue[i]
		room := capacity(len(pages)) - used
		if b.space || b.sep {
			if len(cur) > 0 && b.height() <= room+eps {

				place(b)
			}
			continue
		}
		if len(cur) > 0 && (b.breakBefore || (b.minFree > 0 && room < b.minFree)) {
			newPage()
			i--
			continue
		}
		need := b.height()
		if b.keepNext {
			need += leadIn(queue, i+1)
		}
		if need <= room+eps {
			place(b)
			continue
		}
		if !b.keepNext {
			if first, rest, ok := b.split(room, true); ok {
				place(first)
				newPage()
				queue[i] = rest
				i--
				continue
			}
		}
		if len(cur) > 0 {
			newPage()
			i--
			continue
		}
		// Alone on a fresh page and still too tall: a heading whose
		// follower is huge goes in anyway; a block taller than a page
		// is cut wherever a line ends.
		if b.height() <= room+eps {
			place(b)
			continue
		}
		if first, rest, ok := b.split(room, false); ok {
			place(first)
			newPage()
			queue[i] = rest
			i--
			continue
		}
		place(b)
	}
	if len(cur) > 0 {
		pages = append(pages, cur)
	}
	return pages, anchors
}

// gridUnits is the column grid: tenths of a millimetre across an A4 page.
const gridUnits = 2100

func units(mm float64) int { return int(math.Round(mm * 10)) }

// capRatio is Noto Sans' cap height as a fraction of the size; lines put
// the middle of capital letters in the middle of their line box.
const capRatio = 0.714

// pageInfo is what rows need to know about the page they are on.
type pageInfo struct {
	number, total int
	anchors       map[string]int
}

// row turns a block into a maroto row.
func (d *doc) row(b block, pi pageInfo) core.Row {
	r := row.New(b.height())
	cols := append([]column(nil), b.cols...)
	sort.SliceStable(cols, func(i, j int) bool { return cols[i].x < cols[j].x })
	pos := 0
	gap := func(to int) {
		for pos < to {
			end, bg := to, (*props.Color)(nil)
			if b.fill != nil {
				f0, f1 := units(b.fillX0), units(b.fillX1)
				switch {
				case pos < f0:
					end = min(to, f0)
				case pos < f1:
					end, bg = min(to, f1), b.fill
				}
			}
			c := col.New(end - pos)
			if bg != nil {
				c.WithStyle(&props.Cell{BackgroundColor: bg})
			}
			r.Add(c)
			pos = end
		}
	}
	for _, c := range cols {
		start, end := units(c.x), units(c.x+c.w)
		if start < pos {
			start = pos // columns never overlap; guard against rounding
		}
		if end <= start {
			continue
		}
		gap(start)
		mc := col.New(end - start)
		bg := c.bg
		if bg == nil && b.fill != nil && c.x >= b.fillX0-eps && c.x+c.w <= b.fillX1+eps {
			bg = b.fill
		}
		if bg != nil {
			mc.WithStyle(&props.Cell{BackgroundColor: bg})
		}
		dx := c.x - float64(start)/10
		for _, l := range c.lines {
			capH := 0.0
			for _, s := range l.segs {
				capH = max(capH, s.st.size*ptToMM*capRatio)
			}
			baseline := b.padTop + l.y + (l.h+capH)/2
			for _, s := range l.segs {
				txt, x := s.text, s.x
				if s.ref != "" {
					txt = "–"
					if p, ok := pi.anchors[s.ref]; ok {
						txt = strconv.Itoa(p + 1)
					}
					// References are right-aligned page numbers.
					x = s.x + s.w - d.m.width(txt, s.st.face, s.st.size)
				}
				color := s.st.color
				top := baseline - s.st.size*ptToMM
				// Characters the text face lacks are set in the symbol
				// face, each stretch as its own text.
				d.m.runs(txt, s.st.face, func(part string, f face) {
					switch f {
					case symbols:
						d.symbols = true
					case cjk:
						d.cjk = true
					}

					mc.Add(text.New(part, props.Text{
						Top:    top,
						Left:   dx + x,
						Family: f.family(),
						Style:  f.style(),
						Size:   s.st.size,
						Color:  &color,
					}))
					x += d.m.width(part, f, s.st.size)
				})
			}
		}
		r.Add(mc)
		pos = end
	}
	gap(gridUnits)
	return r
}

// pages turns paginated blocks into maroto pages, each with its header,
// its body, a filler and its footer, adding up to the sheet's height.
func (d *doc) pages(paged [][]block, anchors map[string]int) []core.Page {
	out := make([]core.Page, 0, len(paged))
	for i, body := range paged {
		pi := pageInfo{number: i + 1, total: len(paged), anchors: anchors}
		p := page.New()
		used := 0.0
		for _, b := range d.header(i) {
			p.Add(d.row(b, pi))
			used += b.height()
		}
		for _, b := range body {
			p.Add(d.row(b, pi))
			used += b.height()
		}
		foot := d.footer(pi)
		fh := 0.0
		for _, b := range foot {
			fh += b.height()
		}
		if fill := pageH - slack - used - fh; fill > 0 {
			p.Add(row.New(fill).Add(col.New(gridUnits)))
		}
		for _, b := range foot {
			p.Add(d.row(b, pi))
		}
		out = append(out, p)
	}
	return out
}
