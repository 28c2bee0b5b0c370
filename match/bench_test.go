//go:build unix

package match

import (
	"context"
	"syscall"
	"testing"
	"time"

	"prep/ingest"
)

// cpuTime is the CPU time the process has used, all threads. Benchmarks
// report it per operation next to ns/op because the machines they run on
// are shared: wall time grows with the neighbours' load, CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loop runs f b.N times and reports the CPU time per run.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	start, n := cpuTime(), 0
	for b.Loop() {
		f()
		n++
	}
	if n > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(n), "cpu-ns/op")
	}
}

// BenchmarkAnalyze measures one analysis per CV + JD pair of the fixtures
// as the pipeline runs it: ingest's CV and JD views included, extraction
// excluded (the documents are read once before the loop).
func BenchmarkAnalyze(b *testing.B) {
	c := loadCatalog(b)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	for _, f := range loadFixtures(b) {
		cv, jd := extract(b, ex, f.cv), extract(b, ex, f.jd)
		b.Run(f.name, func(b *testing.B) {
			loop(b, func() {
				if _, err := c.Analyze(context.Background(), cv, jd, ""); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkMatch is BenchmarkAnalyze without ingest's views: match's own
// share of the time.
func BenchmarkMatch(b *testing.B) {
	c := loadCatalog(b)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	for _, f := range loadFixtures(b) {
		cv, jd := extract(b, ex, f.cv), extract(b, ex, f.jd)
		cvView, jdView := cv.CV(), jd.JD()
		b.Run(f.name, func(b *testing.B) {
			loop(b, func() {
				if _, err := c.analyze(context.Background(), cv, cvView, jd, jdView, ""); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkFindMetrics measures the metric recognizer on one busy bullet.
func BenchmarkFindMetrics(b *testing.B) {
	s := "Own a book of 28 enterprise accounts ($6.2M ARR); lifted NRR to 118% (from 104%) and sourced $1.4M in expansion ARR."
	toks := tokenize(s)
	loop(b, func() { findMetrics(s, toks, "USD") })
}
