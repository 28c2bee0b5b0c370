package worker

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"prep"
	"prep/batch"
	"prep/blob"
	"prep/internal/testenv"
	"prep/mail"
	"prep/match"
	"prep/pipeline"
	"prep/recruiter"
	"prep/store"
	"prep/webhook"
)

const testKey = "agency:ops@agency.example:agency-key-0123456789abcdef"

// namedPipeline reads the candidate's name and fit from the CV bytes
// ("name|pillar score"), and fails on a CV that says "corrupt".
type namedPipeline struct{ runs sync.Map }

func (p *namedPipeline) Run(ctx context.Context, in pipeline.Input, progress func(pipeline.Stage)) (*pipeline.Result, error) {
	n, _ := p.runs.LoadOrStore(string(in.CV), new(int))
	*n.(*int)++
	progress(pipeline.StageExtracting)
	if string(in.CV) == "corrupt" {
		return nil, prep.Errorf(prep.EINVALID, "this PDF is damaged")
	}
	name, score, _ := strings.Cut(string(in.CV), "|")
	var s int
	for _, c := range score {
		s = s*10 + int(c-'0')
	}
	progress(pipeline.StageAnalysing)
	progress(pipeline.StageRendering)
	a := &match.Analysis{Schema: match.Schema, Candidate: match.Candidate{Name: name},
		Job:     match.Job{Title: "Customer Success Manager", Company: "Acme"},
		Pillars: []match.Pillar{{ID: "retention", Name: "Retention", Score: s, Level: "partial"}}}
	return &pipeline.Result{Analysis: a, PDF: []byte("%PDF-1.4 " + name)}, nil
}

// hookReceiver records deliveries, failing the first few.
type hookReceiver struct {
	mu     sync.Mutex
	fail   int
	bodies [][]byte
	errs   []error
	secret string
}

func (r *hookReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	r.bodies = append(r.bodies, body)
	r.errs = append(r.errs, webhook.Verify(r.secret, req.Header.Get(webhook.HeaderSignature), req.Header.Get(webhook.HeaderTimestamp), body, time.Now(), 5*time.Minute))
}

func (r *hookReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

// batchHarness is the worker harness with recruiter keys and webhooks.
func batchHarness(t *testing.T) (*harness, *namedPipeline) {
	t.Helper()
	h := newHarness(t)
	keys, err := recruiter.Parse(testKey)
	if err != nil {
		t.Fatal(err)
	}
	allow, _ := webhook.ParseAllow("127.0.0.1")
	p := &namedPipeline{}
	h.w.Pipeline = p
	h.w.Keys = keys
	h.w.Webhooks = webhook.NewClient(webhook.NewGuard(allow), 5*time.Second)
	return h, p
}

// createBatch stores a batch as the web does: one report per distinct CV.
func (h *harness) createBatch(t *testing.T, id string, hook string, cvs ...string) *store.Batch {
	t.Helper()
	ctx := context.Background()
	jdKey := blob.BatchKey(id, blob.JD)
	if err := h.blobs.Put(ctx, jdKey, []byte("jd"), ""); err != nil {
		t.Fatal(err)
	}
	b := &store.Batch{ID: id, Owner: "agency", Status: batch.BatchRunning, Total: len(cvs), JDKey: jdKey, JDKind: "text",
		NotifyEmail: "ops@agency.example", WebhookURL: hook, WebhookState: store.WebhookPending}
	var recs []*store.Record
	first := map[string]string{}
	for i, cv := range cvs {
		if cv == "" {
			b.Items = append(b.Items, store.Item{File: "refused.png", ErrorCode: prep.EUNSUPPORTED, Error: "this is an image"})
			continue
		}
		if rid, ok := first[cv]; ok {
			b.Items = append(b.Items, store.Item{File: "copy.pdf", Report: rid, Copy: true})
			continue
		}
		rid := strings.Repeat("R", 24) + string(rune('A'+i/26)) + string(rune('A'+i%26))
		first[cv] = rid
		if err := h.blobs.Put(ctx, blob.Key(rid, blob.CV), []byte(cv), ""); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, &store.Record{ID: rid, Owner: "agency", Batch: id, Queue: QueueBulk, Status: store.StatusQueued,
			Stage: StageQueued, CVKey: blob.Key(rid, blob.CV), JDKey: jdKey, JDKind: "text"})
		b.Items = append(b.Items, store.Item{File: strings.ToLower(strings.Split(cv, "|")[0]) + ".pdf", Report: rid})
	}
	b.Reports = len(recs)
	if err := h.store.CreateBatch(ctx, b, recs); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := h.w.Client.EnqueueGenerate(ctx, GeneratePayload{ReportID: r.ID, CVKey: r.CVKey, JDKey: jdKey}, QueueBulk); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

func (h *harness) waitBatch(t *testing.T, id, what string, cond func(*store.Batch) bool) *store.Batch {
	t.Helper()
	var b *store.Batch
	testenv.WaitFor(t, 20*time.Second, what, func() bool {
		got, err := h.store.GetBatch(context.Background(), id)
		if err != nil {
			return false
		}
		b = got
		return cond(got)
	})
	return b
}

const batchID = "BATCHAAAAAAAAAAAAAAAAAAAA1"

// TestBatchDone: every report of a batch finishes, the last one completes
// the batch once, and the recruiter gets the email with scores.csv and the
// signed webhook.
func TestBatchDone(t *testing.T) {
	h, p := batchHarness(t)
	rcv := &hookReceiver{secret: recruiter.WebhookSecretOf("agency-key-0123456789abcdef"), fail: 2}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	h.run(t)
	h.createBatch(t, batchID, srv.URL+"/hook", "Ann|55", "Bea|80", "corrupt", "", "Ann|55")

	b := h.waitBatch(t, batchID, "the webhook delivered after two refusals", func(b *store.Batch) bool {
		return b.WebhookState == store.WebhookSent && b.EmailState == store.EmailSent
	})
	if b.Status != batch.BatchDone || b.Finished.IsZero() || b.Role != "Customer Success Manager" || b.Company != "Acme" {
		t.Errorf("batch: status %q finished %v role %q company %q", b.Status, b.Finished, b.Role, b.Company)
	}
	if n, _ := p.runs.Load("Ann|55"); *n.(*int) != 1 {
		t.Errorf("the copied CV ran %d times, want once", *n.(*int))
	}

	if rcv.count() != 1 || rcv.errs[0] != nil {
		t.Fatalf("%d deliveries, check: %v", rcv.count(), rcv.errs)
	}
	var sum batch.Summary
	if err := json.Unmarshal(rcv.bodies[0], &sum); err != nil {
		t.Fatal(err)
	}
	type row struct {
		File, Name, Status, Error string
		Rank                      int
	}
	var got []row
	for _, c := range sum.Candidates {
		got = append(got, row{c.File, c.Name, c.Status, c.Error, c.Rank})
	}
	want := []row{
		{"bea.pdf", "Bea", "ready", "", 1},
		{"ann.pdf", "Ann", "ready", "", 2},
		{"copy.pdf", "Ann", "ready", "", 0},
		{"corrupt.pdf", "", "failed", "this PDF is damaged", 0},
		{"refused.png", "", "failed", "this is an image", 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("webhook rows (-want +got):\n%s", diff)
	}
	if sum.Event != "batch.done" || sum.Status != "done" || sum.Done != 3 || sum.Failed != 2 || sum.Total != 5 {
		t.Errorf("summary: %+v", sum.Counts)
	}
	if !strings.HasPrefix(sum.Candidates[2].ReportURL, "http://prep.test/api/v1/batches/"+batchID+"/reports/") || sum.Candidates[2].ReportURL != sum.Candidates[1].ReportURL {
		t.Errorf("the copy's report link %q is not its twin's %q", sum.Candidates[2].ReportURL, sum.Candidates[1].ReportURL)
	}

	h.mail.mu.Lock()
	msgs := append([]*mail.Message(nil), h.mail.sent...)
	h.mail.mu.Unlock()
	if len(msgs) != 1 || msgs[0].To != "ops@agency.example" || !strings.HasSuffix(msgs[0].AttachmentName, "-scores.csv") {
		t.Fatalf("emails: %+v", msgs)
	}
	records, err := csv.NewReader(strings.NewReader(string(msgs[0].Attachment))).ReadAll()
	if err != nil || len(records) != 6 || records[1][1] != "Bea" || records[1][0] != "1" {
		t.Errorf("attached CSV: %v %v", records, err)
	}
	if !strings.Contains(msgs[0].Text, "1. Bea (fit") {
		t.Errorf("the email does not list the best fit:\n%s", msgs[0].Text)
	}

	// A finished report's task run again (a worker lost after its last
	// step) completes nothing twice: the deliveries' task ids are taken.
	rid := b.Items[0].Report
	if err := h.w.handleGenerate(context.Background(), generateTask(rid)); err != nil {
		t.Fatal(err)
	}
	pending, err := h.w.Client.Inspector().ListPendingTasks(QueueEmail)
	if err != nil || len(pending) != 0 {
		t.Errorf("%d delivery tasks queued again (%v)", len(pending), err)
	}
}

// TestBatchWebhookRefused: a webhook URL that reaches an internal address
// at send time fails at once, recorded for the recruiter, not retried.
func TestBatchWebhookRefused(t *testing.T) {
	h, _ := batchHarness(t)
	h.run(t)
	h.createBatch(t, batchID, "http://10.1.2.3/hook", "Ann|50")
	b := h.waitBatch(t, batchID, "the webhook to fail", func(b *store.Batch) bool { return b.WebhookState == store.WebhookFailed })
	if !strings.Contains(b.WebhookError, "internal address") {
		t.Errorf("webhook error %q", b.WebhookError)
	}
}

// TestSweepBatch: the sweep removes an old batch with its reports and
// shared files.
func TestSweepBatch(t *testing.T) {
	h, _ := batchHarness(t)
	ctx := context.Background()
	b := h.createBatch(t, batchID, "", "Ann|50", "Bea|60")
	past := time.Now().Add(-2 * time.Hour)
	for _, k := range []string{"prep:batches", "prep:reports"} {
		members, _ := h.rdb.ZRange(ctx, k, 0, -1).Result()
		for _, m := range members {
			h.rdb.ZAdd(ctx, k, redis.Z{Score: float64(past.UnixMilli()), Member: m})
		}
	}
	if err := h.w.handleSweep(ctx, asynq.NewTask(TypeSweep, nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.GetBatch(ctx, batchID); !store.IsNotFound(err) {
		t.Errorf("the batch survived the sweep: %v", err)
	}
	for _, it := range b.Items {
		if _, err := h.store.Get(ctx, it.Report); !store.IsNotFound(err) {
			t.Errorf("report %s survived the sweep: %v", it.Report, err)
		}
	}
	for _, key := range []string{blob.BatchKey(batchID, blob.JD), blob.Key(b.Items[0].Report, blob.CV)} {
		if ok, _ := h.blobs.Exists(ctx, key); ok {
			t.Errorf("%s survived the sweep", key)
		}
	}
	if keys, _ := h.rdb.Keys(ctx, "prep:*batch*").Result(); len(keys) != 0 {
		t.Errorf("batch keys left: %v", keys)
	}
}
