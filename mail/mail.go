// Package mail delivers reports by email: over SMTP (github.com/wneessen/
// go-mail) when PREP_SMTP_URL names a server, or as .eml files in an outbox
// folder when it does not, so the one-command run works on a laptop with no
// mail server and the operator can open what would have been sent.
//
// The bodies come from templates (templates/mail), composed by a Composer
// validated at start-up.
package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"prep"
)

// Message is one email with at most one attachment.
type Message struct {
	// ID is the Message-ID without angle brackets. A stable id per report
	// lets receiving servers drop a duplicate should one ever be sent.
	ID             string
	To             string
	Subject        string
	Text           string
	HTML           string
	Attachment     []byte
	AttachmentName string // ASCII only: go-mail does not encode file names
	AttachmentType string // default application/pdf
}

// Sender delivers messages. The worker holds one; tests use a fake.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// Config says how to deliver.
type Config struct {
	// SMTPURL is smtp://[user:pass@]host[:port][?tls=starttls|opportunistic|none]
	// (STARTTLS is mandatory by default) or smtps://… for TLS from the
	// first byte. Empty means the outbox.
	SMTPURL string
	From    string
	// OutboxDir receives .eml files when SMTPURL is empty.
	OutboxDir string
	// Timeout bounds one SMTP conversation; it must stay below the task
	// timeout because go-mail's context only bounds the dial.
	Timeout time.Duration
}

// New returns the Sender for cfg.
func New(cfg Config, log *slog.Logger) (Sender, error) {
	if cfg.From == "" {
		return nil, errors.New("mail: no sender address (PREP_MAIL_FROM)")
	}
	if err := gomail.NewMsg().From(cfg.From); err != nil {
		return nil, fmt.Errorf("PREP_MAIL_FROM: %w", err)
	}
	if cfg.SMTPURL == "" {
		if err := os.MkdirAll(cfg.OutboxDir, 0o700); err != nil {
			return nil, fmt.Errorf("mail outbox: %w", err)
		}
		log.Info("no SMTP server configured: emails are written to the outbox", "outbox", cfg.OutboxDir)
		return &Outbox{dir: cfg.OutboxDir, from: cfg.From, log: log}, nil
	}
	return NewSMTP(cfg)
}

// SMTP sends through a mail server, one connection per message: the worker
// sends a few messages a second at most, and a fresh connection recovers
// from a server restart with no pool to heal.
type SMTP struct {
	host string
	from string
	opts []gomail.Option
}

// NewSMTP parses cfg.SMTPURL.
func NewSMTP(cfg Config) (*SMTP, error) {
	u, err := url.Parse(cfg.SMTPURL)
	if err != nil {
		return nil, fmt.Errorf("PREP_SMTP_URL: %w", err)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(timeout)}
	port := 587
	switch u.Scheme {
	case "smtp":
		policy := gomail.TLSMandatory
		switch u.Query().Get("tls") {
		case "", "starttls":
		case "opportunistic":
			policy = gomail.TLSOpportunistic
		case "none":
			policy = gomail.NoTLS
		default:
			return nil, fmt.Errorf("PREP_SMTP_URL: tls=%q: want starttls, opportunistic or none", u.Query().Get("tls"))
		}
		opts = append(opts, gomail.WithTLSPortPolicy(policy))
	case "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("PREP_SMTP_URL: scheme %q: want smtp or smtps", u.Scheme)
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("PREP_SMTP_URL: port %q", p)
		}
	}
	// The explicit port comes after the TLS options, which set their own.
	opts = append(opts, gomail.WithPort(port))
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(u.User.Username()),
			gomail.WithPassword(pass))
	}
	if u.Hostname() == "" {
		return nil, errors.New("PREP_SMTP_URL: no host")
	}
	return &SMTP{host: u.Hostname(), from: cfg.From, opts: opts}, nil
}

// Send delivers m. A recipient the server refuses for good is a
// prep.EINVALID error, which the worker does not retry; anything else
// (connection refused, timeouts, 4xx) is returned as is, to be retried.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	msg, err := build(s.from, m)
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		var se *gomail.SendError
		if errors.As(err, &se) && se.Reason == gomail.ErrSMTPRcptTo && !se.IsTemp() {
			return prep.Wrap(prep.EINVALID, "the mail server refused the email address", err)
		}
		return fmt.Errorf("smtp send: %w", err)
	}
	return nil
}

// Outbox writes each message as an .eml file.
type Outbox struct {
	dir  string
	from string
	log  *slog.Logger
}

// Send writes m to the outbox, atomically so a reader never sees half a
// message, under a name made of the time and the message id.
func (o *Outbox) Send(ctx context.Context, m *Message) error {
	msg, err := build(o.from, m)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	name := time.Now().UTC().Format("20060102T150405Z") + "-" + safeName(m.ID) + ".eml"
	path := filepath.Join(o.dir, name)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	o.log.Info("email written to the outbox", "path", path)
	return nil
}

// Dir is the outbox folder.
func (o *Outbox) Dir() string { return o.dir }

func build(from string, m *Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("mail from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, prep.Wrap(prep.EINVALID, "the email address is not valid", err)
	}
	msg.Subject(m.Subject)
	if m.ID != "" {
		msg.SetMessageIDWithValue(m.ID)
	} else {
		msg.SetMessageID()
	}
	msg.SetDate()
	msg.SetUserAgent("prep")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	if m.Attachment != nil {
		name, ctype := m.AttachmentName, gomail.ContentType(m.AttachmentType)
		if name == "" {
			name = "report.pdf"
		}
		if ctype == "" {
			ctype = "application/pdf"
		}
		if err := msg.AttachReader(asciiName(name), bytes.NewReader(m.Attachment), gomail.WithFileContentType(ctype)); err != nil {
			return nil, fmt.Errorf("attach: %w", err)
		}
	}
	return msg, nil
}

// asciiName keeps letters, digits, dots, dashes and underscores, because
// go-mail writes attachment names unencoded.
func asciiName(s string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		case r == ' ':
			return '-'
		}
		return -1
	}, s)
	if out == "" || out == ".pdf" {
		return "report.pdf"
	}
	return out
}

func safeName(s string) string {
	s = asciiName(strings.ReplaceAll(s, "@", "-"))
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}

// Redact returns an SMTP URL with its password masked, for the start-up
// print of the configuration.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
