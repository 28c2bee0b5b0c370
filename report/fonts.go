package report

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/phpdave11/gofpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// The report embeds its fonts because maroto's built-in Helvetica maps
// text through Windows-1252 and prints "Nguyễn" as "Nguy.n". Noto Sans
// (SIL Open Font License, fonts/NotoSans-OFL.txt) sets the text: it
// covers Latin Extended and Vietnamese. DejaVu Sans (Bitstream Vera
// licence, fonts/DejaVu-LICENSE.txt) sets only the symbols Noto Sans lacks
// (→ ✓ ✗ ≥ −), character by character. Droid Sans Fallback (Apache 2.0,
// fonts/DroidSansFallback-LICENSE.txt) sets Chinese, Japanese and Korean
// characters, so a name like 张三 prints instead of empty boxes; it is
// read only when a report needs it. gofpdf subsets every face, so a report
// carries only the glyphs it uses.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	fontRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	fontBold []byte
	//go:embed fonts/NotoSans-Italic.ttf
	fontItalic []byte
	//go:embed fonts/DejaVuSans.ttf
	fontSymbols []byte
	//go:embed fonts/DroidSansFallbackFull.ttf
	fontCJK []byte
)

// Family names the faces are registered under.
const (
	family        = "notosans"
	symbolsFamily = "dejavusans"
	cjkFamily     = "droidsansfallback"
)

// face is one of the embedded faces.
type face int

const (
	regular face = iota
	bold
	italic
	symbols // fallback for characters the text faces lack
	cjk     // fallback for Chinese, Japanese and Korean
	faceCount
)

func (f face) family() string {
	switch f {
	case symbols:
		return symbolsFamily
	case cjk:
		return cjkFamily
	}
	return family
}

func (f face) style() fontstyle.Type {
	switch f {
	case bold:
		return fontstyle.Bold
	case italic:
		return fontstyle.Italic
	}
	return fontstyle.Normal
}

func (f face) data() []byte {
	switch f {
	case bold:
		return fontBold
	case italic:
		return fontItalic
	case symbols:
		return fontSymbols
	case cjk:
		return fontCJK
	}
	return fontRegular
}

// customFonts are the faces a document registers. The symbol face is
// registered only when some text needs it: gofpdf parses every face it
// is given, about 2 ms each.
func customFonts(withSymbols, withCJK bool) []*entity.CustomFont {
	fonts := make([]*entity.CustomFont, 0, faceCount)
	for f := range faceCount {
		if f == symbols && !withSymbols || f == cjk && !withCJK {
			continue
		}
		// Every document shares the embedded bytes: gofpdf v1.4.3 wrote
		// into the fonts it was given (padding a table's checksum, reading
		// metrics), a data race between concurrent renders, which the
		// patched copy in third_party/gofpdf no longer does.
		// TestRenderLeavesFonts checks it.
		fonts = append(fonts, &entity.CustomFont{Family: f.family(), Style: f.style(), Bytes: f.data()})
	}
	return fonts
}

// metrics knows, for every rune of the Basic Multilingual Plane, whether
// each face has a glyph for it and how wide it is, in thousandths of the
// font size: the table gofpdf measures with, so text wrapped here is never
// wrapped again by maroto. It is built once and only read afterwards, so
// concurrent renders share it.
type metrics struct {
	advance [faceCount][]uint16
	has     [faceCount][]bool
	missing [faceCount]int // width gofpdf gives a rune outside its table

	// The CJK face is 4 MB: its table is built the first time a report
	// needs it, not when the process starts.
	cjkOnce sync.Once
	cjkErr  error
}

var (
	metricsOnce sync.Once
	metricsTab  *metrics
	metricsErr  error
)

func loadMetrics() (*metrics, error) {
	metricsOnce.Do(func() {
		metricsTab, metricsErr = buildMetrics()
	})
	return metricsTab, metricsErr
}

func buildMetrics() (*metrics, error) {
	m := &metrics{}
	for f := range faceCount {
		if f == cjk {
			continue
		}
		if err := m.load(f); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// load fills the table of face f.
func (m *metrics) load(f face) error {
	pdf := gofpdf.New("P", "mm", "A4", "")
	var buf sfnt.Buffer
	pdf.AddUTF8FontFromBytes(f.family(), string(f.style()), f.data())
	pdf.SetFont(f.family(), string(f.style()), 10)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("load font %s %s: %w", f.family(), f.style(), err)
	}
	sf, err := sfnt.Parse(f.data())
	if err != nil {
		return fmt.Errorf("parse font %s %s: %w", f.family(), f.style(), err)
	}
	adv := make([]uint16, 0x10000)
	has := make([]bool, 0x10000)
	for r := rune(0x20); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // surrogates never occur in a valid string
		}
		if g, err := sf.GlyphIndex(&buf, r); err == nil && g != 0 {
			has[r] = true
			adv[r] = uint16(pdf.GetStringSymbolWidth(string(r)))
		} else if f != cjk {
			adv[r] = uint16(pdf.GetStringSymbolWidth(string(r)))
		}
	}
	m.advance[f], m.has[f] = adv, has
	m.missing[f] = pdf.GetStringSymbolWidth("\uFFFF")
	return nil
}

// cjkReady loads the CJK face's table once and reports whether it is
// usable.
func (m *metrics) cjkReady() bool {
	m.cjkOnce.Do(func() { m.cjkErr = m.load(cjk) })
	return m.cjkErr == nil
}

// isCJK reports whether r belongs to a script the CJK face is for.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// ptToMM converts a size in points to millimetres.
const ptToMM = 25.4 / 72

// faceOf is the face a rune is set in when the text asks for face f.
func (m *metrics) faceOf(r rune, f face) face {
	if r >= 0x10000 || m.has[f][r] {
		return f
	}
	if m.has[symbols][r] {
		return symbols
	}
	if isCJK(r) && m.cjkReady() && m.has[cjk][r] {
		return cjk
	}
	return f
}

// width returns the width of s in millimetres when set in face f (with
// the symbol fallback) at size points, as gofpdf's GetStringWidth does.
func (m *metrics) width(s string, f face, size float64) float64 {
	sum := 0
	for _, r := range s {
		if r < 0x10000 {
			sum += int(m.advance[m.faceOf(r, f)][r])
		} else {
			sum += m.missing[f]
		}
	}
	return float64(sum) * size * ptToMM / 1000
}

// runs calls fn for each stretch of s set in one face.
func (m *metrics) runs(s string, f face, fn func(part string, f face)) {
	start, cur := 0, face(-1)
	for i, r := range s {
		rf := m.faceOf(r, f)
		if rf != cur && i > start {
			fn(s[start:i], cur)
			start = i
		}
		cur = rf
	}
	if start < len(s) {
		fn(s[start:], cur)
	}
}

// clean makes analysis text safe to set: composed Unicode (a decomposed
// "ễ" would print its accents beside the letter, as gofpdf does no
// shaping), no control characters, tabs as spaces, and no runes outside
// the Basic Multilingual Plane: neither font has them (emoji), and gofpdf
// v1.4.3 indexes its width table out of range on U+10000.
func clean(s string) string {
	s = norm.NFC.String(s)
	ok := true
	for _, r := range s {
		if r >= 0x10000 || r < 0x20 || (r >= 0x7F && r < 0xA0) || r == '\u00AD' || r == '\u200B' || r == '\uFEFF' {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune('\n')
		case r == '\t' || r == '\r':
			b.WriteRune(' ')
		case r >= 0x10000, r == '\u00AD', r == '\u200B', r == '\uFEFF':
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
