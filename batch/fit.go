package batch

import (
	"cmp"
	"math"
	"slices"

	"prep/match"
)

// Score is what the ranking keeps of one analysis. The worker stores it on
// the report's record when the report is ready, so a batch of a thousand
// rows is listed without reading a thousand analyses.
type Score struct {
	Name     string        `json:"name"`
	Fit      int           `json:"fit"`
	Pillar   int           `json:"pillar"`   // mean pillar score, 0–100
	Coverage int           `json:"coverage"` // requirement coverage, 0–100
	Penalty  int           `json:"penalty"`  // points taken off for gaps
	Pillars  []PillarScore `json:"pillars"`
	// Gaps are the gap ids, most serious first.
	Gaps []string `json:"gaps"`
}

// PillarScore is one pillar's score and level.
type PillarScore struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Score int    `json:"score"`
	Level string `json:"level"`
}

// The fit score's weights. A recruiter ranks a shortlist on two questions:
// does the CV show the work the role is judged on (the pillars, scored by
// the pack from the candidate's evidence), and does it meet what this job
// description asks for (requirement coverage). The pillars weigh more
// because they rest on evidence across the whole CV, while coverage rests
// on the wording of one JD's bullets. Gaps are what an interviewer will
// probe; each takes points off by its severity, capped so a long list of
// small gaps cannot sink a strong CV on its own.
const (
	pillarWeight   = 0.6
	coverageWeight = 0.4
	penaltyHigh    = 8
	penaltyMedium  = 4
	penaltyLow     = 1
	penaltyCap     = 20
	// A nice-to-have requirement counts half as much as the others.
	niceToHaveWeight = 0.5
)

// ScoreOf scores an analysis for the ranking:
//
//	pillar   = mean of the pack's pillar scores (each 0–100)
//	coverage = 100 × Σ weight × credit / Σ weight over the JD's requirements,
//	           credit 1 covered, ½ partial, 0 missing; weight ½ for
//	           nice-to-haves, 1 for the rest
//	penalty  = 8 per high gap + 4 per medium + 1 per low, at most 20
//	fit      = round(0.6 × pillar + 0.4 × coverage) − penalty, within 0–100
//
// A job description with no requirement bullets has no coverage; the fit
// is then the pillar mean less the penalty.
func ScoreOf(a *match.Analysis) *Score {
	s := &Score{Name: a.Candidate.Name, Pillars: []PillarScore{}, Gaps: []string{}}
	sum := 0
	for _, p := range a.Pillars {
		s.Pillars = append(s.Pillars, PillarScore{ID: p.ID, Name: p.Name, Score: p.Score, Level: p.Level})
		sum += p.Score
	}
	if len(a.Pillars) > 0 {
		s.Pillar = int(math.Round(float64(sum) / float64(len(a.Pillars))))
	}

	var got, total float64
	for _, r := range a.Job.Requirements {
		w := 1.0
		if r.Section == "nice_to_have" {
			w = niceToHaveWeight
		}
		total += w
		switch r.Status {
		case match.Covered:
			got += w
		case match.Partial:
			got += w / 2
		}
	}
	hasCoverage := total > 0
	if hasCoverage {
		s.Coverage = int(math.Round(100 * got / total))
	}

	gaps := slices.Clone(a.Gaps)
	slices.SortStableFunc(gaps, func(x, y match.Gap) int { return cmp.Compare(severityRank(x.Severity), severityRank(y.Severity)) })
	for _, g := range gaps {
		s.Gaps = append(s.Gaps, g.ID)
		switch g.Severity {
		case match.SeverityHigh:
			s.Penalty += penaltyHigh
		case match.SeverityMedium:
			s.Penalty += penaltyMedium
		default:
			s.Penalty += penaltyLow
		}
	}
	s.Penalty = min(s.Penalty, penaltyCap)

	base := float64(s.Pillar)
	if hasCoverage {
		base = pillarWeight*float64(s.Pillar) + coverageWeight*float64(s.Coverage)
	}
	s.Fit = max(0, min(100, int(math.Round(base))-s.Penalty))
	return s
}

func severityRank(s string) int {
	switch s {
	case match.SeverityHigh:
		return 0
	case match.SeverityMedium:
		return 1
	}
	return 2
}
