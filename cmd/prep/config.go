package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"time"

	"prep/blob"
	"prep/mail"
	"prep/recruiter"
	"prep/webhook"
)

// config is the service's configuration: each field comes from a PREP_
// environment variable, overridden by the flag of the same name. README
// lists them all with their defaults.
type config struct {
	Addr            string
	RedisURL        string
	DataDir         string
	BlobURL         string
	BaseURL         string
	SMTPURL         string
	MailFrom        string
	Retention       time.Duration
	SweepInterval   time.Duration
	AdminToken      string
	Concurrency     int
	BulkConcurrency int
	MaxUpload       int64
	UploadRate      int
	TaskTimeout     time.Duration
	MaxRetry        int
	RetryBase       time.Duration
	PollInterval    time.Duration
	ShutdownTimeout time.Duration
	TrustedProxies  string
	WorkerAddr      string
	LogLevel        string
	LogFormat       string
	APIKeys         string
	APIKeysFile     string
	BatchMaxFiles   int
	BatchMaxBytes   int64
	WebhookAllow    string
	WebhookTimeout  time.Duration

	// keys are the recruiters' keys read from APIKeys and APIKeysFile,
	// kept as hashes; the raw values are dropped once read.
	keys *recruiter.Keys
	// webhookAllow is WebhookAllow parsed.
	webhookAllow []netip.Prefix
}

// setting describes one configuration field.
type setting struct {
	flag, env, def, usage string
	secret                bool
	field                 string // name of the config field
}

var settings = []setting{
	{"addr", "PREP_ADDR", ":8080", "HTTP listen address", false, "Addr"},
	{"redis-url", "PREP_REDIS_URL", "redis://127.0.0.1:6379/0", "Redis holding the queue and the report records", false, "RedisURL"},
	{"data-dir", "PREP_DATA_DIR", "./var", "data directory: file blobs, mail outbox", false, "DataDir"},
	{"blob-url", "PREP_BLOB_URL", "", "blob store: file:///dir or s3://bucket?region=… (default: file:// under the data dir)", false, "BlobURL"},
	{"base-url", "PREP_BASE_URL", "", "public address used in emails (default: http://localhost and the port of --addr)", false, "BaseURL"},
	{"smtp-url", "PREP_SMTP_URL", "", "smtp://user:pass@host:587 (STARTTLS), smtps://…:465, ?tls=none for a local relay; unset: .eml files in the outbox", true, "SMTPURL"},
	{"mail-from", "PREP_MAIL_FROM", "prep <prep@localhost>", "sender of report emails", false, "MailFrom"},
	{"retention", "PREP_RETENTION", "168h", "how long uploads and reports are kept", false, "Retention"},
	{"sweep-interval", "PREP_SWEEP_INTERVAL", "1h", "how often the retention sweep runs", false, "SweepInterval"},
	{"admin-token", "PREP_ADMIN_TOKEN", "", "token for the queue dashboard at /admin/queues (unset: dashboard off)", true, "AdminToken"},
	{"concurrency", "PREP_CONCURRENCY", strconv.Itoa(2 * runtime.NumCPU()), "tasks a worker runs at once, recruiters' batch reports aside", false, "Concurrency"},
	{"bulk-concurrency", "PREP_BULK_CONCURRENCY", strconv.Itoa(runtime.NumCPU()), "batch reports a worker runs at once, in a pool of their own so candidates never wait behind a batch (0: they share the main pool at a low weight)", false, "BulkConcurrency"},
	{"max-upload", "PREP_MAX_UPLOAD", "10485760", "largest CV or JD file in bytes", false, "MaxUpload"},
	{"upload-rate", "PREP_UPLOAD_RATE", "10", "uploads per minute from one client address (0: no limit)", false, "UploadRate"},
	{"task-timeout", "PREP_TASK_TIMEOUT", "2m", "time limit of one report generation", false, "TaskTimeout"},
	{"max-retry", "PREP_MAX_RETRY", "8", "retries of a task after a transient fault", false, "MaxRetry"},
	{"retry-base", "PREP_RETRY_BASE", "10s", "first retry delay, doubled at each retry up to 10m", false, "RetryBase"},
	{"poll-interval", "PREP_POLL_INTERVAL", "100ms", "how often an idle worker looks for tasks", false, "PollInterval"},
	{"shutdown-timeout", "PREP_SHUTDOWN_TIMEOUT", "20s", "time in-flight tasks and requests get to finish on shutdown", false, "ShutdownTimeout"},
	{"trusted-proxies", "PREP_TRUSTED_PROXIES", "", "comma-separated proxy addresses or CIDRs whose X-Forwarded-For is trusted", false, "TrustedProxies"},
	{"worker-addr", "PREP_WORKER_ADDR", "", "prep worker only: address for /healthz and /metrics (unset: none)", false, "WorkerAddr"},
	{"log-level", "PREP_LOG_LEVEL", "info", "debug, info, warn or error", false, "LogLevel"},
	{"log-format", "PREP_LOG_FORMAT", "text", "text or json", false, "LogFormat"},
	{"api-keys", "PREP_API_KEYS", "", "recruiters' API keys: name:email:key, comma-separated (unset: no recruiter access)", true, "APIKeys"},
	{"api-keys-file", "PREP_API_KEYS_FILE", "", "a file of API keys, one name:email:key a line (# comments), added to PREP_API_KEYS", false, "APIKeysFile"},
	{"batch-max-files", "PREP_BATCH_MAX_FILES", "1000", "CVs in one recruiter batch", false, "BatchMaxFiles"},
	{"batch-max-bytes", "PREP_BATCH_MAX_BYTES", "209715200", "bytes of CVs in one batch, counted unpacked for a zip", false, "BatchMaxBytes"},
	{"webhook-allow", "PREP_WEBHOOK_ALLOW", "", "addresses or CIDRs a webhook may reach although private or loopback (e.g. 10.0.0.0/8); unset: public addresses only", false, "WebhookAllow"},
	{"webhook-timeout", "PREP_WEBHOOK_TIMEOUT", "10s", "time limit of one webhook delivery", false, "WebhookTimeout"},
}

// parseConfig reads the environment through getenv, then the flags in
// args, and fills the defaults that depend on other fields.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	values := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		usage := s.usage + " (" + s.env + ")"
		values[s.field] = fs.String(s.flag, def, usage)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	v := reflect.ValueOf(cfg).Elem()
	for _, s := range settings {
		raw := strings.TrimSpace(*values[s.field])
		f := v.FieldByName(s.field)
		switch f.Interface().(type) {
		case string:
			f.SetString(raw)
		case int, int64:
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || n < 0 {
				return nil, usageError{fmt.Sprintf("%s (%s): %q is not a count", s.flag, s.env, raw)}
			}
			f.SetInt(n)
		case time.Duration:
			d, err := time.ParseDuration(raw)
			if err != nil || d < 0 {
				return nil, usageError{fmt.Sprintf("%s (%s): %q is not a duration like 168h or 30s", s.flag, s.env, raw)}
			}
			f.SetInt(int64(d))
		}
	}
	return cfg, cfg.complete()
}

// complete derives the defaults that depend on other settings and checks
// the values.
func (c *config) complete() error {
	if c.BlobURL == "" {
		u, err := blob.FileURL(filepath.Join(c.DataDir, "blobs"))
		if err != nil {
			return err
		}
		c.BlobURL = u
	}
	if c.BaseURL == "" {
		_, port, err := net.SplitHostPort(c.Addr)
		if err != nil {
			return usageError{fmt.Sprintf("addr (PREP_ADDR): %q is not host:port", c.Addr)}
		}
		c.BaseURL = "http://localhost:" + port
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return usageError{fmt.Sprintf("base-url (PREP_BASE_URL): %q is not an http(s) URL", c.BaseURL)}
	}
	if c.Retention < time.Minute {
		return usageError{"retention (PREP_RETENTION) must be at least 1m"}
	}
	if c.SweepInterval < time.Second {
		return usageError{"sweep-interval (PREP_SWEEP_INTERVAL) must be at least 1s"}
	}
	if c.Concurrency < 1 {
		c.Concurrency = 1
	}
	if c.MaxUpload < 1024 {
		return usageError{"max-upload (PREP_MAX_UPLOAD) must be at least 1024 bytes"}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return usageError{fmt.Sprintf("log-level (PREP_LOG_LEVEL): %q: want debug, info, warn or error", c.LogLevel)}
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return usageError{fmt.Sprintf("log-format (PREP_LOG_FORMAT): %q: want text or json", c.LogFormat)}
	}
	spec := c.APIKeys
	if c.APIKeysFile != "" {
		data, err := os.ReadFile(c.APIKeysFile)
		if err != nil {
			return usageError{fmt.Sprintf("api-keys-file (PREP_API_KEYS_FILE): %v", err)}
		}
		spec += "\n" + string(data)
	}
	keys, err := recruiter.Parse(spec)
	if err != nil {
		// recruiter.Parse never quotes a key in its errors.
		return usageError{fmt.Sprintf("PREP_API_KEYS: %v", err)}
	}
	c.keys = keys
	if c.APIKeys != "" {
		c.APIKeys = "(read)"
	}
	if c.BatchMaxFiles < 1 {
		return usageError{"batch-max-files (PREP_BATCH_MAX_FILES) must be at least 1"}
	}
	if c.BatchMaxBytes < c.MaxUpload {
		return usageError{"batch-max-bytes (PREP_BATCH_MAX_BYTES) must be at least max-upload (PREP_MAX_UPLOAD)"}
	}
	if c.webhookAllow, err = webhook.ParseAllow(c.WebhookAllow); err != nil {
		return usageError{fmt.Sprintf("webhook-allow (PREP_WEBHOOK_ALLOW): %v", err)}
	}
	if c.WebhookTimeout < time.Second {
		return usageError{"webhook-timeout (PREP_WEBHOOK_TIMEOUT) must be at least 1s"}
	}
	return nil
}

// outboxDir is where emails go when no SMTP server is configured.
func (c *config) outboxDir() string { return filepath.Join(c.DataDir, "outbox") }

// trustedProxies splits PREP_TRUSTED_PROXIES.
func (c *config) trustedProxies() []string {
	var out []string
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// print writes the effective configuration, one setting a line, with
// secrets masked.
func (c *config) print(w io.Writer) {
	v := reflect.ValueOf(c).Elem()
	for _, s := range settings {
		val := fmt.Sprint(v.FieldByName(s.field).Interface())
		switch {
		case val == "":
			val = "(unset)"
		case s.field == "SMTPURL":
			val = mail.Redact(val)
		case s.field == "RedisURL":
			val = redactURL(val)
		case s.secret:
			val = "********"
		}
		fmt.Fprintf(w, "  %-22s %s\n", s.env, val)
	}
	if n := c.keys.Len(); n > 0 {
		fmt.Fprintf(w, "  %-22s %d (%s)\n", "recruiter keys", n, strings.Join(c.keys.Names(), ", "))
	}
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
