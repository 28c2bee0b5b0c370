package worker

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"prep"
	"prep/blob"
	"prep/internal/testenv"
	"prep/mail"
	"prep/match"
	"prep/pipeline"
	"prep/store"
	"prep/templates"
)

// fakePipeline is a hand-written stand-in for the stages: it returns a
// fixed analysis and a tiny PDF, counts runs, and can fail or call a hook.
type fakePipeline struct {
	runs atomic.Int32
	err  error
	hook func(ctx context.Context)
}

func (f *fakePipeline) Run(ctx context.Context, in pipeline.Input, progress func(pipeline.Stage)) (*pipeline.Result, error) {
	f.runs.Add(1)
	progress(pipeline.StageExtracting)
	if f.hook != nil {
		f.hook(ctx)
	}
	if f.err != nil {
		return nil, f.err
	}
	progress(pipeline.StageAnalysing)
	progress(pipeline.StageRendering)
	a := &match.Analysis{
		Schema:    match.Schema,
		Candidate: match.Candidate{Name: "Ada Lovelace"},
		Job:       match.Job{Title: "Customer Success Manager", Company: "Acme"},
		Pillars: []match.Pillar{
			{ID: "retention", Name: "Retention", Level: match.LevelStrong, Score: 80},
			{ID: "expansion", Name: "Expansion", Level: match.LevelWeak, Score: 20},
		},
		Gaps: []match.Gap{
			{ID: "g-low", Severity: match.SeverityLow, Message: "low"},
			{ID: "g-high", Severity: match.SeverityHigh, Message: "high"},
			{ID: "g-med", Severity: match.SeverityMedium, Message: "medium"},
			{ID: "g-high2", Severity: match.SeverityHigh, Message: "high two"},
		},
	}
	return &pipeline.Result{Analysis: a, PDF: []byte("%PDF-1.4 fake report")}, nil
}

// fakeMailer records messages and fails while down is set.
type fakeMailer struct {
	mu       sync.Mutex
	sent     []*mail.Message
	attempts int
	down     bool
	err      error
}

func (m *fakeMailer) Send(ctx context.Context, msg *mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.attempts++
	if m.err != nil {
		return m.err
	}
	if m.down {
		return errors.New("dial tcp: connection refused")
	}
	m.sent = append(m.sent, msg)
	return nil
}

func (m *fakeMailer) setDown(v bool) { m.mu.Lock(); m.down = v; m.mu.Unlock() }
func (m *fakeMailer) count() (sent, attempts int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sent), m.attempts
}

type harness struct {
	w     *Worker
	rdb   *redis.Client
	store *store.Store
	blobs *blob.Store
	pipe  *fakePipeline
	mail  *fakeMailer
	// blobDir is the folder of the file:// bucket.
	blobDir string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	r := testenv.StartRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr})
	t.Cleanup(func() { rdb.Close() })
	ctx := context.Background()
	dir := t.TempDir()
	u, err := blob.FileURL(dir)
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	composer, err := mail.NewComposer(templates.Mail())
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{rdb: rdb, store: store.New(rdb, time.Hour), blobs: blobs, pipe: &fakePipeline{}, mail: &fakeMailer{}, blobDir: dir}
	client := NewClient(rdb, TaskOptions{MaxRetry: 5, Timeout: time.Minute, EmailTimeout: time.Minute, Retention: time.Hour})
	h.w = New(Config{
		BaseURL: "http://prep.test", Retention: time.Hour, Concurrency: 2,
		RetryBase: 50 * time.Millisecond, PollInterval: 20 * time.Millisecond, ShutdownTimeout: time.Second,
		OutboxDir: t.TempDir(),
	}, Deps{
		Store: h.store, Blobs: blobs, Pipeline: h.pipe, Mailer: h.mail, Composer: composer, Client: client,
		Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	return h
}

// run starts the asynq server for the test.
func (h *harness) run(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = h.w.Run(ctx, h.rdb) }()
	t.Cleanup(func() { cancel(); <-done })
}

// upload stores a report's files and record, like the web does.
func (h *harness) upload(t *testing.T, id, email string) {
	t.Helper()
	ctx := context.Background()
	rec := &store.Record{
		ID: id, Queue: QueueInteractive, Status: store.StatusQueued, Stage: StageQueued, Email: email,
		CVKey: blob.Key(id, blob.CV), JDKey: blob.Key(id, blob.JD), JDKind: "text",
	}
	if err := h.blobs.Put(ctx, rec.CVKey, []byte("cv"), ""); err != nil {
		t.Fatal(err)
	}
	if err := h.blobs.Put(ctx, rec.JDKey, []byte("jd"), ""); err != nil {
		t.Fatal(err)
	}
	if err := h.store.Create(ctx, rec); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) enqueue(t *testing.T, id string) {
	t.Helper()
	if err := h.w.Client.EnqueueGenerate(context.Background(), GeneratePayload{ReportID: id, CVKey: blob.Key(id, blob.CV), JDKey: blob.Key(id, blob.JD)}, QueueInteractive); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) record(t *testing.T, id string) *store.Record {
	t.Helper()
	rec, err := h.store.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("get %s: %v", id, err)
	}
	return rec
}

func (h *harness) waitFor(t *testing.T, id, what string, cond func(*store.Record) bool) *store.Record {
	t.Helper()
	var rec *store.Record
	testenv.WaitFor(t, 20*time.Second, what, func() bool {
		r, err := h.store.Get(context.Background(), id)
		if err != nil {
			return false
		}
		rec = r
		return cond(r)
	})
	return rec
}

func generateTask(id string) *asynq.Task {
	return asynq.NewTask(TypeGenerate, []byte(`{"report_id":"`+id+`"}`))
}

func emailTask(id string) *asynq.Task {
	return asynq.NewTask(TypeEmail, []byte(`{"report_id":"`+id+`"}`))
}

const id1 = "REPORTAAAAAAAAAAAAAAAAAAA1"

func TestGenerateThenEmail(t *testing.T) {
	h := newHarness(t)
	h.run(t)
	h.upload(t, id1, "ada@example.com")
	h.enqueue(t, id1)
	h.enqueue(t, id1) // the same upload enqueued twice runs once
	rec := h.waitFor(t, id1, "report ready and emailed", func(r *store.Record) bool { return r.EmailState == store.EmailSent })

	want := &store.Summary{
		Pillars: []store.PillarSummary{
			{ID: "retention", Name: "Retention", Level: "strong", Score: 80},
			{ID: "expansion", Name: "Expansion", Level: "weak", Score: 20},
		},
		Gaps: []store.GapSummary{
			{ID: "g-high", Severity: "high", Message: "high"},
			{ID: "g-high2", Severity: "high", Message: "high two"},
			{ID: "g-med", Severity: "medium", Message: "medium"},
		},
	}
	if diff := cmp.Diff(want, rec.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if rec.Status != store.StatusReady || rec.Stage != StageReady || rec.Renders != 1 || rec.Emails != 1 {
		t.Errorf("record: status %q stage %q renders %d emails %d; want ready, ready, 1, 1", rec.Status, rec.Stage, rec.Renders, rec.Emails)
	}
	if rec.Candidate != "Ada Lovelace" || rec.Company != "Acme" {
		t.Errorf("names: %q at %q", rec.Candidate, rec.Company)
	}
	for _, st := range []string{"extracting", "analysing", "rendering"} {
		if _, ok := rec.Timings[st]; !ok {
			t.Errorf("no timing for stage %s: %v", st, rec.Timings)
		}
	}
	if n := h.pipe.runs.Load(); n != 1 {
		t.Errorf("pipeline ran %d times, want 1", n)
	}
	sent, _ := h.mail.count()
	if sent != 1 {
		t.Fatalf("sent %d emails, want 1", sent)
	}
	m := h.mail.sent[0]
	if m.To != "ada@example.com" || m.AttachmentName != "prep-acme-customer-success-manager.pdf" || string(m.Attachment) != "%PDF-1.4 fake report" {
		t.Errorf("email to %q, attachment %q (%d bytes)", m.To, m.AttachmentName, len(m.Attachment))
	}
	if want := "Your interview prep for Customer Success Manager at Acme is ready"; m.Subject != want {
		t.Errorf("subject %q, want %q", m.Subject, want)
	}
}

// TestHandlersAreIdempotent runs each handler again, as asynq does after a
// shutdown: nothing is rendered or sent twice.
func TestHandlersAreIdempotent(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.upload(t, id1, "ada@example.com")
	for range 2 {
		if err := h.w.handleGenerate(ctx, generateTask(id1)); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := h.w.handleEmail(ctx, emailTask(id1)); err != nil {
			t.Fatal(err)
		}
	}
	rec := h.record(t, id1)
	sent, attempts := h.mail.count()
	if h.pipe.runs.Load() != 1 || rec.Renders != 1 || sent != 1 || attempts != 1 {
		t.Errorf("runs %d renders %d sent %d attempts %d; want 1 each", h.pipe.runs.Load(), rec.Renders, sent, attempts)
	}

	// A run that stored the PDF and died before recording it: the next
	// run finishes the record without rendering again.
	const id2 = "REPORTAAAAAAAAAAAAAAAAAAA2"
	h.upload(t, id2, "")
	if _, err := h.w.generate(ctx, h.record(t, id2), map[string]int64{}); err != nil {
		t.Fatal(err)
	}
	if err := h.w.handleGenerate(ctx, generateTask(id2)); err != nil {
		t.Fatal(err)
	}
	if rec := h.record(t, id2); rec.Status != store.StatusReady || h.pipe.runs.Load() != 2 {
		t.Errorf("after crash: status %q, pipeline runs %d; want ready, 2", rec.Status, h.pipe.runs.Load())
	}

	// An attempt that claimed the email and died: not sent again.
	const id3 = "REPORTAAAAAAAAAAAAAAAAAAA3"
	h.upload(t, id3, "grace@example.com")
	if err := h.w.handleGenerate(ctx, generateTask(id3)); err != nil {
		t.Fatal(err)
	}
	if err := h.store.Update(ctx, id3, store.Fields{"email_state": store.EmailSending}); err != nil {
		t.Fatal(err)
	}
	if err := h.w.handleEmail(ctx, emailTask(id3)); err != nil {
		t.Fatal(err)
	}
	if rec := h.record(t, id3); rec.EmailState != store.EmailUnknown || rec.Status != store.StatusReady {
		t.Errorf("email state %q status %q; want unknown, ready", rec.EmailState, rec.Status)
	}
	if sent, _ := h.mail.count(); sent != 1 {
		t.Errorf("sent %d, want still 1", sent)
	}
}

func TestEmailRetriedWithoutRendering(t *testing.T) {
	h := newHarness(t)
	h.mail.setDown(true)
	h.run(t)
	h.upload(t, id1, "ada@example.com")
	h.enqueue(t, id1)
	rec := h.waitFor(t, id1, "email retrying", func(r *store.Record) bool { return r.EmailState == store.EmailRetrying })
	if rec.Status != store.StatusReady {
		t.Errorf("status while the email waits: %q, want ready (downloadable)", rec.Status)
	}
	testenv.WaitFor(t, 10*time.Second, "two failed attempts", func() bool { _, n := h.mail.count(); return n >= 2 })
	h.mail.setDown(false)
	rec = h.waitFor(t, id1, "email sent", func(r *store.Record) bool { return r.EmailState == store.EmailSent })
	if sent, _ := h.mail.count(); sent != 1 || rec.Renders != 1 || h.pipe.runs.Load() != 1 {
		t.Errorf("sent %d renders %d runs %d; want 1 each", sent, rec.Renders, h.pipe.runs.Load())
	}
}

func TestBadInputFailsAtOnce(t *testing.T) {
	h := newHarness(t)
	h.pipe.err = prep.Errorf(prep.EINVALID, "the PDF is password-protected: remove the password and upload it again")
	h.run(t)
	h.upload(t, id1, "ada@example.com")
	h.enqueue(t, id1)
	rec := h.waitFor(t, id1, "report failed", func(r *store.Record) bool { return r.Status == store.StatusFailed })
	if rec.ErrorCode != prep.EINVALID || rec.Error != "the PDF is password-protected: remove the password and upload it again" {
		t.Errorf("error %q %q", rec.ErrorCode, rec.Error)
	}
	insp := h.w.Client.Inspector()
	testenv.WaitFor(t, 5*time.Second, "task archived", func() bool {
		info, err := insp.GetTaskInfo(QueueInteractive, id1)
		return err == nil && info.State == asynq.TaskStateArchived
	})
	if n := h.pipe.runs.Load(); n != 1 {
		t.Errorf("pipeline ran %d times for bad input, want 1 (no retries)", n)
	}
	if _, attempts := h.mail.count(); attempts != 0 {
		t.Errorf("%d email attempts for a failed report", attempts)
	}
}

func TestTransientFaultIsRetried(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	flaky := &flakyPipeline{inner: h.pipe, failures: 2, calls: &calls}
	h.w.Pipeline = flaky
	h.run(t)
	h.upload(t, id1, "")
	h.enqueue(t, id1)
	rec := h.waitFor(t, id1, "ready after retries", func(r *store.Record) bool { return r.Status == store.StatusReady })
	if calls.Load() != 3 || rec.Renders != 1 {
		t.Errorf("calls %d renders %d; want 3, 1", calls.Load(), rec.Renders)
	}
}

// flakyPipeline fails its first runs with an error that has no code, as a
// lost connection would.
type flakyPipeline struct {
	inner    Pipeline
	failures int32
	calls    *atomic.Int32
}

func (f *flakyPipeline) Run(ctx context.Context, in pipeline.Input, progress func(pipeline.Stage)) (*pipeline.Result, error) {
	if f.calls.Add(1) <= f.failures {
		return nil, errors.New("connection reset by peer")
	}
	return f.inner.Run(ctx, in, progress)
}

func TestDeletedWhileRunning(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.upload(t, id1, "ada@example.com")
	h.pipe.hook = func(context.Context) {
		if err := h.store.Delete(ctx, id1); err != nil {
			t.Error(err)
		}
	}
	if err := h.w.handleGenerate(ctx, generateTask(id1)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{blob.CV, blob.JD, blob.Analysis, blob.PDF} {
		if ok, _ := h.blobs.Exists(ctx, blob.Key(id1, name)); ok {
			t.Errorf("%s still stored after the report was deleted", name)
		}
	}
	if _, err := h.store.Get(ctx, id1); !store.IsNotFound(err) {
		t.Errorf("record after delete: %v", err)
	}
}

func TestSweep(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	old, fresh := "REPORTOLDAAAAAAAAAAAAAAAA1", "REPORTNEWAAAAAAAAAAAAAAAA1"
	h.upload(t, fresh, "")
	h.upload(t, old, "")
	// Back-date the old report: its record and its files.
	past := time.Now().Add(-2 * time.Hour)
	if err := h.rdb.ZAdd(ctx, "prep:reports", redis.Z{Score: float64(past.UnixMilli()), Member: old}).Err(); err != nil {
		t.Fatal(err)
	}
	orphan := blob.Key("REPORTORPHANAAAAAAAAAAAAA1", blob.PDF)
	if err := h.blobs.Put(ctx, orphan, []byte("x"), ""); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(h.blobDir, filepath.FromSlash(orphan)), past, past); err != nil {
		t.Fatal(err)
	}
	eml := filepath.Join(h.w.cfg.OutboxDir, "old.eml")
	if err := os.WriteFile(eml, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(eml, past, past); err != nil {
		t.Fatal(err)
	}

	if err := h.w.handleSweep(ctx, asynq.NewTask(TypeSweep, nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.Get(ctx, old); !store.IsNotFound(err) {
		t.Errorf("old record survived the sweep: %v", err)
	}
	for _, key := range []string{blob.Key(old, blob.CV), orphan} {
		if ok, _ := h.blobs.Exists(ctx, key); ok {
			t.Errorf("%s survived the sweep", key)
		}
	}
	if _, err := os.Stat(eml); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("old outbox file survived: %v", err)
	}
	if _, err := h.store.Get(ctx, fresh); err != nil {
		t.Errorf("fresh record swept: %v", err)
	}
	if ok, _ := h.blobs.Exists(ctx, blob.Key(fresh, blob.CV)); !ok {
		t.Error("fresh blob swept")
	}
}

func TestPDFName(t *testing.T) {
	for _, tc := range []struct{ company, role, want string }{
		{"Acme", "Customer Success Manager", "prep-acme-customer-success-manager.pdf"},
		{"", "", "prep.pdf"},
		{"Zürich Öl AG", "CSM / Onboarding", "prep-z-rich-l-ag-csm-onboarding.pdf"},
	} {
		if got := PDFName(tc.company, tc.role); got != tc.want {
			t.Errorf("PDFName(%q, %q) = %q, want %q", tc.company, tc.role, got, tc.want)
		}
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }
