package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"prep/match"
	"prep/store"
)

// TestServiceEndToEnd uploads a real CV and job description through the
// API of `prep serve` on a real Redis, waits for the report, downloads the
// PDF and reads it with pdftotext, and checks the email that carried it.
func TestServiceEndToEnd(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	s := newStack(t)
	base := s.serve(t, "serve", nil, nil)

	const addr = "candidate@example.com"
	id := uploadAPI(t, base, in.cv, in.jd, addr)
	if len(id) < 26 {
		t.Errorf("report id %q is shorter than 128 random bits in base32", id)
	}
	st := waitStatus(t, base, id, 60*time.Second, isDone)
	if st.Status != "ready" {
		t.Fatalf("report %s: %+v", st.Status, st)
	}
	var a match.Analysis
	if err := json.Unmarshal(st.Analysis, &a); err != nil || a.Schema != match.Schema {
		t.Fatalf("analysis: %v schema %q", err, a.Schema)
	}
	name := a.Candidate.Name
	if name == "" || (in.cvName != "" && name != in.cvName) {
		t.Errorf("candidate %q, want %q", name, in.cvName)
	}

	pdf := download(t, st.ReportURL)
	text := pdfText(t, pdf)
	if name != "" && !strings.Contains(text, name) {
		t.Errorf("the PDF does not name the candidate %q:\n%.2000s", name, text)
	}

	st = waitStatus(t, base, id, 30*time.Second, func(s *status) bool { return s.Email == store.EmailSent })
	mails := emailsFor(s.smtp, addr)
	if len(mails) != 1 {
		t.Fatalf("%d emails to %s, want 1", len(mails), addr)
	}
	m := mails[0]
	if len(m.Attachments) != 1 {
		t.Fatalf("attachments: %d", len(m.Attachments))
	}
	for fname, data := range m.Attachments {
		if !strings.HasSuffix(fname, ".pdf") || !bytes.Equal(data, pdf) {
			t.Errorf("attachment %q (%d bytes) is not the downloaded PDF (%d bytes)", fname, len(data), len(pdf))
		}
	}
	for _, body := range []string{m.Text, m.HTML} {
		if name != "" && !strings.Contains(body, name) {
			t.Errorf("the email body does not name %q:\n%s", name, body)
		}
		for _, link := range []string{base + "/reports/" + id, base + "/reports/" + id + "/delete"} {
			if !strings.Contains(body, link) {
				t.Errorf("the email body lacks the link %s", link)
			}
		}
	}
	if a.Job.Title != "" && !strings.Contains(m.Subject, a.Job.Title) {
		t.Errorf("subject %q does not name the role %q", m.Subject, a.Job.Title)
	}

	// Delete removes every stored byte.
	req, _ := http.NewRequest(http.MethodDelete, base+"/api/v1/reports/"+id, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	left, _ := filepath.Glob(filepath.Join(s.dir, "blobs", "reports", id, "*"))
	if len(left) > 0 {
		t.Errorf("files left after delete: %v", left)
	}
	if _, err := getStatus(base, id); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("status after delete: %v", err)
	}
}

// TestOutboxWithoutSMTP checks the laptop mode: no SMTP server, so the
// email lands as an .eml file in the outbox under the data directory.
func TestOutboxWithoutSMTP(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	s := newStack(t)
	base := s.serve(t, "serve", map[string]string{"PREP_SMTP_URL": ""}, nil)
	id := uploadAPI(t, base, in.cv, in.jd, "laptop@example.com")
	waitStatus(t, base, id, 60*time.Second, func(s *status) bool { return s.Email == store.EmailSent })
	files, _ := filepath.Glob(filepath.Join(s.dir, "outbox", "*.eml"))
	if len(files) != 1 {
		t.Fatalf("outbox holds %v, want one .eml", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("To: <laptop@example.com>")) || !bytes.Contains(data, []byte("application/pdf")) {
		t.Errorf("outbox message lacks the recipient or the PDF:\n%.1500s", data)
	}
}

// TestConfigPrint checks the start-up print masks secrets.
func TestConfigPrint(t *testing.T) {
	env := map[string]string{
		"PREP_SMTP_URL":    "smtp://user:hunter2@mail.example.com:587",
		"PREP_ADMIN_TOKEN": "s3cret",
		"PREP_REDIS_URL":   "redis://:redispass@127.0.0.1:6379/0",
	}
	cfg, err := parseConfig("serve", []string{"--retention", "24h"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	cfg.print(&buf)
	out := buf.String()
	for _, secret := range []string{"hunter2", "s3cret", "redispass"} {
		if strings.Contains(out, secret) {
			t.Errorf("the configuration print shows %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"PREP_RETENTION         24h0m0s", "PREP_ADMIN_TOKEN       ********", "smtp://user:xxxxx@mail.example.com:587"} {
		if !strings.Contains(out, want) {
			t.Errorf("the configuration print lacks %q:\n%s", want, out)
		}
	}
	if cfg.BaseURL != "http://localhost:8080" {
		t.Errorf("base URL %q", cfg.BaseURL)
	}
	if _, err := parseConfig("serve", []string{"--retention", "soon"}, func(string) string { return "" }, io.Discard); err == nil {
		t.Error("a bad duration was accepted")
	}
}
