package report

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"prep/match"
)

// The NRR/GRR drill gets a worked decomposition so the candidate can
// rehearse the arithmetic. The analysis may carry one (Question.Worked);
// when it does not, the report derives one from the drill's own numbers,
// sized to the candidate's book when the CV states its ARR.

var (
	retentionRe = regexp.MustCompile(`(?i)\b(nrr|grr|ndr|gdr|net (?:revenue|dollar) retention|gross (?:revenue|dollar) retention)\b`)
	// A retention figure: the metric's name, then within a few words a
	// percentage ("GRR at 88%", "NRR 115%").
	figureRe = regexp.MustCompile(`(?i)\b(nrr|grr|ndr|gdr|net (?:revenue|dollar) retention|gross (?:revenue|dollar) retention)\b[^%\d]{0,24}?(\d{2,3}(?:[.,]\d+)?)\s?%`)
)

// isRetentionDrill reports whether a drill is about NRR or GRR.
func isRetentionDrill(q match.Question) bool {
	return retentionRe.MatchString(q.Text)
}

// retentionFigures returns the GRR and NRR figures a drill names, the
// current ones first and the targets second; zero when absent.
func retentionFigures(text string) (grr, nrr [2]float64) {
	var gi, ni int
	for _, m := range figureRe.FindAllStringSubmatch(text, -1) {
		v, err := strconv.ParseFloat(strings.ReplaceAll(m[2], ",", "."), 64)
		if err != nil {
			continue
		}
		name := strings.ToLower(m[1])
		if strings.HasPrefix(name, "g") {
			if gi < 2 {
				grr[gi] = v
				gi++
			}
		} else if ni < 2 {
			nrr[ni] = v
			ni++
		}
	}
	return grr, nrr
}

// workedExample derives an NRR/GRR decomposition for a drill.
func (d *doc) workedExample(q match.Question) *match.Worked {
	grr, nrr := retentionFigures(q.Text)
	start, cur := 10_000_000.0, "USD"
	sized := false
	for _, m := range d.a.Metrics {
		if m.Kind == "arr_managed" && m.Value >= 100_000 && m.Unit != "%" && m.Unit != "count" {
			start, cur, sized = m.Value, m.Unit, true
			break
		}
	}
	g, n := grr[0], nrr[0]
	switch {
	case g == 0 && n == 0:
		g, n = 92, 107
	case g == 0:
		g = math.Min(n, 90)
	case n == 0:
		n = math.Max(g, 100)
	}
	// Gross loss is what GRR leaves out; expansion is the distance from
	// GRR to NRR. The split of loss into churn and contraction is an
	// assumption the drill does not state: two thirds churn is typical of
	// a book where logos leave more often than they shrink.
	loss := start * (100 - g) / 100
	churn := loss * 2 / 3
	contraction := loss - churn
	expansion := start * (n - g) / 100
	end := start + expansion - contraction - churn
	fm := func(v float64) string { return money(v, cur) }
	pct := func(v float64) string { return trimFloat(math.Round(v*10)/10) + "%" }

	steps := []match.WorkedStep{
		{Label: "Start ARR of the cohort, 12 months ago", Value: fm(start)},
		{Label: "+ Expansion (seats, usage, modules, tier)", Value: "+" + fm(expansion)},
		{Label: "– Contraction (downgrades)", Value: "–" + fm(contraction)},
		{Label: "– Churn (customers lost)", Value: "–" + fm(churn)},
		{Label: "= ARR today from the same customers", Value: fm(end)},
		{Label: "GRR = (start – contraction – churn) ÷ start", Value: pct((start - contraction - churn) / start * 100)},
		{Label: "NRR = (start + expansion – contraction – churn) ÷ start", Value: pct(end / start * 100)},
	}
	if tg, tn := grr[1], nrr[1]; tg > 0 || tn > 0 {
		if tg > 0 {
			lossT := start * (100 - tg) / 100
			steps = append(steps, match.WorkedStep{
				Label: "To reach GRR " + pct(tg) + ": cut churn + contraction by",
				Value: fm(math.Max(0, loss-lossT)),
			})
		}
		if tn > 0 {
			gT := g
			if tg > 0 {
				gT = tg
			}
			expT := start * (tn - gT) / 100
			steps = append(steps, match.WorkedStep{
				Label: "To reach NRR " + pct(tn) + " at that GRR: grow expansion to",
				Value: fm(expT) + " (+" + fm(math.Max(0, expT-expansion)) + ")",
			})
		}
	}
	note := "Assumes churn is two thirds of the gross loss and contraction one third; say so in the interview, then split the plan by lever: retention plays for churn, adoption and packaging for contraction, signal-triggered plays for expansion."
	if sized {
		note = "Sized to the " + fm(start) + " book on your CV. " + note
	} else {
		note = "Start ARR is an example; use your own book’s. " + note
	}
	return &match.Worked{Title: "Worked example: NRR and GRR, decomposed", Steps: steps, Note: note}
}
