package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"prep"
)

// zipFile is one entry of a test archive.
type zipFile struct {
	name, body string
	stored     bool // no compression, as ODF requires for mimetype
}

// buildZip writes the files into a ZIP archive, in order.
func buildZip(tb testing.TB, files ...zipFile) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		method := zip.Deflate
		if f.stored {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: method})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// The namespaces Word declares on its root elements.
const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" ` +
	`xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" ` +
	`mc:Ignorable="wps"`

const (
	ctDocxMain   = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	relOfficeDoc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	relBase      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// docxParts describes a minimal Word document for a test. Strings hold
// the inner XML of the part's root element; empty parts are left out.
type docxParts struct {
	body      string            // inside w:body
	styles    string            // inside w:styles
	numbering string            // inside w:numbering
	headers   map[string]string // relationship id → inside w:hdr
	footers   map[string]string // relationship id → inside w:ftr
	footnotes string            // inside w:footnotes
	// main is the main part's name (default word/document.xml); noRels
	// leaves out word/_rels/document.xml.rels.
	main   string
	noRels bool
	extra  []zipFile
}

// buildDOCX writes a DOCX the way Word lays one out.
func buildDOCX(tb testing.TB, p docxParts) []byte {
	tb.Helper()
	main := p.main
	if main == "" {
		main = "word/document.xml"
	}
	dir := main[:strings.LastIndex(main, "/")+1]
	files := []zipFile{
		{name: "[Content_Types].xml", body: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/` + main + `" ContentType="` + ctDocxMain + `"/></Types>`},
		{name: "_rels/.rels", body: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relOfficeDoc + `" Target="` + main + `"/></Relationships>`},
		{name: main, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wordNS + `><w:body>` + p.body + `</w:body></w:document>`},
	}
	var rels strings.Builder
	rel := func(id, typ, target string) {
		rels.WriteString(`<Relationship Id="` + id + `" Type="` + relBase + typ + `" Target="` + target + `"/>`)
	}
	if p.styles != "" {
		files = append(files, zipFile{name: dir + "styles.xml", body: `<w:styles ` + wordNS + `>` + p.styles + `</w:styles>`})
		rel("rIdStyles", "styles", "styles.xml")
	}
	if p.numbering != "" {
		files = append(files, zipFile{name: dir + "numbering.xml", body: `<w:numbering ` + wordNS + `>` + p.numbering + `</w:numbering>`})
		rel("rIdNumbering", "numbering", "numbering.xml")
	}
	if p.footnotes != "" {
		files = append(files, zipFile{name: dir + "footnotes.xml", body: `<w:footnotes ` + wordNS + `>` + p.footnotes + `</w:footnotes>`})
		rel("rIdFootnotes", "footnotes", "footnotes.xml")
	}
	for _, id := range sortedKeys(p.headers) {
		files = append(files, zipFile{name: dir + "header-" + id + ".xml", body: `<w:hdr ` + wordNS + `>` + p.headers[id] + `</w:hdr>`})
		rel(id, "header", "header-"+id+".xml")
	}
	for _, id := range sortedKeys(p.footers) {
		files = append(files, zipFile{name: dir + "footer-" + id + ".xml", body: `<w:ftr ` + wordNS + `>` + p.footers[id] + `</w:ftr>`})
		rel(id, "footer", "footer-"+id+".xml")
	}
	if !p.noRels {
		files = append(files, zipFile{name: dir + "_rels/" + main[len(dir):] + ".rels", body: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`})
	}
	files = append(files, p.extra...)
	return buildZip(tb, files...)
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// para is a paragraph of plain runs; props is the inside of its w:pPr.
func para(props string, runs ...string) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	if props != "" {
		b.WriteString("<w:pPr>" + props + "</w:pPr>")
	}
	for _, r := range runs {
		b.WriteString(r)
	}
	b.WriteString("</w:p>")
	return b.String()
}

// run is a run with text; props is the inside of its w:rPr.
func docxRun(props, text string) string {
	s := "<w:r>"
	if props != "" {
		s += "<w:rPr>" + props + "</w:rPr>"
	}
	return s + `<w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// repeatDeflate returns a raw deflate stream of prefix followed by n MiB
// of unit repeated (len(unit) must divide 1 MiB), built without
// compressing n MiB: after the first MiB, every MiB compresses to the same
// flushed block, which is repeated.
func repeatDeflate(tb testing.TB, prefix, unit string, n int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		tb.Fatal(err)
	}
	w.Write([]byte(prefix))
	chunk := bytes.Repeat([]byte(unit), (1<<20)/len(unit))
	var segs [][]byte
	for range 3 {
		start := buf.Len()
		w.Write(chunk)
		w.Flush()
		segs = append(segs, bytes.Clone(buf.Bytes()[start:]))
	}
	if !bytes.Equal(segs[1], segs[2]) {
		tb.Fatal("repeatDeflate: flushed blocks differ; the compressor changed")
	}
	start := buf.Len()
	w.Close()
	tail := bytes.Clone(buf.Bytes()[start:])
	out := bytes.Clone(buf.Bytes()[:len(buf.Bytes())-len(tail)-len(segs[1])-len(segs[2])])
	for range n - 1 {
		out = append(out, segs[1]...)
	}
	return append(out, tail...)
}

// zipBombDOCX is a DOCX whose document part is deflate data inflating to
// inflated MiB of unit while its header declares declared bytes.
func zipBombDOCX(tb testing.TB, unit string, inflated int, declared uint64) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []zipFile{
		{name: "[Content_Types].xml", body: `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="` + ctDocxMain + `"/></Types>`},
		{name: "_rels/.rels", body: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relOfficeDoc + `" Target="word/document.xml"/></Relationships>`},
	} {
		w, _ := zw.Create(f.name)
		w.Write([]byte(f.body))
	}
	data := repeatDeflate(tb, `<w:document `+wordNS+`><w:body>`, unit, inflated)
	// The CRC is left zero: a reader that checks it has already read the
	// whole part, which is what must not happen.
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CompressedSize64: uint64(len(data)), UncompressedSize64: declared})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(data)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestZipBomb feeds zip bombs renamed .docx to the extractor: each must
// fail with a user-facing error after allocating little, whatever the
// header says about the size.
func TestZipBomb(t *testing.T) {
	const GiB = 1 << 30
	damaged := "this Word document is damaged and cannot be opened: save it again (as DOCX or PDF) and upload it again"
	tooLarge := "this Word document unpacks to more than 20 MiB in one part, far more than a CV holds: it may be damaged; save it again or export it as PDF"
	tests := []struct {
		name     string
		unit     string // what the part repeats
		inflated int    // MiB
		declared uint64 // bytes
		code     string
		message  string
	}{
		// 1 MB of deflate data, 1 GiB inflated, declared honestly:
		// refused on the declared size before a byte is inflated.
		{"declared 1 GiB", "\x00", 1024, GiB, prep.ETOOLARGE, tooLarge},
		// Declared under the part limit but at 1000:1: refused on the ratio.
		{"ratio 1000:1", "\x00", 19, 19 << 20, prep.ETOOLARGE, tooLarge},
		// The header lies: the part stops at the declared size. The
		// paragraphs are valid XML, so the XML decoder does not stop
		// first; 1 GiB of them would take minutes and gigabytes.
		{"declared 4 KiB", "<w:p/>  ", 1024, 4 << 10, prep.EINVALID, damaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bomb := zipBombDOCX(t, tt.unit, tt.inflated, tt.declared)
			if tt.inflated == 1024 && len(bomb) < 1<<20 {
				t.Fatalf("bomb is %d bytes, want about 1 MB", len(bomb))
			}
			ex := New(Limits{})
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := ex.Extract(context.Background(), bomb)
			runtime.ReadMemStats(&after)
			wantUserError(t, err, tt.code, tt.message)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d-byte bomb: refused after allocating %d KiB", len(bomb), alloc>>10)
			if alloc > 64<<20 {
				t.Errorf("extraction allocated %d MiB, want under 64 MiB", alloc>>20)
			}
		})
	}
}

// TestPartLimit checks the actual size of a part against a limit lower
// than its declared size would pass: a part may not inflate past it.
func TestPartLimit(t *testing.T) {
	body := strings.Repeat(para("", docxRun("", "Customer success manager with renewals experience")), 2000)
	data := buildDOCX(t, docxParts{body: body})
	if _, err := extractDOCX(context.Background(), data, Limits{MaxPartBytes: 1 << 20}); err != nil {
		t.Fatalf("under the limit: %v", err)
	}
	_, err := extractDOCX(context.Background(), data, Limits{MaxPartBytes: 64 << 10})
	wantUserError(t, err, prep.ETOOLARGE, "this Word document unpacks to more than 64 KiB in one part, far more than a CV holds: it may be damaged; save it again or export it as PDF")
}

func TestArchiveEntryLimit(t *testing.T) {
	files := make([]zipFile, maxArchiveEntries+1)
	for i := range files {
		files[i] = zipFile{name: "word/media/" + strconv.Itoa(i), stored: true}
	}
	files[0] = zipFile{name: "word/document.xml", body: "<w:document " + wordNS + "/>"}
	_, err := Detect(buildZip(t, files...))
	wantUserError(t, err, prep.ETOOLARGE, "this file holds 5001 parts, far more than a CV: save it again as DOCX or PDF")
}

func TestResolvePart(t *testing.T) {
	tests := []struct{ source, target, want string }{
		{"word/document.xml", "styles.xml", "word/styles.xml"},
		{"word/document.xml", "/word/header1.xml", "word/header1.xml"},
		{"word/document.xml", "../customXml/item1.xml", "customXml/item1.xml"},
		{"", "word/document.xml", "word/document.xml"},
		{"", "/doc/main%20part.xml", "doc/main part.xml"},
		{"word/document.xml", "media/image1.png#frag", "word/media/image1.png"},
		{"word/document.xml", "../../../etc/passwd", "etc/passwd"},
	}
	for _, tt := range tests {
		if got := resolvePart(tt.source, tt.target); got != tt.want {
			t.Errorf("resolvePart(%q, %q) = %q, want %q", tt.source, tt.target, got, tt.want)
		}
	}
}

// TestBoundedPart checks the reader's own bound, which holds even if the
// ZIP layer let a part run past its declared size, and the bound on all
// parts of one archive together.
func TestBoundedPart(t *testing.T) {
	read := func(a *archive, data string, limit int64) error {
		b := &boundedPart{rc: io.NopCloser(strings.NewReader(data)), left: limit, a: a}
		_, err := io.ReadAll(b)
		return err
	}
	a := &archive{kind: "Word document", limit: 10, budget: 25}
	if err := read(a, "0123456789", 10); err != nil {
		t.Errorf("part at its limit: %v", err)
	}
	if err := read(a, "0123456789x", 10); !errors.Is(err, errPartTooLarge) {
		t.Errorf("part over its limit: %v, want errPartTooLarge", err)
	}
	// 20 of the archive's 25 bytes are spent; the next part may read 5.
	if err := read(a, "0123456", 10); !errors.Is(err, errPartTooLarge) {
		t.Errorf("part over the archive's budget: %v, want errPartTooLarge", err)
	}
	wantUserError(t, a.readError(fmt.Errorf("decode: %w", errPartTooLarge)), prep.ETOOLARGE,
		"this Word document unpacks to more than 10 bytes in one part, far more than a CV holds: it may be damaged; save it again or export it as PDF")
}
