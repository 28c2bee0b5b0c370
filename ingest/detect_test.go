package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"prep"
	"prep/internal/testenv"
)

// ole2 returns the start of an OLE2 compound file whose directory names
// the given streams, which is what detection looks at.
func ole2(streams ...string) []byte {
	b := []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	b = append(b, make([]byte, 504)...)
	for _, s := range streams {
		for _, r := range s {
			b = binary.LittleEndian.AppendUint16(b, uint16(r))
		}
		b = append(b, make([]byte, 128-2*len(s))...)
	}
	return b
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want Format
	}{
		{"PDF", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), FormatPDF},
		{"PDF after junk", append(bytes.Repeat([]byte("\x00junk"), 100), "%PDF-1.4\n"...), FormatPDF},
		{"DOCX", buildDOCX(t, docxParts{body: para("", docxRun("", "x"))}), FormatDOCX},
		{"DOCX main part elsewhere", buildDOCX(t, docxParts{main: "content/main.xml", body: para("", docxRun("", "x"))}), FormatDOCX},
		{"DOCX without content types", buildZip(t, zipFile{name: "word/document.xml", body: "<w:document " + wordNS + "/>"}), FormatDOCX},
		{"ODT", buildODT(t, odtParts{body: `<text:p>x</text:p>`}), FormatODT},
		{"plain text", []byte("Jane Doe\nCustomer Success Manager\n- Renewals\n"), FormatText},
		{"Markdown", []byte("## About the role\n\n* Own renewals\n* **Grow** accounts\n"), FormatMarkdown},
		{"Markdown link", []byte("Apply at [our site](https://example.com)"), FormatMarkdown},
		{"HTML page", []byte("\n  <!doctype html><html><body><p>x</p></body></html>"), FormatHTML},
		{"HTML fragment", []byte("<p>About us</p><ul><li>Own renewals</li></ul>"), FormatHTML},
		{"text mentioning a tag", []byte("Experience with <div> layouts and CSS"), FormatText},
		{"text starting with MZ", []byte("MZ Logistics, Customer Success Lead\n"), FormatText},
		{"text starting with BM", []byte("BMW Group, Account Manager 2019-2021"), FormatText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.data)
			if err != nil || got != tt.want {
				t.Errorf("Detect = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestDetectRefusals checks the message a user gets for each kind of file
// we do not read.
func TestDetectRefusals(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name          string
		data          []byte
		code, message string
	}{
		{"empty", nil, prep.EINVALID, "the file is empty"},
		{"white space", []byte(" \n\t\r\n\u00a0\ufeff"), prep.EINVALID, "the file is empty"},
		{"UTF-16 white space", []byte("\xFF\xFE \x00\n\x00"), prep.EINVALID, "the file is empty"},
		{"legacy Word", ole2("Root Entry", "WordDocument", "1Table"), prep.EUNSUPPORTED, "legacy Word .doc is not supported: save as DOCX or PDF"},
		{"password-protected DOCX", ole2("Root Entry", "EncryptionInfo", "EncryptedPackage"), prep.EUNSUPPORTED, "this Word file is password-protected: remove the password in Word, save it and upload it again, or upload a PDF"},
		{"legacy Excel", ole2("Root Entry", "Workbook"), prep.EUNSUPPORTED, "this is an Excel spreadsheet (XLS), not a CV: upload your CV as PDF or DOCX"},
		{"legacy PowerPoint", ole2("Root Entry", "PowerPoint Document"), prep.EUNSUPPORTED, "this is a PowerPoint presentation (PPT), not a CV: upload your CV as PDF or DOCX"},
		{"RTF", []byte(`{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} Jane Doe}`), prep.EUNSUPPORTED, "RTF is not supported: save as DOCX or PDF"},
		{"PNG", png, prep.EUNSUPPORTED, "this is an image (PNG): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"JPEG", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), prep.EUNSUPPORTED, "this is an image (JPEG): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00"), prep.EUNSUPPORTED, "this is an image (GIF): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"TIFF", []byte("II*\x00\x08\x00\x00\x00"), prep.EUNSUPPORTED, "this is an image (TIFF): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"WebP", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), prep.EUNSUPPORTED, "this is an image (WebP): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"HEIC", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), prep.EUNSUPPORTED, "this is an image (HEIC): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"HEIF", []byte("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00"), prep.EUNSUPPORTED, "this is an image (HEIF): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"BMP", append([]byte("BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"), make([]byte, 40)...), prep.EUNSUPPORTED, "this is an image (BMP): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"SVG", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><text>Jane</text></svg>`), prep.EUNSUPPORTED, "this is an image (SVG): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"XLSX", buildZip(t, zipFile{name: "[Content_Types].xml", body: `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`}, zipFile{name: "xl/workbook.xml", body: "<workbook/>"}),
			prep.EUNSUPPORTED, "this is an Excel spreadsheet (XLSX), not a CV: upload your CV as PDF or DOCX"},
		{"PPTX", buildZip(t, zipFile{name: "[Content_Types].xml", body: `<Types/>`}, zipFile{name: "ppt/presentation.xml", body: "<p/>"}),
			prep.EUNSUPPORTED, "this is a PowerPoint presentation (PPTX), not a CV: upload your CV as PDF or DOCX"},
		{"ODS", buildZip(t, zipFile{name: "mimetype", body: "application/vnd.oasis.opendocument.spreadsheet", stored: true}, zipFile{name: "content.xml", body: "<x/>"}),
			prep.EUNSUPPORTED, "this is a spreadsheet (ODS), not a CV: upload your CV as PDF or DOCX"},
		{"ODP", buildZip(t, zipFile{name: "mimetype", body: "application/vnd.oasis.opendocument.presentation", stored: true}),
			prep.EUNSUPPORTED, "this is a presentation (ODP), not a CV: upload your CV as PDF or DOCX"},
		{"EPUB", buildZip(t, zipFile{name: "mimetype", body: "application/epub+zip", stored: true}, zipFile{name: "META-INF/container.xml", body: "<container/>"}),
			prep.EUNSUPPORTED, "this is an e-book (EPUB), not a CV: upload your CV as PDF or DOCX"},
		{"ZIP", buildZip(t, zipFile{name: "cv/jane.pdf", body: "%PDF-1.4"}), prep.EUNSUPPORTED, "this is a ZIP archive: upload the CV itself as PDF or DOCX, not a compressed folder"},
		{"damaged ZIP", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00truncated"), prep.EINVALID, "this file is damaged and cannot be opened: save it again (as DOCX or PDF) and upload it again"},
		{"gzip", []byte("\x1F\x8B\x08\x00\x00\x00\x00\x00"), prep.EUNSUPPORTED, "this is a compressed archive (GZIP), not a CV: upload your CV as PDF or DOCX"},
		{"Windows program", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF\x00\x00"), make([]byte, 64)...), prep.EUNSUPPORTED, "this file is not a document (it is a program): upload your CV as PDF or DOCX"},
		{"ELF", []byte("\x7fELF\x02\x01\x01\x00"), prep.EUNSUPPORTED, "this file is not a document (it is a program): upload your CV as PDF or DOCX"},
		{"Mach-O", []byte("\xCF\xFA\xED\xFE\x07\x00\x00\x01"), prep.EUNSUPPORTED, "this file is not a document (it is a program): upload your CV as PDF or DOCX"},
		{"control characters", []byte("Jane\x01\x02\x03\x04 Doe\x05\x06\x07\x08"), prep.EUNSUPPORTED, "this file is not a document: upload your CV as PDF or DOCX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Detect(tt.data)
			if err == nil {
				t.Fatalf("Detect = %q, want an error", f)
			}
			wantUserError(t, err, tt.code, tt.message)
		})
	}
}

// TestBadInputs runs the bad inputs of issue 2 through the Extractor, the
// way the service sees them.
func TestBadInputs(t *testing.T) {
	random := make([]byte, 64<<10)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF\x00\x00\xB8\x00"), make([]byte, 4096)...)
	tests := []struct {
		name          string
		data          []byte
		code, message string
	}{
		{"empty file", []byte{}, prep.EINVALID, "the file is empty"},
		{"Windows executable renamed .pdf or .docx", exe, prep.EUNSUPPORTED, "this file is not a document (it is a program): upload your CV as PDF or DOCX"},
		{"random bytes", random, prep.EUNSUPPORTED, "this file is not a document: upload your CV as PDF or DOCX"},
		{"legacy .doc header", ole2("Root Entry", "WordDocument"), prep.EUNSUPPORTED, "legacy Word .doc is not supported: save as DOCX or PDF"},
		{"RTF", []byte(`{\rtf1\ansi Jane}`), prep.EUNSUPPORTED, "RTF is not supported: save as DOCX or PDF"},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00"), prep.EUNSUPPORTED, "this is an image (PNG): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"JPEG", []byte("\xFF\xD8\xFF\xDB\x00\x43"), prep.EUNSUPPORTED, "this is an image (JPEG): upload your CV as PDF or DOCX, we don't read text from pictures"},
		{"DOCX without its document part", buildZip(t,
			zipFile{name: "[Content_Types].xml", body: `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="` + ctDocxMain + `"/></Types>`},
			zipFile{name: "_rels/.rels", body: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relOfficeDoc + `" Target="word/document.xml"/></Relationships>`}),
			prep.EINVALID, "this Word file has no document part (word/document.xml): it is damaged; open it in Word, save it again and upload it, or upload a PDF"},
		{"zip bomb renamed .docx", zipBombDOCX(t, "\x00", 1024, 1<<30), prep.ETOOLARGE, "this Word document unpacks to more than 20 MiB in one part, far more than a CV holds: it may be damaged; save it again or export it as PDF"},
		{"xlsx", buildZip(t, zipFile{name: "[Content_Types].xml", body: `<Types/>`}, zipFile{name: "xl/workbook.xml", body: "<workbook/>"}),
			prep.EUNSUPPORTED, "this is an Excel spreadsheet (XLSX), not a CV: upload your CV as PDF or DOCX"},
		{"too many lines", bytes.Repeat([]byte("a\n"), maxLines+1), prep.ETOOLARGE, "this file has more than 20000 lines of text, far more than a CV or a job description: upload just the CV"},
	}
	ex := New(Limits{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ex.Extract(context.Background(), tt.data)
			wantUserError(t, err, tt.code, tt.message)
		})
	}
}

// TestGoodInputs runs the readable inputs of issue 2 through the
// Extractor: UTF-16 text, Windows-1252 text and an HTML job description.
func TestGoodInputs(t *testing.T) {
	utf16le := []byte("\xFF\xFEC\x00S\x00M\x00\n\x00\xE9\x00")
	utf16be := []byte("\xFE\xFF\x00C\x00S\x00M\x00\n\x00\xE9")
	tests := []struct {
		name   string
		data   []byte
		format Format
		text   string
	}{
		{"UTF-16 LE text", utf16le, FormatText, "CSM\né\n"},
		{"UTF-16 BE text", utf16be, FormatText, "CSM\né\n"},
		{"Windows-1252 text", []byte("Caf\xe9 \x80 5\n\x95 Renewals"), FormatText, "Café € 5\n• Renewals\n"},
		{"HTML job description", []byte(`<div><h2>Customer Success Manager</h2><p>Acme &amp; Co. &ndash; Berlin</p><ul><li>Own renewals</li><li>Run QBRs &gt; quarterly</li></ul></div>`),
			FormatHTML, "Customer Success Manager\nAcme & Co. – Berlin\n• Own renewals\n• Run QBRs > quarterly\n"},
	}
	ex := New(Limits{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ex.Extract(context.Background(), tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != tt.format || doc.Text() != tt.text {
				t.Errorf("Extract = %q %q, want %q %q", doc.Format, doc.Text(), tt.format, tt.text)
			}
		})
	}
}

// FuzzDetect checks that detection never panics and only ever fails with
// a user-facing error.
func FuzzDetect(f *testing.F) {
	for _, seed := range [][]byte{
		[]byte("%PDF-1.7"), []byte("PK\x03\x04"), ole2("WordDocument"), []byte(`{\rtf1}`),
		[]byte("\x89PNG\r\n\x1a\n"), []byte("\xFF\xFEa\x00"), []byte("<p>x</p><li>y</li><br>"),
		[]byte("## Heading\n* item\n**bold**"), []byte("BM\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x28\x00\x00\x00"),
		buildDOCX(f, docxParts{body: para("", docxRun("", "x"))}), buildODT(f, odtParts{body: "<text:p>x</text:p>"}),
	} {
		f.Add(seed)
	}
	for _, dir := range []string{"cv", "jd"} {
		paths, _ := filepath.Glob(filepath.Join(corpusDirOrEmpty(f), dir, "*"))
		for _, p := range paths {
			if data, err := os.ReadFile(p); err == nil && len(data) < 1<<20 {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := Detect(data)
		if err != nil {
			if prep.ErrorCode(err) == prep.EINTERNAL {
				t.Fatalf("Detect: not a user-facing error: %v", err)
			}
			return
		}
		switch format {
		case FormatPDF, FormatDOCX, FormatODT, FormatText, FormatMarkdown, FormatHTML:
		default:
			t.Fatalf("Detect = %q", format)
		}
	})
}

// corpusDirOrEmpty is the corpus folder for fuzz seeds, or "" when there is
// none: fuzz targets run without the corpus too.
func corpusDirOrEmpty(tb testing.TB) string {
	dir := os.Getenv("PREP_CORPUS")
	if dir == "" {
		dir = filepath.Join(testenv.ModuleRoot(tb), "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "SOURCES.tsv")); err != nil {
		return ""
	}
	return dir
}
