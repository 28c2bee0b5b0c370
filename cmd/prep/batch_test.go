package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"prep/batch"
	"prep/internal/testenv"
	"prep/recruiter"
	"prep/store"
	"prep/webhook"
)

// Two recruiters' keys for the service tests.
const (
	keyAcme  = "acme-key-0123456789abcdef"
	keyOther = "other-key-0123456789abcdef"
	testKeys = "acme:talent@acme.example:" + keyAcme + ",other:hr@other.example:" + keyOther
)

// upFile is one file of a test batch.
type upFile struct {
	name string
	data []byte
}

// damagedPDF sniffs as a PDF and cannot be read: the corrupt file of a
// batch.
var damagedPDF = []byte("%PDF-1.7\n%\xe2\xe3\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF")

// thirtyFiles is the integration test's batch: the synthetic PDF CVs of
// testdata/cv, fictional people as DOCX up to 28 files, a damaged PDF and
// an exact copy of the first PDF under another name.
func thirtyFiles(t *testing.T) (files []upFile, people map[string]string) {
	t.Helper()
	pdfs, _ := filepath.Glob(filepath.Join(testenv.ModuleRoot(t), "testdata", "cv", "*.pdf"))
	sort.Strings(pdfs)
	if len(pdfs) == 0 {
		t.Skip("no synthetic CVs in testdata/cv")
	}
	people = map[string]string{} // file → candidate name
	for _, p := range pdfs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, upFile{name: filepath.Base(p), data: data})
	}
	for seed := uint64(100); len(files) < 28; seed++ {
		p := fictionalPerson(seed)
		name := strings.ToLower(asciiOnly(strings.ReplaceAll(p.Name, " ", "-"))) + fmt.Sprintf("-%d.docx", seed)
		files = append(files, upFile{name: name, data: p.docx(t)})
		people[name] = p.Name
	}
	files = append(files, upFile{name: "damaged.pdf", data: damagedPDF})
	files = append(files, upFile{name: "copy-of-" + files[0].name, data: files[0].data})
	return files, people
}

// batchForm is a multipart batch request: files in cvs fields, and those
// named in zipped in one archive (under nested folders).
func batchForm(t testing.TB, fields map[string]string, cvs []upFile, zipped []upFile) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for _, f := range cvs {
		fw, _ := w.CreateFormFile("cvs", f.name)
		fw.Write(f.data)
	}
	if len(zipped) > 0 {
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		for i, f := range zipped {
			folder := "shortlist/"
			if i%2 == 1 {
				folder = "shortlist/round-2/"
			}
			zf, _ := zw.Create(folder + f.name)
			zf.Write(f.data)
		}
		zw.Close()
		fw, _ := w.CreateFormFile("archive", "cvs.zip")
		fw.Write(zb.Bytes())
	}
	w.Close()
	return w.FormDataContentType(), &buf
}

func apiDo(t testing.TB, method, url, key string, body io.Reader, ctype string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, data
}

// postBatch sends a batch and returns its id.
func postBatch(t testing.TB, base, key string, fields map[string]string, cvs, zipped []upFile) string {
	t.Helper()
	ctype, body := batchForm(t, fields, cvs, zipped)
	resp, data := apiDo(t, http.MethodPost, base+"/api/v1/batches", key, body, ctype)
	var out struct{ ID string }
	if resp.StatusCode != http.StatusAccepted || json.Unmarshal(data, &out) != nil || out.ID == "" {
		t.Fatalf("POST /api/v1/batches: %d %s", resp.StatusCode, data)
	}
	return out.ID
}

func getBatch(t testing.TB, base, key, id string) (*batch.Summary, int) {
	t.Helper()
	resp, data := apiDo(t, http.MethodGet, base+"/api/v1/batches/"+id, key, nil, "")
	if resp.StatusCode != http.StatusOK {
		return nil, resp.StatusCode
	}
	s := new(batch.Summary)
	if err := json.Unmarshal(data, s); err != nil {
		t.Fatalf("batch JSON: %v\n%s", err, data)
	}
	return s, resp.StatusCode
}

func waitBatchDone(t testing.TB, base, key, id string, timeout time.Duration, cond func(*batch.Summary) bool) *batch.Summary {
	t.Helper()
	var last *batch.Summary
	testenv.WaitFor(t, timeout, "batch "+id, func() bool {
		s, code := getBatch(t, base, key, id)
		if code != http.StatusOK {
			t.Fatalf("GET batch: %d", code)
		}
		last = s
		return cond(s)
	})
	return last
}

// hookSink is a webhook receiver on loopback.
type hookSink struct {
	mu      sync.Mutex
	secret  string
	bodies  [][]byte
	headers []http.Header
	errs    []error
}

func (h *hookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.bodies = append(h.bodies, body)
	h.headers = append(h.headers, r.Header.Clone())
	h.errs = append(h.errs, webhook.Verify(h.secret, r.Header.Get(webhook.HeaderSignature), r.Header.Get(webhook.HeaderTimestamp), body, time.Now(), 5*time.Minute))
}

func (h *hookSink) deliveries() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.bodies)
}

// TestBatchEndToEnd sends a batch of 30 files (PDF and DOCX, one damaged,
// one an exact copy, half of them in a zip with nested folders) to `prep
// serve` on a real Redis with the real pipeline, and checks every output:
// rows and reports, the copy read once and pointing at its twin's report,
// the damaged file's reason, scores.csv, reports.zip, the signed webhook,
// the recruiter's email, another key's 404, and a delete that leaves no
// byte behind.
func TestBatchEndToEnd(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	files, people := thirtyFiles(t)
	if len(files) != 30 {
		t.Fatalf("%d files, want 30", len(files))
	}
	s := newStack(t)
	sink := &hookSink{secret: recruiter.WebhookSecretOf(keyAcme)}
	hooks := httptest.NewServer(sink)
	defer hooks.Close()
	base := s.serve(t, "serve", map[string]string{"PREP_API_KEYS": testKeys, "PREP_WEBHOOK_ALLOW": "127.0.0.1"}, nil)

	// No key, a wrong key.
	if resp, _ := apiDo(t, http.MethodGet, base+"/api/v1/batches", "", nil, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no key: %d, want 401", resp.StatusCode)
	}
	if resp, _ := apiDo(t, http.MethodGet, base+"/api/v1/batches", "not-a-key-0123456789", nil, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong key: %d, want 401", resp.StatusCode)
	}

	const notify = "talent@acme.example"
	start := time.Now()
	id := postBatch(t, base, keyAcme, map[string]string{
		"jd_text": in.jd, "notify_email": notify, "webhook_url": hooks.URL + "/prep",
	}, files[:15], files[15:])
	sum := waitBatchDone(t, base, keyAcme, id, 3*time.Minute, func(s *batch.Summary) bool {
		return s.Status == batch.BatchDone && s.Notify != nil && s.Notify.EmailState == store.EmailSent && s.Notify.WebhookState == store.WebhookSent
	})
	t.Logf("30 files: done and delivered in %v", time.Since(start).Round(time.Millisecond))

	// Rows: every good CV ready, the damaged one failed with its reason.
	if sum.Total != 30 || sum.Done != 29 || sum.Failed != 1 || sum.Queued != 0 {
		t.Fatalf("counts %+v, want 30 total, 29 ready, 1 failed", sum.Counts)
	}
	byFile := map[string]batch.Row{}
	for _, r := range sum.Candidates {
		byFile[pathBase(r.File)] = r
	}
	damaged := byFile["damaged.pdf"]
	if damaged.Status != batch.StatusFailed || !strings.Contains(damaged.Error, "PDF") || damaged.ReportURL != "" {
		t.Errorf("damaged.pdf: %+v", damaged)
	}
	twin, cp := byFile[files[0].name], byFile["copy-of-"+files[0].name]
	if cp.Status != batch.StatusReady || cp.ReportURL != twin.ReportURL || cp.DuplicateOf != twin.File || cp.Rank != 0 || twin.Rank == 0 {
		t.Errorf("the copy %+v does not point at its twin %+v", cp, twin)
	}
	for file, name := range people {
		if r := byFile[file]; r.Name != name || r.Status != batch.StatusReady || r.Fit == nil || len(r.Pillars) == 0 || r.Coverage == nil {
			t.Errorf("%s: %+v, want %s ready with scores", file, r, name)
		}
	}
	for i := 1; i < len(sum.Candidates); i++ {
		a, b := sum.Candidates[i-1], sum.Candidates[i]
		if a.Fit != nil && b.Fit != nil && *a.Fit < *b.Fit {
			t.Errorf("rows not ranked by fit: %s (%d) before %s (%d)", a.File, *a.Fit, b.File, *b.Fit)
		}
	}
	// Each report rendered once; the copy has none of its own.
	rdb := redis.NewClient(&redis.Options{Addr: s.redis.Addr})
	defer rdb.Close()
	records := store.New(rdb, time.Hour)
	b, err := records.GetBatch(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if b.Reports != 29 {
		t.Errorf("%d reports queued for 30 files with one copy, want 29", b.Reports)
	}
	for _, it := range b.Items {
		if rec, err := records.Get(context.Background(), it.Report); err == nil && rec.Status == store.StatusReady && rec.Renders != 1 {
			t.Errorf("report of %s rendered %d times", it.File, rec.Renders)
		}
	}

	// scores.csv.
	resp, csvData := apiDo(t, http.MethodGet, sum.ScoresURL, keyAcme, nil, "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("scores.csv: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil || len(rows) != 31 {
		t.Fatalf("scores.csv: %d rows, %v", len(rows), err)
	}
	wantHeader := []string{"rank", "candidate", "file", "status", "fit", "pillar_mean", "coverage"}
	if strings.Join(rows[0][:7], ",") != strings.Join(wantHeader, ",") || rows[0][len(rows[0])-1] != "error" {
		t.Errorf("header %v", rows[0])
	}
	if rows[1][0] != "1" || rows[1][1] != sum.Candidates[0].Name {
		t.Errorf("first row %v, want rank 1 = %s", rows[1], sum.Candidates[0].Name)
	}
	last := rows[30]
	if pathBase(last[2]) != "damaged.pdf" || last[3] != "failed" || last[len(last)-1] == "" {
		t.Errorf("last row %v, want the damaged file with its reason", last)
	}

	// reports.zip: the CSV and one PDF per distinct ready report.
	resp, zipData := apiDo(t, http.MethodGet, sum.ZipURL, keyAcme, nil, "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("reports.zip: %d", resp.StatusCode)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		if names[f.Name] {
			t.Errorf("%s twice in the zip", f.Name)
		}
		names[f.Name] = true
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		switch {
		case f.Name == "scores.csv":
			if !bytes.Equal(data, csvData) {
				t.Error("the zip's scores.csv differs from the download")
			}
		case strings.HasPrefix(f.Name, "reports/") && strings.HasSuffix(f.Name, ".pdf"):
			if !bytes.HasPrefix(data, []byte("%PDF")) {
				t.Errorf("%s is not a PDF", f.Name)
			}
			if strings.ContainsFunc(f.Name, func(r rune) bool { return r > 0x7e || r == ' ' }) {
				t.Errorf("%s is not a safe ASCII name", f.Name)
			}
		default:
			t.Errorf("unexpected %s in the zip", f.Name)
		}
	}
	if len(names) != 1+28 {
		t.Errorf("%d files in the zip, want scores.csv and 28 PDFs", len(names))
	}
	top := sum.Candidates[0]
	pdf := zipFile(t, zr, "reports/"+top.PDF)
	if text := pdfText(t, pdf); !strings.Contains(text, top.Name) {
		t.Errorf("%s does not name %s", top.PDF, top.Name)
	}

	// The webhook: once, signed, the summary.
	if sink.deliveries() != 1 || sink.errs[0] != nil {
		t.Fatalf("webhook: %d deliveries, check %v", sink.deliveries(), sink.errs)
	}
	var hook batch.Summary
	if err := json.Unmarshal(sink.bodies[0], &hook); err != nil {
		t.Fatal(err)
	}
	if hook.Event != "batch.done" || hook.ID != id || hook.Done != 29 || hook.Failed != 1 || len(hook.Candidates) != 30 || hook.Notify != nil {
		t.Errorf("webhook body: event %q id %q counts %+v rows %d", hook.Event, hook.ID, hook.Counts, len(hook.Candidates))
	}
	if sink.headers[0].Get(webhook.HeaderDelivery) != id || sink.headers[0].Get(webhook.HeaderEvent) != "batch.done" {
		t.Errorf("webhook headers %v", sink.headers[0])
	}

	// The recruiter's email, with the CSV.
	mails := emailsFor(s.smtp, notify)
	if len(mails) != 1 {
		t.Fatalf("%d emails to %s, want 1", len(mails), notify)
	}
	var attached []byte
	for name, data := range mails[0].Attachments {
		if strings.HasSuffix(name, ".csv") {
			attached = data
		}
	}
	if !bytes.Equal(attached, csvData) {
		t.Errorf("the email's CSV (%d bytes) differs from scores.csv (%d bytes)", len(attached), len(csvData))
	}
	if !strings.Contains(mails[0].Text, sum.Candidates[0].Name) || !strings.Contains(mails[0].Text, base+"/recruiter/batches/"+id) {
		t.Errorf("the email lacks the best fit or the link:\n%s", mails[0].Text)
	}

	// Another key sees nothing of it; nor does the public report API.
	for _, u := range []string{sum.StatusURL, sum.ScoresURL, sum.ZipURL, top.ReportURL} {
		if resp, _ := apiDo(t, http.MethodGet, u, keyOther, nil, ""); resp.StatusCode != http.StatusNotFound {
			t.Errorf("another key: GET %s: %d, want 404", u, resp.StatusCode)
		}
	}
	if resp, _ := apiDo(t, http.MethodDelete, sum.StatusURL, keyOther, nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another key: DELETE: %d, want 404", resp.StatusCode)
	}
	reportID := top.ReportURL[strings.LastIndex(top.ReportURL, "/")+1:]
	if _, err := getStatus(base, reportID); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("a batch report through the public API: %v, want 404", err)
	}
	if resp, _ := apiDo(t, http.MethodGet, top.ReportURL, keyAcme, nil, ""); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("the owner's report link: %d", resp.StatusCode)
	}

	// Delete: every byte goes.
	if resp, _ := apiDo(t, http.MethodDelete, sum.StatusURL, keyAcme, nil, ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE: %d", resp.StatusCode)
	}
	if _, code := getBatch(t, base, keyAcme, id); code != http.StatusNotFound {
		t.Errorf("after delete: %d, want 404", code)
	}
	var left []string
	filepath.WalkDir(filepath.Join(s.dir, "blobs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 0 {
		t.Errorf("files left after delete: %v", left)
	}
	ids := []string{id}
	for _, it := range b.Items {
		if it.Report != "" {
			ids = append(ids, it.Report)
		}
	}
	keys, _ := rdb.Keys(context.Background(), "prep:*").Result()
	for _, k := range keys {
		for _, x := range ids {
			if strings.Contains(k, x) {
				t.Errorf("redis key %s left after delete", k)
			}
		}
	}
	for _, k := range []string{"prep:reports", "prep:batches"} {
		members, _ := rdb.ZRange(context.Background(), k, 0, -1).Result()
		for _, m := range members {
			for _, x := range ids {
				if m == x {
					t.Errorf("%s still lists %s", k, m)
				}
			}
		}
	}
}

func pathBase(p string) string { return p[strings.LastIndex(p, "/")+1:] }

func zipFile(t *testing.T, zr *zip.Reader, name string) []byte {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	return data
}
