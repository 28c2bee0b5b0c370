package ingest

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"prep"
)

// WordprocessingML namespaces: transitional, which Word writes, and
// strict, which it writes on request.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsMath    = "http://schemas.openxmlformats.org/officeDocument/2006/math"
	nsMathS   = "http://purl.oclc.org/ooxml/officeDocument/math"
)

// maxXMLDepth bounds element nesting. Word nests a text box in a table in
// a text box some forty elements deep; a file nested far deeper is built
// to exhaust memory.
const maxXMLDepth = 512

// gapTwips is the paragraph spacing (before plus the previous paragraph's
// after) from which a paragraph starts a new block: 10 pt. Word's Normal
// style has 8 pt after every paragraph, which separates lines, not blocks.
const gapTwips = 200

var errTooDeep = prep.Errorf(prep.EINVALID, "this document is nested too deeply to be a CV: save it again as DOCX or PDF")

func docxDamaged(err error) error {
	return prep.Wrap(prep.EINVALID, "this Word document is damaged (its text is not valid XML): open it in Word, save it again and upload it, or upload a PDF", err)
}

// extractDOCX reads a Word document with archive/zip and streaming
// encoding/xml, bounded by limits.MaxPartBytes per part. Lines come in
// the order a reader meets them: header, body, footnotes, endnotes,
// footer.
func extractDOCX(ctx context.Context, data []byte, limits Limits) (*Document, error) {
	limits = limits.withDefaults()
	a, err := openArchive(data, "Word document", limits.MaxPartBytes)
	if err != nil {
		return nil, err
	}
	main, _, err := ooxmlMain(a)
	if err != nil {
		return nil, err
	}
	if main == "" {
		return nil, prep.Errorf(prep.EINVALID, "this Word file has no document part (word/document.xml): it is damaged; open it in Word, save it again and upload it, or upload a PDF")
	}
	d := &docxReader{ctx: ctx, a: a, main: main}
	if d.rels, err = readRels(a, main); err != nil {
		return nil, err
	}
	if err := d.loadStyles(); err != nil {
		return nil, err
	}

	var body flow
	if err := d.readPart(main, RegionBody, &body); err != nil {
		return nil, err
	}
	var headers, footers, notes flow
	for _, h := range d.headerParts(true) {
		if err := d.readOptional(h, RegionHeader, &headers); err != nil {
			return nil, err
		}
	}
	for _, typ := range []string{"footnotes", "endnotes"} {
		if p := d.part(typ, "word/"+typ+".xml"); p != "" {
			if err := d.readOptional(p, RegionFootnote, &notes); err != nil {
				return nil, err
			}
		}
	}
	for _, h := range d.headerParts(false) {
		if err := d.readOptional(h, RegionFooter, &footers); err != nil {
			return nil, err
		}
	}

	doc := &Document{Engine: "docx", Pages: d.pages()}
	icons := 0
	for _, f := range []*flow{dedupe(&headers), &body, &notes, dedupe(&footers)} {
		if len(f.lines) > 0 && len(doc.Lines) > 0 {
			f.lines[0].GapBefore = 1
		}
		doc.Lines = append(doc.Lines, f.lines...)
		icons += f.icons
	}
	if len(doc.Lines) > maxLines {
		return nil, errTooManyLines
	}
	doc.Findings = flowFindings(doc.Lines, icons)
	return doc, nil
}

// docxReader holds what the parts of one document share.
type docxReader struct {
	ctx   context.Context
	a     *archive
	main  string
	rels  map[string]relationship
	st    *docxStyles
	num   *docxNumbering
	sects []xSectPr
}

// part returns the part a relationship of the main part names, or the
// usual name when the file has no relationships part.
func (d *docxReader) part(typ, usual string) string {
	if p := relOfType(d.a, d.rels, typ); p != "" {
		return p
	}
	if len(d.rels) == 0 && d.a.has(usual) {
		return usual
	}
	return ""
}

func (d *docxReader) loadStyles() error {
	d.st = &docxStyles{byID: map[string]*xStyle{}}
	if p := d.part("styles", "word/styles.xml"); p != "" {
		rc, err := d.a.open(p, 0)
		if err != nil {
			return keepLimitErrors(err)
		}
		st, err := parseStyles(rc)
		rc.Close()
		if err != nil {
			return d.a.readError(err)
		}
		d.st = st
	}
	if p := d.part("numbering", "word/numbering.xml"); p != "" {
		rc, err := d.a.open(p, 0)
		if err != nil {
			return keepLimitErrors(err)
		}
		num, err := parseNumbering(rc)
		rc.Close()
		if err != nil {
			return d.a.readError(err)
		}
		d.num = num
	}
	return nil
}

// keepLimitErrors passes on the errors that must stop extraction (a part
// over its limit) and drops the others, for optional parts.
func keepLimitErrors(err error) error {
	if prep.ErrorCode(err) == prep.ETOOLARGE {
		return err
	}
	return nil
}

// headerParts returns the header (or footer) parts the sections show, in
// section order, each once: the first-page one when the section has a
// distinct first page, then the default, then the even-page one.
func (d *docxReader) headerParts(header bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range d.sects {
		refs := s.Footers
		if header {
			refs = s.Headers
		}
		for _, typ := range []string{"first", "default", "even"} {
			if typ == "first" && (s.TitlePg == nil || !s.TitlePg.on()) {
				continue
			}
			for _, ref := range refs {
				if ref.Type != typ && !(typ == "default" && ref.Type == "") {
					continue
				}
				rel, ok := d.rels[ref.ID]
				if !ok || rel.External || seen[partKey(rel.Target)] || !d.a.has(rel.Target) {
					continue
				}
				seen[partKey(rel.Target)] = true
				out = append(out, rel.Target)
			}
		}
	}
	return out
}

// pages returns the page count Word recorded in docProps/app.xml when it
// last saved the file, or 0 when there is none (Google Docs and generated
// files have none).
func (d *docxReader) pages() int {
	rels, err := readRels(d.a, "")
	if err != nil {
		return 0
	}
	p := relOfType(d.a, rels, "extended-properties")
	if p == "" {
		return 0
	}
	data, err := d.a.readSmall(p, maxMetaPartBytes)
	if err != nil {
		return 0
	}
	var props struct {
		Pages string `xml:"Pages"`
	}
	if newXMLDecoder(strings.NewReader(string(data))).Decode(&props) != nil {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(props.Pages))
	if err != nil || n < 1 || n > 10000 {
		return 0
	}
	return n
}

// pageNumber matches what a header or footer shows as the page number
// ("Page 2 of 3", "- 2 -", "2/3"): the cached result of a PAGE field,
// which says nothing about the candidate.
var pageNumber = regexp.MustCompile(`(?i)^(?:page|p\.|seite|página|pagina|pág\.)?\s*[-–]?\s*\d{1,3}\s*[-–]?\s*(?:(?:of|/|von|de|di|sur)\s*\d{1,3})?$`)

// dedupe drops header or footer lines already seen, as sections often
// repeat the same header in distinct parts, and page numbers.
func dedupe(f *flow) *flow {
	seen := map[string]bool{}
	out := f.lines[:0]
	for _, l := range f.lines {
		if pageNumber.MatchString(l.Text) {
			continue
		}
		if !seen[l.Text] {
			seen[l.Text] = true
			out = append(out, l)
		}
	}
	f.lines = out
	return f
}

// readOptional reads a header, footer or notes part. A damaged one costs
// its lines, not the document; limits and timeouts still stop extraction.
func (d *docxReader) readOptional(name string, region Region, f *flow) error {
	err := d.readPart(name, region, f)
	switch prep.ErrorCode(err) {
	case "", prep.ETOOLARGE:
		return err
	}
	if d.ctx.Err() != nil {
		return err
	}
	return nil
}

// readPart streams one part (document, header, footer, notes) into f.
func (d *docxReader) readPart(name string, region Region, f *flow) error {
	rc, err := d.a.open(name, 0)
	if err != nil {
		if errors.Is(err, errPartMissing) {
			return prep.Wrap(prep.EINVALID, "this Word file is missing a part it refers to: it is damaged; open it in Word, save it again and upload it, or upload a PDF", err)
		}
		return err
	}
	defer rc.Close()
	w := &docxWalker{d: d, dec: newXMLDecoder(rc), f: f, region: region}
	if err := w.run(); err != nil {
		var pe *prep.Error
		if errors.As(err, &pe) || errors.Is(err, errPartTooLarge) || errors.Is(err, errInflate) {
			return d.a.readError(err)
		}
		return docxDamaged(err)
	}
	return f.err
}

// skipElement consumes the element whose start tag was just read, like
// xml.Decoder.Skip, but fails past maxXMLDepth (the decoder keeps every
// open element in memory) and stops at the deadline.
func skipElement(ctx context.Context, dec *xml.Decoder, depth int) error {
	open := 0
	for n := 1; ; n++ {
		if n%ctxCheckEvery == 0 && ctx.Err() != nil {
			return errTimeout(ctx.Err())
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			open++
			if depth+open > maxXMLDepth {
				return errTooDeep
			}
		case xml.EndElement:
			if open == 0 {
				return nil
			}
			open--
		}
	}
}

// docxWalker walks the tokens of one part.
type docxWalker struct {
	d      *docxReader
	dec    *xml.Decoder
	f      *flow
	region Region

	stack  []string    // keys of the open elements walked into
	paras  []*docxPara // open paragraphs; text boxes nest them in runs
	fields []bool      // open fields: true while in the instruction part
	instrs int         // open fields in their instruction part
	alts   []bool      // open mc:AlternateContent: true once a branch was taken
	tables int         // open tables
	rows   []docxRow   // open table rows, innermost last
	boxes  int         // open text boxes
	after  int         // space after the previous paragraph, twips
	tokens int
}

// docxPara is a paragraph being read.
type docxPara struct {
	ppr    *xPPr
	style  string
	region Region
	segs   []docxSeg // text between line breaks
	// the current run
	rpr    *xRPr
	bold   bool
	size   float64
	hidden bool
}

// docxSeg is the text of a paragraph between two line breaks.
type docxSeg struct {
	b     strings.Builder
	total int // characters that are not space
	bold  int // of which bold
	sizes []sizeCount
}

type sizeCount struct {
	size float64
	n    int
}

// key names an element by a short prefix for the namespaces the walker
// tells apart ("w:p", "mc:Choice", "m:t"); others keep their local name
// behind "?:".
func key(n xml.Name) string {
	switch n.Space {
	case nsW, nsWStrict:
		return "w:" + n.Local
	case nsMC:
		return "mc:" + n.Local
	case nsMath, nsMathS:
		return "m:" + n.Local
	}
	return "?:" + n.Local
}

// skippedW are WordprocessingML elements whose content no reader sees:
// tracked deletions and moves, field instructions and data, ruby
// guides, content-control and table properties, old properties of
// tracked formatting changes, embedded objects.
var skippedW = map[string]bool{
	"w:del": true, "w:moveFrom": true, "w:delText": true, "w:delInstrText": true,
	"w:instrText": true, "w:fldData": true, "w:ffData": true, "w:rt": true,
	"w:sdtPr": true, "w:sdtEndPr": true, "w:pPrChange": true, "w:rPrChange": true,
	"w:tblPr": true, "w:tblGrid": true, "w:trPr": true, "w:tcPr": true, "w:tblPrEx": true,
	"w:sectPrChange": true, "w:object": true, "w:customXmlPr": true, "w:smartTagPr": true,
	"w:background": true, "w:commentReference": true,
}

func (w *docxWalker) run() error {
	for {
		w.tokens++
		if w.tokens%ctxCheckEvery == 0 && w.d.ctx.Err() != nil {
			return errTimeout(w.d.ctx.Err())
		}
		tok, err := w.dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := w.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if len(w.stack) > 0 {
				k := w.stack[len(w.stack)-1]
				w.stack = w.stack[:len(w.stack)-1]
				w.end(k)
			}
		case xml.CharData:
			if n := len(w.stack); n > 0 && (w.stack[n-1] == "w:t" || w.stack[n-1] == "m:t") {
				w.text(string(t))
			}
		}
		if w.f.err != nil {
			return w.f.err
		}
	}
}

func (w *docxWalker) start(t xml.StartElement) error {
	k := key(t.Name)
	if skippedW[k] {
		return skipElement(w.d.ctx, w.dec, len(w.stack))
	}
	switch k {
	case "w:pPr":
		ppr := new(xPPr)
		if err := w.dec.DecodeElement(ppr, &t); err != nil {
			return err
		}
		if p := w.para(); p != nil && p.ppr == nil {
			p.ppr = ppr
			p.style = w.d.st.paraStyle(ppr)
			p.rpr = nil
		}
		if ppr.SectPr != nil {
			w.d.sects = append(w.d.sects, *ppr.SectPr)
		}
		return nil
	case "w:rPr":
		rpr := new(xRPr)
		if err := w.dec.DecodeElement(rpr, &t); err != nil {
			return err
		}
		if p := w.para(); p != nil {
			w.setRun(p, rpr)
		}
		return nil
	case "w:sectPr":
		var s xSectPr
		if err := w.dec.DecodeElement(&s, &t); err != nil {
			return err
		}
		if w.region == RegionBody {
			w.d.sects = append(w.d.sects, s)
		}
		return nil
	case "w:footnote", "w:endnote":
		for _, a := range t.Attr {
			if a.Name.Local == "type" && a.Value != "normal" {
				// Separators and continuation notices draw the rule
				// above the notes.
				return skipElement(w.d.ctx, w.dec, len(w.stack))
			}
		}
	case "mc:Choice", "mc:Fallback":
		// Read one branch: Word writes a DrawingML text box in Choice and
		// the same text again as VML in Fallback.
		if n := len(w.alts); n > 0 {
			if w.alts[n-1] {
				return skipElement(w.d.ctx, w.dec, len(w.stack))
			}
			w.alts[n-1] = true
		}
	}

	if len(w.stack) >= maxXMLDepth {
		return errTooDeep
	}
	w.stack = append(w.stack, k)
	switch k {
	case "w:p":
		p := &docxPara{style: w.d.st.defaultPara, region: w.currentRegion()}
		p.segs = append(p.segs, docxSeg{})
		w.paras = append(w.paras, p)
	case "w:r":
		if p := w.para(); p != nil {
			w.setRun(p, nil)
		}
	case "w:tab", "w:ptab":
		w.text("\t")
	case "w:br", "w:cr":
		if p := w.para(); p != nil && !p.hidden {
			for _, a := range t.Attr {
				if a.Name.Local == "type" && a.Value == "page" {
					w.f.breakBlock()
				}
			}
			p.segs = append(p.segs, docxSeg{})
		}
	case "w:noBreakHyphen":
		w.text("-")
	case "w:sym":
		for _, a := range t.Attr {
			if a.Name.Local == "char" {
				if r, err := strconv.ParseUint(a.Value, 16, 32); err == nil {
					// Symbol-font characters come as F0xx, which is the
					// private-use area: icon glyphs, counted and
					// stripped like any other.
					w.text(string(rune(r)))
				}
			}
		}
	case "w:fldChar":
		for _, a := range t.Attr {
			if a.Name.Local != "fldCharType" {
				continue
			}
			switch a.Value {
			case "begin":
				w.fields = append(w.fields, true)
				w.instrs++
			case "separate":
				if n := len(w.fields); n > 0 && w.fields[n-1] {
					w.fields[n-1] = false
					w.instrs--
				}
			case "end":
				if n := len(w.fields); n > 0 {
					if w.fields[n-1] {
						w.instrs--
					}
					w.fields = w.fields[:n-1]
				}
			}
		}
	case "w:tbl":
		w.tables++
		w.f.breakBlock()
	case "w:tr":
		w.f.breakBlock()
		w.rows = append(w.rows, docxRow{start: len(w.f.lines)})
	case "w:tc":
		w.f.breakBlock()
		if n := len(w.rows); n > 0 {
			w.rows[n-1].cells = append(w.rows[n-1].cells, [2]int{len(w.f.lines), -1})
		}
	case "w:txbxContent":
		w.boxes++
		w.f.breakBlock()
	case "mc:AlternateContent":
		w.alts = append(w.alts, false)
	}
	return nil
}

func (w *docxWalker) end(k string) {
	switch k {
	case "w:p":
		if n := len(w.paras); n > 0 {
			p := w.paras[n-1]
			w.paras = w.paras[:n-1]
			w.emit(p)
		}
	case "w:r":
		if p := w.para(); p != nil {
			w.setRun(p, nil)
		}
	case "w:tbl":
		w.tables--
		w.f.breakBlock()
	case "w:tc":
		if n := len(w.rows); n > 0 {
			if c := w.rows[n-1].cells; len(c) > 0 {
				c[len(c)-1][1] = len(w.f.lines)
			}
		}
	case "w:tr":
		if n := len(w.rows); n > 0 {
			row := w.rows[n-1]
			w.rows = w.rows[:n-1]
			w.joinRow(row)
		}
	case "w:txbxContent":
		w.boxes--
		w.f.breakBlock()
	case "mc:AlternateContent":
		w.alts = w.alts[:len(w.alts)-1]
	}
}

// docxRow is an open table row: where its lines start, and the lines of
// each cell.
type docxRow struct {
	start int
	cells [][2]int // [first, end) line index of each cell
}

// joinRow turns a row of short cells — a data table: "ARR | $1.3M |
// $2.2M" — into one line with its cells, so a label stays with its values.
// Rows whose cells hold paragraphs (a layout table: a sidebar beside the
// main column) keep one line per paragraph.
func (w *docxWalker) joinRow(row docxRow) {
	lines := w.f.lines
	if row.start > len(lines) || len(row.cells) < 2 {
		return
	}
	var texts []string
	for _, c := range row.cells {
		if c[1] < 0 || c[1] > len(lines) || c[0] > c[1] {
			return
		}
		switch c[1] - c[0] {
		case 0:
			texts = append(texts, "")
		case 1:
			t := lines[c[0]].Text
			if wordCount(t) > 8 || lines[c[0]].Bullet {
				return
			}
			texts = append(texts, t)
		default:
			return
		}
	}
	var cells []string
	for _, t := range texts {
		if t != "" {
			cells = append(cells, t)
		}
	}
	if len(cells) < 2 || row.cells[0][0] != row.start || row.cells[len(row.cells)-1][1] != len(lines) {
		return
	}
	first := lines[row.start]
	first.Text = strings.Join(cells, " | ")
	first.Cells = cells
	first.Bold = false
	for _, l := range lines[row.start:] {
		first.Bold = first.Bold || l.Bold
	}
	w.f.lines = append(lines[:row.start], first)
}

// para returns the innermost open paragraph.
func (w *docxWalker) para() *docxPara {
	if n := len(w.paras); n > 0 {
		return w.paras[n-1]
	}
	return nil
}

func (w *docxWalker) currentRegion() Region {
	switch {
	case w.region != RegionBody:
		return w.region
	case w.boxes > 0:
		return RegionTextBox
	case w.tables > 0:
		return RegionTable
	}
	return RegionBody
}

// setRun resolves the properties of the run that starts (rpr nil: the
// run has none of its own).
func (w *docxWalker) setRun(p *docxPara, rpr *xRPr) {
	st := w.d.st
	p.rpr = rpr
	p.bold = st.runBold(rpr, p.style)
	p.size = st.runSize(rpr, p.style)
	p.hidden = st.runHidden(rpr, p.style)
}

// text appends visible text to the current run.
func (w *docxWalker) text(s string) {
	p := w.para()
	if p == nil || p.hidden {
		return
	}
	if w.instrs > 0 {
		return // a field's instruction, not its result
	}
	seg := &p.segs[len(p.segs)-1]
	seg.b.WriteString(s)
	n := 0
	for _, r := range s {
		if r != ' ' && r != '\t' {
			n++
		}
	}
	seg.total += n
	if p.bold {
		seg.bold += n
	}
	for i := range seg.sizes {
		if seg.sizes[i].size == p.size {
			seg.sizes[i].n += n
			return
		}
	}
	seg.sizes = append(seg.sizes, sizeCount{p.size, n})
}

// emit turns a finished paragraph into lines, one per line break.
func (w *docxWalker) emit(p *docxPara) {
	st := w.d.st
	style := st.name(p.style)
	outline := st.outline(p.ppr, p.style)
	heading := outline >= 0 || style == "Title" || style == "Subtitle"
	if outline >= 0 && !strings.HasPrefix(style, "Heading") {
		// A custom style or direct formatting with an outline level is a
		// heading in Word's navigation pane; say so in the one field the
		// structure pass reads.
		style = "Heading" + strconv.Itoa(outline+1)
	}
	numID, ilvl := st.numbering(p.ppr, p.style)
	list := w.d.num.marked(numID, ilvl)
	before, after := st.spacing(p.ppr, p.style)
	if heading || before+w.after >= gapTwips || (p.ppr != nil && p.ppr.PageBreakBefore != nil && p.ppr.PageBreakBefore.on()) {
		w.f.breakBlock()
	}
	w.after = after
	any := false
	for i := range p.segs {
		seg := &p.segs[i]
		l := Line{Style: style, Region: p.region, Bullet: list && !any, Bold: seg.total > 0 && seg.bold*2 > seg.total, Size: seg.size()}
		if text, _ := w.f.add(seg.b.String(), l); text != "" {
			any = true
		}
	}
	if !any {
		// An empty paragraph is how most people put space between
		// blocks.
		w.f.breakBlock()
	}
}

// size returns the font size covering most of the segment's characters.
func (s *docxSeg) size() float64 {
	best := sizeCount{}
	for _, c := range s.sizes {
		if c.n > best.n {
			best = c
		}
	}
	return best.size
}
