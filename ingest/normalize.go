package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ligatures maps presentation-form ligatures to their letters. Fonts from
// LaTeX and Word emit them; a search for "profile" must find "proﬁle".
var ligatures = strings.NewReplacer(
	"\uFB00", "ff", "\uFB01", "fi", "\uFB02", "fl", "\uFB03", "ffi",
	"\uFB04", "ffl", "\uFB05", "st", "\uFB06", "st",
)

// NormalizeText cleans one line of extracted text: ligatures expanded,
// Unicode composed (NFC), exotic spaces made plain, soft hyphens and
// zero-width characters and control characters dropped, runs of spaces
// collapsed, ends trimmed.
func NormalizeText(s string) string {
	// The replacer costs a pass and an allocation even when there is
	// nothing to replace, which is nearly always.
	if strings.ContainsFunc(s, func(r rune) bool { return r >= '\uFB00' && r <= '\uFB06' }) {
		s = ligatures.Replace(s)
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u00AD', r == '\u200B', r == '\u200C', r == '\u200D', r == '\u2060', r == '\uFEFF':
			continue
		case r == '\t' || r == '\n' || r == '\r' || unicode.Is(unicode.Zs, r):
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// bulletGlyphs are the characters CVs use as list markers. A hyphen, an
// en dash and an asterisk count only when a space follows them, so
// "-5% churn" and "*required" stay as they are.
var bulletGlyphs = map[rune]bool{
	'•': true, '◦': true, '▪': true, '▫': true, '■': true, '□': true, '●': true,
	'○': true, '◆': true, '◇': true, '►': true, '▶': true, '▸': true, '▹': true,
	'➤': true, '➢': true, '➔': true, '→': true, '✓': true, '✔': true, '✗': true,
	'·': true, '‣': true, '⁃': true, '∙': true, '⦁': true, '❖': true, '★': true,
	'☐': true, '⚫': true, '⬤': true,
}

var spacedBullets = map[rune]bool{'-': true, '–': true, '—': true, '*': true, '+': true, '~': true, '>': true}

// IsIconGlyph reports whether r is a private-use code point: icon fonts
// (FontAwesome, Phosphor, Material) put their glyphs there, and they carry
// no text.
func IsIconGlyph(r rune) bool {
	return (r >= 0xE000 && r <= 0xF8FF) || (r >= 0xF0000 && r <= 0xFFFFD) || (r >= 0x100000 && r <= 0x10FFFD)
}

// SplitBullet removes a leading bullet glyph (or icon glyph) from a
// normalised line and reports whether there was one.
func SplitBullet(s string) (string, bool) {
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case size == 0:
		return s, false
	case bulletGlyphs[r] || IsIconGlyph(r):
		return strings.TrimLeftFunc(s[size:], unicode.IsSpace), true
	case spacedBullets[r] && len(s) > size && s[size] == ' ':
		return strings.TrimLeftFunc(s[size:], unicode.IsSpace), true
	}
	return s, false
}

// StripIcons removes private-use icon glyphs anywhere in s (an envelope
// before an email, a phone before a number) and tidies the spaces left.
func StripIcons(s string) string {
	if !strings.ContainsFunc(s, IsIconGlyph) {
		return s
	}
	return NormalizeText(strings.Map(func(r rune) rune {
		if IsIconGlyph(r) {
			return ' '
		}
		return r
	}, s))
}
