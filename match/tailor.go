package match

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// firm is the hiring company as the pack's texts name it: "this firm" in
// the seed becomes the company's name, or "the company" when the job
// description does not say.
type firm struct{ name string }

func newFirm(company string) firm { return firm{name: strings.TrimSpace(company)} }

// known reports whether the job description named the company.
func (f firm) known() bool { return f.name != "" }

func (f firm) lower() string {
	if f.known() {
		return f.name
	}
	return "the company"
}

func (f firm) upper() string {
	if f.known() {
		return f.name
	}
	return "The company"
}

// firmRE finds "this firm" and "the firm" (with a possessive), but not
// "firm-specific".
var firmRE = regexp.MustCompile(`\b([Tt]his|[Tt]he) firm('s|’s)?\b(-)?`)

// tailorText replaces every "this firm" / "the firm" in s. The position
// decides the case of "the company": "The company's mid-market segment"
// at the start of a sentence.
func (f firm) tailorText(s string) string {
	if !strings.Contains(s, " firm") && !strings.HasPrefix(s, "this firm") && !strings.HasPrefix(s, "This firm") {
		return s // most texts name no firm: skip the regexp
	}
	var b strings.Builder
	last := 0
	for _, m := range firmRE.FindAllStringSubmatchIndex(s, -1) {
		if m[6] >= 0 {
			continue // "the firm-specific …" is not the firm
		}
		b.WriteString(s[last:m[0]])
		name := f.lower()
		if sentenceStart(s, m[0]) {
			name = f.upper()
		}
		b.WriteString(name)
		if m[4] >= 0 {
			b.WriteString("'s")
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// sentenceStart reports whether byte i of s starts a sentence.
func sentenceStart(s string, i int) bool {
	j := strings.TrimRightFunc(s[:i], unicode.IsSpace)
	if j == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(j)
	return r == '.' || r == '!' || r == '?' || r == ':' || r == '"' || r == '“'
}

// segmentName is a segment as a sentence says it.
func segmentName(seg string) string {
	switch seg {
	case SegmentSMB:
		return "SMB"
	case SegmentUnknown, "":
		return "this segment"
	}
	return seg
}

// motionName is a motion as a sentence says it.
func motionName(m string) string {
	if m == MotionPLG {
		return "product-led (PLG)"
	}
	return m
}

// fill replaces the placeholders of a gap text.
func fill(s string, f firm, subject map[string]string) string {
	return placeholderRE.ReplaceAllStringFunc(s, func(m string) string {
		key := m[1 : len(m)-1]
		switch key {
		case "firm":
			return f.lower()
		case "Firm":
			return f.upper()
		}
		if v, ok := subject[key]; ok {
			return v
		}
		return m
	})
}

// tailorPack applies the pack's segment rules and then the firm's name.
func tailorPack(p *Pack, s string, f firm, segment string) string {
	for _, t := range p.def.Tailor {
		if contains(t.Segments, segment) {
			s = strings.ReplaceAll(s, t.From, strings.ReplaceAll(t.To, "{segment}", segmentName(segment)))
		}
	}
	return f.tailorText(s)
}
