package report

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"prep/match"
)

func TestRetentionFigures(t *testing.T) {
	tests := []struct {
		text     string
		grr, nrr [2]float64
	}{
		{"Acme's mid-market segment has GRR at 88% and NRR at 102%; the strategy calls for GRR 93% + NRR 115% in 4 quarters.", [2]float64{88, 93}, [2]float64{102, 115}},
		{"Net revenue retention is 97.5% and the board wants 110%.", [2]float64{}, [2]float64{97.5, 0}},
		{"Gross dollar retention of 91% in the SMB book.", [2]float64{91, 0}, [2]float64{}},
		{"A top-10 customer has gone red: usage down 40% in 60 days.", [2]float64{}, [2]float64{}},
	}
	for _, tt := range tests {
		grr, nrr := retentionFigures(tt.text)
		if grr != tt.grr || nrr != tt.nrr {
			t.Errorf("retentionFigures(%q) = %v, %v; want %v, %v", tt.text, grr, nrr, tt.grr, tt.nrr)
		}
	}
}

// TestWorkedExample checks the arithmetic of the decomposition the report
// derives when the analysis carries none.
func TestWorkedExample(t *testing.T) {
	tests := []struct {
		name    string
		drill   string
		metrics []match.Metric
		want    []match.WorkedStep
	}{
		{
			name:  "drill figures, example book",
			drill: "Acme's mid-market segment has GRR at 88% and NRR at 102%; the strategy calls for GRR 93% + NRR 115% in 4 quarters.",
			want: []match.WorkedStep{
				{Label: "Start ARR of the cohort, 12 months ago", Value: "$10M"},
				{Label: "+ Expansion (seats, usage, modules, tier)", Value: "+$1.4M"},
				{Label: "– Contraction (downgrades)", Value: "–$400K"},
				{Label: "– Churn (customers lost)", Value: "–$800K"},
				{Label: "= ARR today from the same customers", Value: "$10.2M"},
				{Label: "GRR = (start – contraction – churn) ÷ start", Value: "88%"},
				{Label: "NRR = (start + expansion – contraction – churn) ÷ start", Value: "102%"},
				{Label: "To reach GRR 93%: cut churn + contraction by", Value: "$500K"},
				{Label: "To reach NRR 115% at that GRR: grow expansion to", Value: "$2.2M (+$800K)"},
			},
		},
		{
			name:    "sized to the candidate's book",
			drill:   "Walk me through how you would lift NRR in your book.",
			metrics: []match.Metric{{Kind: "arr_managed", Value: 3_300_000, Unit: "EUR", Text: "€3.3M ARR"}},
			want: []match.WorkedStep{
				{Label: "Start ARR of the cohort, 12 months ago", Value: "€3.3M"},
				{Label: "+ Expansion (seats, usage, modules, tier)", Value: "+€495K"},
				{Label: "– Contraction (downgrades)", Value: "–€88K"},
				{Label: "– Churn (customers lost)", Value: "–€176K"},
				{Label: "= ARR today from the same customers", Value: "€3.53M"},
				{Label: "GRR = (start – contraction – churn) ÷ start", Value: "92%"},
				{Label: "NRR = (start + expansion – contraction – churn) ÷ start", Value: "107%"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &match.Analysis{Metrics: tt.metrics}
			d := newDoc(testMetrics(t), a, Options{Now: time.Now})
			q := match.Question{Kind: match.KindDrill, Text: tt.drill}
			if !isRetentionDrill(q) {
				t.Fatalf("%q is not recognised as an NRR/GRR drill", tt.drill)
			}
			if diff := cmp.Diff(tt.want, d.workedExample(q).Steps); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		v    float64
		cur  string
		want string
	}{
		{4_200_000, "USD", "$4.2M"}, {1_200_000, "EUR", "€1.2M"}, {750_000, "GBP", "£750K"},
		{96_000_000, "SEK", "SEK 96M"}, {10_000_000, "USD", "$10M"}, {6_528_000, "USD", "$6.53M"},
		{900, "USD", "$900"}, {-512_000, "USD", "–$512K"}, {2_500_000_000, "USD", "$2.5B"},
	}
	for _, tt := range tests {
		if got := money(tt.v, tt.cur); got != tt.want {
			t.Errorf("money(%v, %s) = %q, want %q", tt.v, tt.cur, got, tt.want)
		}
	}
}
