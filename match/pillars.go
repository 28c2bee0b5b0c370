package match

import (
	"math"
	"sort"
)

// scored is a statement with its weight for one pillar or question.
type scored struct {
	s *statement
	v float64
}

// rank sorts by weight, heaviest first, then in CV order.
func rank(ss []scored) {
	sort.SliceStable(ss, func(i, j int) bool {
		if ss[i].v != ss[j].v {
			return ss[i].v > ss[j].v
		}
		return ss[i].s.order < ss[j].s.order
	})
}

// Pillar scoring. A statement's value is the number of the pillar's
// signals it shows (at most three), plus a bonus when it carries one of the
// pillar's metrics, times its weight (section, recency, seniority). The
// best statements add up with decreasing weight, so breadth counts but one
// long CV cannot buy a strong pillar with twenty keywords; the sum maps to
// 0–100 on a saturating curve.
const (
	pillarMetricBonus = 1.5
	pillarAnyNumber   = 0.5
	pillarScale       = 5.0 // sum at which a pillar reaches 63
)

var pillarDecay = []float64{1, 0.8, 0.6, 0.5, 0.4, 0.3}

// Level thresholds on the 0–100 score.
const (
	strongAt  = 70
	partialAt = 40
)

func scorePillars(p *Pack, r *cvReading) []Pillar {
	out := make([]Pillar, 0, len(p.def.Pillars))
	for i, pd := range p.def.Pillars {
		var ss []scored
		for _, s := range r.statements {
			if s.header {
				continue
			}
			n := s.signals.and(p.pillarSignals[i]).count()
			kinds := s.hasKind(pd.Metrics)
			if n == 0 && !kinds {
				continue
			}
			// A list of keywords in a summary or a skills line says less
			// than a line of work, however many it names.
			limit := 3
			if !showsWork(s) {
				limit = 1
			}
			v := float64(min(n, limit))
			switch {
			case kinds:
				v += pillarMetricBonus
			case s.quantified():
				v += pillarAnyNumber
			}
			ss = append(ss, scored{s, v * s.weight})
		}
		rank(ss)
		raw := 0.0
		for k, x := range ss {
			if k >= len(pillarDecay) {
				break
			}
			raw += x.v * pillarDecay[k]
		}
		score := int(math.Round(100 * (1 - math.Exp(-raw/pillarScale))))
		pl := Pillar{ID: pd.ID, Name: pd.Name, Description: pd.Description, Score: score, Level: level(score), Evidence: []Statement{}}
		for k := 0; k < len(ss) && k < 3; k++ {
			pl.Evidence = append(pl.Evidence, ss[k].s.Statement)
		}
		out = append(out, pl)
	}
	return out
}

func level(score int) string {
	switch {
	case score >= strongAt:
		return LevelStrong
	case score >= partialAt:
		return LevelPartial
	case score > 0:
		return LevelWeak
	}
	return LevelMissing
}
