package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"prep/internal/testenv"
)

func extractTextLines(tb testing.TB, data []byte, format Format) []Line {
	tb.Helper()
	doc, err := extractText(context.Background(), data, format)
	if err != nil {
		tb.Fatalf("extractText: %v", err)
	}
	return doc.Lines
}

func TestExtractText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Line
	}{{
		name: "lines, blank lines and Windows line endings",
		in:   "Jane Doe\r\nCustomer Success Manager\r\n\r\n\tLisbon,\u00a0Portugal  \r\nlast line without ending",
		want: []Line{{Text: "Jane Doe"}, {Text: "Customer Success Manager"}, {Text: "Lisbon, Portugal", GapBefore: 1}, {Text: "last line without ending"}},
	}, {
		name: "bullets and numbered items",
		in:   "• Led renewals\n- Grew NRR to 120%\n* Ran QBRs\n1. First\n2) Second\n12. Twelfth\n2019 – 2021 Acme\n-5% churn",
		want: []Line{
			{Text: "Led renewals", Bullet: true}, {Text: "Grew NRR to 120%", Bullet: true}, {Text: "Ran QBRs", Bullet: true},
			{Text: "First", Bullet: true}, {Text: "Second", Bullet: true}, {Text: "Twelfth", Bullet: true},
			{Text: "2019 – 2021 Acme"}, {Text: "-5% churn"},
		},
	}, {
		name: "bullets pasted on lines of their own",
		in:   "Requirements:\n●\n●\n●\n\nFive years in SaaS.\nWork with sales and\nsupport teams.\nA driving licence.\nBenefits:",
		want: []Line{
			{Text: "Requirements:"}, {Text: "Five years in SaaS.", Bullet: true, GapBefore: 1},
			{Text: "Work with sales and", Bullet: true}, {Text: "support teams."}, {Text: "A driving licence.", Bullet: true}, {Text: "Benefits:"},
		},
	}, {
		name: "underlined headings and rules",
		in:   "Experience\n==========\nAcme Corp\n\n----------\nSkills\n------\nSQL",
		want: []Line{
			{Text: "Experience", Style: "Heading1"}, {Text: "Acme Corp", GapBefore: 1},
			{Text: "Skills", Style: "Heading2", GapBefore: 1}, {Text: "SQL", GapBefore: 1},
		},
	}, {
		name: "letter-spaced heading",
		in:   "P R O F E S S I O N A L  S U M M A R Y\nS K I L L S:",
		want: []Line{{Text: "PROFESSIONAL SUMMARY"}, {Text: "SKILLS:"}},
	}, {
		name: "Markdown markup stays text in plain text",
		in:   "## Not a heading here\n**kept**",
		want: []Line{{Text: "## Not a heading here"}, {Text: "**kept**"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extractTextLines(t, []byte(tt.in), FormatText)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExtractMarkdown(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Line
		gaps bool // compare GapBefore too
	}{{
		name: "headings",
		in:   "# Customer Success Manager\n## About the Role ##\n###### Six\n#hashtag",
		want: []Line{{Text: "Customer Success Manager", Style: "Heading1"}, {Text: "About the Role", Style: "Heading2"}, {Text: "Six", Style: "Heading6"}, {Text: "#hashtag"}},
	}, {
		name: "emphasis reduced to text, bold lines",
		in:   "**About Sketch:**\n__Why?__\n*   **Ensure customer success:** Part coach\n*emphasis* and _this_ but snake_case and 5 * 3 * 2\n**unclosed bold",
		want: []Line{
			{Text: "About Sketch:", Bold: true}, {Text: "Why?", Bold: true},
			{Text: "Ensure customer success: Part coach", Bullet: true},
			{Text: "emphasis and this but snake_case and 5 * 3 * 2"}, {Text: "**unclosed bold"},
		},
	}, {
		name: "links, images, code, escapes",
		in:   "[Pathrise](https://www.pathrise.com/) (YC W18)\nemail devin \\[at\\] [netlify.com](http://netlify.com)\n[](https://example.com/jobs)\n![logo](logo.png) Acme\n<https://acme.example/careers>\nUse `SQL` and \\*literal\\* stars\n[ref link][1]\n[1]: https://example.com",
		want: []Line{
			{Text: "Pathrise (YC W18)"}, {Text: "email devin [at] netlify.com"}, {Text: "https://example.com/jobs"},
			{Text: "logo Acme"}, {Text: "https://acme.example/careers"}, {Text: "Use SQL and *literal* stars"}, {Text: "ref link"},
		},
	}, {
		name: "lists, quotes, tables, fences",
		in:   "- one\n+ two\n  * nested\n1. first\n> quoted **bold**\n\n| Skill | Level |\n|---|:---:|\n| SQL | good |\n\n```\n**code** stays\n```",
		want: []Line{
			{Text: "one", Bullet: true}, {Text: "two", Bullet: true}, {Text: "nested", Bullet: true}, {Text: "first", Bullet: true},
			{Text: "quoted bold"}, {Text: "Skill | Level", GapBefore: 1}, {Text: "SQL | good"}, {Text: "**code** stays", GapBefore: 1},
		},
		gaps: true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extractTextLines(t, []byte(tt.in), FormatMarkdown)
			var opts []cmp.Option
			if !tt.gaps {
				opts = append(opts, cmpopts.IgnoreFields(Line{}, "GapBefore"))
			}
			if diff := cmp.Diff(tt.want, got, opts...); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTextEncodings reads the encodings text files come in.
func TestTextEncodings(t *testing.T) {
	const text = "Zoë Müller\n• Résumé: 5 000 € budget"
	want := []Line{{Text: "Zoë Müller"}, {Text: "Résumé: 5 000 € budget", Bullet: true}}
	utf16 := func(order xunicode.Endianness, bom xunicode.BOMPolicy) []byte {
		b, err := xunicode.UTF16(order, bom).NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cp1252, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"UTF-8", []byte(text)},
		{"UTF-8 with BOM", append([]byte("\xEF\xBB\xBF"), text...)},
		{"UTF-16 LE with BOM", utf16(xunicode.LittleEndian, xunicode.UseBOM)},
		{"UTF-16 BE with BOM", utf16(xunicode.BigEndian, xunicode.UseBOM)},
		{"UTF-16 LE without BOM", utf16(xunicode.LittleEndian, xunicode.IgnoreBOM)},
		{"Windows-1252", cp1252},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Detect(tt.data)
			if err != nil || f != FormatText {
				t.Fatalf("Detect = %q, %v; want text", f, err)
			}
			if diff := cmp.Diff(want, extractTextLines(t, tt.data, f)); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJoinLetterSpaced(t *testing.T) {
	tests := []struct{ in, want string }{
		{"W O R K  E X P E R I E N C E", "WORK EXPERIENCE"},
		{"T O O L S  &  T E C H", "TOOLS & TECH"},
		{"E D U C A T I O N & C O U R S E S", "EDUCATION & COURSES"},
		{"P R O J E C T  E X A M P L E S (clickable)", "PROJECT EXAMPLES (clickable)"},
		{"S K I L L S:", "SKILLS:"},
		{"J O B S:", "JOBS:"},
		{"e x p e r i e n c e", "experience"},
		{"工 作 经 历", "工作经历"},
		{"J R R Tolkien", "J R R Tolkien"},
		{"Grades A B C", "Grades A B C"},
		{"A  B  C  D", "A  B  C  D"},
		{"I am a CSM", "I am a CSM"},
		{"no spacing here", "no spacing here"},
		{"D A T AA N A L Y S T", "D A T AA N A L Y S T"},
	}
	for _, tt := range tests {
		if got := joinLetterSpaced(tt.in); got != tt.want {
			t.Errorf("joinLetterSpaced(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCorpusJD extracts every job description of the corpus as text or
// Markdown.
func TestCorpusJD(t *testing.T) {
	for _, path := range testenv.CorpusFiles(t, "jd") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := New(Limits{}).Extract(context.Background(), data)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if doc.Format != FormatText && doc.Format != FormatMarkdown {
				t.Errorf("format %q, want text or markdown", doc.Format)
			}
			var bullets int
			for i, l := range doc.Lines {
				if l.Bullet {
					bullets++
				}
				if strings.Contains(l.Text, "**") || strings.Contains(l.Text, "](") || strings.HasPrefix(l.Text, "# ") || strings.HasPrefix(l.Text, "## ") {
					t.Errorf("line %d keeps Markdown markup: %.60q", i, l.Text)
				}
			}
			if bullets < 3 {
				t.Errorf("%d bullets, want the lists of a job description", bullets)
			}
		})
	}
}

// FuzzExtractText feeds text, Markdown and HTML to their extractors,
// whatever Detect says, so each reader sees every input.
func FuzzExtractText(f *testing.F) {
	for _, s := range []string{
		"Jane Doe\r\n• Led renewals\n1) First\n\n●\n●\nItem one\nItem two",
		"# Title\n## About **us**\n* [link](http://x) and `code` \\* _em_ __strong__\n> quote\n| a | b |\n|---|---|\n```\nfenced\n```",
		"<!doctype html><html><head><title>t</title><script>x<y</script></head><body><h2>H</h2><ul><li><b>Bold</b></li></ul><table><tr><td>a<td>b</table><pre>a\nb</pre></body></html>",
		"W O R K  E X P E R I E N C E\nExperience\n==========\n\u00a0\ufeff\uf0b7 icon",
		"\xff\xfeH\x00i\x00", "Caf\xe9 \x80",
	} {
		f.Add([]byte(s))
	}
	if dir := corpusDirOrEmpty(f); dir != "" {
		paths, _ := filepath.Glob(filepath.Join(dir, "jd", "*"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for _, format := range []Format{FormatText, FormatMarkdown} {
			doc, err := extractText(ctx, data, format)
			checkDocument(t, doc, err)
		}
		doc, err := extractHTML(ctx, data)
		checkDocument(t, doc, err)
		if ctx.Err() != nil {
			t.Fatalf("extraction ran past its deadline")
		}
	})
}

// BenchmarkExtractText extracts each corpus job description.
func BenchmarkExtractText(b *testing.B) {
	for _, path := range testenv.CorpusFiles(b, "jd") {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		format, err := Detect(data)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := extractText(context.Background(), data, format); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPathologicalInputs runs inputs built to make a careless parser
// quadratic (unmatched brackets, delimiters, nesting). Each is 256 KiB:
// linear work takes milliseconds, quadratic work would not finish.
func TestPathologicalInputs(t *testing.T) {
	const n = 256 << 10
	rep := func(s string) []byte { return []byte(strings.Repeat(s, n/len(s))) }
	inputs := map[string][]byte{
		"open brackets":        rep("["),
		"open link targets":    rep("[a]("),
		"nested links":         []byte(strings.Repeat("[", n/8) + "x" + strings.Repeat("](u)", n/8)),
		"closing asterisks":    rep("a* "),
		"opening asterisks":    rep(" *a"),
		"mixed delimiters":     rep("*_"),
		"backticks":            rep("`` `"),
		"letter-spaced":        rep("a "),
		"autolink starts":      rep("<http://"),
		"HTML unclosed bold":   rep("<b>x"),
		"HTML nested lists":    rep("<ul><li>"),
		"single-letter tokens": rep("x \t"),
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			for _, format := range []Format{FormatText, FormatMarkdown} {
				doc, err := extractText(context.Background(), data, format)
				checkDocument(t, doc, err)
			}
			doc, err := extractHTML(context.Background(), data)
			checkDocument(t, doc, err)
		})
	}
	t.Run("DOCX unclosed fields", func(t *testing.T) {
		body := strings.Repeat(`<w:r><w:fldChar w:fldCharType="begin"/></w:r>`, 20000) + strings.Repeat(docxRun("", "x"), 20000)
		doc, err := extractDOCX(context.Background(), buildDOCX(t, docxParts{body: para("", body)}), Limits{})
		checkDocument(t, doc, err)
	})
}
