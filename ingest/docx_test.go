package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	xunicode "golang.org/x/text/encoding/unicode"

	"prep"
	"prep/internal/testenv"
)

// ignoreLayout leaves the font size and block gaps out of a comparison;
// tests of those compare them on purpose.
var ignoreLayout = cmpopts.IgnoreFields(Line{}, "Size", "GapBefore")

// styles shared by the DOCX tests: English names behind localised ids, as
// a German Word writes them, a heading style with an outline level, a
// custom heading style, a list style and a bold character style.
const testStyles = `<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="160"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Standard"/>` +
	`<w:pPr><w:spacing w:before="240" w:after="0"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/><w:rPr><w:sz w:val="56"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="SectionTitle"><w:name w:val="Section Title"/><w:basedOn w:val="Standard"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Aufzhlungszeichen"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Quiet"><w:name w:val="Quiet"/><w:rPr><w:vanish/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="Fett"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>`

// testNumbering: list 1 shows bullets at level 0 and nothing at level 1,
// list 2 numbers, list 3 overrides level 0 of list 1 to show nothing.
const testNumbering = `<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>` +
	`<w:lvl w:ilvl="1"><w:numFmt w:val="none"/><w:lvlText w:val=""/></w:lvl></w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>` +
	`<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>` +
	`<w:num w:numId="3"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="none"/></w:lvl></w:lvlOverride></w:num>`

func numPr(numID, ilvl string) string {
	return `<w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr>`
}

func pStyle(id string) string { return `<w:pStyle w:val="` + id + `"/>` }

// table is a table of rows of cells; each cell holds paragraphs.
func table(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>`)
	for _, r := range rows {
		b.WriteString(`<w:tr><w:trPr><w:trHeight w:val="300"/></w:trPr>`)
		for _, c := range r {
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>` + c + `</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

func textBoxDrawing(text string) string {
	return `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>` +
		para("", docxRun("", text)) + `</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>` + para("", docxRun("", text)) + `</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`
}

func extractDOCXLines(tb testing.TB, data []byte) []Line {
	tb.Helper()
	doc, err := extractDOCX(context.Background(), data, Limits{})
	if err != nil {
		tb.Fatalf("extractDOCX: %v", err)
	}
	return doc.Lines
}

func TestExtractDOCX(t *testing.T) {
	fldBegin := `<w:r><w:fldChar w:fldCharType="begin"/></w:r>`
	fldSep := `<w:r><w:fldChar w:fldCharType="separate"/></w:r>`
	fldEnd := `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
	instr := func(s string) string { return `<w:r><w:instrText xml:space="preserve">` + s + `</w:instrText></w:r>` }

	tests := []struct {
		name  string
		parts docxParts
		want  []Line
	}{{
		name: "paragraphs, tabs and breaks",
		parts: docxParts{body: para("", docxRun("", "Jane"), `<w:r><w:tab/><w:t>Doe</w:t></w:r>`) +
			para("", `<w:r><w:t>Line one</w:t><w:br/><w:t>Line two</w:t><w:cr/><w:t>Line</w:t><w:noBreakHyphen/><w:t>three</w:t><w:softHyphen/></w:r>`) +
			para("", `<w:r><w:t xml:space="preserve">  padded   text  </w:t></w:r>`)},
		want: []Line{{Text: "Jane Doe", Cells: []string{"Jane", "Doe"}}, {Text: "Line one"}, {Text: "Line two"}, {Text: "Line-three"}, {Text: "padded text", Cells: []string{"padded", "text"}}},
	}, {
		name: "list items",
		parts: docxParts{styles: testStyles, numbering: testNumbering, body: para(numPr("1", "0"), docxRun("", "Bullet")) +
			para(numPr("1", "1"), docxRun("", "Level without marker")) +
			para(numPr("2", "0"), docxRun("", "Numbered")) +
			para(numPr("0", "0"), docxRun("", "Numbering removed")) +
			para(numPr("3", "0"), docxRun("", "Override without marker")) +
			para(numPr("99", "0"), docxRun("", "Unknown list")) +
			para(pStyle("Aufzhlungszeichen"), docxRun("", "Bullet from style")) +
			para(pStyle("Aufzhlungszeichen")+numPr("0", "0"), docxRun("", "Style bullet removed")) +
			para("", docxRun("", "• Typed bullet")) +
			para(numPr("1", "0"), `<w:r><w:t>Item</w:t><w:br/><w:t>continued</w:t></w:r>`)},
		want: []Line{
			{Text: "Bullet", Bullet: true, Style: "Normal"},
			{Text: "Level without marker", Style: "Normal"},
			{Text: "Numbered", Bullet: true, Style: "Normal"},
			{Text: "Numbering removed", Style: "Normal"},
			{Text: "Override without marker", Style: "Normal"},
			{Text: "Unknown list", Bullet: true, Style: "Normal"},
			{Text: "Bullet from style", Bullet: true, Style: "ListBullet"},
			{Text: "Style bullet removed", Style: "ListBullet"},
			{Text: "Typed bullet", Bullet: true, Style: "Normal"},
			{Text: "Item", Bullet: true, Style: "Normal"},
			{Text: "continued", Style: "Normal"},
		},
	}, {
		name: "tables row by row, nested tables in place",
		parts: docxParts{body: para("", docxRun("", "Before")) +
			table(
				[]string{para("", docxRun("", "A1")) + para("", docxRun("", "A1 second")), para("", docxRun("", "B1")) + table([]string{para("", docxRun("", "C1")), para("", docxRun("", "C2"))}) + para("", "")},
				[]string{para("", docxRun("", "A2")), para("", docxRun("", "B2"))},
			) + para("", docxRun("", "After"))},
		want: []Line{
			{Text: "Before"},
			{Text: "A1", Region: RegionTable}, {Text: "A1 second", Region: RegionTable}, {Text: "B1", Region: RegionTable},
			{Text: "C1 | C2", Cells: []string{"C1", "C2"}, Region: RegionTable},
			{Text: "A2 | B2", Cells: []string{"A2", "B2"}, Region: RegionTable},
			{Text: "After"},
		},
	}, {
		name: "text boxes once, VML only without DrawingML",
		parts: docxParts{body: para("", textBoxDrawing("In the box"), docxRun("", "Anchor text")) +
			para("", `<w:r><w:pict><v:shape><v:textbox><w:txbxContent>`+para("", docxRun("", "Old box"))+`</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`) +
			para("", `<w:r><mc:AlternateContent><mc:Fallback><w:t>Fallback only</w:t></mc:Fallback></mc:AlternateContent></w:r>`)},
		want: []Line{
			{Text: "In the box", Region: RegionTextBox},
			{Text: "Anchor text"},
			{Text: "Old box", Region: RegionTextBox},
			{Text: "Fallback only"},
		},
	}, {
		name: "hyperlinks, content controls, smart tags",
		parts: docxParts{body: para("", docxRun("", "Profile: "), `<w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>linkedin.com/in/jane</w:t></w:r></w:hyperlink>`) +
			`<w:sdt><w:sdtPr><w:alias w:val="Author name"/><w:text/></w:sdtPr><w:sdtContent>` + para("", docxRun("", "Jane Doe")) + `</w:sdtContent></w:sdt>` +
			para("", `<w:smartTag w:uri="urn:x" w:element="City"><w:smartTagPr><w:attr w:name="x" w:val="y"/></w:smartTagPr>`+docxRun("", "Lisbon")+`</w:smartTag>`)},
		want: []Line{{Text: "Profile: linkedin.com/in/jane"}, {Text: "Jane Doe"}, {Text: "Lisbon"}},
	}, {
		name: "tracked changes: deletions and moves away skipped, insertions kept",
		parts: docxParts{numbering: testNumbering, body: para(`<w:pPrChange w:id="9"><w:pPr>`+numPr("1", "0")+`</w:pPr></w:pPrChange>`,
			docxRun("", "Led "), `<w:del w:id="1" w:author="x"><w:r><w:delText>twelve </w:delText></w:r></w:del>`,
			`<w:ins w:id="2" w:author="x">`+docxRun("", "fifteen ")+`</w:ins>`,
			`<w:moveFrom w:id="3" w:author="x">`+docxRun("", "moved ")+`</w:moveFrom>`, docxRun("", "renewals"))},
		want: []Line{{Text: "Led fifteen renewals"}},
	}, {
		name: "field codes skipped, results kept",
		parts: docxParts{body: para("", fldBegin, instr(` HYPERLINK "mailto:jane@example.com" `), fldSep, docxRun("", "jane@example.com"), fldEnd) +
			para("", docxRun("", "Dear "), fldBegin, instr(" IF "), fldBegin, instr(" MERGEFIELD name "), fldSep, docxRun("", "«name»"), fldEnd, instr(` = "" "x" `), fldSep, docxRun("", "Reader"), fldEnd) +
			para("", fldBegin, docxRun("", "PAGE written as text"), fldSep, docxRun("", "7"), fldEnd) +
			para("", `<w:fldSimple w:instr=" DATE \@ &quot;MMMM yyyy&quot; "><w:r><w:t>May 2024</w:t></w:r></w:fldSimple>`)},
		want: []Line{{Text: "jane@example.com"}, {Text: "Dear Reader"}, {Text: "7"}, {Text: "May 2024"}},
	}, {
		name: "hidden text skipped",
		parts: docxParts{styles: testStyles, body: para("", docxRun("", "Shown "), docxRun("<w:vanish/>", "hidden "), docxRun(`<w:vanish w:val="0"/>`, "unhidden")) +
			para(pStyle("Quiet"), docxRun("", "Hidden by style"), `<w:r><w:br/></w:r>`) +
			para(pStyle("Quiet"), docxRun(`<w:vanish w:val="false"/>`, "Shown against style"))},
		want: []Line{{Text: "Shown unhidden", Style: "Normal"}, {Text: "Shown against style", Style: "Quiet"}},
	}, {
		name: "styles: names, outline levels, bold and size",
		parts: docxParts{styles: testStyles, body: para(pStyle("berschrift1"), docxRun("", "Experience")) +
			para(pStyle("Titel"), docxRun("", "Jane Doe")) +
			para(pStyle("SectionTitle"), docxRun("", "Skills")) +
			para(`<w:outlineLvl w:val="2"/>`, docxRun("", "Direct outline")) +
			para("", docxRun("<w:b/>", "All bold")) +
			para("", docxRun("<w:b/>", "Bold"), docxRun("", " and a much longer plain part")) +
			para("", docxRun(`<w:rStyle w:val="Fett"/>`, "Strong by character style")) +
			para(pStyle("berschrift1"), docxRun(`<w:b w:val="0"/>`, "Unbolded heading")) +
			para("", docxRun(`<w:sz w:val="28"/>`, "Fourteen points")) +
			para("", docxRun(`<w:b/><w:sz w:val="40"/>`, "Big"), docxRun("", " and smaller text wins"))},
		want: []Line{
			{Text: "Experience", Style: "Heading1", Bold: true, Size: 16},
			{Text: "Jane Doe", Style: "Title", Size: 28},
			{Text: "Skills", Style: "Heading2", Size: 11},
			{Text: "Direct outline", Style: "Heading3", Size: 11},
			{Text: "All bold", Style: "Normal", Bold: true, Size: 11},
			{Text: "Bold and a much longer plain part", Style: "Normal", Size: 11},
			{Text: "Strong by character style", Style: "Normal", Bold: true, Size: 11},
			{Text: "Unbolded heading", Style: "Heading1", Size: 16},
			{Text: "Fourteen points", Style: "Normal", Size: 14},
			{Text: "Big and smaller text wins", Style: "Normal", Size: 11},
		},
	}, {
		name: "symbols, icons, letter spacing, ruby, math",
		parts: docxParts{body: para("", docxRun("", "Contact "), `<w:r><w:sym w:font="Wingdings" w:char="F02A"/></w:r>`, docxRun("", " jane@example.com")) +
			para("", docxRun("", "W O R K  E X P E R I E N C E")) +
			para("", `<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>とうきょう</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>東京</w:t></w:r></w:rubyBase></w:ruby></w:r>`) +
			para("", docxRun("", "Growth "), `<m:oMath><m:r><m:t>x²</m:t></m:r></m:oMath>`)},
		want: []Line{{Text: "Contact jane@example.com"}, {Text: "WORK EXPERIENCE"}, {Text: "東京"}, {Text: "Growth x²"}},
	}, {
		name: "header first, then body, notes, footer",
		parts: docxParts{
			headers: map[string]string{
				"rIdH1": para("", docxRun("", "Jane Doe")) + para("", textBoxDrawing("Boxed header")),
				"rIdH2": para("", docxRun("", "First page header")),
				"rIdH3": para("", docxRun("", "Jane Doe")),
			},
			footers:   map[string]string{"rIdF1": para("", docxRun("", "Page "), fldBegin, instr(" PAGE "), fldSep, docxRun("", "2"), fldEnd) + para("", docxRun("", "jane@example.com"))},
			footnotes: `<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1">` + para("", docxRun("", "Certified in 2020")) + `</w:footnote>`,
			body: para("", docxRun("", "Body text"), `<w:r><w:footnoteReference w:id="1"/></w:r>`) +
				para(`<w:sectPr><w:headerReference w:type="first" r:id="rIdH2"/><w:footerReference w:type="default" r:id="rIdF1"/></w:sectPr>`, docxRun("", "End of section one")) +
				`<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/><w:headerReference w:type="first" r:id="rIdH3"/><w:headerReference w:type="default" r:id="rIdMissing"/><w:titlePg/></w:sectPr>`,
		},
		want: []Line{
			{Text: "Jane Doe", Region: RegionHeader},
			{Text: "Boxed header", Region: RegionHeader},
			{Text: "Body text"},
			{Text: "End of section one"},
			{Text: "Certified in 2020", Region: RegionFootnote},
			{Text: "jane@example.com", Region: RegionFooter},
		},
	}, {
		name:  "main part found through the package relationships, without document relationships",
		parts: docxParts{main: "doc/main.xml", noRels: true, body: para("", docxRun("", "Elsewhere"))},
		want:  []Line{{Text: "Elsewhere"}},
	}, {
		name:  "strict OOXML namespace",
		parts: docxParts{body: `<p xmlns="http://purl.oclc.org/ooxml/wordprocessingml/main"><pPr><numPr><numId val="5"/></numPr></pPr><r><t>Strict text</t><br/><t>next</t></r></p>`},
		want:  []Line{{Text: "Strict text", Bullet: true}, {Text: "next"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extractDOCXLines(t, buildDOCX(t, tt.parts))
			opts := []cmp.Option{ignoreLayout}
			if strings.HasPrefix(tt.name, "styles") {
				opts = []cmp.Option{cmpopts.IgnoreFields(Line{}, "GapBefore")}
			}
			if diff := cmp.Diff(tt.want, got, opts...); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDOCXGaps checks that block gaps come from empty paragraphs, headings
// and paragraph spacing, not from Word's ordinary space after paragraphs.
func TestDOCXGaps(t *testing.T) {
	body := para("", docxRun("", "Jane Doe")) +
		para("", docxRun("", "Customer Success Manager")) +
		para("", "") +
		para("", docxRun("", "After an empty paragraph")) +
		para(pStyle("berschrift1"), docxRun("", "Experience")) +
		para("", docxRun("", "Under the heading")) +
		para(`<w:spacing w:before="240"/>`, docxRun("", "Spaced before")) +
		para(`<w:pageBreakBefore/>`, docxRun("", "New page")) +
		table([]string{para("", docxRun("", "Cell one")), para("", docxRun("", "Cell two"))}) +
		para("", docxRun("", "After the table"))
	got := extractDOCXLines(t, buildDOCX(t, docxParts{styles: testStyles, body: body}))
	type gap struct {
		Text string
		Gap  float64
	}
	var gaps []gap
	for _, l := range got {
		gaps = append(gaps, gap{l.Text, l.GapBefore})
	}
	want := []gap{
		{"Jane Doe", 0}, {"Customer Success Manager", 0}, {"After an empty paragraph", 1},
		{"Experience", 1}, {"Under the heading", 0}, {"Spaced before", 1}, {"New page", 1},
		{"Cell one | Cell two", 1}, {"After the table", 1},
	}
	if diff := cmp.Diff(want, gaps); diff != "" {
		t.Errorf("gaps (-want +got):\n%s", diff)
	}
}

// TestDOCXUTF16Part reads a document part stored as UTF-16, which OPC
// allows.
func TestDOCXUTF16Part(t *testing.T) {
	xmlText := `<?xml version="1.0" encoding="UTF-16"?><w:document ` + wordNS + `><w:body>` + para("", docxRun("", "Zoë Šimić")) + `</w:body></w:document>`
	enc, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String(xmlText)
	if err != nil {
		t.Fatal(err)
	}
	data := replaceEntry(t, buildDOCX(t, docxParts{}), "word/document.xml", enc)
	if diff := cmp.Diff([]Line{{Text: "Zoë Šimić"}}, extractDOCXLines(t, data), ignoreLayout); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

// replaceEntry rewrites an archive with the entry called name holding
// body instead.
func replaceEntry(tb testing.TB, data []byte, name, body string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	var files []zipFile
	for _, f := range zr.File {
		if f.Name == name {
			files = append(files, zipFile{name: name, body: body})
			continue
		}
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		files = append(files, zipFile{name: f.Name, body: b.String()})
	}
	return buildZip(tb, files...)
}

func TestDOCXFindings(t *testing.T) {
	codes := func(doc *Document) []string {
		var out []string
		for _, f := range doc.Findings {
			out = append(out, f.Code)
		}
		return out
	}
	tests := []struct {
		name  string
		parts docxParts
		want  []string
	}{
		{"plain", docxParts{body: para("", docxRun("", "Jane Doe, jane@example.com"))}, nil},
		{"layout table", docxParts{body: table([]string{para("", docxRun("", "Skills Renewals")), para("", docxRun("", "Experience at Acme as a manager"))})}, []string{FindingTables}},
		{"small table in a long CV", docxParts{body: strings.Repeat(para("", docxRun("", "Owned renewals and expansion for forty accounts")), 10) + table([]string{para("", docxRun("", "Excel")), para("", docxRun("", "SQL"))})}, nil},
		{"text box", docxParts{body: para("", textBoxDrawing("Summary in a box")) + para("", docxRun("", "Body"))}, []string{FindingTextBoxes}},
		{"contact only in header", docxParts{headers: map[string]string{"rIdH": para("", docxRun("", "jane@example.com · +1 415 555 0100"))},
			body: para("", docxRun("", "Experience")) + `<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>`}, []string{FindingHeaderFooter}},
		{"contact in header and body", docxParts{headers: map[string]string{"rIdH": para("", docxRun("", "jane@example.com"))},
			body: para("", docxRun("", "Reach me at jane@example.com")) + `<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>`}, nil},
		{"garbled", docxParts{body: para("", docxRun("", "(cid:72) Tel Aviv"))}, []string{FindingGarbled}},
		{"replacement characters", docxParts{body: para("", docxRun("", "Bogot\uFFFD"))}, []string{FindingGarbled}},
		{"icon glyphs", docxParts{body: para("", docxRun("", "\uF0E0 jane@example.com"))}, []string{FindingIconGlyphs}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := extractDOCX(context.Background(), buildDOCX(t, tt.parts), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, codes(doc)); diff != "" {
				t.Errorf("finding codes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDOCXErrors(t *testing.T) {
	noMain := buildZip(t,
		zipFile{name: "[Content_Types].xml", body: `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="` + ctDocxMain + `"/></Types>`},
		zipFile{name: "_rels/.rels", body: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relOfficeDoc + `" Target="word/document.xml"/></Relationships>`},
		zipFile{name: "word/styles.xml", body: `<w:styles ` + wordNS + `/>`},
	)
	badXML := buildDOCX(t, docxParts{body: "<w:p><w:r><w:t>unclosed</w:r></w:p>"})
	deep := buildDOCX(t, docxParts{body: strings.Repeat("<w:sdt><w:sdtContent>", 600) + strings.Repeat("</w:sdtContent></w:sdt>", 600)})
	tests := []struct {
		name          string
		data          []byte
		code, message string
	}{
		{"no document part", noMain, prep.EINVALID, "this Word file has no document part (word/document.xml): it is damaged; open it in Word, save it again and upload it, or upload a PDF"},
		{"malformed XML", badXML, prep.EINVALID, "this Word document is damaged (its text is not valid XML): open it in Word, save it again and upload it, or upload a PDF"},
		{"nested too deeply", deep, prep.EINVALID, "this document is nested too deeply to be a CV: save it again as DOCX or PDF"},
		{"truncated", buildDOCX(t, docxParts{body: para("", docxRun("", "x"))})[:200], prep.EINVALID, "this Word document is damaged and cannot be opened: save it again (as DOCX or PDF) and upload it again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := extractDOCX(context.Background(), tt.data, Limits{})
			wantUserError(t, err, tt.code, tt.message)
		})
	}
}

// xmlFragment matches markup that leaked into text.
var xmlFragment = regexp.MustCompile(`<[/?]?[a-zA-Z][\w.-]*(:[\w.-]+)?[\s/>]|xmlns|w:[a-z]+=`)

// TestCorpusDOCX extracts every DOCX of the corpus. It checks facts, not
// text: the corpus holds personal data that stays out of the repository.
func TestCorpusDOCX(t *testing.T) {
	files := corpusDOCX(t)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if f, err := Detect(data); err != nil || f != FormatDOCX {
				t.Fatalf("Detect = %q, %v; want docx", f, err)
			}
			doc, err := New(Limits{}).Extract(context.Background(), data)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if words := len(strings.Fields(doc.Text())); words < 25 {
				t.Errorf("%d words, want a CV's worth", words)
			}
			for i, l := range doc.Lines {
				if xmlFragment.MatchString(l.Text) {
					t.Errorf("line %d is an XML fragment: %.60q", i, l.Text)
				}
				if l.Text == "" || strings.ContainsAny(l.Text, "\n\t\r") {
					t.Errorf("line %d is not normalised: %q", i, l.Text)
				}
			}
		})
	}
}

// corpusDOCX returns the DOCX files of the corpus.
func corpusDOCX(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, f := range testenv.CorpusFiles(tb, "cv") {
		if strings.HasSuffix(f, ".docx") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		tb.Fatal("no DOCX files in the corpus")
	}
	return out
}

// corpusDoc extracts one named corpus DOCX.
func corpusDoc(tb testing.TB, name string) *Document {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.CorpusDir(tb), "cv", name))
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := extractDOCX(context.Background(), data, Limits{})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// TestCorpusDOCXFeatures checks the features the corpus files exercise.
func TestCorpusDOCXFeatures(t *testing.T) {
	t.Run("text boxes once", func(t *testing.T) {
		// Word stores each text box twice (DrawingML and a VML fallback).
		doc := corpusDoc(t, "soupboss__Mickey01.docx")
		count := map[string]int{}
		boxes := 0
		for _, l := range doc.Lines {
			count[l.Text]++
			if l.Region == RegionTextBox {
				boxes++
			}
		}
		if boxes == 0 {
			t.Fatal("no text box lines")
		}
		for _, l := range doc.Lines {
			if l.Region == RegionTextBox && count[l.Text] > 1 {
				t.Errorf("text box line appears %d times: %.40q", count[l.Text], l.Text)
			}
		}
		if !hasFinding(doc, FindingTextBoxes) {
			t.Errorf("findings %v lack %s", doc.Findings, FindingTextBoxes)
		}
	})
	t.Run("tables", func(t *testing.T) {
		doc := corpusDoc(t, "nvrm__12.docx")
		words := 0
		for _, l := range doc.Lines {
			if l.Region == RegionTable {
				words += len(strings.Fields(l.Text))
			}
		}
		if words < 500 {
			t.Errorf("%d words in table cells, want the whole CV (over 500)", words)
		}
		if !hasFinding(doc, FindingTables) {
			t.Errorf("findings %v lack %s", doc.Findings, FindingTables)
		}
	})
	t.Run("letter-spaced headings", func(t *testing.T) {
		doc := corpusDoc(t, "nvrm__32.docx")
		have := map[string]bool{}
		for _, l := range doc.Lines {
			have[l.Text] = true
		}
		for _, h := range []string{"CONTACT ME AT", "TOOLS & TECH", "EDUCATION & COURSES", "LANGUAGES", "PROFILE", "WORK EXPERIENCE"} {
			if !have[h] {
				t.Errorf("no line %q", h)
			}
		}
	})
	t.Run("lists and headings", func(t *testing.T) {
		doc := corpusDoc(t, "soupboss__02-Desktop_Support.docx")
		var bullets, headings int
		for _, l := range doc.Lines {
			if l.Bullet {
				bullets++
			}
			if strings.HasPrefix(l.Style, "Heading") {
				headings++
			}
		}
		if bullets < 15 || headings < 5 {
			t.Errorf("%d bullets and %d headings, want at least 15 and 5", bullets, headings)
		}
	})
	t.Run("garbled glyphs", func(t *testing.T) {
		if doc := corpusDoc(t, "nvrm__26.docx"); !hasFinding(doc, FindingGarbled) {
			t.Errorf("findings %v lack %s", doc.Findings, FindingGarbled)
		}
	})
}

// TestCorpusDOCXTwins compares the words of the DOCX files that have a
// PDF twin (the same CV exported from Word) with pdftotext's words of the
// twin: recall is the share of the PDF's words the DOCX gives, precision
// the share of the DOCX's words the PDF has.
func TestCorpusDOCXTwins(t *testing.T) {
	pdftotext := testenv.Program(t, "pdftotext")
	dir := testenv.CorpusDir(t)
	var allShared, allDOCX, allPDF int
	for _, name := range []string{"soupboss__01-Office_Coordinator", "soupboss__02-Desktop_Support"} {
		t.Run(name, func(t *testing.T) {
			out, err := exec.Command(pdftotext, "-enc", "UTF-8", filepath.Join(dir, "cv", name+".pdf"), "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			doc := corpusDoc(t, name+".docx")
			shared, nDOCX, nPDF := overlap(bagOfWords(doc.Text()), bagOfWords(string(out)))
			allShared, allDOCX, allPDF = allShared+shared, allDOCX+nDOCX, allPDF+nPDF
			recall, precision := float64(shared)/float64(nPDF), float64(shared)/float64(nDOCX)
			t.Logf("recall %.3f (%d of %d PDF words), precision %.3f (%d of %d DOCX words)", recall, shared, nPDF, precision, shared, nDOCX)
			if recall < 0.97 || precision < 0.97 {
				t.Errorf("recall %.3f, precision %.3f; want both at least 0.97", recall, precision)
			}
		})
	}
	t.Logf("overall: recall %.3f, precision %.3f", float64(allShared)/float64(allPDF), float64(allShared)/float64(allDOCX))
}

// wrapDocumentPart puts an XML document part into a DOCX with the test
// styles and numbering, stored uncompressed, so fuzzing mutates the XML
// rather than deflate data.
func wrapDocumentPart(part []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []zipFile{
		{name: "[Content_Types].xml", body: `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="` + ctDocxMain + `"/></Types>`},
		{name: "word/document.xml", body: string(part)},
		{name: "word/styles.xml", body: `<w:styles ` + wordNS + `>` + testStyles + `</w:styles>`},
		{name: "word/numbering.xml", body: `<w:numbering ` + wordNS + `>` + testNumbering + `</w:numbering>`},
	} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Store})
		w.Write([]byte(f.body))
	}
	zw.Close()
	return buf.Bytes()
}

// documentPart returns the word/document.xml of a DOCX, or nil.
func documentPart(data []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				return nil
			}
			defer rc.Close()
			var b bytes.Buffer
			b.ReadFrom(rc)
			return b.Bytes()
		}
	}
	return nil
}

// checkDocument holds for every extraction: errors are user-facing,
// lines are normalised and bounded.
func checkDocument(t *testing.T, doc *Document, err error) {
	t.Helper()
	if err != nil {
		if code := prep.ErrorCode(err); code == prep.EINTERNAL || code == "" {
			t.Fatalf("not a user-facing error: %v", err)
		}
		return
	}
	if len(doc.Lines) > maxLines {
		t.Fatalf("%d lines, over the %d limit", len(doc.Lines), maxLines)
	}
	for i, l := range doc.Lines {
		if l.Text == "" || strings.ContainsAny(l.Text, "\n\r\t") || !utf8.ValidString(l.Text) || l.Text != strings.TrimSpace(l.Text) {
			t.Fatalf("line %d not normalised: %q", i, l.Text)
		}
	}
}

// FuzzExtractDOCX feeds whole DOCX files and, for inputs that are not a
// ZIP, document parts wrapped into one. Seeds: synthetic documents with
// every feature, and the corpus files with their document parts.
func FuzzExtractDOCX(f *testing.F) {
	f.Add(buildDOCX(f, docxParts{styles: testStyles, numbering: testNumbering, body: para(pStyle("berschrift1"), docxRun("", "Experience")) + para(numPr("1", "0"), docxRun("<w:b/>", "Led renewals"))}))
	body := `<w:document ` + wordNS + `><w:body>` + para("", textBoxDrawing("Box")) + table([]string{para("", docxRun("", "A")), para("", docxRun("", "B"))}) +
		para(pStyle("Aufzhlungszeichen"), `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`+docxRun("", "1")+`<w:r><w:fldChar w:fldCharType="end"/></w:r>`) +
		para("", `<w:del><w:r><w:delText>x</w:delText></w:r></w:del>`, docxRun("<w:vanish/>", "hidden"), `<w:r><w:sym w:char="F0B7"/><w:br/><w:tab/></w:r>`) +
		`<w:sectPr><w:headerReference w:type="default" r:id="rId1"/><w:titlePg/></w:sectPr></w:body></w:document>`
	f.Add([]byte(body))
	if dir := corpusDirOrEmpty(f); dir != "" {
		paths, _ := filepath.Glob(filepath.Join(dir, "cv", "*.docx"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
			if part := documentPart(data); part != nil {
				f.Add(part)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			data = wrapDocumentPart(data)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		doc, err := extractDOCX(ctx, data, Limits{MaxPartBytes: 4 << 20})
		if ctx.Err() != nil {
			t.Fatalf("extraction ran past its deadline")
		}
		checkDocument(t, doc, err)
	})
}

// BenchmarkExtractDOCX extracts each corpus DOCX.
func BenchmarkExtractDOCX(b *testing.B) {
	for _, path := range corpusDOCX(b) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(filepath.Base(path), ".docx"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := extractDOCX(context.Background(), data, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// docFacts are the facts about an extracted document that a golden file
// keeps: counts and codes, never the text, which for corpus files is
// personal data.
type docFacts struct {
	Lines    int            `json:"lines"`
	Words    int            `json:"words"`
	Bullets  int            `json:"bullets"`
	Gaps     int            `json:"gaps"`
	Bold     int            `json:"bold"`
	Styles   map[string]int `json:"styles,omitempty"`
	Regions  map[string]int `json:"regions,omitempty"`
	Findings []string       `json:"findings,omitempty"`
}

func factsOf(doc *Document) docFacts {
	f := docFacts{Lines: len(doc.Lines), Styles: map[string]int{}, Regions: map[string]int{}}
	for _, l := range doc.Lines {
		f.Words += len(strings.Fields(l.Text))
		if l.Bullet {
			f.Bullets++
		}
		if l.GapBefore > 0 {
			f.Gaps++
		}
		if l.Bold {
			f.Bold++
		}
		if l.Style != "" {
			f.Styles[l.Style]++
		}
		if l.Region != RegionBody {
			f.Regions[string(l.Region)]++
		}
	}
	for _, fd := range doc.Findings {
		f.Findings = append(f.Findings, fd.Code)
	}
	return f
}

// TestCorpusDOCXFacts keeps the shape of each corpus DOCX's extraction in
// testdata/docx/*.json, so a change in lines, lists, styles or regions
// shows up in review.
func TestCorpusDOCXFacts(t *testing.T) {
	for _, path := range corpusDOCX(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".docx")
		t.Run(name, func(t *testing.T) {
			golden(t, filepath.Join("docx", name+".json"), factsOf(corpusDoc(t, name+".docx")))
		})
	}
}
