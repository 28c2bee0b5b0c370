package prep_test

import (
	"os/exec"
	"strings"
	"testing"

	"prep/internal/testenv"
)

// TestComposeConfig validates docker-compose.yml with Debian's
// docker-compose (no Docker engine needed) and checks what the service
// relies on: Redis that persists and never evicts, api and worker on one
// data volume, mailpit for the emails.
func TestComposeConfig(t *testing.T) {
	bin := testenv.Program(t, "docker-compose")
	cmd := exec.Command(bin, "-f", "docker-compose.yml", "config")
	cmd.Dir = testenv.ModuleRoot(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	cfg := string(out)
	for _, want := range []string{
		"--appendonly", "--maxmemory-policy", "noeviction",
		"PREP_REDIS_URL: redis://redis:6379/0",
		"PREP_SMTP_URL: smtp://mailpit:1025?tls=none",
		"mailpit:", "api:", "worker:", "redis:",
		"- api", "- worker", "data:/data",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("the compose configuration lacks %q:\n%s", want, cfg)
		}
	}
}
