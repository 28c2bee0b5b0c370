package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParagraphs(t *testing.T) {
	pdf := func(text string, x, gap float64, bullet bool) Line {
		return Line{Text: text, Page: 1, X: x, GapBefore: gap, Size: 10, Bullet: bullet}
	}
	// placed is a PDF line with its right edge and baseline, as layout
	// sets them: what tells a wrap from a new item of a markerless list.
	placed := func(text string, right, baseline float64) Line {
		return Line{Text: text, Page: 1, X: 50, Right: right, Baseline: baseline, Size: 10}
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
		{"markerless list spaced apart", []Line{
			placed("Cut onboarding from 10 weeks to 6 by replacing ad-hoc calls with a four-stage", 500, 100),
			placed("plan shared with each customer.", 200, 112),
			placed("Ran QBRs for 30 accounts.", 180, 126),
			placed("Raised GRR across the enterprise book of forty accounts in two years, from", 498, 140),
			placed("88% to 94%.", 110, 152),
			placed("Renewed 96% of ARR.", 150, 166),
			placed("Wrote the escalation playbook.", 220, 180),
		}, []string{
			"Cut onboarding from 10 weeks to 6 by replacing ad-hoc calls with a four-stage plan shared with each customer.",
			"Ran QBRs for 30 accounts.",
			"Raised GRR across the enterprise book of forty accounts in two years, from 88% to 94%.",
			"Renewed 96% of ARR.",
			"Wrote the escalation playbook.",
		}},
		{"spaced list: a wrap after a full stop stays in its item", []Line{
			placed("Ran the renewal desk for a book of 120 mid-market accounts with a tiny team.", 500, 100),
			placed("Renewed 96% of ARR.", 150, 112),
			placed("Wrote the escalation playbook.", 220, 126),
			placed("Built the health score.", 190, 140),
			placed("Trained six new managers in the first quarter and wrote their onboarding.", 480, 154),
			placed("Cut time to value.", 160, 166),
		}, []string{
			"Ran the renewal desk for a book of 120 mid-market accounts with a tiny team. Renewed 96% of ARR.",
			"Wrote the escalation playbook.",
			"Built the health score.",
			"Trained six new managers in the first quarter and wrote their onboarding. Cut time to value.",
		}},
		{"a figure after an unfinished line goes on with it", []Line{
			placed("Lifted retention across the enterprise book and GRR rose to", 420, 100),
			placed("94% by the fourth quarter.", 200, 112),
			placed("Ran QBRs for 30 accounts", 180, 124),
			placed("Wrote the escalation playbook with the support and product leads for every tier", 500, 136),
		}, []string{
			"Lifted retention across the enterprise book and GRR rose to 94% by the fourth quarter.",
			"Ran QBRs for 30 accounts",
			"Wrote the escalation playbook with the support and product leads for every tier",
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
