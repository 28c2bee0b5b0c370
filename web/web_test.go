package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"
	"github.com/hibiken/asynqmon"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"prep"
	"prep/blob"
	"prep/ingest"
	"prep/internal/testenv"
	"prep/recruiter"
	"prep/store"
	"prep/templates"
	"prep/webhook"
	"prep/worker"
)

// fakeQueue records what the server enqueues.
type fakeQueue struct {
	mu       sync.Mutex
	enqueued []string
	forgot   []string
}

func (q *fakeQueue) EnqueueGenerate(_ context.Context, p worker.GeneratePayload, queue string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.enqueued = append(q.enqueued, p.ReportID+"@"+queue)
	return nil
}

func (q *fakeQueue) Forget(_ context.Context, id, _ string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.forgot = append(q.forgot, id)
	return nil
}

func (q *fakeQueue) EnqueueBatchEmail(_ context.Context, id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.enqueued = append(q.enqueued, "batch-email-"+id)
	return nil
}

func (q *fakeQueue) EnqueueBatchWebhook(_ context.Context, id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.enqueued = append(q.enqueued, "batch-webhook-"+id)
	return nil
}

func (q *fakeQueue) ForgetBatch(_ context.Context, id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.forgot = append(q.forgot, "batch-"+id)
	return nil
}

type fixture struct {
	srv   *Server
	store *store.Store
	blobs *blob.Store
	queue *fakeQueue
	ts    *httptest.Server
}

const testMaxFile = 64 << 10

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	r := testenv.StartRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr})
	t.Cleanup(func() { rdb.Close() })
	u, err := blob.FileURL(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	if cfg.MaxFileBytes == 0 {
		cfg.MaxFileBytes = testMaxFile
	}
	if cfg.Retention == 0 {
		cfg.Retention = 7 * 24 * time.Hour
	}
	f := &fixture{store: store.New(rdb, time.Hour), blobs: blobs, queue: &fakeQueue{}}
	reg := prometheus.NewRegistry()
	keys, err := recruiter.Parse(testKeys)
	if err != nil {
		t.Fatal(err)
	}
	f.srv, err = New(cfg, Deps{Store: f.store, Blobs: blobs, Queue: f.queue, Pages: templates.Pages(), Metrics: reg, Gatherer: reg,
		Keys: keys, Webhooks: webhook.NewGuard(nil)})
	if err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)
	return f
}

// form builds a multipart body from fields; a field whose name starts
// with "@" is a file.
func form(t *testing.T, fields ...string) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for i := 0; i < len(fields); i += 2 {
		name, value := fields[i], fields[i+1]
		if strings.HasPrefix(name, "@") {
			fw, err := w.CreateFormFile(name[1:], "upload.bin")
			if err != nil {
				t.Fatal(err)
			}
			fw.Write([]byte(value))
			continue
		}
		w.WriteField(name, value)
	}
	w.Close()
	return w.FormDataContentType(), &buf
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (f *fixture) post(t *testing.T, path, ctype string, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Post(f.ts.URL+path, ctype, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, data
}

const pdfCV = "%PDF-1.4 a CV"

func TestUploadAPI(t *testing.T) {
	f := newFixture(t, Config{BaseURL: "http://prep.test"})
	f.srv.deps.NewID = func() string { return "ID0000000000000000000000001" }
	ctype, body := form(t, "@cv", pdfCV, "jd_text", "Customer Success Manager at Acme", "email", "ada@example.com")
	resp, data := f.post(t, "/api/v1/reports", ctype, body)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("status %d: %s", resp.StatusCode, data)
	}
	var got map[string]string
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"id":         "ID0000000000000000000000001",
		"status":     "queued",
		"status_url": "http://prep.test/api/v1/reports/ID0000000000000000000000001",
		"report_url": "http://prep.test/reports/ID0000000000000000000000001/report.pdf",
		"page_url":   "http://prep.test/reports/ID0000000000000000000000001",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answer (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ID0000000000000000000000001@interactive"}, f.queue.enqueued); diff != "" {
		t.Errorf("enqueued (-want +got):\n%s", diff)
	}
	ctx := context.Background()
	rec, err := f.store.Get(ctx, "ID0000000000000000000000001")
	if err != nil {
		t.Fatal(err)
	}
	if rec.JDKind != "text" || rec.Email != "ada@example.com" || rec.Status != store.StatusQueued {
		t.Errorf("record: %+v", rec)
	}
	cv, err := f.blobs.Get(ctx, rec.CVKey)
	if err != nil || string(cv) != pdfCV {
		t.Errorf("stored cv %q, %v", cv, err)
	}

	// The status as JSON and as a page.
	resp, err = http.Get(f.ts.URL + "/api/v1/reports/ID0000000000000000000000001")
	if err != nil {
		t.Fatal(err)
	}
	var st statusJSON
	json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if st.Status != "queued" || st.Stage != "queued" {
		t.Errorf("status %+v", st)
	}
	resp, err = http.Get(f.ts.URL + "/reports/ID0000000000000000000000001")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(page, []byte("Preparing your report")) {
		t.Errorf("status page %d:\n%s", resp.StatusCode, page)
	}
}

// TestBadRequests checks each refusal's exact status and message, on the
// API (JSON) and on the home page form (the page again, with the message).
func TestBadRequests(t *testing.T) {
	f := newFixture(t, Config{})
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
	_, detectErr := ingest.Detect([]byte(png))
	big := strings.Repeat("x", testMaxFile+1)
	tests := []struct {
		name   string
		fields []string
		form   bool
		status int
		code   string
		msg    string
	}{
		{"no cv", []string{"jd_text", "a job"}, false, 400, "invalid", "add your CV: choose a PDF, DOCX, ODT or text file"},
		{"empty cv file", []string{"@cv", "", "jd_text", "a job"}, false, 400, "invalid", "add your CV: choose a PDF, DOCX, ODT or text file"},
		{"no jd", []string{"@cv", pdfCV}, false, 400, "invalid", "add the job description: paste its text or choose its file"},
		{"blank jd text", []string{"@cv", pdfCV, "jd_text", "  \n "}, false, 400, "invalid", "add the job description: paste its text or choose its file"},
		{"invalid email", []string{"@cv", pdfCV, "jd_text", "a job", "email", "ada@"}, false, 400, "invalid", "enter a valid email address, like name@example.com"},
		{"email with name", []string{"@cv", pdfCV, "jd_text", "a job", "email", "Ada <ada@example.com>"}, false, 400, "invalid", "enter a valid email address, like name@example.com"},
		{"form without email", []string{"@cv", pdfCV, "jd_text", "a job"}, true, 400, "invalid", "Enter your email address so we can send you the report"},
		{"image cv", []string{"@cv", png, "jd_text", "a job"}, false, 415, "unsupported", "your CV: " + prep.ErrorMessage(detectErr)},
		{"image jd", []string{"@cv", pdfCV, "@jd", png}, false, 415, "unsupported", "your job description: " + prep.ErrorMessage(detectErr)},
		{"cv over limit", []string{"@cv", big, "jd_text", "a job"}, false, 413, "too_large", "the upload is over the 64 KiB limit per file: upload a smaller file"},
		{"bad pack", []string{"@cv", pdfCV, "jd_text", "a job", "pack", "../etc"}, false, 400, "invalid", "the role pack name is not valid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.status == 415 && prep.ErrorCode(detectErr) != prep.EUNSUPPORTED {
				t.Fatalf("ingest.Detect does not refuse a PNG: %v", detectErr)
			}
			ctype, body := form(t, tc.fields...)
			path := "/api/v1/reports"
			if tc.form {
				path = "/reports"
			}
			resp, data := f.post(t, path, ctype, body)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tc.status, data)
			}
			if tc.form {
				if !bytes.Contains(data, []byte(htmlEscape(tc.msg))) {
					t.Errorf("form page lacks %q:\n%s", tc.msg, data)
				}
				return
			}
			var e apiError
			if err := json.Unmarshal(data, &e); err != nil {
				t.Fatalf("not JSON: %s", data)
			}
			if e.Error.Code != tc.code || e.Error.Message != tc.msg {
				t.Errorf("error %q %q, want %q %q", e.Error.Code, e.Error.Message, tc.code, tc.msg)
			}
		})
	}
	if len(f.queue.enqueued) != 0 {
		t.Errorf("bad requests enqueued %v", f.queue.enqueued)
	}
	resp, data := f.post(t, "/api/v1/reports", "application/json", strings.NewReader("{}"))
	if resp.StatusCode != 415 || !bytes.Contains(data, []byte("send the report request as multipart/form-data")) {
		t.Errorf("JSON body: %d %s", resp.StatusCode, data)
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("'", "&#39;", "\"", "&#34;", "<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(s)
}

// countingReader counts what the handler read of a request body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestTooLargeIsNotBuffered sends far more than the limit, with and
// without a declared length, and checks the server stops reading at the
// limit.
func TestTooLargeIsNotBuffered(t *testing.T) {
	f := newFixture(t, Config{})
	bodyLimit := int64(2*testMaxFile + maxJDText + 64<<10)
	huge := strings.Repeat("y", 20*testMaxFile+maxJDText)
	for _, tc := range []struct {
		name     string
		declared bool
		fields   []string
	}{
		{"declared length", true, []string{"@cv", huge}},
		{"chunked, one huge file", false, []string{"@cv", huge}},
		{"chunked, huge unknown field", false, []string{"other", huge}},
		{"chunked, jd text over its limit", false, []string{"@cv", pdfCV, "jd_text", strings.Repeat("z", maxJDText+1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctype, body := form(t, tc.fields...)
			size := int64(body.Len())
			cr := &countingReader{r: body}
			req := httptest.NewRequest(http.MethodPost, "/api/v1/reports", cr)
			req.Header.Set("Content-Type", ctype)
			req.ContentLength = -1
			if tc.declared {
				req.ContentLength = size
			}
			rec := httptest.NewRecorder()
			f.srv.Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusRequestEntityTooLarge {
				t.Errorf("status %d, want 413: %s", rec.Code, rec.Body)
			}
			if cr.n > bodyLimit+32<<10 {
				t.Errorf("read %d bytes of %d, limit %d", cr.n, size, bodyLimit)
			}
			if tc.declared && cr.n != 0 {
				t.Errorf("read %d bytes of a body declared too large", cr.n)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	f := newFixture(t, Config{UploadsPerMinute: 3})
	var statuses []int
	var last []byte
	for range 5 {
		ctype, body := form(t, "@cv", pdfCV, "jd_text", "a job")
		resp, data := f.post(t, "/api/v1/reports", ctype, body)
		statuses = append(statuses, resp.StatusCode)
		last = data
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if diff := cmp.Diff([]int{202, 202, 202, 429, 429}, statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	var e apiError
	json.Unmarshal(last, &e)
	if e.Error.Code != "rate_limited" || e.Error.Message != "too many uploads from your address: wait a minute and try again" {
		t.Errorf("429 body %s", last)
	}
}

func TestNotFoundAndDelete(t *testing.T) {
	outbox := t.TempDir()
	f := newFixture(t, Config{OutboxDir: outbox})
	const id = "ID0000000000000000000000002"
	// The email the worker wrote to the outbox, and another report's.
	mine := filepath.Join(outbox, "20260101T000000Z-report-"+id+"-prep.eml")
	other := filepath.Join(outbox, "20260101T000000Z-report-ID0000000000000000000000009-prep.eml")
	for _, p := range []string{mine, other} {
		if err := os.WriteFile(p, []byte("email"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f.srv.deps.NewID = func() string { return id }
	ctype, body := form(t, "@cv", pdfCV, "jd_text", "a job")
	if resp, data := f.post(t, "/api/v1/reports", ctype, body); resp.StatusCode != 202 {
		t.Fatalf("upload: %d %s", resp.StatusCode, data)
	}
	get := func(path string) (int, string) {
		resp, err := http.Get(f.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(data)
	}
	unknown := `{"error":{"code":"not_found","message":"there is no report at this address: check the link"}}`
	deleted := `{"error":{"code":"not_found","message":"this report was deleted"}}`
	for _, path := range []string{"/api/v1/reports/ZZZZZZZZZZZZZZZZZZZZZZZZZZ", "/api/v1/reports/short"} {
		if code, body := get(path); code != 404 || body != unknown {
			t.Errorf("GET %s: %d %s", path, code, body)
		}
	}
	if code, body := get("/reports/ZZZZZZZZZZZZZZZZZZZZZZZZZZ"); code != 404 || !strings.Contains(body, "There is no report at this address: check the link") {
		t.Errorf("unknown page: %d %s", code, body)
	}
	if code, body := get("/reports/" + id + "/report.pdf"); code != 404 || !strings.Contains(body, "The PDF is not ready yet") {
		t.Errorf("PDF before ready: %d %s", code, body)
	}

	req, _ := http.NewRequest(http.MethodDelete, f.ts.URL+"/api/v1/reports/"+id, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE: %d", resp.StatusCode)
	}
	if diff := cmp.Diff([]string{id}, f.queue.forgot); diff != "" {
		t.Errorf("forgot (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(mine); !os.IsNotExist(err) {
		t.Errorf("the report's outbox email survived its deletion: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another report's outbox email went too: %v", err)
	}
	for _, name := range []string{blob.CV, blob.JD} {
		if ok, _ := f.blobs.Exists(context.Background(), blob.Key(id, name)); ok {
			t.Errorf("%s still stored", name)
		}
	}
	if code, body := get("/api/v1/reports/" + id); code != 404 || body != deleted {
		t.Errorf("after delete: %d %s", code, body)
	}
	if code, body := get("/reports/" + id + "/report.pdf"); code != 404 || !strings.Contains(body, "This report was deleted") {
		t.Errorf("PDF after delete: %d %s", code, body)
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || string(data) != deleted {
		t.Errorf("second DELETE: %d %s", resp.StatusCode, data)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	f := newFixture(t, Config{})
	for path, want := range map[string]string{
		"/healthz": `{"status":"ok"}`,
		"/readyz":  `{"checks":{"redis":"ok","storage":"ok"},"status":"ok"}`,
	} {
		resp, err := http.Get(f.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(data) != want {
			t.Errorf("%s: %d %s", path, resp.StatusCode, data)
		}
	}
	resp, err := http.Get(f.ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(data, []byte(`prep_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 1`)) {
		t.Errorf("metrics lack the healthz request:\n%s", data)
	}
}

func TestAdminNeedsToken(t *testing.T) {
	f := newFixture(t, Config{})
	resp, err := http.Get(f.ts.URL + "/admin/queues")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("dashboard without a token configured: %d, want 404 (route off)", resp.StatusCode)
	}

	r := testenv.StartRedis(t)
	mon := asynqmon.New(asynqmon.Options{RootPath: "/admin/queues", RedisConnOpt: asynq.RedisClientOpt{Addr: r.Addr}})
	defer mon.Close()
	reg := prometheus.NewRegistry()
	srv, err := New(Config{AdminToken: "tok"}, Deps{Store: f.store, Blobs: f.blobs, Queue: f.queue, Pages: templates.Pages(), Metrics: reg, Admin: mon})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, user, pass string
		want             int
	}{
		{"no credentials", "", "", 401},
		{"wrong token", "admin", "nope", 401},
		{"token", "admin", "tok", 200},
	} {
		req := httptest.NewRequest(http.MethodGet, "/admin/queues", nil)
		if tc.pass != "" {
			req.SetBasicAuth(tc.user, tc.pass)
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, rec.Code, tc.want)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/admin/queues/api/queues", nil)
	req.Header.Set("Authorization", "Bearer tok")
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "queues") {
		t.Errorf("dashboard API: %d %s", rec.Code, rec.Body)
	}
}

func TestValidEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"ada@example.com": true, "a.b+tag@sub.example.co.uk": true,
		"ada@": false, "@example.com": false, "ada@localhost": false, "ada example.com": false,
		"Ada <ada@example.com>": false, "ada@example.com.": false,
	} {
		if got := validEmail(s); got != want {
			t.Errorf("validEmail(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestFailedReportPage shows the ingest error and what to do.
func TestFailedReportPage(t *testing.T) {
	f := newFixture(t, Config{})
	const id = "ID0000000000000000000000003"
	err := f.store.Create(context.Background(), &store.Record{
		ID: id, Status: store.StatusFailed, Stage: worker.StageFailed,
		ErrorCode: prep.EINVALID, Error: "this PDF is password-protected: remove the password and upload it again",
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(f.ts.URL + "/reports/" + id)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		"This PDF is password-protected: remove the password and upload it again",
		hintFor(prep.EINVALID),
		`href="/">Upload again`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the failed page lacks %q", want)
		}
	}
	if bytes.Contains(page, []byte("data-poll")) || bytes.Contains(page, []byte("http-equiv=\"refresh\"")) {
		t.Error("a failed report's page still refreshes itself")
	}
}
