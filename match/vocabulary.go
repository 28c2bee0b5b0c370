package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tokWord  tokKind = iota // letters, possibly with digits ("B2B", "Q3")
	tokNum                  // digits with internal separators ("1,200.50")
	tokPunct                // one punctuation or symbol character, or an arrow
)

// token is one unit of a statement. Offsets are bytes into the source so
// every phrase we quote is cut from the text as written.
type token struct {
	text       string
	lower      string
	stem       string
	kind       tokKind
	start, end int
}

// isArrow reports whether a punctuation token is an arrow: "from 8% → 4%".
func (t token) isArrow() bool {
	switch t.text {
	case "→", "->", "=>", "⇒", "➝", "➔", "⟶", "-->", "–>":
		return true
	}
	return false
}

// hardBreak reports whether t separates phrases and metric windows: a
// sentence or clause end. Hyphens, slashes, colons and apostrophes do not,
// so "tech-touch" matches "tech touch" and "1:many" stays one phrase.
func (t token) hardBreak() bool {
	if t.kind != tokPunct {
		return false
	}
	switch t.text {
	case ".", ";", "!", "?", "|", "•", "\n", "·":
		return true
	}
	return false
}

// softBreak is a break for phrases only: a phrase never spans a comma or a
// parenthesis, but a metric window may ("owned 52 accounts ($3.3M ARR)").
func (t token) softBreak() bool {
	if t.hardBreak() {
		return true
	}
	if t.kind != tokPunct {
		return false
	}
	switch t.text {
	case ",", "(", ")", "[", "]", "{", "}", "\"", "“", "”":
		return true
	}
	return false
}

// tokenize splits s into words, numbers and punctuation. Numbers keep their
// thousands and decimal separators ("1,200.50", "2,5"); a letter right
// after a number starts a new word so "3.3M" is a number and a multiplier.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/4)
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			toks = append(toks, token{text: "\n", lower: "\n", kind: tokPunct, start: i, end: i + size})
			i += size
		case unicode.IsSpace(r):
			i += size
		case r >= '0' && r <= '9':
			j := i + size
			for j < len(s) {
				c := s[j]
				if c >= '0' && c <= '9' {
					j++
					continue
				}
				if (c == '.' || c == ',') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
					j++
					continue
				}
				break
			}
			toks = append(toks, token{text: s[i:j], lower: s[i:j], stem: s[i:j], kind: tokNum, start: i, end: j})
			i = j
		case unicode.IsLetter(r):
			j := i + size
			for j < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[j:])
				if unicode.IsDigit(r2) && (currencyCodes[s[i:j]] || currencyBefore[s[i:j]] != "" || s[i:j] == "R") {
					// "USD1.2M", "Rs4.2", "R18m": a currency glued to its
					// amount. Whether "R" is the rand is parseQuantity's
					// call (randAt): "R2" may be a release.
					break
				}
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.Is(unicode.Mn, r2) {
					// A digit run glued to letters stays in the word:
					// "B2B", "Q3", "G2".
					j += sz
					continue
				}
				if (r2 == '\'' || r2 == '’') && j+sz < len(s) {
					r3, _ := utf8.DecodeRuneInString(s[j+sz:])
					if unicode.IsLetter(r3) {
						j += sz
						continue
					}
				}
				break
			}
			w := s[i:j]
			lw := strings.ToLower(w)
			st := stem(lw)
			if acronymPlural(w) {
				st = lw[:len(lw)-1] // "PMs" is "PM": stem keeps short words whole
			}
			toks = append(toks, token{text: w, lower: lw, stem: st, kind: tokWord, start: i, end: j})
			i = j
		default:
			j := i + size
			// Arrows written with two or three characters.
			for _, a := range []string{"-->", "->", "=>", "–>"} {
				if strings.HasPrefix(s[i:], a) {
					j = i + len(a)
					break
				}
			}
			toks = append(toks, token{text: s[i:j], lower: s[i:j], kind: tokPunct, start: i, end: j})
			i = j
		}
	}
	return toks
}

// acronymPlural reports whether w is a short acronym in the plural:
// "PMs", "AEs", "QAs".
func acronymPlural(w string) bool {
	n := len(w)
	if n < 3 || n > 4 || w[n-1] != 's' {
		return false
	}
	for k := 0; k < n-1; k++ {
		if w[k] < 'A' || w[k] > 'Z' {
			return false
		}
	}
	return true
}

// keptWhole are words in -ing that name a field of their own, not the
// verb's action: "accounting processes" are no accounts.
var keptWhole = map[string]bool{"accounting": true}

// stem reduces an English word to a light stem: plurals, -ing and -ed
// endings and a final e go, so "health scores", "health scoring" and
// "health score" meet, and "escalated" meets "escalate". It is deliberately
// weaker than Porter: "renewal" and "renew" stay apart, and short acronyms
// ("arr", "qbr", "saas") are kept whole.
func stem(w string) string {
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "’s")
	if keptWhole[w] {
		return w
	}
	if len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s"):
		switch w[len(w)-2] {
		case 's', 'u', 'i', 'a':
		default:
			w = w[:len(w)-1]
		}
	}
	stripped := false
	switch {
	case strings.HasSuffix(w, "ing") && len(w)-3 >= 3:
		w = w[:len(w)-3]
		stripped = true
	case strings.HasSuffix(w, "ed") && len(w)-2 >= 3:
		w = w[:len(w)-2]
		stripped = true
	}
	if stripped && len(w) >= 3 {
		a, b := w[len(w)-1], w[len(w)-2]
		if a == b && !strings.ContainsRune("lsfzaeiou", rune(a)) {
			w = w[:len(w)-1] // "planned" → "plan", "mapped" → "map"
		}
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// term is a word or number of a text with the breaks before it, the unit
// phrases match on.
type term struct {
	tok       int  // index into the token slice
	softAfter bool // a phrase may not continue past this term
}

// terms returns the words and numbers of toks with phrase breaks marked.
func terms(toks []token) []term {
	out := make([]term, 0, len(toks))
	for i, t := range toks {
		if t.kind == tokPunct {
			// A dot inside a name ("Customer.io", "monday.com") joins it.
			if t.text == "." && i > 0 && i+1 < len(toks) && toks[i-1].end == t.start && t.end == toks[i+1].start && toks[i+1].kind == tokWord {
				continue
			}
			if t.softBreak() && len(out) > 0 {
				out[len(out)-1].softAfter = true
			}
			continue
		}
		out = append(out, term{tok: i})
	}
	return out
}

// matchMode says how a phrase compares with the words of a text.
type matchMode uint8

const (
	matchStem    matchMode = iota // light stems: "health scores" is "health score"
	matchExact                    // case-sensitive, a plural "s" allowed: "MAP", "MAPs"
	matchLiteral                  // lower-case words as written: "bookings" is not "book"
)

// phrase is one compiled vocabulary phrase.
type phrase struct {
	signal int      // index of the signal it belongs to
	words  []string // stems, texts or lower-case texts, per mode
	mode   matchMode
}

// vocabulary matches phrases on word boundaries: "map" never matches
// inside "roadmap", and "cs" never inside "analytics".
type vocabulary struct {
	// Phrases by their first word: its stem, its lower-case text, or its
	// text as written, per match mode.
	byStem, byLiteral, byExact map[string][]*phrase
}

func newVocabulary() *vocabulary {
	return &vocabulary{byStem: map[string][]*phrase{}, byLiteral: map[string][]*phrase{}, byExact: map[string][]*phrase{}}
}

// add compiles p for signal. It returns false when p has no words.
func (v *vocabulary) add(signal int, p string, mode matchMode) bool {
	var words []string
	for _, t := range tokenize(p) {
		if t.kind == tokPunct {
			continue
		}
		switch mode {
		case matchExact:
			words = append(words, t.text)
		case matchLiteral:
			words = append(words, t.lower)
		default:
			words = append(words, t.stem)
		}
	}
	if len(words) == 0 {
		return false
	}
	ph := &phrase{signal: signal, words: words, mode: mode}
	m := v.byStem
	switch mode {
	case matchExact:
		m = v.byExact
	case matchLiteral:
		m = v.byLiteral
	}
	m[words[0]] = append(m[words[0]], ph)
	return true
}

// hit is one phrase found in a text.
type hit struct {
	signal     int
	first, end int // term indexes, end exclusive
}

// match returns every phrase found in the terms of toks. Where phrases of
// several signals cover the same words, each signal gets its hit ("retained"
// is both a renewal word and a save verb); a phrase inside a longer one is
// dropped, so "net revenue retention" is not also "revenue".
func (v *vocabulary) match(toks []token, ts []term) []hit {
	var hits []hit
	for i := range ts {
		t := toks[ts[i].tok]
		exact := possessiveBase(t.text)
		cands := [5][]*phrase{v.byStem[t.stem], v.byLiteral[t.lower], v.byExact[exact]}
		if strings.HasSuffix(exact, "s") {
			cands[3] = v.byExact[exact[:len(exact)-1]]
		}
		if exact != t.text {
			cands[4] = v.byExact[t.text] // a name that ends in "'s" itself
		}
		for _, cand := range cands {
			for _, p := range cand {
				if n := p.matchAt(toks, ts, i); n > 0 {
					hits = appendHit(hits, hit{signal: p.signal, first: i, end: i + n})
				}
			}
		}
	}
	if len(hits) < 2 {
		return hits
	}
	out := hits[:0]
	for i, h := range hits {
		contained := false
		for j, o := range hits {
			if i != j && o.first <= h.first && h.end <= o.end && o.end-o.first > h.end-h.first {
				contained = true
				break
			}
		}
		if !contained {
			out = append(out, h)
		}
	}
	return out
}

// appendHit adds h unless the same signal already has a hit on the same
// words (an exact phrase and its plural can both match).
func appendHit(hits []hit, h hit) []hit {
	for _, o := range hits {
		if o == h {
			return hits
		}
	}
	return append(hits, h)
}

// matchAt returns the number of terms p covers starting at term i, or 0.
func (p *phrase) matchAt(toks []token, ts []term, i int) int {
	if i+len(p.words) > len(ts) {
		return 0
	}
	for k, w := range p.words {
		t := toks[ts[i+k].tok]
		if k > 0 && ts[i+k-1].softAfter {
			return 0
		}
		got := t.stem
		switch p.mode {
		case matchExact:
			got = t.text
			if got != w {
				// "the CRO's team" names the CRO.
				got = possessiveBase(got)
			}
			if k == len(p.words)-1 && got == w+"s" {
				got = w
			}
		case matchLiteral:
			got = t.lower
		}
		if got != w {
			return 0
		}
	}
	return len(p.words)
}

// possessiveBase returns a word without its possessive "'s": "CRO's" is
// "CRO". Stems drop it already; exact phrases compare words as written.
func possessiveBase(w string) string {
	for _, suf := range []string{"'s", "’s"} {
		if b, ok := strings.CutSuffix(w, suf); ok && b != "" {
			return b
		}
	}
	return w
}

// signalSet is a set of signal indexes of one pack (at most maxSignals).
type signalSet [2]uint64

const maxSignals = 128

func (s *signalSet) add(i int)     { s[i>>6] |= 1 << (uint(i) & 63) }
func (s signalSet) has(i int) bool { return s[i>>6]&(1<<(uint(i)&63)) != 0 }
func (s *signalSet) remove(i int)  { s[i>>6] &^= 1 << (uint(i) & 63) }
func (s signalSet) empty() bool    { return s[0] == 0 && s[1] == 0 }
func (s signalSet) and(o signalSet) signalSet {
	return signalSet{s[0] & o[0], s[1] & o[1]}
}

// count returns the number of members.
func (s signalSet) count() int {
	n := 0
	for _, w := range s {
		for ; w != 0; w &= w - 1 {
			n++
		}
	}
	return n
}
