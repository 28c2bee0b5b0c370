package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"prep"
	"prep/internal/testenv"
	"prep/match"
	"prep/pipeline"
	"prep/worker"
)

// The test binary doubles as the prep binary: started with PREP_TEST_ROLE
// set (serve, api or worker), it runs that command, so fault tests can
// kill a worker as a separate OS process; with "cli" it runs the command
// line in PREP_TEST_ARGS, so benchmarks measure a CLI run's own memory.
func TestMain(m *testing.M) {
	if role := os.Getenv("PREP_TEST_ROLE"); role != "" {
		os.Exit(helperMain(role))
	}
	os.Exit(m.Run())
}

func helperMain(role string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if role == "cli" {
		// A CLI command, its arguments in PREP_TEST_ARGS as a JSON list.
		var args []string
		if err := json.Unmarshal([]byte(os.Getenv("PREP_TEST_ARGS")), &args); err != nil {
			fmt.Fprintln(os.Stderr, "helper: PREP_TEST_ARGS:", err)
			return 2
		}
		return run(ctx, args, os.Stdout, os.Stderr)
	}
	h := &hooks{pipeline: func(p worker.Pipeline) worker.Pipeline {
		if os.Getenv("PREP_TEST_FAKE_PIPELINE") != "" {
			p = fakePipeline{}
		}
		if stage := os.Getenv("PREP_TEST_HOLD"); stage != "" {
			p = holdPipeline{inner: p, stage: pipeline.Stage(stage)}
		}
		return p
	}}
	if err := runService(ctx, role, nil, os.Getenv, io.Discard, os.Stderr, h); err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 1
	}
	return 0
}

// holdPipeline blocks a run when it reaches a stage, until the process is
// killed: the fault tests' way to catch a worker mid-task.
type holdPipeline struct {
	inner worker.Pipeline
	stage pipeline.Stage
}

func (h holdPipeline) Run(ctx context.Context, in pipeline.Input, progress func(pipeline.Stage)) (*pipeline.Result, error) {
	return h.inner.Run(ctx, in, func(s pipeline.Stage) {
		progress(s)
		if s == h.stage {
			<-ctx.Done()
		}
	})
}

// fakePipeline stands in for the stages while they are not on main yet
// (PREP_TEST_FAKE_PIPELINE=1, never in CI): it reads the candidate's name
// from the first line of the CV text.
type fakePipeline struct{}

func (fakePipeline) Run(ctx context.Context, in pipeline.Input, progress func(pipeline.Stage)) (*pipeline.Result, error) {
	progress(pipeline.StageExtracting)
	progress(pipeline.StageAnalysing)
	progress(pipeline.StageRendering)
	a := &match.Analysis{Schema: match.Schema, Candidate: match.Candidate{Name: "Fake Candidate"},
		Job: match.Job{Title: "Customer Success Manager", Company: "Acme"},
		Pillars: []match.Pillar{
			{ID: "retention", Name: "Retention and renewals", Level: match.LevelStrong, Score: 82},
			{ID: "expansion", Name: "Expansion", Level: match.LevelPartial, Score: 55},
			{ID: "onboarding", Name: "Onboarding and adoption", Level: match.LevelWeak, Score: 30},
			{ID: "data", Name: "Data and health scores", Level: match.LevelMissing, Score: 5},
		},
		Gaps: []match.Gap{
			{ID: "no-nrr", Severity: match.SeverityHigh, Message: "No net revenue retention figure for your book of business"},
			{ID: "no-tool", Severity: match.SeverityMedium, Message: "Gainsight is named in the job but not in your CV"},
			{ID: "no-qbr", Severity: match.SeverityLow, Message: "No executive business review you ran"},
		}}
	return &pipeline.Result{Analysis: a, PDF: minimalPDF("Fake Candidate")}, nil
}

// minimalPDF writes a one-page PDF showing text, with a correct xref
// table so pdftotext reads it.
func minimalPDF(text string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	stream := "BT /F1 24 Tf 72 760 Td (" + text + ") Tj ET"
	objs[3] = fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// requirePipeline skips (fails in CI) while the real stages still answer
// "not available yet", unless the fake is asked for.
func requirePipeline(t testing.TB, cv []byte, jd string) {
	t.Helper()
	if os.Getenv("PREP_TEST_FAKE_PIPELINE") != "" {
		if testenv.InCI() {
			t.Fatal("PREP_TEST_FAKE_PIPELINE is set in CI")
		}
		return
	}
	a := &app{cfg: &config{MaxUpload: 10 << 20}}
	p, release, err := a.newPipeline()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, err = p.Run(context.Background(), pipeline.Input{CV: cv, JDText: jd}, nil)
	if prep.ErrorCode(err) == prep.EUNSUPPORTED && strings.Contains(err.Error(), "not available yet") {
		if testenv.InCI() {
			t.Fatalf("the pipeline is not available: %v", err)
		}
		t.Skipf("the real pipeline is not on this branch yet (%v); PREP_TEST_FAKE_PIPELINE=1 runs the service with a fake", err)
	}
	if err != nil {
		t.Fatalf("the pipeline fails on the test CV: %v", err)
	}
}

// stack is a Redis, an SMTP server and a data directory, with the
// environment that points prep at them.
type stack struct {
	redis *testenv.Redis
	smtp  *testenv.SMTP
	dir   string
	env   map[string]string
}

func newStack(t testing.TB) *stack {
	t.Helper()
	s := &stack{redis: testenv.StartRedis(t), smtp: testenv.StartSMTP(t), dir: t.TempDir()}
	s.env = map[string]string{
		"PREP_REDIS_URL":        s.redis.URL,
		"PREP_DATA_DIR":         s.dir,
		"PREP_SMTP_URL":         s.smtp.URL,
		"PREP_MAIL_FROM":        "prep <prep@example.com>",
		"PREP_UPLOAD_RATE":      "0",
		"PREP_RETRY_BASE":       "200ms",
		"PREP_POLL_INTERVAL":    "20ms",
		"PREP_SHUTDOWN_TIMEOUT": "3s",
		"PREP_CONCURRENCY":      "2",
		"PREP_LOG_LEVEL":        "warn",
	}
	return s
}

func (s *stack) getenv(extra map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := extra[k]; ok {
			return v
		}
		if v, ok := s.env[k]; ok {
			return v
		}
		if k == "PREP_TEST_FAKE_PIPELINE" || strings.HasPrefix(k, "PREP_") {
			return os.Getenv(k)
		}
		return ""
	}
}

// serve runs `prep serve` (or role) in this process until the test ends
// and returns its base URL.
func (s *stack) serve(t *testing.T, role string, extra map[string]string, wrap func(worker.Pipeline) worker.Pipeline) string {
	t.Helper()
	port := testenv.FreePort(t)
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	env := map[string]string{"PREP_ADDR": "127.0.0.1:" + strconv.Itoa(port), "PREP_BASE_URL": base}
	for k, v := range extra {
		env[k] = v
	}
	h := &hooks{pipeline: func(p worker.Pipeline) worker.Pipeline {
		if os.Getenv("PREP_TEST_FAKE_PIPELINE") != "" {
			p = fakePipeline{}
		}
		if wrap != nil {
			p = wrap(p)
		}
		return p
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runService(ctx, role, nil, s.getenv(env), io.Discard, testLog{t}, h) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("prep %s: %v", role, err)
		}
	})
	if role != "worker" {
		waitReady(t, base)
	}
	return base
}

// spawn starts `prep ROLE` as a separate OS process (this test binary),
// stopped at the end of the test.
func (s *stack) spawn(t testing.TB, role string, extra map[string]string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PREP_TEST_ROLE="+role)
	for k, v := range s.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	for k, v := range extra {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = testLog{t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_, _ = cmd.Process.Wait()
	})
	return cmd
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	testenv.WaitFor(t, 20*time.Second, "the server to be ready", func() bool {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
}

// testLog sends a process's log lines to the test log.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Helper()
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// inputs are the CV and JD the service tests upload: a synthetic Customer
// Success CV from testdata/cv when the repository has one, else a corpus
// PDF; the fictional Customer Success JD in testdata/jd.
type inputs struct {
	cv     []byte
	cvName string // what the CV's owner is called, for the email check
	jd     string
}

func testInputs(t testing.TB) inputs {
	t.Helper()
	root := testenv.ModuleRoot(t)
	if files, _ := filepath.Glob(filepath.Join(root, "testdata", "cv", "*.pdf")); len(files) > 0 {
		sort.Strings(files)
		cv, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		// The synthetic CVs are built from HTML whose <h1> is the name.
		html, _ := os.ReadFile(strings.TrimSuffix(files[0], ".pdf") + ".html")
		name := ""
		if m := regexp.MustCompile(`<h1[^>]*>([^<]+)`).FindSubmatch(html); m != nil {
			name = strings.TrimSpace(string(m[1]))
		}
		return inputs{cv: cv, cvName: name, jd: corpusJD(t)}
	}
	dir := testenv.CorpusDir(t)
	cv, err := os.ReadFile(filepath.Join(dir, "cv", "rendercv__John_Doe_ClassicTheme_CV.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	return inputs{cv: cv, cvName: "John Doe", jd: corpusJD(t)}
}

func corpusJD(t testing.TB) string {
	t.Helper()
	// A fictional job description committed with the repository, so the
	// service tests run where the shared corpus is absent (CI clones).
	jd, err := os.ReadFile(filepath.Join(testenv.ModuleRoot(t), "testdata", "jd", "enterprise-csm.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(jd)
}

// uploadAPI posts a report request and returns its id.
func uploadAPI(t testing.TB, base string, cv []byte, jd, email string) string {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("cv", "cv.pdf")
	fw.Write(cv)
	w.WriteField("jd_text", jd)
	if email != "" {
		w.WriteField("email", email)
	}
	w.Close()
	resp, err := http.Post(base+"/api/v1/reports", w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ ID string }
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted || json.Unmarshal(data, &out) != nil {
		t.Fatalf("upload: %d %s", resp.StatusCode, data)
	}
	return out.ID
}

// status is the API's answer about a report.
type status struct {
	ID        string          `json:"id"`
	Status    string          `json:"status"`
	Stage     string          `json:"stage"`
	Error     string          `json:"error"`
	Email     string          `json:"email_status"`
	ReportURL string          `json:"report_url"`
	Analysis  json.RawMessage `json:"analysis"`
}

func getStatus(base, id string) (*status, error) {
	resp, err := http.Get(base + "/api/v1/reports/" + id)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	s := new(status)
	return s, json.NewDecoder(resp.Body).Decode(s)
}

// waitStatus polls until the report reaches one of the statuses.
func waitStatus(t *testing.T, base, id string, timeout time.Duration, cond func(*status) bool) *status {
	t.Helper()
	var last *status
	var lastErr error
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		last, lastErr = getStatus(base, id)
		if lastErr == nil && cond(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("report %s: timed out after %v; last %+v %v", id, timeout, last, lastErr)
	return nil
}

func isDone(s *status) bool { return s.Status == "ready" || s.Status == "failed" }

// emailsFor returns the messages sent to addr.
func emailsFor(s *testenv.SMTP, addr string) []testenv.Mail {
	var out []testenv.Mail
	for _, m := range s.Messages() {
		for _, to := range m.To {
			if to == addr {
				out = append(out, m)
			}
		}
	}
	return out
}

// pdfText runs pdftotext on a PDF.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := testenv.Program(t, "pdftotext")
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func download(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download %s: %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return data
}
