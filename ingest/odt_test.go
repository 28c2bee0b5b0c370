package ingest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"prep"
)

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
	`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ` +
	`xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" ` +
	`xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3"`

// odtParts describes a minimal OpenDocument text for a test.
type odtParts struct {
	body       string // inside office:text
	autoStyles string // inside office:automatic-styles of content.xml
	styles     string // inside office:styles of styles.xml
	master     string // inside office:master-styles of styles.xml
	manifest   string // META-INF/manifest.xml, if set
}

// buildODT writes an ODT the way LibreOffice lays one out: mimetype first
// and stored.
func buildODT(tb testing.TB, p odtParts) []byte {
	tb.Helper()
	files := []zipFile{
		{name: "mimetype", body: "application/vnd.oasis.opendocument.text", stored: true},
		{name: "content.xml", body: `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + odfNS + `><office:automatic-styles>` + p.autoStyles +
			`</office:automatic-styles><office:body><office:text>` + p.body + `</office:text></office:body></office:document-content>`},
		{name: "styles.xml", body: `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ` + odfNS + `><office:styles>` +
			`<style:default-style style:family="paragraph"><style:text-properties fo:font-size="12pt"/></style:default-style>` + p.styles +
			`</office:styles><office:master-styles>` + p.master + `</office:master-styles></office:document-styles>`},
	}
	if p.manifest != "" {
		files = append(files, zipFile{name: "META-INF/manifest.xml", body: p.manifest})
	}
	return buildZip(tb, files...)
}

func TestExtractODT(t *testing.T) {
	styles := `<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"><style:text-properties fo:font-size="130%" fo:font-weight="bold"/></style:style>` +
		`<style:style style:name="Title" style:family="paragraph"><style:text-properties fo:font-size="28pt"/></style:style>` +
		`<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>`
	auto := `<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_1"/>` +
		`<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>` +
		`<style:style style:name="T2" style:family="text"><style:text-properties text:display="none"/></style:style>`
	tests := []struct {
		name  string
		parts odtParts
		want  []Line
	}{{
		name: "headings, paragraphs, spaces, tabs, breaks",
		parts: odtParts{styles: styles, autoStyles: auto, body: `<text:h text:style-name="Heading_20_1" text:outline-level="1">Experience</text:h>` +
			`<text:h text:outline-level="3">Third level</text:h>` +
			`<text:p text:style-name="P1">Styled as heading</text:p>` +
			`<text:p text:style-name="Title">Jane Doe</text:p>` +
			`<text:p>Jane<text:s/>Doe<text:tab/>Lisbon<text:line-break/>second<text:s text:c="3"/>line</text:p>` +
			`<text:p>W<text:s/>O<text:s/>R<text:s/>K<text:s text:c="2"/>L<text:s/>I<text:s/>F<text:s/>E</text:p>`},
		want: []Line{
			{Text: "Experience", Style: "Heading1", Bold: true, Size: 15.6},
			{Text: "Third level", Style: "Heading3", Size: 12},
			{Text: "Styled as heading", Style: "Heading1", Bold: true, Size: 15.6},
			{Text: "Jane Doe", Style: "Title", Size: 28},
			{Text: "Jane Doe Lisbon", Cells: []string{"Jane Doe", "Lisbon"}, Size: 12},
			{Text: "second line", Cells: []string{"second", "line"}, Size: 12},
			{Text: "WORK LIFE", Size: 12},
		},
	}, {
		name: "spans: bold, hidden",
		parts: odtParts{styles: styles, autoStyles: auto, body: `<text:p><text:span text:style-name="T1">All bold</text:span></text:p>` +
			`<text:p><text:span text:style-name="Strong_20_Emphasis">Strong</text:span> and a longer plain part</text:p>` +
			`<text:p>Shown<text:span text:style-name="T2"> hidden</text:span></text:p>`},
		want: []Line{{Text: "All bold", Bold: true, Size: 12}, {Text: "Strong and a longer plain part", Size: 12}, {Text: "Shown", Size: 12}},
	}, {
		name: "lists",
		parts: odtParts{body: `<text:list><text:list-header><text:p>Header of list</text:p></text:list-header>` +
			`<text:list-item><text:p>One</text:p><text:p>One, second paragraph</text:p></text:list-item>` +
			`<text:list-item><text:list><text:list-item><text:p>Nested</text:p></text:list-item></text:list></text:list-item>` +
			`<text:list-item><text:p>• Typed glyph too</text:p></text:list-item></text:list><text:p>After</text:p>`},
		want: []Line{{Text: "Header of list"}, {Text: "One", Bullet: true}, {Text: "One, second paragraph"}, {Text: "Nested", Bullet: true}, {Text: "Typed glyph too", Bullet: true}, {Text: "After"}},
	}, {
		name: "tables, frames, notes, comments, tracked deletions",
		parts: odtParts{body: `<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>Deleted text</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
			`<table:table><table:table-column/><table:table-row><table:table-cell><text:p>A1</text:p></table:table-cell><table:table-cell><text:p>B1</text:p></table:table-cell></table:table-row>` +
			`<table:table-row><table:table-cell><text:p>A2</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table>` +
			`<text:p>Anchor<draw:frame><draw:text-box><text:p>Boxed</text:p></draw:text-box></draw:frame><draw:frame><draw:image><text:p>image text</text:p></draw:image><svg:title>Logo</svg:title></draw:frame></text:p>` +
			`<text:p>Certified<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>In 2020</text:p></text:note-body></text:note>` +
			`<office:annotation><text:p>A comment</text:p></office:annotation> by Acme</text:p>`},
		want: []Line{
			{Text: "A1", Region: RegionTable}, {Text: "B1", Region: RegionTable}, {Text: "A2", Region: RegionTable},
			{Text: "Boxed", Region: RegionTextBox}, {Text: "Anchor"}, {Text: "Certified by Acme"},
			{Text: "In 2020", Region: RegionFootnote},
		},
	}, {
		name: "master page header and footer",
		parts: odtParts{
			master: `<style:master-page style:name="Standard"><style:header><text:p>Jane Doe · jane@example.com</text:p></style:header>` +
				`<style:header-left style:display="false"><text:p>Hidden left header</text:p></style:header-left>` +
				`<style:footer><text:p>Page <text:page-number>1</text:page-number></text:p></style:footer></style:master-page>`,
			body: `<text:p>Body</text:p>`,
		},
		want: []Line{{Text: "Jane Doe · jane@example.com", Region: RegionHeader}, {Text: "Body"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := extractODT(context.Background(), buildODT(t, tt.parts), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			opts := []cmp.Option{cmpopts.IgnoreFields(Line{}, "GapBefore", "Style", "Size"), cmpopts.EquateApprox(0, 0.01)}
			if tt.parts.styles != "" {
				opts = []cmp.Option{cmpopts.IgnoreFields(Line{}, "GapBefore"), cmpopts.EquateApprox(0, 0.01)}
			}
			if diff := cmp.Diff(tt.want, doc.Lines, opts...); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestODTErrors(t *testing.T) {
	tests := []struct {
		name          string
		data          []byte
		code, message string
	}{
		{"password-protected", buildODT(t, odtParts{manifest: `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`}),
			prep.EUNSUPPORTED, "this document is password-protected: remove the password, save it and upload it again, or upload a PDF"},
		{"no content", buildZip(t, zipFile{name: "mimetype", body: "application/vnd.oasis.opendocument.text", stored: true}),
			prep.EINVALID, "this OpenDocument file has no content part (content.xml): it is damaged; save it again as ODT, DOCX or PDF and upload it again"},
		{"malformed content", buildZip(t, zipFile{name: "mimetype", body: "application/vnd.oasis.opendocument.text", stored: true}, zipFile{name: "content.xml", body: "<office:document-content " + odfNS + "><text:p>"}),
			prep.EINVALID, "this OpenDocument file is damaged (its text is not valid XML): save it again and upload it, or upload a PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := extractODT(context.Background(), tt.data, Limits{})
			wantUserError(t, err, tt.code, tt.message)
		})
	}
}
