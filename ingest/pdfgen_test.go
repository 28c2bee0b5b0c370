package ingest

import (
	"bytes"
	"fmt"
	"strings"
)

// This file writes small PDFs for tests: text placed at exact positions in
// the standard Helvetica fonts, so a test states the layout it means
// instead of depending on a browser's.

// pdfText is one string drawn at a position. Y is measured from the top of
// the page, like Line.Y, to its baseline.
type pdfText struct {
	X, Y float64
	Size float64 // points; 10 when zero
	Bold bool
	// Spacing is extra space after every character (the Tc operator), for
	// letter-spaced headings.
	Spacing float64
	Text    string
}

// pdfPageHeight is the height of every generated page (US Letter).
const pdfPageHeight = 792

// makePDF returns a PDF with one page per element of pages.
func makePDF(pages ...[]pdfText) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Objects 1-4: catalog, page tree, two fonts; then a page and its
	// content stream for each page.
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 5+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	for i, texts := range pages {
		var c strings.Builder
		for _, t := range texts {
			size, font := t.Size, "F1"
			if size == 0 {
				size = 10
			}
			if t.Bold {
				font = "F2"
			}
			fmt.Fprintf(&c, "BT /%s %.2f Tf %.2f Tc %.2f %.2f Td (%s) Tj ET\n",
				font, size, t.Spacing, t.X, pdfPageHeight-t.Y, pdfEscape(t.Text))
		}
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 %d] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>", pdfPageHeight, 6+2*i))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// pdfEscape escapes a string for a PDF literal and encodes it in
// WinAnsiEncoding, which matches Latin-1 for the letters tests use.
func pdfEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '•':
			b.WriteString(`\225`)
		case r == '–':
			b.WriteString(`\226`)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\%03o`, r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// paragraph lays out lines of text from (x, y) down, one every 14 points.
func paragraph(x, y float64, lines ...string) []pdfText {
	out := make([]pdfText, len(lines))
	for i, l := range lines {
		out[i] = pdfText{X: x, Y: y + 14*float64(i), Text: l}
	}
	return out
}
