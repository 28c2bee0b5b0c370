package report

import (
	"bytes"
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
// (→ ✓ ✗ ≥ −), character by character. gofpdf subsets both, so a report
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
)

// Family names the faces are registered under.
const (
	family        = "notosans"
	symbolsFamily = "dejavusans"
)

// face is one of the embedded faces.
type face int

const (
	regular face = iota
	bold
	italic
	symbols // fallback for characters the text faces lack
	faceCount
)

func (f face) family() string {
	if f == symbols {
		return symbolsFamily
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
	}
	return fontRegular
}

// customFonts are the faces a document registers. The symbol face is
// registered only when some text needs it: gofpdf parses every face it
// is given, about 2 ms each.
func customFonts(withSymbols bool) []*entity.CustomFont {
	fonts := make([]*entity.CustomFont, 0, faceCount)
	for f := range faceCount {
		if f == symbols && !withSymbols {
			continue
		}

		// gofpdf pads font tables in place when it writes the subset
		// (utf8fontfile.go generateChecksum appends to a slice of the
		// font), so each document gets its own copy: sharing the embedded
		// bytes is a data race between concurrent renders and can corrupt
		// the font for all of them.
		fonts = append(fonts, &entity.CustomFont{Family: f.family(), Style: f.style(), Bytes: bytes.Clone(f.data())})
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
	pdf := gofpdf.New("P", "mm", "A4", "")
	var buf sfnt.Buffer
	for f := range faceCount {
		pdf.AddUTF8FontFromBytes(f.family(), string(f.style()), f.data())
		pdf.SetFont(f.family(), string(f.style()), 10)
		if err := pdf.Error(); err != nil {
			return nil, fmt.Errorf("load font %s %s: %w", f.family(), f.style(), err)
		}
		sf, err := sfnt.Parse(f.data())
		if err != nil {
			return nil, fmt.Errorf("parse font %s %s: %w", f.family(), f.style(), err)
		}
		adv := make([]uint16, 0x10000)
		has := make([]bool, 0x10000)
		for r := rune(0x20); r < 0x10000; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue // surrogates never occur in a valid string
			}
			if g, err := sf.GlyphIndex(&buf, r); err == nil && g != 0 {
				has[r] = true
			}
			adv[r] = uint16(pdf.GetStringSymbolWidth(string(r)))
		}
		m.advance[f], m.has[f] = adv, has
		m.missing[f] = pdf.GetStringSymbolWidth("\uFFFF")
	}
	return m, nil
}

// ptToMM converts a size in points to millimetres.
const ptToMM = 25.4 / 72

// faceOf is the face a rune is set in when the text asks for face f.
func (m *metrics) faceOf(r rune, f face) face {
	if r < 0x10000 && !m.has[f][r] && m.has[symbols][r] {
		return symbols
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
