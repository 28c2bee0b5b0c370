package ingest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"

	"prep"
)

// Detect returns the format of data judged by its content alone, never by
// a file name. Formats we do not read get an *prep.Error whose message tells
// the user what the file is and what to upload instead.
func Detect(data []byte) (Format, error) {
	if len(data) == 0 {
		return "", errEmpty
	}
	head := data[:min(len(data), 1024)]
	// Readers accept junk before the header (mail gateways and some
	// generators prepend bytes), so look through the first KiB.
	if bytes.Contains(head, []byte("%PDF-")) {
		return FormatPDF, nil
	}
	if f, err, ok := detectMagic(data); ok {
		return f, err
	}
	text, err := decodeText(data)
	if err != nil {
		return "", err
	}
	switch {
	case blank(text):
		return "", errEmpty
	case looksBinary(text):
		return "", errBinary
	case isSVG(text):
		return "", imageError("SVG")
	case isHTML(text):
		return FormatHTML, nil
	case isMarkdown(text):
		return FormatMarkdown, nil
	}
	return FormatText, nil
}

var (
	errEmpty  = prep.Errorf(prep.EINVALID, "the file is empty")
	errBinary = prep.Errorf(prep.EUNSUPPORTED, "this file is not a document: upload your CV as PDF or DOCX")
	errLegacy = prep.Errorf(prep.EUNSUPPORTED, "legacy Word .doc is not supported: save as DOCX or PDF")
)

func imageError(kind string) error {
	return prep.Errorf(prep.EUNSUPPORTED, "this is an image (%s): upload your CV as PDF or DOCX, we don't read text from pictures", kind)
}

// notDocument is the error for a file that is some other kind of document.
func notDocument(what string) error {
	return prep.Errorf(prep.EUNSUPPORTED, "this is %s, not a CV: upload your CV as PDF or DOCX", what)
}

// detectMagic recognises binary formats by their signature. ok is false
// when data may be text.
func detectMagic(data []byte) (Format, error, bool) {
	has := func(prefix string) bool { return bytes.HasPrefix(data, []byte(prefix)) }
	switch {
	case has("PK\x03\x04"), has("PK\x05\x06"), has("PK\x07\x08"):
		f, err := detectZip(data)
		return f, err, true
	case has("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"):
		return "", detectOLE(data), true
	case has(`{\rtf`):
		return "", prep.Errorf(prep.EUNSUPPORTED, "RTF is not supported: save as DOCX or PDF"), true
	case has("\x89PNG\r\n\x1a\n"):
		return "", imageError("PNG"), true
	case has("\xFF\xD8\xFF"):
		return "", imageError("JPEG"), true
	case has("GIF87a"), has("GIF89a"):
		return "", imageError("GIF"), true
	case has("II*\x00"), has("MM\x00*"):
		return "", imageError("TIFF"), true
	case has("RIFF") && len(data) >= 12 && string(data[8:12]) == "WEBP":
		return "", imageError("WebP"), true
	case isBMP(data):
		return "", imageError("BMP"), true
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		if kind := heifKind(string(data[8:12])); kind != "" {
			return "", imageError(kind), true
		}
	case has("MZ"), has("\x7fELF"), has("\xFE\xED\xFA\xCE"), has("\xFE\xED\xFA\xCF"),
		has("\xCE\xFA\xED\xFE"), has("\xCF\xFA\xED\xFE"), has("\xCA\xFE\xBA\xBE"):
		// "MZ" also starts some text ("MZ Logistics"): only call it a
		// program when it is not plain text.
		if has("MZ") && !looksBinaryBytes(data) {
			return "", nil, false
		}
		return "", prep.Errorf(prep.EUNSUPPORTED, "this file is not a document (it is a program): upload your CV as PDF or DOCX"), true
	case has("\x1F\x8B"):
		return "", notDocument("a compressed archive (GZIP)"), true
	case has("7z\xBC\xAF\x27\x1C"):
		return "", notDocument("a compressed archive (7Z)"), true
	case has("Rar!\x1A\x07"):
		return "", notDocument("a compressed archive (RAR)"), true
	}
	return "", nil, false
}

// looksBinaryBytes is looksBinary for the first KiB of undecoded bytes.
func looksBinaryBytes(data []byte) bool {
	head := data[:min(len(data), 1024)]
	var ctrl int
	for _, c := range head {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			ctrl++
		}
	}
	return ctrl*100 > len(head)
}

// isBMP checks the BMP signature and the DIB header size that follows it,
// since "BM" alone also starts text.
func isBMP(data []byte) bool {
	if len(data) < 18 || !bytes.HasPrefix(data, []byte("BM")) {
		return false
	}
	switch binary.LittleEndian.Uint32(data[14:18]) {
	case 12, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}

// heifKind names the image format of an ISO media file by its major brand,
// or returns "" for video and audio.
func heifKind(brand string) string {
	switch brand {
	case "heic", "heix", "hevc", "hevx", "heim", "heis":
		return "HEIC"
	case "mif1", "msf1":
		return "HEIF"
	case "avif", "avis":
		return "AVIF"
	}
	return ""
}

// detectOLE tells apart the files Office stored in OLE2 compound files by
// the stream names in their directory (UTF-16LE): legacy Word, Excel and
// PowerPoint, and OOXML files encrypted with a password, which Office wraps
// in an OLE2 container holding an EncryptedPackage stream.
func detectOLE(data []byte) error {
	stream := func(name string) bool {
		var b bytes.Buffer
		for _, r := range name {
			b.WriteByte(byte(r))
			b.WriteByte(0)
		}
		return bytes.Contains(data, b.Bytes())
	}
	switch {
	case stream("EncryptedPackage"):
		return prep.Errorf(prep.EUNSUPPORTED, "this Word file is password-protected: remove the password in Word, save it and upload it again, or upload a PDF")
	case stream("WordDocument"):
		return errLegacy
	case stream("Workbook"), stream("Book"):
		return notDocument("an Excel spreadsheet (XLS)")
	case stream("PowerPoint Document"):
		return notDocument("a PowerPoint presentation (PPT)")
	}
	// Other compound files (Outlook messages, Works) are rare uploads; the
	// legacy Word advice is the likeliest to help.
	return errLegacy
}

// detectZip tells apart the ZIP-based formats: DOCX (by its main part),
// ODT (by its mimetype entry), other office files and plain archives.
func detectZip(data []byte) (Format, error) {
	a, err := openArchive(data, "file", maxMetaPartBytes)
	if err != nil {
		return "", err
	}
	if a.has("mimetype") {
		mime, err := a.readSmall("mimetype", 256)
		if err != nil {
			return "", err
		}
		switch m := strings.TrimSpace(string(mime)); {
		case m == "application/vnd.oasis.opendocument.text", m == "application/vnd.oasis.opendocument.text-template":
			return FormatODT, nil
		case strings.HasPrefix(m, "application/vnd.oasis.opendocument.spreadsheet"):
			return "", notDocument("a spreadsheet (ODS)")
		case strings.HasPrefix(m, "application/vnd.oasis.opendocument.presentation"):
			return "", notDocument("a presentation (ODP)")
		case strings.HasPrefix(m, "application/vnd.oasis.opendocument.graphics"):
			return "", notDocument("a drawing (ODG)")
		case m == "application/epub+zip":
			return "", notDocument("an e-book (EPUB)")
		case strings.HasPrefix(m, "application/vnd.oasis.opendocument."):
			return "", notDocument(fmt.Sprintf("an OpenDocument file (%s)", strings.TrimPrefix(m, "application/vnd.oasis.opendocument.")))
		}
	}
	if a.has("[Content_Types].xml") || a.has("_rels/.rels") {
		main, ctype, err := ooxmlMain(a)
		if err != nil {
			return "", err
		}
		lc := strings.ToLower(ctype)
		switch {
		case strings.Contains(lc, "wordprocessingml"), strings.Contains(lc, "ms-word"):
			return FormatDOCX, nil
		case strings.Contains(lc, "spreadsheetml"), strings.Contains(lc, "ms-excel"):
			return "", notDocument("an Excel spreadsheet (XLSX)")
		case strings.Contains(lc, "presentationml"), strings.Contains(lc, "ms-powerpoint"):
			return "", notDocument("a PowerPoint presentation (PPTX)")
		case strings.Contains(lc, "visio"):
			return "", notDocument("a Visio drawing (VSDX)")
		}
		// No content type for the main part: go by the folders Office uses.
		switch {
		case strings.HasPrefix(partKey(main), "word/"), a.hasPrefix("word/"):
			// A DOCX, maybe without its document part: extraction says so.
			return FormatDOCX, nil
		case a.hasPrefix("xl/"):
			return "", notDocument("an Excel spreadsheet (XLSX)")
		case a.hasPrefix("ppt/"):
			return "", notDocument("a PowerPoint presentation (PPTX)")
		}
		return "", prep.Errorf(prep.EUNSUPPORTED, "this Office file is not a Word document: upload your CV as PDF or DOCX")
	}
	if a.has("word/document.xml") {
		return FormatDOCX, nil
	}
	return "", prep.Errorf(prep.EUNSUPPORTED, "this is a ZIP archive: upload the CV itself as PDF or DOCX, not a compressed folder")
}

// isSVG recognises an SVG image, which is XML text.
func isSVG(text string) bool {
	head := strings.ToLower(text[:min(len(text), 1024)])
	return strings.Contains(head, "<svg") && (strings.HasPrefix(strings.TrimSpace(head), "<svg") || strings.HasPrefix(strings.TrimSpace(head), "<?xml"))
}

// htmlTag matches the tags a pasted job description uses.
var htmlTag = regexp.MustCompile(`(?i)<(?:/?(?:p|div|li|ul|ol|br|h[1-6]|table|tr|td|th|span|strong|b|em|i|a|section|article|body|head|html|meta|font|blockquote|pre|hr)\b[^<>]*|!--[^<>]*)>`)

// isHTML reports whether text is HTML rather than text that mentions a
// tag: it starts like a page, or it has at least three known tags.
func isHTML(text string) bool {
	head := strings.ToLower(strings.TrimSpace(text[:min(len(text), 1024)]))
	if strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") {
		return true
	}
	sample := text[:min(len(text), 64<<10)]
	n := len(htmlTag.FindAllStringIndex(sample, 3))
	return n >= 3 || (n >= 1 && strings.HasPrefix(head, "<") && htmlTag.MatchString(head[:min(len(head), 200)]))
}

var (
	mdHeading = regexp.MustCompile(`(?m)^ {0,3}#{1,6}[ \t]+\S`)
	mdStrong  = regexp.MustCompile(`\*\*[^*\s][^*]*\*\*|__[^_\s][^_]*__`)
	mdLink    = regexp.MustCompile(`\[[^\]\n]*\]\([^)\s]+(?:\s+"[^"]*")?\)`)
	mdList    = regexp.MustCompile(`(?m)^ {0,3}[*+-][ \t]+\S`)
	mdFence   = regexp.MustCompile("(?m)^ {0,3}```")
)

// isMarkdown weighs a few Markdown signals; plain text CVs have bullets
// too, so lists alone do not decide.
func isMarkdown(text string) bool {
	sample := text[:min(len(text), 64<<10)]
	headings := len(mdHeading.FindAllStringIndex(sample, 3))
	strong := len(mdStrong.FindAllStringIndex(sample, 3))
	links := len(mdLink.FindAllStringIndex(sample, 1))
	lists := len(mdList.FindAllStringIndex(sample, 1))
	fences := len(mdFence.FindAllStringIndex(sample, 2))
	switch {
	case links > 0, fences >= 2, strong >= 2, headings >= 2:
		return true
	case headings+strong >= 1 && lists+headings+strong >= 2:
		return true
	}
	return false
}
