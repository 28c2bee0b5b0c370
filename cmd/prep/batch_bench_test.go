package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"prep/batch"
	"prep/internal/testenv"
)

// BenchmarkBatch500 runs the same 500-CV batch through the service (one
// `prep serve` process on a real Redis, fed through POST /api/v1/batches)
// and through `prep batch` (in-process, no Redis), side by side in one
// run, each in its own OS process so its peak memory is its own:
//
//	go test -run '^$' -bench Batch500 -benchtime 1x ./cmd/prep
//
// The CVs: 300 PDFs (the synthetic CVs of testdata/cv, each made distinct
// by a comment after %%EOF, which readers ignore, so no two are copies)
// and 200 DOCX files of fictional people; PREP_BATCH_N changes the count,
// PREP_BATCH_WORKERS the service's PREP_CONCURRENCY and
// PREP_BATCH_CLI_WORKERS the CLI's --workers (default: their own).
// The job description is a corpus JD file. Wall time runs from the first
// byte of the upload (or the start of the CLI) to the last report; peak
// memory is the process's VmHWM (service) or ru_maxrss (CLI); CPU time is
// the process's own, which other work on a shared machine does not skew
// as it does the wall time. The service's stage costs come from its own
// Prometheus histograms.
func BenchmarkBatch500(b *testing.B) {
	in := testInputs(b)
	requirePipeline(b, in.cv, in.jd)
	n := envInt("PREP_BATCH_N", 500)
	files := benchFiles(b, n)
	jdPath := filepath.Join(b.TempDir(), "jd.txt")
	if err := os.WriteFile(jdPath, []byte(in.jd), 0o600); err != nil {
		b.Fatal(err)
	}
	var total int64
	for _, f := range files {
		total += int64(len(f.data))
	}
	fmt.Fprintf(os.Stderr, "batch of %d CVs (%.1f MiB): 300/500 PDF, 200/500 DOCX\n", len(files), float64(total)/(1<<20))

	for range b.N {
		b.Run("service", func(b *testing.B) { benchService(b, files) })
		b.Run("cli", func(b *testing.B) { benchCLI(b, files, jdPath) })
	}
}

// benchFiles makes n distinct CVs, 60% PDF and 40% DOCX.
func benchFiles(b *testing.B, n int) []upFile {
	b.Helper()
	pdfs, _ := filepath.Glob(filepath.Join(testenv.ModuleRoot(b), "testdata", "cv", "*.pdf"))
	sort.Strings(pdfs)
	if len(pdfs) == 0 {
		b.Skip("no synthetic CVs in testdata/cv")
	}
	var base [][]byte
	for _, p := range pdfs {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		base = append(base, data)
	}
	var files []upFile
	for i := range n {
		if i%5 < 3 {
			data := append(append([]byte(nil), base[i%len(base)]...), fmt.Sprintf("%% variant %d\n", i)...)
			files = append(files, upFile{name: fmt.Sprintf("cv-%04d.pdf", i), data: data})
			continue
		}
		files = append(files, upFile{name: fmt.Sprintf("cv-%04d.docx", i), data: fictionalPerson(uint64(5000 + i)).docx(b)})
	}
	return files
}

func benchService(b *testing.B, files []upFile) {
	in := testInputs(b)
	s := newStack(b)
	port := testenv.FreePort(b)
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	env := map[string]string{"PREP_ADDR": "127.0.0.1:" + strconv.Itoa(port), "PREP_BASE_URL": base,
		"PREP_LOG_LEVEL": "error", "PREP_API_KEYS": testKeys}
	delete(s.env, "PREP_CONCURRENCY") // the defaults, as `prep serve` runs
	if w := os.Getenv("PREP_BATCH_WORKERS"); w != "" {
		env["PREP_CONCURRENCY"] = w
	}
	proc := s.spawn(b, "serve", env)
	testenv.WaitFor(b, 30*time.Second, "prep serve to be ready", func() bool { return ready(base) })

	// The request body is built before the clock starts.
	ctype, body := batchForm(b, map[string]string{"jd_text": in.jd}, files, nil)
	start := time.Now()
	resp, data := apiDo(b, http.MethodPost, base+"/api/v1/batches", keyAcme, body, ctype)
	uploaded := time.Since(start)
	var created struct{ ID string }
	if resp.StatusCode != http.StatusAccepted || json.Unmarshal(data, &created) != nil {
		b.Fatalf("POST: %d %s", resp.StatusCode, data)
	}
	// Progress is polled through the cheap list (a count per batch), twice
	// a second, not through the 500-row summary.
	testenv.WaitFor(b, 10*time.Minute, "the batch to finish", func() bool {
		resp, data := apiDo(b, http.MethodGet, base+"/api/v1/batches", keyAcme, nil, "")
		var list struct {
			Batches []struct {
				Status string `json:"status"`
			} `json:"batches"`
		}
		if resp.StatusCode != 200 || json.Unmarshal(data, &list) != nil || len(list.Batches) == 0 {
			return false
		}
		if list.Batches[0].Status == batch.BatchDone {
			return true
		}
		time.Sleep(500 * time.Millisecond)
		return false
	})
	sum, _ := getBatch(b, base, keyAcme, created.ID)
	if sum.Done != len(files) {
		b.Errorf("%d of %d reports ready; failed: %d", sum.Done, len(files), sum.Failed)
	}
	wall := sum.Finished.Sub(start)
	peak, _ := procMemory(b, proc.Process.Pid)
	cpu := procCPU(b, proc.Process.Pid)
	stages := stageCosts(b, base)
	b.ReportMetric(wall.Seconds(), "wall-s")
	b.ReportMetric(float64(sum.Done)/wall.Seconds(), "reports/s")
	b.ReportMetric(peak, "peak-rss-MiB")
	b.ReportMetric(cpu.Seconds(), "cpu-s")
	fmt.Fprintf(os.Stderr, "service: %d CVs: upload %v, all ready after %v (%.1f reports/s); prep serve used %v of CPU (%.0f ms a report), peak RSS %.0f MiB; mean stage costs %s\n",
		len(files), uploaded.Round(time.Millisecond), wall.Round(time.Millisecond), float64(sum.Done)/wall.Seconds(),
		cpu.Round(100*time.Millisecond), float64(cpu.Milliseconds())/float64(len(files)), peak, stages)
}

// procCPU reads the user and system CPU time a running process has used,
// from /proc: a figure the other work on a shared machine does not skew,
// as it does the wall time.
func procCPU(b *testing.B, pid int) time.Duration {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command (which may hold spaces) start after ")".
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	// Linux reports them in clock ticks of 1/100 s (USER_HZ).
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// stageCosts reads the mean time of each pipeline stage from the
// service's /metrics.
func stageCosts(b *testing.B, base string) string {
	b.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return "(no metrics: " + err.Error() + ")"
	}
	defer resp.Body.Close()
	sums, counts := map[string]float64{}, map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		for suffix, into := range map[string]map[string]float64{"_sum": sums, "_count": counts} {
			prefix := "prep_stage_duration_seconds" + suffix + `{stage="`
			if rest, ok := strings.CutPrefix(line, prefix); ok {
				stage, val, _ := strings.Cut(rest, `"} `)
				v, _ := strconv.ParseFloat(val, 64)
				into[stage] = v
			}
		}
	}
	var parts []string
	for _, st := range []string{"extracting", "analysing", "rendering"} {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%s %.0f ms", st, 1000*sums[st]/counts[st]))
		}
	}
	return strings.Join(parts, ", ")
}

func benchCLI(b *testing.B, files []upFile, jdPath string) {
	dir := filepath.Join(b.TempDir(), "cvs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	out := b.TempDir()
	argv := []string{"batch", "--jd", jdPath, "--out", out, dir}
	if w := os.Getenv("PREP_BATCH_CLI_WORKERS"); w != "" {
		argv = append(argv, "--workers", w)
	}
	args, _ := json.Marshal(argv)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PREP_TEST_ROLE=cli", "PREP_TEST_ARGS="+string(args))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		b.Fatalf("prep batch: %v\n%s", err, tail(stderr.String(), 2000))
	}
	data, err := os.ReadFile(filepath.Join(out, "batch.json"))
	if err != nil {
		b.Fatal(err)
	}
	var sum batch.Summary
	if err := json.Unmarshal(data, &sum); err != nil {
		b.Fatal(err)
	}
	if sum.Done != len(files) {
		b.Errorf("%d of %d reports ready", sum.Done, len(files))
	}
	peak := float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	b.ReportMetric(wall.Seconds(), "wall-s")
	b.ReportMetric(float64(sum.Done)/wall.Seconds(), "reports/s")
	b.ReportMetric(peak, "peak-rss-MiB")
	b.ReportMetric(cpu.Seconds(), "cpu-s")
	fmt.Fprintf(os.Stderr, "cli: %d CVs: %v (%.1f reports/s); prep batch used %v of CPU (%.0f ms a report), peak RSS %.0f MiB\n",
		len(files), wall.Round(time.Millisecond), float64(sum.Done)/wall.Seconds(), cpu.Round(100*time.Millisecond), float64(cpu.Milliseconds())/float64(len(files)), peak)
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
