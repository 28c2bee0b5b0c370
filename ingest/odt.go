package ingest

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"prep"
)

// OpenDocument namespaces.
const (
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsDraw   = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsStyle  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	nsSVG    = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
)

// extractODT reads an OpenDocument text (LibreOffice, Google Docs export)
// from content.xml, and the master-page headers and footers from
// styles.xml, bounded like DOCX.
func extractODT(ctx context.Context, data []byte, limits Limits) (*Document, error) {
	limits = limits.withDefaults()
	a, err := openArchive(data, "OpenDocument file", limits.MaxPartBytes)
	if err != nil {
		return nil, err
	}
	if encryptedODF(a) {
		return nil, prep.Errorf(prep.EUNSUPPORTED, "this document is password-protected: remove the password, save it and upload it again, or upload a PDF")
	}
	if !a.has("content.xml") {
		return nil, prep.Errorf(prep.EINVALID, "this OpenDocument file has no content part (content.xml): it is damaged; save it again as ODT, DOCX or PDF and upload it again")
	}
	r := &odtReader{ctx: ctx, common: odfStyles{}, styleAuto: odfStyles{}}
	var headers, footers, body, notes flow
	if a.has("styles.xml") {
		if err := r.readPart(a, "styles.xml", &headers, &footers, nil); err != nil && prep.ErrorCode(err) == prep.ETOOLARGE {
			return nil, err
		} else if err != nil && ctx.Err() != nil {
			return nil, err
		}
	}
	if err := r.readPart(a, "content.xml", &body, nil, &notes); err != nil {
		return nil, err
	}
	doc := &Document{Engine: "odt"}
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

// encryptedODF reports whether the manifest lists encrypted parts.
func encryptedODF(a *archive) bool {
	if !a.has("META-INF/manifest.xml") {
		return false
	}
	m, err := a.readSmall("META-INF/manifest.xml", maxMetaPartBytes)
	return err == nil && strings.Contains(string(m), "encryption-data")
}

// odfStyle is a style:style of an OpenDocument file.
type odfStyle struct {
	Name    string `xml:"name,attr"`
	Family  string `xml:"family,attr"`
	Parent  string `xml:"parent-style-name,attr"`
	Display string `xml:"display-name,attr"`
	Outline string `xml:"default-outline-level,attr"`
	Text    *struct {
		Weight  string `xml:"font-weight,attr"`
		Size    string `xml:"font-size,attr"`
		Display string `xml:"display,attr"`
	} `xml:"text-properties"`
}

// odfStyles maps family+name to a style.
type odfStyles map[string]*odfStyle

type odtReader struct {
	ctx context.Context
	// common holds office:styles and the default styles (key "default:"
	// + family); styleAuto the automatic styles of the part being read,
	// which may reuse names of the other part's.
	common    odfStyles
	styleAuto odfStyles
}

// lookup finds a style by family and name, automatic styles first.
func (r *odtReader) lookup(family, name string) *odfStyle {
	if s := r.styleAuto[family+":"+name]; s != nil {
		return s
	}
	return r.common[family+":"+name]
}

// chain calls fn for the style and its parents, then the family default,
// until fn returns true.
func (r *odtReader) chain(family, name string, fn func(*odfStyle) bool) {
	for range maxStyleChain {
		s := r.lookup(family, name)
		if s == nil {
			break
		}
		if fn(s) {
			return
		}
		name = s.Parent
	}
	if s := r.common["default:"+family]; s != nil {
		fn(s)
	}
}

// paraName returns the display name of a paragraph style without spaces:
// automatic styles ("P3") are named after their parent ("Heading 1").
func (r *odtReader) paraName(name string) string {
	for range maxStyleChain {
		s := r.lookup("paragraph", name)
		if s == nil {
			break
		}
		if r.styleAuto["paragraph:"+name] == s && s.Parent != "" {
			name = s.Parent
			continue
		}
		n := s.Display
		if n == "" {
			n = strings.ReplaceAll(s.Name, "_20_", " ")
		}
		return strings.ReplaceAll(n, " ", "")
	}
	return strings.ReplaceAll(strings.ReplaceAll(name, "_20_", " "), " ", "")
}

func (r *odtReader) bold(family, name string) (bold, set bool) {
	r.chain(family, name, func(s *odfStyle) bool {
		if s.Text != nil && s.Text.Weight != "" {
			w := s.Text.Weight
			bold, set = w == "bold" || (w >= "600" && w <= "900" && len(w) == 3), true
		}
		return set
	})
	return bold, set
}

func (r *odtReader) hidden(family, name string) bool {
	hidden := false
	r.chain(family, name, func(s *odfStyle) bool {
		if s.Text != nil && s.Text.Display != "" {
			hidden = s.Text.Display == "none"
			return true
		}
		return false
	})
	return hidden
}

// size returns the font size in points: sizes in percent scale the
// parent's.
func (r *odtReader) size(family, name string) float64 {
	scale := 1.0
	size := 0.0
	r.chain(family, name, func(s *odfStyle) bool {
		if s.Text == nil || s.Text.Size == "" {
			return false
		}
		v := s.Text.Size
		if p, ok := strings.CutSuffix(v, "%"); ok {
			if f, err := strconv.ParseFloat(p, 64); err == nil && f > 0 {
				scale *= f / 100
			}
			return false
		}
		size = odfLength(v)
		return size > 0
	})
	if size == 0 {
		return 0
	}
	return size * scale
}

// odfLength converts an ODF length ("12pt", "0.5in", "0.4cm") to points.
func odfLength(v string) float64 {
	units := []struct {
		suffix string
		pt     float64
	}{{"pt", 1}, {"in", 72}, {"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"pc", 12}, {"px", 0.75}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			if f, err := strconv.ParseFloat(n, 64); err == nil && f > 0 && f < 2000 {
				return f * u.pt
			}
		}
	}
	return 0
}

// readPart streams styles.xml (master pages into headers and footers) or
// content.xml (the body into body, notes into notes).
func (r *odtReader) readPart(a *archive, name string, body, footers, notes *flow) error {
	rc, err := a.open(name, 0)
	if err != nil {
		return err
	}
	defer rc.Close()
	r.styleAuto = odfStyles{}
	w := &odtWalker{r: r, dec: newXMLDecoder(rc), body: body, footers: footers, notes: notes, styles: name == "styles.xml"}
	if err := w.run(); err != nil {
		var pe *prep.Error
		if errors.As(err, &pe) || errors.Is(err, errPartTooLarge) || errors.Is(err, errInflate) {
			return a.readError(err)
		}
		return prep.Wrap(prep.EINVALID, "this OpenDocument file is damaged (its text is not valid XML): save it again and upload it, or upload a PDF", err)
	}
	for _, f := range []*flow{body, footers, notes} {
		if f != nil && f.err != nil {
			return f.err
		}
	}
	return nil
}

// odtWalker walks the tokens of content.xml or styles.xml.
type odtWalker struct {
	r       *odtReader
	dec     *xml.Decoder
	body    *flow // body text, or master-page headers when styles
	footers *flow // master-page footers (styles.xml)
	notes   *flow // footnotes and endnotes (content.xml)
	styles  bool  // reading styles.xml

	stack  []string
	paras  []*odtPara
	spans  []string // style names of open text:span elements
	item   bool     // a list item started and has no paragraph yet
	tables int
	boxes  int
	// inBody is set inside office:text (content) or a master page's
	// header or footer (styles); out is the flow the region goes to.
	inBody bool
	out    *flow
	region Region
	note   int // open text:note-body elements
	tokens int
}

type odtPara struct {
	style   string
	heading int // outline level of text:h, 0 otherwise
	bullet  bool
	region  Region
	out     *flow
	segs    []docxSeg
}

func okey(n xml.Name) string {
	switch n.Space {
	case nsText:
		return "text:" + n.Local
	case nsTable:
		return "table:" + n.Local
	case nsDraw:
		return "draw:" + n.Local
	case nsOffice:
		return "office:" + n.Local
	case nsStyle:
		return "style:" + n.Local
	case nsSVG:
		return "svg:" + n.Local
	}
	return "?:" + n.Local
}

// skippedODF hold no text a reader sees: comments, tracked deletions,
// ruby guides, index templates, declarations, note numbers, image
// descriptions.
var skippedODF = map[string]bool{
	"office:annotation": true, "text:tracked-changes": true, "text:ruby-text": true,
	"text:note-citation": true, "text:sequence-decls": true, "text:variable-decls": true,
	"text:user-field-decls": true, "office:forms": true, "draw:image": true,
	"text:table-of-content-source": true, "text:alphabetical-index-source": true,
	"text:illustration-index-source": true, "text:table-index-source": true,
	"text:object-index-source": true, "text:user-index-source": true,
	"text:bibliography-source": true, "text:hidden-text": true, "text:hidden-paragraph": true,
	"office:scripts": true, "office:font-face-decls": true, "office:settings": true,
	"svg:title": true, "svg:desc": true, "draw:object": true, "draw:object-ole": true,
}

func (w *odtWalker) run() error {
	for {
		w.tokens++
		if w.tokens%ctxCheckEvery == 0 && w.r.ctx.Err() != nil {
			return errTimeout(w.r.ctx.Err())
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
			if n := len(w.stack); n > 0 {
				k := w.stack[n-1]
				w.stack = w.stack[:n-1]
				w.end(k)
			}
		case xml.CharData:
			if len(w.paras) > 0 {
				w.text(string(t))
			}
		}
		for _, f := range []*flow{w.body, w.footers, w.notes} {
			if f != nil && f.err != nil {
				return f.err
			}
		}
	}
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (w *odtWalker) start(t xml.StartElement) error {
	k := okey(t.Name)
	if skippedODF[k] {
		return skipElement(w.r.ctx, w.dec, len(w.stack))
	}
	switch k {
	case "office:automatic-styles", "office:styles":
		return w.readStyles(t, k == "office:automatic-styles")
	case "style:header", "style:footer", "style:header-first", "style:footer-first",
		"style:header-left", "style:footer-left":
		if !w.styles || attr(t, "display") == "false" {
			return skipElement(w.r.ctx, w.dec, len(w.stack))
		}
	case "text:span":
		if w.r.hidden("text", attr(t, "style-name")) {
			return skipElement(w.r.ctx, w.dec, len(w.stack))
		}
	}
	if len(w.stack) >= maxXMLDepth {
		return errTooDeep
	}
	w.stack = append(w.stack, k)
	switch k {
	case "office:text":
		if !w.styles {
			w.inBody, w.out, w.region = true, w.body, RegionBody
		}
	case "style:header", "style:header-first", "style:header-left":
		w.inBody, w.out, w.region = true, w.body, RegionHeader
		w.out.breakBlock()
	case "style:footer", "style:footer-first", "style:footer-left":
		w.inBody, w.out, w.region = true, w.footers, RegionFooter
		w.out.breakBlock()
	case "text:note-body":
		w.note++
	case "text:p", "text:h":
		if !w.inBody {
			return nil
		}
		p := &odtPara{style: attr(t, "style-name"), segs: []docxSeg{{}}, region: w.currentRegion(), out: w.out}
		if w.note > 0 && w.notes != nil {
			p.out, p.region = w.notes, RegionFootnote
		}
		if k == "text:h" {
			p.heading = 1
			if n, err := strconv.Atoi(attr(t, "outline-level")); err == nil && n >= 1 && n <= 10 {
				p.heading = n
			}
		} else if w.item {
			p.bullet = true
		}
		w.item = false
		w.paras = append(w.paras, p)
	case "text:span":
		w.spans = append(w.spans, attr(t, "style-name"))
	case "text:list-item":
		w.item = true
	case "text:list-header":
		w.item = false
	case "text:tab":
		w.text("\t")
	case "text:s":
		n, err := strconv.Atoi(attr(t, "c"))
		if err != nil || n < 1 {
			n = 1
		}
		w.text(strings.Repeat(" ", min(n, 100)))
	case "text:line-break":
		if p := w.para(); p != nil {
			p.segs = append(p.segs, docxSeg{})
		}
	case "table:table":
		w.tables++
		w.breakBlock()
	case "table:table-row", "table:table-cell":
		w.breakBlock()
	case "draw:text-box", "draw:custom-shape":
		w.boxes++
		w.breakBlock()
	}
	return nil
}

func (w *odtWalker) end(k string) {
	switch k {
	case "office:text", "style:header", "style:footer", "style:header-first", "style:footer-first",
		"style:header-left", "style:footer-left":
		w.inBody = false
	case "text:note-body":
		w.note--
	case "text:p", "text:h":
		if n := len(w.paras); n > 0 {
			p := w.paras[n-1]
			w.paras = w.paras[:n-1]
			w.emit(p)
		}
	case "text:span":
		if n := len(w.spans); n > 0 {
			w.spans = w.spans[:n-1]
		}
	case "text:list-item":
		w.item = false
	case "table:table":
		w.tables--
		w.breakBlock()
	case "draw:text-box", "draw:custom-shape":
		w.boxes--
		w.breakBlock()
	}
}

func (w *odtWalker) breakBlock() {
	if w.out != nil {
		w.out.breakBlock()
	}
}

func (w *odtWalker) para() *odtPara {
	if n := len(w.paras); n > 0 {
		return w.paras[n-1]
	}
	return nil
}

func (w *odtWalker) currentRegion() Region {
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

// readStyles decodes a styles container into the reader's maps.
func (w *odtWalker) readStyles(start xml.StartElement, auto bool) error {
	var x struct {
		Styles   []*odfStyle `xml:"style"`
		Defaults []*odfStyle `xml:"default-style"`
	}
	if err := w.dec.DecodeElement(&x, &start); err != nil {
		return err
	}
	into := w.r.common
	if auto {
		into = w.r.styleAuto
	}
	for _, s := range x.Styles {
		if _, dup := into[s.Family+":"+s.Name]; !dup {
			into[s.Family+":"+s.Name] = s
		}
	}
	for _, s := range x.Defaults {
		w.r.common["default:"+s.Family] = s
	}
	return nil
}

// text appends character data to the innermost paragraph, with the bold
// and size of the innermost span or else the paragraph style.
func (w *odtWalker) text(s string) {
	p := w.para()
	if p == nil {
		return
	}
	family, name := "paragraph", p.style
	if n := len(w.spans); n > 0 && w.spans[n-1] != "" {
		family, name = "text", w.spans[n-1]
	}
	bold, set := w.r.bold(family, name)
	if !set && family == "text" {
		bold, _ = w.r.bold("paragraph", p.style)
	}
	size := w.r.size(family, name)
	if size == 0 && family == "text" {
		size = w.r.size("paragraph", p.style)
	}
	seg := &p.segs[len(p.segs)-1]
	seg.b.WriteString(s)
	n := 0
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' {
			n++
		}
	}
	seg.total += n
	if bold {
		seg.bold += n
	}
	for i := range seg.sizes {
		if seg.sizes[i].size == size {
			seg.sizes[i].n += n
			return
		}
	}
	seg.sizes = append(seg.sizes, sizeCount{size, n})
}

func (w *odtWalker) emit(p *odtPara) {
	if p.out == nil {
		return
	}
	style := w.r.paraName(p.style)
	if p.heading > 0 && !strings.HasPrefix(style, "Heading") {
		style = "Heading" + strconv.Itoa(p.heading)
	}
	if p.heading > 0 || style == "Title" || style == "Subtitle" {
		p.out.breakBlock()
	}
	any := false
	for i := range p.segs {
		seg := &p.segs[i]
		// ODF keeps source line breaks in character data as white space.
		raw := strings.ReplaceAll(seg.b.String(), "\n", " ")
		l := Line{Style: style, Region: p.region, Bullet: p.bullet && !any, Bold: seg.total > 0 && seg.bold*2 > seg.total, Size: seg.size()}
		if text, _ := p.out.add(raw, l); text != "" {
			any = true
		}
	}
	if !any {
		p.out.breakBlock()
	}
}
