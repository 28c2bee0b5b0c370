package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigKeys: recruiter keys come from PREP_API_KEYS and the file of
// PREP_API_KEYS_FILE together, are kept as hashes, and never printed.
func TestConfigKeys(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys")
	os.WriteFile(file, []byte("# agencies\nbeta:hr@beta.example:beta-key-0123456789abcdef\n"), 0o600)
	env := map[string]string{
		"PREP_API_KEYS":      "acme:ops@acme.example:acme-key-0123456789abcdef",
		"PREP_API_KEYS_FILE": file,
		"PREP_WEBHOOK_ALLOW": "127.0.0.1, 10.0.0.0/8",
	}
	cfg, err := parseConfig("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if k, ok := cfg.keys.Lookup("beta-key-0123456789abcdef"); !ok || k.Name != "beta" {
		t.Errorf("the file's key: %v %v", k, ok)
	}
	if _, ok := cfg.keys.Lookup("acme-key-0123456789abcdef"); !ok {
		t.Error("the variable's key does not match")
	}
	if len(cfg.webhookAllow) != 2 || cfg.BatchMaxFiles != 1000 || cfg.BatchMaxBytes != 200<<20 {
		t.Errorf("allow %v, max files %d, max bytes %d", cfg.webhookAllow, cfg.BatchMaxFiles, cfg.BatchMaxBytes)
	}
	var buf bytes.Buffer
	cfg.print(&buf)
	out := buf.String()
	if strings.Contains(out, "key-0123456789abcdef") || !strings.Contains(out, "recruiter keys         2 (acme, beta)") {
		t.Errorf("the configuration print:\n%s", out)
	}

	for name, bad := range map[string]map[string]string{
		"a short key":      {"PREP_API_KEYS": "acme:ops@acme.example:short"},
		"a missing file":   {"PREP_API_KEYS_FILE": filepath.Join(t.TempDir(), "none")},
		"a host name":      {"PREP_WEBHOOK_ALLOW": "localhost"},
		"a tiny byte cap":  {"PREP_BATCH_MAX_BYTES": "1000"},
		"no files allowed": {"PREP_BATCH_MAX_FILES": "0"},
	} {
		_, err := parseConfig("serve", nil, func(k string) string { return bad[k] }, io.Discard)
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.Contains(err.Error(), "short") && name == "a short key" && strings.Contains(err.Error(), ":short") {
			t.Errorf("%s: the error repeats the key: %v", name, err)
		}
	}
}
