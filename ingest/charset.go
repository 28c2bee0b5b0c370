package ingest

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"prep"
)

// Byte-order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decodeText returns text file bytes as UTF-8 without a byte-order mark.
// BOMs decide first (UTF-8, UTF-16 LE/BE); UTF-16 without a BOM is
// recognised by its NUL bytes when the text is mostly Latin; valid UTF-8 is
// taken as is; anything else is read as Windows-1252, the encoding of text
// saved by Notepad and Word on western Windows before UTF-8 became the
// default (ISO-8859-1 is a subset of it for printable characters).
func decodeText(data []byte) (string, error) {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
	case bytes.HasPrefix(data, bomUTF16LE):
		enc = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM)
	case bytes.HasPrefix(data, bomUTF16BE):
		enc = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM)
	default:
		if e, ok := bomlessUTF16(data); ok {
			enc = e
		} else if !utf8.Valid(data) {
			enc = charmap.Windows1252
		}
	}
	if enc == nil {
		return string(data), nil
	}
	b, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", prep.Wrap(prep.EINVALID, "the text file's encoding cannot be read: save it as UTF-8 and upload it again", err)
	}
	return string(bytes.TrimPrefix(b, bomUTF8)), nil
}

// bomlessUTF16 recognises UTF-16 without a byte-order mark: in text that is
// mostly ASCII, every other byte is NUL.
func bomlessUTF16(data []byte) (encoding.Encoding, bool) {
	n := min(len(data), 4096) &^ 1
	if n < 8 {
		return nil, false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*9 && even*10 < pairs:
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), true
	case even*10 >= pairs*9 && odd*10 < pairs:
		return xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), true
	}
	return nil, false
}

// looksBinary reports whether decoded text is really a binary file: it has
// NUL characters or more than 1% control characters other than the
// whitespace ones text files use.
func looksBinary(s string) bool {
	var total, ctrl int
	for _, r := range s {
		total++
		switch {
		case r == 0:
			return true
		case r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
		case unicode.IsControl(r):
			ctrl++
		}
	}
	return ctrl > 0 && ctrl*100 > total
}

// blank reports whether s holds nothing but white space and invisible
// format characters (BOMs, zero-width spaces).
func blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}
