package report

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/phpdave11/gofpdf"
)

func testMetrics(tb testing.TB) *metrics {
	tb.Helper()
	m, err := loadMetrics()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestWidthMatchesGofpdf checks the width table against gofpdf itself:
// if they disagreed, maroto would wrap a line this package has already
// wrapped, and the second line would overlap the next.
func TestWidthMatchesGofpdf(t *testing.T) {
	m := testMetrics(t)
	pdf := gofpdf.New("P", "mm", "A4", "")
	for f := range faceCount {
		pdf.AddUTF8FontFromBytes(f.family(), string(f.style()), f.data())
	}
	samples := []string{
		"Nguyễn Thị Lan", "Zoë Kowalczyk-Núñez", "“curly” – quotes — and €1,2 Mio",
		"Aleksandra Wiśniewska-Brzęczyszczykiewicz · Halvorsen & Østergaard Cloud",
		"NRR = (start ARR + expansion – contraction – churn) ÷ start ARR",
	}
	for f := range faceCount {
		if f == cjk {
			continue // measured below, with its own sample
		}
		for _, s := range samples {
			pdf.SetFont(f.family(), string(f.style()), 9.5)
			want := pdf.GetStringWidth(s)
			if got := m.width(s, f, 9.5); f != symbols && abs(got-want) > 1e-9 {
				t.Errorf("face %d, %q: width %.4f mm, gofpdf says %.4f mm", f, s, got, want)
			}
		}
	}
	// Chinese and Japanese are measured in the CJK face.
	pdf.SetFont(cjkFamily, "", 10)
	if got, want := m.width("张三 山田", regular, 10), pdf.GetStringWidth("张三")+pdf.GetStringWidth("山田"); abs(got-(want+m.width(" ", regular, 10))) > 1e-9 {
		t.Errorf("cjk: width %.4f mm, gofpdf says %.4f mm plus a space", got, want)
	}
	// A symbol Noto Sans lacks is measured in the fallback face.
	pdf.SetFont(symbolsFamily, "", 10)
	if got, want := m.width("✓→", regular, 10), pdf.GetStringWidth("✓→"); abs(got-want) > 1e-9 {
		t.Errorf("symbols: width %.4f mm, gofpdf says %.4f mm", got, want)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestWrap(t *testing.T) {
	m := testMetrics(t)
	url := "https://www.example.com/customers/stories/2023/how-a-top-10-european-retailer-cut-incident-response-time-by-62-percent?utm_source=cv"
	tests := []struct {
		name  string
		runs  []run
		width float64
		want  []string // the text of each line
	}{
		{"fits", []run{{"Owned a book of 38 accounts.", stBody}}, 170, []string{"Owned a book of 38 accounts."}},
		{"breaks at spaces", []run{{"Owned a book of 38 enterprise accounts across DACH and the Nordics", stBody}}, 60,
			[]string{"Owned a book of 38 enterprise", "accounts across DACH and the", "Nordics"}},
		{"hard break", []run{{"one\ntwo", stBody}}, 100, []string{"one", "two"}},
		{"runs glue without a space", []run{{"“", stQuote}, {"quoted", stQuote}, {"”", stQuote}}, 100, []string{"“quoted”"}},
		{"runs keep a space", []run{{"Why: ", stBody.in(bold)}, {"because", stBody}}, 100, []string{"Why: because"}},
		{"accents stay whole", []run{{"Nguyễn Thị Lan and Zoë Kowalczyk-Núñez", stBody}}, 45, []string{"Nguyễn Thị Lan and Zoë", "Kowalczyk-Núñez"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range m.wrap(tt.runs, tt.width, left) {
				got = append(got, lineText(l))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("long token", func(t *testing.T) {
		lines := m.wrap([]run{{"See " + url + " for details.", stBody}}, 60, left)
		var all strings.Builder
		for _, l := range lines {
			for _, s := range l.segs {
				if s.x+s.w > 60-wrapEpsilon+1e-9 {
					t.Errorf("%q is %.1f mm wide in a 60 mm box", s.text, s.x+s.w)
				}
			}
			all.WriteString(lineText(l))
		}
		// The URL is cut where it fits, without hyphens, so the text
		// reads back whole once the line breaks are taken out.
		if got := all.String(); !strings.Contains(got, url) {
			t.Errorf("URL does not read back whole: %q", got)
		}
		if len(lines) < 3 {
			t.Errorf("got %d lines, want the URL cut over several", len(lines))
		}
	})
}

func lineText(l line) string {
	var b strings.Builder
	end := 0.0
	for i, s := range l.segs {
		if i > 0 && s.x > end+0.01 {
			b.WriteString(" ")
		}
		b.WriteString(s.text)
		end = s.x + s.w
	}
	return b.String()
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nguye\u0302\u0303n", "Nguyễn"}, // decomposed, as some PDFs give it
		{"tab\there", "tab here"},
		{"soft\u00ADhyphen", "softhyphen"},
		{"emoji 🚀 gone", "emoji  gone"},
		{"line\r\nbreak", "line \nbreak"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
