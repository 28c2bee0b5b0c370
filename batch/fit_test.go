package batch

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep/match"
)

func TestScoreOf(t *testing.T) {
	pillars := func(scores ...int) []match.Pillar {
		var out []match.Pillar
		for i, s := range scores {
			out = append(out, match.Pillar{ID: string(rune('a' + i)), Name: "P" + string(rune('A'+i)), Score: s, Level: "partial"})
		}
		return out
	}
	reqs := func(statuses ...string) []match.Requirement {
		var out []match.Requirement
		for _, st := range statuses {
			sec := "requirements"
			if st[0] == '~' {
				sec, st = "nice_to_have", st[1:]
			}
			out = append(out, match.Requirement{Text: "r", Section: sec, Status: st})
		}
		return out
	}
	tests := []struct {
		name string
		a    match.Analysis
		want Score
	}{
		{
			name: "pillars and coverage, no gaps",
			a:    match.Analysis{Pillars: pillars(80, 60), Job: match.Job{Requirements: reqs("covered", "partial", "missing", "covered")}},
			// pillar 70, coverage (1+.5+0+1)/4 = 62.5 → 63; 0.6×70 + 0.4×62.5 = 67
			want: Score{Fit: 67, Pillar: 70, Coverage: 63},
		},
		{
			name: "nice-to-haves count half",
			a:    match.Analysis{Pillars: pillars(50), Job: match.Job{Requirements: reqs("covered", "~missing", "~missing")}},
			// coverage 1 / (1 + .5 + .5) = 50
			want: Score{Fit: 50, Pillar: 50, Coverage: 50},
		},
		{
			name: "gaps take points off by severity, most serious listed first",
			a: match.Analysis{Pillars: pillars(90), Job: match.Job{Requirements: reqs("covered")},
				Gaps: []match.Gap{{ID: "low", Severity: "low"}, {ID: "high", Severity: "high"}, {ID: "med", Severity: "medium"}}},
			// 0.6×90 + 0.4×100 = 94, less 8 + 4 + 1
			want: Score{Fit: 81, Pillar: 90, Coverage: 100, Penalty: 13, Gaps: []string{"high", "med", "low"}},
		},
		{
			name: "the penalty is capped",
			a: match.Analysis{Pillars: pillars(100), Job: match.Job{Requirements: reqs("covered")},
				Gaps: []match.Gap{{ID: "1", Severity: "high"}, {ID: "2", Severity: "high"}, {ID: "3", Severity: "high"}, {ID: "4", Severity: "high"}}},
			want: Score{Fit: 80, Pillar: 100, Coverage: 100, Penalty: 20, Gaps: []string{"1", "2", "3", "4"}},
		},
		{
			name: "no requirement bullets: the pillar mean alone",
			a:    match.Analysis{Pillars: pillars(64, 70), Gaps: []match.Gap{{ID: "g", Severity: "medium"}}},
			want: Score{Fit: 63, Pillar: 67, Coverage: 0, Penalty: 4, Gaps: []string{"g"}},
		},
		{
			name: "never below zero",
			a: match.Analysis{Pillars: pillars(5), Job: match.Job{Requirements: reqs("missing")},
				Gaps: []match.Gap{{ID: "1", Severity: "high"}, {ID: "2", Severity: "high"}}},
			want: Score{Fit: 0, Pillar: 5, Coverage: 0, Penalty: 16, Gaps: []string{"1", "2"}},
		},
		{
			name: "an empty analysis",
			a:    match.Analysis{},
			want: Score{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.a.Candidate.Name = "Ada"
			got := ScoreOf(&tt.a)
			tt.want.Name = "Ada"
			if tt.want.Gaps == nil {
				tt.want.Gaps = []string{}
			}
			tt.want.Pillars = []PillarScore{}
			for _, p := range tt.a.Pillars {
				tt.want.Pillars = append(tt.want.Pillars, PillarScore{ID: p.ID, Name: p.Name, Score: p.Score, Level: p.Level})
			}
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("ScoreOf (-want +got):\n%s", diff)
			}
		})
	}
}
