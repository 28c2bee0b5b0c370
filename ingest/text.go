package ingest

import (
	"context"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"prep"
)

// errTimeout is returned when an extractor notices its deadline passed.
func errTimeout(err error) error {
	return prep.Wrap(prep.EINVALID, "the file took too long to read: it may be damaged; export it again as PDF or DOCX", err)
}

// ctxCheckEvery is how many lines or tokens an extractor handles between
// looks at its context.
const ctxCheckEvery = 1024

var (
	// numbered matches an ordered-list marker: "1." or "1)" and a space.
	// Two digits at most, so a line that starts with a year is no item.
	numbered    = regexp.MustCompile(`^\d{1,2}[.)][ \t]+`)
	atxHeader   = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$`)
	fence       = regexp.MustCompile("^ {0,3}(```|~~~)")
	mdTableRule = regexp.MustCompile(`^\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?$`)
	mdRefDef    = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S+`)
)

// extractText reads plain text and Markdown: one Line per line of text,
// list markers (bullet glyphs, "1." and "1)") turned into Bullet, and for
// Markdown headings into Style "Heading1".."Heading6" and markup reduced
// to its text.
func extractText(ctx context.Context, data []byte, format Format) (*Document, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	r := textReader{md: format == FormatMarkdown}
	for i, raw := range splitLines(text) {
		if i%ctxCheckEvery == 0 && ctx.Err() != nil {
			return nil, errTimeout(ctx.Err())
		}
		r.line(raw)
		if r.f.err != nil {
			return nil, r.f.err
		}
	}
	engine := "text"
	if r.md {
		engine = "markdown"
	}
	return &Document{Engine: engine, Lines: r.f.lines, Findings: flowFindings(r.f.lines, r.f.icons)}, nil
}

// splitLines splits text at Windows, Unix and old Mac line endings, at
// form feeds (pdftotext ends each page with one) and at the Unicode line
// and paragraph separators.
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var lines []string
	start := 0
	for i, r := range s {
		switch r {
		case '\n', '\r', '\f', '\v', '\u2028', '\u2029':
			lines = append(lines, s[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(lines, s[start:])
}

// textReader turns lines of text into Lines, keeping the little state
// that spans lines: code fences, setext underlines and bullets that a PDF
// paste left on lines of their own.
type textReader struct {
	f  flow
	md bool
	// inFence is set between Markdown code fences.
	inFence bool
	// prevText is set when the previous line held text of the same
	// paragraph, which a setext underline turns into a heading.
	prevText bool
	// pendingBullets counts lines that held only a bullet glyph: text
	// copied from a PDF puts "●" on lines of its own before the items.
	pendingBullets int
}

func (r *textReader) line(raw string) {
	trimmed := strings.TrimSpace(raw)
	if trimmed == "" || (r.md && mdRefDef.MatchString(raw)) {
		r.f.breakBlock()
		r.prevText = false
		return
	}
	if r.md {
		if fence.MatchString(raw) {
			r.inFence = !r.inFence
			r.f.breakBlock()
			r.prevText = false
			return
		}
		if r.inFence {
			r.add(raw, Line{})
			return
		}
	}
	if level := underline(trimmed); level > 0 {
		// "Experience" over "==========": a heading in Markdown and in
		// plain-text CVs alike. Without a text line above it is a rule.
		if n := len(r.f.lines); r.prevText && n > 0 && !r.f.lines[n-1].Bullet {
			r.f.lines[n-1].Style = "Heading" + string(rune('0'+level))
		}
		r.f.breakBlock()
		r.prevText = false
		return
	}
	if isRule(trimmed) {
		r.f.breakBlock()
		r.prevText = false
		return
	}

	var l Line
	s := trimmed
	if r.md {
		for strings.HasPrefix(s, ">") {
			s = strings.TrimSpace(s[1:])
		}
		if m := atxHeader.FindStringSubmatch(s); m != nil {
			l.Style = "Heading" + string(rune('0'+len(m[1])))
			s = m[2]
			r.f.breakBlock()
			r.pendingBullets = 0
		} else if strings.HasPrefix(s, "|") {
			if mdTableRule.MatchString(s) {
				return
			}
			s = mdTableRow(s)
		}
	}
	if rest, ok := SplitBullet(NormalizeText(s)); ok {
		s, l.Bullet = rest, true
	} else if loc := numbered.FindStringIndex(s); loc != nil {
		s, l.Bullet = s[loc[1]:], true
	}
	if r.md {
		s, l.Bold = mdInline(s)
	}
	r.add(s, l)
}

// add appends a line, giving it a bullet that a PDF paste left on a line
// of its own.
func (r *textReader) add(s string, l Line) {
	if !l.Bullet && r.pendingBullets > 0 && !r.continues(s) {
		l.Bullet = true
		r.pendingBullets--
	}
	text, bullet := r.f.add(s, l)
	switch {
	case text == "" && (bullet || l.Bullet):
		r.pendingBullets++
	case text != "" && bullet && !l.Bullet:
		r.pendingBullets = 0
	}
	r.prevText = text != ""
}

// continues reports whether s carries on the previous line's sentence:
// it starts in lower case after a line without final punctuation.
func (r *textReader) continues(s string) bool {
	n := len(r.f.lines)
	if n == 0 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	prev := r.f.lines[n-1].Text
	last, _ := utf8.DecodeLastRuneInString(prev)
	return unicode.IsLower(first) && !strings.ContainsRune(".:;!?", last)
}

// underline returns 1 for a line of "=" and 2 for a line of "-" (setext
// heading underlines), 0 otherwise.
func underline(s string) int {
	if len(s) < 3 {
		return 0
	}
	switch strings.Trim(s, "=") {
	case "":
		return 1
	}
	if strings.Trim(s, "-") == "" {
		return 2
	}
	return 0
}

// isRule reports whether s is a horizontal rule drawn with characters:
// "***", "___", "- - -", "~~~~", "────".
func isRule(s string) bool {
	n := 0
	for _, r := range s {
		switch r {
		case '-', '*', '_', '=', '~', '─', '━', '═', '—', '–', '·':
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// mdTableRow renders a Markdown table row as its cells joined by " | ".
func mdTableRow(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, "|"), "|"))
	cells := strings.Split(s, "|")
	out := cells[:0]
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, " | ")
}
