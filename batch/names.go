package batch

import (
	"path"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxNameRunes bounds the stem of a PDF name: long enough for any real name.
const maxNameRunes = 60

// NamePDFs gives every ready row the file name of its report: the
// candidate's name in safe ASCII ("José Núñez" → "Jose-Nunez.pdf"), else
// the uploaded file's name, else "candidate"; a name already taken gets
// "-2", "-3"…. Names are handed out in upload order, so they do not change
// when the table is sorted. A copy of another file shares its twin's name;
// rows that are not ready get none.
func NamePDFs(rows []Row) {
	taken := map[string]bool{}
	byReport := map[string]string{}
	// Copies point at their twin; twins are named first whatever the order.
	for pass := 0; pass < 2; pass++ {
		for i := range rows {
			r := &rows[i]
			if r.Status != StatusReady {
				r.PDF = ""
				continue
			}
			if (r.DuplicateOf != "") != (pass == 1) {
				continue
			}
			if name, ok := byReport[r.Report]; ok && r.Report != "" {
				r.PDF = name
				continue
			}
			stem := SafeName(r.Name)
			if stem == "" {
				stem = SafeName(strings.TrimSuffix(path.Base(r.File), path.Ext(r.File)))
			}
			if stem == "" {
				stem = "candidate"
			}
			name := stem + ".pdf"
			for n := 2; taken[strings.ToLower(name)]; n++ {
				name = stem + "-" + strconv.Itoa(n) + ".pdf"
			}
			taken[strings.ToLower(name)] = true
			r.PDF = name
			if r.Report != "" {
				byReport[r.Report] = name
			}
		}
	}
}

// SafeName turns s into a file name stem of ASCII letters, digits and
// dashes: accents are dropped from their letters, anything else becomes a
// dash, and the result is at most 60 characters. It is empty when nothing
// of s survives (a name in a non-Latin script).
func SafeName(s string) string {
	var b strings.Builder
	dash := false
	n := 0
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue // the accent of a decomposed letter
		}
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if n >= maxNameRunes {
				return strings.Trim(b.String(), "-")
			}
			b.WriteRune(r)
			dash = false
			n++
		case special[r] != "":
			b.WriteString(special[r])
			dash = false
			n += len(special[r])
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
			n++
		}
	}
	return strings.Trim(b.String(), "-")
}

// special are Latin letters with no decomposition into ASCII.
var special = map[rune]string{
	'ß': "ss", 'ø': "o", 'Ø': "O", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'þ': "th", 'Þ': "Th", 'ð': "d", 'Ð': "D", 'ı': "i",
}
