package main

import (
	"context"
	"syscall"
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
	cpu0 := cpuTime(b)
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
	b.StopTimer()
	// The process's CPU time, GC included, which other work on the
	// machine does not inflate the way it does wall time.
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	for s, d := range totals {
		b.ReportMetric(float64(d.Milliseconds())/float64(b.N), string(s)+"-ms/op")
	}
}

// cpuTime is the user and system CPU time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
