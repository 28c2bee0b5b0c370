package match

import (
	"context"
	"testing"

	"prep/ingest"
)

// BenchmarkAnalyze analyses every labelled fixture pair per iteration
// (the CV and JD views included, as the pipeline computes them), from
// documents extracted once.
//
//	go test ./match -run '^$' -bench Analyze -benchmem
func BenchmarkAnalyze(b *testing.B) {
	c := loadCatalog(b)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	type pair struct{ cv, jd *ingest.Document }
	var pairs []pair
	for _, f := range loadFixtures(b) {
		pairs = append(pairs, pair{extract(b, ex, f.cv), extract(b, ex, f.jd)})
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pairs {
			if _, err := c.Analyze(context.Background(), p.cv, p.jd, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pairs)), "ns/pair")
}
