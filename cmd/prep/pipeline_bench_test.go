package main

import (
	"context"
	"testing"
	"time"

	"prep/pipeline"
)

// BenchmarkPipelineStages times each stage of one report in process, the
// cost the service adds nothing to: compare with BenchmarkServiceLoad.
func BenchmarkPipelineStages(b *testing.B) {
	in := testInputs(b)
	a := &app{cfg: &config{MaxUpload: 10 << 20}}
	p, release, err := a.newPipeline()
	if err != nil {
		b.Fatal(err)
	}
	defer release()
	totals := map[pipeline.Stage]time.Duration{}
	b.ResetTimer()
	for range b.N {
		var stage pipeline.Stage
		start := time.Now()
		_, err := p.Run(context.Background(), pipeline.Input{CV: in.cv, JDText: in.jd}, func(s pipeline.Stage) {
			if stage != "" {
				totals[stage] += time.Since(start)
			}
			stage, start = s, time.Now()
		})
		totals[stage] += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	for s, d := range totals {
		b.ReportMetric(float64(d.Milliseconds())/float64(b.N), string(s)+"-ms/op")
	}
}
