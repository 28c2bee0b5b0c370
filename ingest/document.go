// Package ingest turns the bytes of a CV or a job description (PDF, DOCX,
// ODT, plain text, Markdown, HTML) into a Document: normalised text lines in
// reading order, with the layout facts the structure heuristics need, and on
// top of them a CV view and a JD view.
//
// ingest is a pure library: it never logs document content and never imports
// a queue, web framework or database.
package ingest

import "strings"

// Format is the file format detected from a file's content.
type Format string

// Formats we read.
const (
	FormatPDF      Format = "pdf"
	FormatDOCX     Format = "docx"
	FormatODT      Format = "odt"
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatHTML     Format = "html"
)

// Region says where on the page a line came from.
type Region string

// Regions. Body is the zero value so most extractors never set it.
const (
	RegionBody     Region = ""
	RegionHeader   Region = "header"
	RegionFooter   Region = "footer"
	RegionTable    Region = "table"
	RegionTextBox  Region = "textbox"
	RegionFootnote Region = "footnote"
)

// Line is one line of text in reading order. Extractors fill the text and
// the layout facts they know; Heading is decided by the structure pass.
type Line struct {
	Text    string `json:"text"`             // normalised, without any bullet glyph
	Page    int    `json:"page,omitempty"`   // 1-based; 0 for formats without pages
	Column  int    `json:"column,omitempty"` // 0-based column within the page, left to right
	Bullet  bool   `json:"bullet,omitempty"` // the line started with a bullet glyph or is a list item
	Heading bool   `json:"heading,omitempty"`

	// Cells is the text cut where the layout left a wide gap (PDF) or a
	// tab (DOCX, ODT, text): a right-aligned date, a place, a label
	// column. Nil when the line is one piece. The parts join to Text.
	Cells []string `json:"cells,omitempty"`

	Size   float64 `json:"size,omitempty"`   // dominant font size in points, 0 if unknown
	Bold   bool    `json:"bold,omitempty"`   // most of the line is bold
	Style  string  `json:"style,omitempty"`  // word-processor paragraph style (e.g. "Heading1")
	Region Region  `json:"region,omitempty"` // body unless known otherwise
	X      float64 `json:"-"`                // left edge, points from the page's left
	Right  float64 `json:"-"`                // right edge of the text (PDF), 0 if unknown
	// Baseline is the line's baseline, points from the page's top (PDF):
	// the distance between baselines, unlike GapBefore, does not depend
	// on which letters a line holds.
	Baseline float64 `json:"-"`
	Y        float64 `json:"-"` // top edge, points from the page's top
	// GapBefore is the vertical space above the line in points (PDF) or a
	// paragraph break marker (1) for flowing formats: it separates blocks.
	GapBefore float64 `json:"-"`
}

// Finding is a parse-quality observation a candidate should know about their
// own file, as an applicant tracking system would see it.
type Finding struct {
	Code    string `json:"code"`    // stable id, e.g. "multi-column"
	Message string `json:"message"` // one sentence for the candidate
}

// Document is the result of extraction: lines in reading order plus facts
// about the file.
type Document struct {
	Format   Format    `json:"format"`
	Pages    int       `json:"pages,omitempty"`
	Engine   string    `json:"engine,omitempty"` // which extractor produced the lines, e.g. "pdfium"
	Lines    []Line    `json:"lines"`
	Findings []Finding `json:"findings,omitempty"`
}

// BulletMarker is the one marker every bullet glyph is normalised to when a
// document is printed as text.
const BulletMarker = "•"

// Text renders the document as plain text: one line per Line, bullets marked
// with BulletMarker, and a blank line between pages and columns.
func (d *Document) Text() string {
	var b strings.Builder
	for i, l := range d.Lines {
		if i > 0 {
			prev := d.Lines[i-1]
			if prev.Page != l.Page || prev.Column != l.Column {
				b.WriteString("\n")
			}
		}
		if l.Bullet {
			b.WriteString(BulletMarker + " ")
		}
		b.WriteString(l.Text)
		b.WriteString("\n")
	}
	return b.String()
}
