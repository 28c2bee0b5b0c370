package ingest

import (
	"bytes"
	"context"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extractHTML reads HTML, usually a job description pasted from a careers
// page, with the streaming tokenizer of golang.org/x/net/html: scripts,
// styles and the head are skipped, block elements end lines, list items
// become bullets, h1..h6 headings, and entities are decoded.
func extractHTML(ctx context.Context, data []byte) (*Document, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	h := htmlReader{}
	z := html.NewTokenizer(strings.NewReader(text))
	for n := 0; ; n++ {
		if n%ctxCheckEvery == 0 && ctx.Err() != nil {
			return nil, errTimeout(ctx.Err())
		}
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// The only error from a strings.Reader is io.EOF: the tokenizer
			// itself accepts any input, as browsers do.
			h.endLine()
			h.addPageFacts()
			return &Document{Engine: "html", Lines: h.f.lines, Findings: flowFindings(h.f.lines, h.f.icons)}, nil
		case html.TextToken:
			if h.skip == 0 && !h.inHead {
				h.text(z.Text())
			} else if h.inTitle && len(h.title) < 300 {
				h.title += string(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			h.start(z, atom.Lookup(name), hasAttr, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			h.end(atom.Lookup(name))
		}
		if h.f.err != nil {
			return nil, h.f.err
		}
	}
}

// htmlReader holds the state of one HTML extraction.
type htmlReader struct {
	f      flow
	line   strings.Builder
	bold   int // runes of line inside b/strong
	total  int // runes of line that are not space
	style  string
	bullet bool // the next line starts a list item
	// boldDepth counts open b/strong elements; normal marks those whose
	// style says font-weight normal, as the wrapper Google Docs puts
	// around everything copied from it.
	boldDepth int
	normal    []bool
	skip      int
	inHead    bool
	pre       int
	// title and siteName are the page's <title> and og:site_name: a job
	// page copied from a careers site often names the company only there.
	inTitle  bool
	title    string
	siteName string
	cell     int // cells started in the current table row
}

// skipped elements hold no text a reader sees.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Title: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Select: true, atom.Button: true, atom.Textarea: true,
}

// blocks end the current line where they start and end; gapped blocks
// also separate blocks of text.
var blocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true,
	atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true,
	atom.Hgroup: true, atom.Hr: true, atom.Html: true, atom.Legend: true, atom.Li: true,
	atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Tr: true, atom.Ul: true,
}

var gapped = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true, atom.Hr: true,
	atom.Blockquote: true, atom.Pre: true, atom.Section: true, atom.Article: true,
}

var headings = map[atom.Atom]string{
	atom.H1: "Heading1", atom.H2: "Heading2", atom.H3: "Heading3",
	atom.H4: "Heading4", atom.H5: "Heading5", atom.H6: "Heading6",
}

func (h *htmlReader) start(z *html.Tokenizer, a atom.Atom, hasAttr, selfClosing bool) {
	switch {
	case a == atom.Title && !selfClosing:
		h.inTitle = true
	case a == atom.Meta && hasAttr:
		h.meta(z)
		return
	}
	switch {
	case a == atom.Head:
		h.inHead = !selfClosing
		return
	case a == atom.Body:
		h.inHead = false
	case skipped[a]:
		if !selfClosing {
			h.skip++
		}
		return
	}
	if h.skip > 0 || h.inHead {
		return
	}
	switch {
	case a == atom.Br:
		h.endLine()
		return
	case a == atom.B || a == atom.Strong:
		normal := hasAttr && fontWeightNormal(z)
		if !selfClosing {
			h.normal = append(h.normal, normal)
			if !normal {
				h.boldDepth++
			}
		}
		return
	case a == atom.Td || a == atom.Th:
		if h.cell > 0 && h.total > 0 {
			h.line.WriteString(" | ")
		}
		h.cell++
		return
	case a == atom.Img:
		return
	}
	if blocks[a] {
		h.endLine()
		// A paragraph that opens a list item is the item, not a block
		// of its own.
		if gapped[a] && !(h.bullet && a == atom.P) {
			h.f.breakBlock()
		}
		switch {
		case a == atom.Li:
			h.bullet = true
		case a == atom.Tr:
			h.cell = 0
		case a == atom.Pre:
			h.pre++
		case headings[a] != "":
			h.style = headings[a]
		}
	}
}

func (h *htmlReader) end(a atom.Atom) {
	if a == atom.Title {
		h.inTitle = false
	}
	switch {
	case a == atom.Head:
		h.inHead = false
		return
	case skipped[a]:
		if h.skip > 0 {
			h.skip--
		}
		return
	}
	if h.skip > 0 || h.inHead {
		return
	}
	switch {
	case a == atom.B || a == atom.Strong:
		if n := len(h.normal); n > 0 {
			if !h.normal[n-1] {
				h.boldDepth--
			}
			h.normal = h.normal[:n-1]
		}
		return
	case a == atom.Br:
		// "</br>" is read as "<br>" by browsers.
		h.endLine()
		return
	}
	if blocks[a] {
		h.endLine()
		if gapped[a] {
			h.f.breakBlock()
		}
		switch {
		case a == atom.Pre && h.pre > 0:
			h.pre--
		case headings[a] != "":
			h.style = ""
		}
	}
}

// text appends character data to the current line; white space collapses
// as in a browser except inside pre, where newlines end lines.
func (h *htmlReader) text(b []byte) {
	for len(b) > 0 {
		chunk := b
		nl := -1
		if h.pre > 0 {
			nl = bytes.IndexByte(b, '\n')
		}
		if nl >= 0 {
			chunk = b[:nl]
		}
		for _, r := range string(chunk) {
			if !unicode.IsSpace(r) {
				h.total++
				if h.boldDepth > 0 {
					h.bold++
				}
			}
		}
		h.line.Write(chunk)
		if nl < 0 {
			return
		}
		h.endLine()
		b = b[nl+1:]
	}
}

// endLine emits the current line, if it has text.
func (h *htmlReader) endLine() {
	if h.line.Len() == 0 {
		return
	}
	// Bold only when b/strong covers the whole line: "Drive <b>adoption</b>"
	// is a sentence with a stressed word, not a heading.
	l := Line{Style: h.style, Bullet: h.bullet, Bold: h.total > 0 && h.bold == h.total}
	text, _ := h.f.add(h.line.String(), l)
	if text != "" {
		h.bullet = false
	}
	h.line.Reset()
	h.bold, h.total = 0, 0
}

// fontWeightNormal reports whether the tag's style attribute sets the font
// weight to normal.
func fontWeightNormal(z *html.Tokenizer) bool {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "style" {
			s := strings.ReplaceAll(strings.ToLower(string(val)), " ", "")
			if strings.Contains(s, "font-weight:normal") || strings.Contains(s, "font-weight:400") {
				return true
			}
		}
		if !more {
			return false
		}
	}
}

// meta keeps the og:site_name of the page.
func (h *htmlReader) meta(z *html.Tokenizer) {
	var property, content string
	for {
		k, v, more := z.TagAttr()
		switch strings.ToLower(string(k)) {
		case "property", "name":
			property = strings.ToLower(string(v))
		case "content":
			content = string(v)
		}
		if !more {
			break
		}
	}
	if property == "og:site_name" && h.siteName == "" && len(content) < 100 {
		h.siteName = content
	}
}

// addPageFacts appends the page's title and site name after its text, as
// header lines with their own styles, so the JD view can read the company
// from them without either being taken for the job title.
func (h *htmlReader) addPageFacts() {
	if t := strings.TrimSpace(h.title); t != "" {
		h.f.add(t, Line{Region: RegionHeader, Style: StyleHTMLTitle})
	}
	if n := strings.TrimSpace(h.siteName); n != "" {
		h.f.add(n, Line{Region: RegionHeader, Style: StyleSiteName})
	}
}

// Styles of the lines addPageFacts adds.
const (
	StyleHTMLTitle = "html-title"
	StyleSiteName  = "html-site-name"
)
