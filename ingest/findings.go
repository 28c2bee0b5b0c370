package ingest

import (
	"regexp"
	"strings"
)

// Finding codes raised while reading a file; the structure pass adds its
// own.
const (
	FindingTables       = "tables"
	FindingTextBoxes    = "text-boxes"
	FindingHeaderFooter = "header-footer-text"
	FindingGarbled      = "garbled-text"
	FindingIconGlyphs   = "icon-glyphs"
)

var (
	// cidGlyph is what pdfminer-style converters write for a glyph they
	// cannot map to a character; such text ends up in DOCX and TXT files
	// made from PDFs.
	cidGlyph = regexp.MustCompile(`\(cid:\d+\)`)
)

// tableShare is the share of words in tables above which a CV counts as
// laid out in a table rather than merely holding one (a skills grid).
const tableShare = 0.2

// flowFindings returns the parse-quality findings visible in the lines of
// a flowing document; icons is the number of icon glyphs stripped from them.
func flowFindings(lines []Line, icons int) []Finding {
	var out []Finding
	var words, tableWords, boxWords int
	var garbled int
	for _, l := range lines {
		n := len(strings.Fields(l.Text))
		words += n
		switch l.Region {
		case RegionTable:
			tableWords += n
		case RegionTextBox:
			boxWords += n
		}
		garbled += len(cidGlyph.FindAllStringIndex(l.Text, -1)) + strings.Count(l.Text, "\uFFFD")
	}
	if words > 0 && float64(tableWords) >= tableShare*float64(words) {
		out = append(out, Finding{Code: FindingTables, Message: "Your CV is laid out in a table: some applicant tracking systems scramble table cells, so keep the main text outside tables."})
	}
	if boxWords > 0 {
		out = append(out, Finding{Code: FindingTextBoxes, Message: "Part of your CV is in text boxes, which many applicant tracking systems skip: move that text into the body of the document."})
	}
	if contactOnlyOutside(lines) {
		out = append(out, Finding{Code: FindingHeaderFooter, Message: "Your contact details are only in the page header or footer, which many applicant tracking systems ignore: put them in the body too."})
	}
	if garbled > 0 {
		out = append(out, Finding{Code: FindingGarbled, Message: "Some characters in your CV cannot be read as text (they come out as codes or question marks): an applicant tracking system will see gibberish there; export the file again from your editor."})
	}
	if icons > 0 {
		out = append(out, Finding{Code: FindingIconGlyphs, Message: "Your CV uses icon-font symbols (for bullets, phone or email), which applicant tracking systems read as junk characters: use plain text labels instead."})
	}
	return out
}

// contactOnlyOutside reports whether contact details appear in header or
// footer lines and nowhere else.
func contactOnlyOutside(lines []Line) bool {
	outside := func(l Line) bool { return l.Region == RegionHeader || l.Region == RegionFooter }
	found := false
	for _, l := range lines {
		if outside(l) && hasContact(l.Text) {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	for _, l := range lines {
		if !outside(l) && hasContact(l.Text) {
			return false
		}
	}
	return true
}
