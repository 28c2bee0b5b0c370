package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParagraphs(t *testing.T) {
	pdf := func(text string, x, gap float64, bullet bool) Line {
		return Line{Text: text, Page: 1, X: x, GapBefore: gap, Size: 10, Bullet: bullet}
	}
	tests := []struct {
		name  string
		lines []Line
		want  []string
	}{
		{"pdf wrapped bullet", []Line{
			pdf("Cut onboarding from 10 weeks to 6 by replacing ad-hoc calls with a four-stage", 50, 2, true),
			pdf("plan shared with each customer.", 58, 2, false),
			pdf("Ran QBRs for 30 accounts and an annual EBR with each executive sponsor here", 50, 2, true),
			pdf("Renewed 96% of ARR.", 58, 2, false),
		}, []string{
			"Cut onboarding from 10 weeks to 6 by replacing ad-hoc calls with a four-stage plan shared with each customer.",
			"Ran QBRs for 30 accounts and an annual EBR with each executive sponsor here Renewed 96% of ARR.",
		}},
		{"pdf header lines stay apart", []Line{
			pdf("Senior Customer Success Manager", 50, 8, false),
			pdf("Northwind · Austin · Jan 2021 – Present", 50, 2, false),
			pdf("Owned a book of 42 enterprise accounts worth $6.8M in annual recurring revenue.", 50, 2, true),
		}, []string{
			"Senior Customer Success Manager",
			"Northwind · Austin · Jan 2021 – Present",
			"Owned a book of 42 enterprise accounts worth $6.8M in annual recurring revenue.",
		}},
		{"pdf paragraph gap", []Line{
			pdf("Customer Success Manager with eight years in B2B SaaS who owns renewals and", 50, 2, false),
			pdf("expansion.", 50, 2, false),
			pdf("Fluent in German and English and comfortable with executive sponsors at scale", 50, 14, false),
		}, []string{
			"Customer Success Manager with eight years in B2B SaaS who owns renewals and expansion.",
			"Fluent in German and English and comfortable with executive sponsors at scale",
		}},
		{"flowing keeps lines", []Line{
			{Text: "Owned renewals for 40 accounts"},
			{Text: "Built the health score"},
			{Text: "and the playbooks behind it."},
			{Text: "New paragraph", GapBefore: 1},
		}, []string{"Owned renewals for 40 accounts", "Built the health score and the playbooks behind it.", "New paragraph"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Paragraphs(tt.lines) {
				got = append(got, p.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
