package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"prep"
	"prep/batch"
	"prep/blob"
	"prep/store"
)

const (
	keyA     = "agency-a-key-0123456789abcdef"
	keyB     = "agency-b-key-0123456789abcdef"
	testKeys = "a:ops@a.example:" + keyA + ",b:ops@b.example:" + keyB
)

// cvFile is a text CV the intake accepts.
func cvFile(name string) string {
	return name + "\nCustomer Success Manager\n\nExperience\nOwned renewals for 40 accounts.\n"
}

// part is one part of a batch request.
type part struct{ field, file, body string }

func batchBody(t *testing.T, parts ...part) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		if p.file == "" {
			w.WriteField(p.field, p.body)
			continue
		}
		fw, err := w.CreateFormFile(p.field, p.file)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(p.body))
	}
	w.Close()
	return w.FormDataContentType(), &buf
}

func zipOf(t *testing.T, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.String()
}

func (f *fixture) do(t *testing.T, method, path, key string, body io.Reader, ctype string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, f.ts.URL+path, body)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, data
}

func errorOf(t *testing.T, data []byte) (code, message string) {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(data, &e); err != nil {
		t.Fatalf("not an API error: %s", data)
	}
	return e.Error.Code, e.Error.Message
}

// TestCreateBatch: files in cvs fields and in a zip (nested folders, an
// unsafe name, junk) become rows; copies point at their twin; refused
// files carry their reason; each new CV is queued on the bulk queue.
func TestCreateBatch(t *testing.T) {
	f := newFixture(t, Config{})
	archive := zipOf(t, map[string]string{
		"shortlist/round-2/cem.txt": cvFile("Cem"),
		"../escape.txt":             cvFile("Evil"),
		"__MACOSX/._cem.txt":        "junk",
	})
	ctype, body := batchBody(t,
		part{"jd_text", "", "Customer Success Manager at Acme. Own renewals."},
		part{"cvs", "ann.txt", cvFile("Ann")},
		part{"cvs", "photo.png", "\x89PNG\r\n\x1a\n0000"},
		part{"cvs", "ann-again.txt", cvFile("Ann")},
		part{"archive", "cvs.zip", archive},
		part{"notify_email", "", "ops@a.example"},
	)
	resp, data := f.do(t, http.MethodPost, "/api/v1/batches", keyA, body, ctype)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST: %d %s", resp.StatusCode, data)
	}
	var out struct {
		ID                      string
		Total, Reports, Refused int
		StatusURL               string `json:"status_url"`
	}
	json.Unmarshal(data, &out)
	if out.Total != 5 || out.Reports != 2 || out.Refused != 2 || !strings.HasSuffix(out.StatusURL, "/api/v1/batches/"+out.ID) {
		t.Errorf("answer %s", data)
	}
	b, err := f.store.GetBatch(context.Background(), out.ID)
	if err != nil {
		t.Fatal(err)
	}
	type item struct {
		File    string
		HasRep  bool
		Copy    bool
		ErrCode string
	}
	var got []item
	for _, it := range b.Items {
		got = append(got, item{it.File, it.Report != "", it.Copy, it.ErrorCode})
	}
	want := []item{
		{"ann.txt", true, false, ""},
		{"photo.png", false, false, prep.EUNSUPPORTED},
		{"ann-again.txt", true, true, ""},
		// zip entries in archive order (the map above is unordered: sort)
	}
	if diff := cmp.Diff(want, got[:3]); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	zipped := map[string]item{}
	for _, it := range got[3:] {
		zipped[it.File] = it
	}
	if zipped["shortlist/round-2/cem.txt"] != (item{"shortlist/round-2/cem.txt", true, false, ""}) ||
		zipped["../escape.txt"] != (item{"../escape.txt", false, false, prep.EINVALID}) || len(zipped) != 2 {
		t.Errorf("zip items %+v", zipped)
	}
	if b.Items[2].Report != b.Items[0].Report {
		t.Error("the copy does not share its twin's report")
	}
	if b.Owner != "a" || b.NotifyEmail != "ops@a.example" || b.Status != batch.BatchRunning || b.JDKind != "text" {
		t.Errorf("batch %+v", b)
	}
	f.queue.mu.Lock()
	enqueued := append([]string(nil), f.queue.enqueued...)
	f.queue.mu.Unlock()
	if len(enqueued) != 2 || !strings.HasSuffix(enqueued[0], "@bulk") {
		t.Errorf("enqueued %v, want two reports on bulk", enqueued)
	}
	rec, err := f.store.Get(context.Background(), b.Items[0].Report)
	if err != nil || rec.Owner != "a" || rec.Batch != out.ID || rec.JDKey != blob.BatchKey(out.ID, blob.JD) {
		t.Errorf("report record %+v %v", rec, err)
	}
	// A recruiter's report is not reachable by its id alone.
	if resp, _ := f.do(t, http.MethodGet, "/api/v1/reports/"+rec.ID, "", nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("public report API on a batch report: %d", resp.StatusCode)
	}

	// The summary while nothing ran yet.
	resp, data = f.do(t, http.MethodGet, "/api/v1/batches/"+out.ID, keyA, nil, "")
	var sum batch.Summary
	if resp.StatusCode != 200 || json.Unmarshal(data, &sum) != nil {
		t.Fatalf("GET: %d %s", resp.StatusCode, data)
	}
	if sum.Total != 5 || sum.Queued != 3 || sum.Failed != 2 || sum.Status != "running" || sum.Notify == nil || sum.Notify.Email != "ops@a.example" {
		t.Errorf("summary %+v", sum)
	}
}

func TestBatchAccess(t *testing.T) {
	f := newFixture(t, Config{})
	ctype, body := batchBody(t, part{"jd_text", "", "CSM"}, part{"cvs", "a.txt", cvFile("Ann")})
	_, data := f.do(t, http.MethodPost, "/api/v1/batches", keyA, body, ctype)
	var out struct{ ID string }
	json.Unmarshal(data, &out)
	reports := func() string {
		b, _ := f.store.GetBatch(context.Background(), out.ID)
		return b.Items[0].Report
	}()

	paths := []string{"/api/v1/batches/" + out.ID, "/api/v1/batches/" + out.ID + "/scores.csv",
		"/api/v1/batches/" + out.ID + "/reports.zip", "/api/v1/batches/" + out.ID + "/reports/" + reports}
	for _, p := range paths {
		if resp, data := f.do(t, http.MethodGet, p, "", nil, ""); resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("GET %s without a key: %d %s", p, resp.StatusCode, data)
		}
		if resp, _ := f.do(t, http.MethodGet, p, "wrong-key-0123456789abcdef", nil, ""); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s with a wrong key: %d", p, resp.StatusCode)
		}
		resp, data := f.do(t, http.MethodGet, p, keyB, nil, "")
		if code, msg := errorOf(t, data); resp.StatusCode != http.StatusNotFound || code != prep.ENOTFOUND || !strings.Contains(msg, "no batch") {
			t.Errorf("GET %s with another key: %d %s", p, resp.StatusCode, data)
		}
	}
	// Another key's 404 is the same as a batch that does not exist.
	_, other := f.do(t, http.MethodGet, paths[0], keyB, nil, "")
	_, none := f.do(t, http.MethodGet, "/api/v1/batches/AAAAAAAAAAAAAAAAAAAAAAAAAA", keyB, nil, "")
	if !bytes.Equal(other, none) {
		t.Errorf("another key's batch answers %s, an unknown one %s", other, none)
	}
	if resp, _ := f.do(t, http.MethodDelete, paths[0], keyB, nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("DELETE with another key: %d", resp.StatusCode)
	}
	if resp, data := f.do(t, http.MethodGet, "/api/v1/batches", keyB, nil, ""); resp.StatusCode != 200 || strings.Contains(string(data), out.ID) {
		t.Errorf("another key's list: %d %s", resp.StatusCode, data)
	}
	if resp, data := f.do(t, http.MethodGet, "/api/v1/batches", keyA, nil, ""); resp.StatusCode != 200 || !strings.Contains(string(data), out.ID) {
		t.Errorf("the owner's list: %d %s", resp.StatusCode, data)
	}

	// The owner deletes it: record, reports and files go.
	if resp, _ := f.do(t, http.MethodDelete, paths[0], keyA, nil, ""); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE: %d", resp.StatusCode)
	}
	if resp, _ := f.do(t, http.MethodGet, paths[0], keyA, nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("after delete: %d", resp.StatusCode)
	}
	for _, key := range []string{blob.Key(reports, blob.CV), blob.BatchKey(out.ID, blob.JD)} {
		if ok, _ := f.blobs.Exists(context.Background(), key); ok {
			t.Errorf("%s left after delete", key)
		}
	}
	if _, err := f.store.Get(context.Background(), reports); !store.IsNotFound(err) {
		t.Errorf("report record after delete: %v", err)
	}
}

func TestBatchBadRequests(t *testing.T) {
	f := newFixture(t, Config{Batch: batch.Limits{MaxFiles: 3, MaxTotalBytes: 100 << 10}})
	jd := part{"jd_text", "", "Customer Success Manager at Acme."}
	cv := func(name string) part { return part{"cvs", name, cvFile(name)} }
	tests := []struct {
		name   string
		parts  []part
		status int
		msg    string
	}{
		{"no CVs", []part{jd}, 400, "add the CVs"},
		{"no job description", []part{cv("a")}, 400, "add the job description"},
		{"too many CVs", []part{jd, cv("a"), cv("b"), cv("c"), cv("d")}, 413, "at most 3 CVs"},
		{"a zip of too many CVs", []part{jd, {"archive", "x.zip", zipOf(t, map[string]string{"a": cvFile("a"), "b": cvFile("b"), "c": cvFile("c"), "d": cvFile("d")})}}, 413, "at most 3 CVs"},
		{"not a zip", []part{jd, {"archive", "x.zip", "PK\x03\x04 nope"}}, 400, "zip of CVs is damaged"},
		{"bad notify email", []part{jd, cv("a"), {"notify_email", "", "not-an-address"}}, 400, "notify email"},
		{"webhook to loopback", []part{jd, cv("a"), {"webhook_url", "", "http://127.0.0.1:9/x"}}, 400, "internal address"},
		{"webhook not http", []part{jd, cv("a"), {"webhook_url", "", "ftp://hooks.example/x"}}, 400, "http:// or https://"},
		{"job description file not a document", []part{{"jd", "jd.png", "\x89PNG\r\n\x1a\n0000"}, cv("a")}, 415, "job description"},
		{"bad pack", []part{jd, cv("a"), {"pack", "", "../etc"}}, 400, "role pack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctype, body := batchBody(t, tt.parts...)
			resp, data := f.do(t, http.MethodPost, "/api/v1/batches", keyA, body, ctype)
			_, msg := errorOf(t, data)
			if resp.StatusCode != tt.status || !strings.Contains(msg, tt.msg) {
				t.Errorf("%d %q, want %d with %q", resp.StatusCode, msg, tt.status, tt.msg)
			}
		})
	}
	// Over the byte limit: refused from the declared length, nothing kept.
	big := strings.Repeat("x", 200<<10)
	ctype, body := batchBody(t, jd, part{"cvs", "big.txt", big})
	if resp, _ := f.do(t, http.MethodPost, "/api/v1/batches", keyA, body, ctype); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("over the byte limit: %d", resp.StatusCode)
	}
	if n, _ := f.blobs.DeleteOlder(context.Background(), "", timeFar()); n != 0 {
		t.Errorf("%d files kept from refused requests", n)
	}
}

// TestRecruiterCookie: the key typed once goes into an HttpOnly,
// SameSite=Strict cookie; the cookie works for the page and the API, but
// not for a request another site makes.
func TestRecruiterCookie(t *testing.T) {
	f := newFixture(t, Config{})
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	resp, err := noRedirect.PostForm(f.ts.URL+"/recruiter/login", url.Values{"key": {"wrong-key-0123456789abcdef"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || len(resp.Cookies()) != 0 {
		t.Errorf("a wrong key: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	resp, err = noRedirect.PostForm(f.ts.URL+"/recruiter/login", url.Values{"key": {keyA}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if resp.StatusCode != http.StatusSeeOther || len(cookies) != 1 {
		t.Fatalf("login: %d, cookies %v", resp.StatusCode, cookies)
	}
	c := cookies[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.MaxAge <= 0 {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Strict, Path=/, persistent", c)
	}

	withCookie := func(method, path string, body io.Reader, ctype string, headers ...string) (*http.Response, []byte) {
		req, _ := http.NewRequest(method, f.ts.URL+path, body)
		req.AddCookie(c)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp, data
	}
	if resp, data := withCookie(http.MethodGet, "/recruiter", nil, ""); resp.StatusCode != 200 || !strings.Contains(string(data), "data-batch-form") {
		t.Errorf("the workspace with the cookie: %d", resp.StatusCode)
	}
	ctype, body := batchBody(t, part{"jd_text", "", "CSM"}, part{"cvs", "a.txt", cvFile("Ann")})
	if resp, data := withCookie(http.MethodPost, "/api/v1/batches", body, ctype, "Sec-Fetch-Site", "cross-site"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a cross-site POST with the cookie: %d %s", resp.StatusCode, data)
	}
	ctype, body = batchBody(t, part{"jd_text", "", "CSM"}, part{"cvs", "a.txt", cvFile("Ann")})
	if resp, data := withCookie(http.MethodPost, "/api/v1/batches", body, ctype, "Origin", "https://evil.example"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a POST from another origin with the cookie: %d %s", resp.StatusCode, data)
	}
	ctype, body = batchBody(t, part{"jd_text", "", "CSM"}, part{"cvs", "a.txt", cvFile("Ann")})
	resp, data := withCookie(http.MethodPost, "/recruiter/batches", body, ctype, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/recruiter/batches/") {
		t.Fatalf("the form post: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), data)
	}
	page := resp.Header.Get("Location")
	if resp, data := withCookie(http.MethodGet, page, nil, ""); resp.StatusCode != 200 || !strings.Contains(string(data), "data-batch=") {
		t.Errorf("the batch page: %d", resp.StatusCode)
	}
	// Without a cookie the pages send the browser to the key form.
	if resp, err := noRedirect.Get(f.ts.URL + page); err != nil || resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/recruiter" {
		t.Errorf("the batch page without a key: %v %v", resp.StatusCode, err)
	}
	// A form error comes back to the workspace with its message.
	ctype, body = batchBody(t, part{"jd_text", "", "CSM"})
	resp, _ = withCookie(http.MethodPost, "/recruiter/batches", body, ctype)
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "error=add+the+CVs") {
		t.Errorf("a form error: %d %s", resp.StatusCode, loc)
	}
	// Sign out clears the cookie.
	resp, _ = withCookie(http.MethodPost, "/recruiter/logout", nil, "")
	if cs := resp.Cookies(); resp.StatusCode != http.StatusSeeOther || len(cs) != 1 || cs[0].MaxAge >= 0 {
		t.Errorf("sign out: %d %v", resp.StatusCode, cs)
	}
}

// timeFar is a time after every object the test wrote.
func timeFar() time.Time { return time.Now().Add(time.Hour) }

// TestBatchFileNames: a file of a dropped folder keeps its folders in its
// row; a name that climbs out loses the climb.
func TestBatchFileNames(t *testing.T) {
	f := newFixture(t, Config{})
	ctype, body := batchBody(t,
		part{"jd_text", "", "CSM"},
		part{"cvs", "shortlist/round-2/dee.txt", cvFile("Dee")},
		part{"cvs", "../../etc/eve.txt", cvFile("Eve")},
	)
	_, data := f.do(t, http.MethodPost, "/api/v1/batches", keyA, body, ctype)
	var out struct{ ID string }
	json.Unmarshal(data, &out)
	b, err := f.store.GetBatch(context.Background(), out.ID)
	if err != nil {
		t.Fatal(err)
	}
	if b.Items[0].File != "shortlist/round-2/dee.txt" || b.Items[1].File != "etc/eve.txt" {
		t.Errorf("files %q, %q", b.Items[0].File, b.Items[1].File)
	}
}

// TestBatchAllRefused: a batch none of whose files can be read is done at
// once, and its deliveries go out.
func TestBatchAllRefused(t *testing.T) {
	f := newFixture(t, Config{})
	ctype, body := batchBody(t,
		part{"jd_text", "", "CSM"},
		part{"cvs", "a.png", "\x89PNG\r\n\x1a\n0000"},
		part{"notify_email", "", "ops@a.example"},
	)
	resp, data := f.do(t, http.MethodPost, "/api/v1/batches", keyA, body, ctype)
	var out struct {
		ID     string
		Status string
	}
	if json.Unmarshal(data, &out); resp.StatusCode != http.StatusAccepted || out.Status != batch.BatchDone {
		t.Fatalf("POST: %d %s", resp.StatusCode, data)
	}
	f.queue.mu.Lock()
	defer f.queue.mu.Unlock()
	if diff := cmp.Diff([]string{"batch-email-" + out.ID}, f.queue.enqueued); diff != "" {
		t.Errorf("enqueued (-want +got):\n%s", diff)
	}
}
