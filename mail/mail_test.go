package mail

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"prep"
	"prep/internal/testenv"
	"prep/templates"
)

func TestSMTPURL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		ok   bool
		host string
	}{
		{"smtp://mail.example.com", true, "mail.example.com"},
		{"smtp://user:pass@mail.example.com:2525?tls=opportunistic", true, "mail.example.com"},
		{"smtps://mail.example.com:465", true, "mail.example.com"},
		{"smtp://127.0.0.1:1025?tls=none", true, "127.0.0.1"},
		{"smtp://mail.example.com?tls=maybe", false, ""},
		{"http://mail.example.com", false, ""},
		{"smtp://", false, ""},
	} {
		s, err := NewSMTP(Config{SMTPURL: tc.url, From: "prep@example.com"})
		if (err == nil) != tc.ok {
			t.Errorf("%s: err %v, want ok=%v", tc.url, err, tc.ok)
			continue
		}
		if err == nil && s.host != tc.host {
			t.Errorf("%s: host %q", tc.url, s.host)
		}
	}
	if got := Redact("smtp://user:hunter2@mail.example.com:587"); strings.Contains(got, "hunter2") {
		t.Errorf("Redact kept the password: %s", got)
	}
}

func report(t *testing.T) *Message {
	t.Helper()
	c, err := NewComposer(templates.Mail())
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Report(Report{
		ID: "R1", To: "ada@example.com", Candidate: "Ada Lovelace", Role: "Customer Success Manager", Company: "Acme",
		Pillars: []Pillar{{"Retention", "strong"}}, Gaps: []Gap{{"high", "No NRR figure"}},
		StatusURL: "http://prep.test/reports/R1", DeleteURL: "http://prep.test/reports/R1/delete",
		Retention: 7 * 24 * time.Hour, PDF: []byte("%PDF-1.4 x"), PDFName: "prep-acme.pdf",
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestComposeAndSendOverSMTP(t *testing.T) {
	srv := testenv.StartSMTP(t)
	s, err := NewSMTP(Config{SMTPURL: srv.URL, From: "prep <prep@example.com>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), report(t)); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if m.Subject != "Your interview prep for Customer Success Manager at Acme is ready" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, body := range []string{m.Text, m.HTML} {
		for _, want := range []string{"Ada Lovelace", "http://prep.test/reports/R1/delete", "No NRR figure", "7 days"} {
			if !strings.Contains(body, want) {
				t.Errorf("body lacks %q:\n%s", want, body)
			}
		}
	}
	if !bytes.Equal(m.Attachments["prep-acme.pdf"], []byte("%PDF-1.4 x")) {
		t.Errorf("attachments %v", m.Attachments)
	}
	if got := m.Header.Get("Message-ID"); got != "<report-R1@prep>" {
		t.Errorf("Message-ID %q", got)
	}

	srv.SetDown(true)
	if err := s.Send(context.Background(), report(t)); err == nil || prep.Permanent(err) {
		t.Errorf("a down server: %v, want a transient error", err)
	}
}

func TestOutbox(t *testing.T) {
	dir := t.TempDir()
	s, err := New(Config{From: "prep@example.com", OutboxDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), report(t)); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("outbox: %v", files)
	}
	raw, _ := os.ReadFile(files[0])
	m, err := testenv.ParseMail(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text, "Ada Lovelace") || len(m.Attachments) != 1 {
		t.Errorf("outbox message: %q, %d attachments", m.Text, len(m.Attachments))
	}
	bad := report(t)
	bad.To = "not an address"
	if err := s.Send(context.Background(), bad); prep.ErrorCode(err) != prep.EINVALID {
		t.Errorf("bad address: %v, want invalid", err)
	}
}
