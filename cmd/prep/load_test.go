package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"prep/internal/testenv"
	"prep/store"
)

// BenchmarkServiceLoad is the load benchmark: one `prep serve` process on
// loopback with a real Redis, fed through its HTTP API.
//
//	go test -run '^$' -bench ServiceLoad -benchtime 1x ./cmd/prep
//
// Phase "burst": 300 uploads (PREP_LOAD_N) from 8 concurrent clients
// (PREP_LOAD_C) as fast as the server takes them: reports/s from the first
// upload to the last ready report. Phase "paced": 50 uploads at 5 per
// second: upload→ready latency at a steady rate. Latencies are the
// server's own (record created → PDF stored), so polling does not load
// the two cores. Memory is the peak resident set of the serve process.
func BenchmarkServiceLoad(b *testing.B) {
	in := testInputs(b)
	requirePipeline(b, in.cv, in.jd)
	s := newStack(b)
	port := testenv.FreePort(b)
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	env := map[string]string{"PREP_ADDR": "127.0.0.1:" + strconv.Itoa(port), "PREP_BASE_URL": base, "PREP_LOG_LEVEL": "error"}
	if w := os.Getenv("PREP_LOAD_WORKERS"); w != "" {
		env["PREP_CONCURRENCY"] = w
	} else {
		delete(s.env, "PREP_CONCURRENCY") // the default, as `prep serve` runs
	}
	proc := s.spawn(b, "serve", env)
	testenv.WaitFor(b, 30*time.Second, "prep serve to be ready", func() bool { return ready(base) })
	rdb := redis.NewClient(&redis.Options{Addr: s.redis.Addr})
	defer rdb.Close()
	records := store.New(rdb, time.Hour)

	n := envInt("PREP_LOAD_N", 300)
	c := envInt("PREP_LOAD_C", 8)
	for range b.N {
		// Burst.
		cpu0 := procCPU(b, proc.Process.Pid)
		start := time.Now()
		ids := make([]string, n)
		var wg sync.WaitGroup
		next := make(chan int)
		for range c {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					ids[i] = uploadAPI(b, base, in.cv, in.jd, "")
				}
			}()
		}
		for i := range n {
			next <- i
		}
		close(next)
		wg.Wait()
		uploaded := time.Since(start)
		burst := waitAll(b, records, ids, 10*time.Minute)
		// CPU per report is the figure other work on the machine does
		// not distort: a busy neighbour lowers reports/s, not this.
		cpuPerReport := float64((procCPU(b, proc.Process.Pid) - cpu0).Milliseconds()) / float64(n)
		first, last := burst[0].Created, burst[0].Finished
		for _, r := range burst {
			first = minTime(first, r.Created)
			last = maxTime(last, r.Finished)
		}
		rate := float64(n) / last.Sub(first).Seconds()
		p := percentiles(burst)
		b.ReportMetric(rate, "reports/s")
		b.ReportMetric(cpuPerReport, "serve-cpu-ms/report")
		b.ReportMetric(p[50], "burst-p50-ms")
		b.ReportMetric(p[95], "burst-p95-ms")
		b.ReportMetric(p[99], "burst-p99-ms")
		fmt.Fprintf(os.Stderr, "burst: %d uploads, %d clients: uploads took %v, %.1f reports/s, %.0f ms of serve CPU per report; upload→ready p50 %.0f ms, p95 %.0f ms, p99 %.0f ms\n",
			n, c, uploaded.Round(time.Millisecond), rate, cpuPerReport, p[50], p[95], p[99])

		// Paced at 5 uploads per second.
		paced := make([]string, 50)
		tick := time.NewTicker(200 * time.Millisecond)
		for i := range paced {
			<-tick.C
			wg.Add(1)
			go func() { defer wg.Done(); paced[i] = uploadAPI(b, base, in.cv, in.jd, "") }()
		}
		tick.Stop()
		wg.Wait()
		steady := waitAll(b, records, paced, 5*time.Minute)
		q := percentiles(steady)
		b.ReportMetric(q[50], "paced-p50-ms")
		b.ReportMetric(q[95], "paced-p95-ms")
		b.ReportMetric(q[99], "paced-p99-ms")
		fmt.Fprintf(os.Stderr, "paced: 50 uploads at 5/s: upload→ready p50 %.0f ms, p95 %.0f ms, p99 %.0f ms\n", q[50], q[95], q[99])
	}
	hwm, rss := procMemory(b, proc.Process.Pid)
	b.ReportMetric(hwm, "peak-rss-MiB")
	fmt.Fprintf(os.Stderr, "prep serve memory: peak RSS %.0f MiB, RSS now %.0f MiB\n", hwm, rss)
}

func ready(base string) bool {
	_, err := getStatus(base, "AAAAAAAAAAAAAAAAAAAAAAAAAA")
	return err != nil && strings.Contains(err.Error(), "404")
}

// waitAll polls the records every 200 ms until every report is done, and
// returns them; a failed report fails the benchmark.
func waitAll(b *testing.B, st *store.Store, ids []string, timeout time.Duration) []*store.Record {
	b.Helper()
	out := make([]*store.Record, len(ids))
	deadline := time.Now().Add(timeout)
	for i := 0; i < len(ids); {
		rec, err := st.Get(context.Background(), ids[i])
		if err == nil && rec.Status == store.StatusFailed {
			b.Fatalf("report %s failed: %s", ids[i], rec.Error)
		}
		if err == nil && rec.Status == store.StatusReady {
			out[i] = rec
			i++
			continue
		}
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d reports ready after %v", i, len(ids), timeout)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return out
}

func percentiles(recs []*store.Record) map[int]float64 {
	ms := make([]float64, len(recs))
	for i, r := range recs {
		ms[i] = float64(r.Finished.Sub(r.Created).Milliseconds())
	}
	slices.Sort(ms)
	at := func(p int) float64 { return ms[min(len(ms)-1, (len(ms)*p+99)/100-1)] }
	return map[int]float64{50: at(50), 95: at(95), 99: at(99)}
}

// procMemory reads a process's peak and current resident set in MiB.
func procMemory(b *testing.B, pid int) (peak, now float64) {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Logf("memory: %v", err)
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmHWM:":
			peak = kb / 1024
		case "VmRSS:":
			now = kb / 1024
		}
	}
	return peak, now
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
