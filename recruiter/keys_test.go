package recruiter

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	keyA = "alpha-key-0123456789abcdef"
	keyB = "bravo-key-0123456789abcdef"
)

func TestParse(t *testing.T) {
	spec := "agency-a:ops@agency-a.example:" + keyA + ", \n# a comment\n\n team.b : hire@b.example : " + keyB + "\n"
	ks, err := Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"agency-a", "team.b"}, ks.Names()); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	k, ok := ks.Lookup(keyB)
	if !ok || k.Name != "team.b" || k.Email != "hire@b.example" {
		t.Errorf("Lookup(keyB) = %+v, %v", k, ok)
	}
	for _, bad := range []string{"", keyA + "x", keyA[:len(keyA)-1], strings.ToUpper(keyA)} {
		if k, ok := ks.Lookup(bad); ok {
			t.Errorf("Lookup(%q) matched %s", bad, k.Name)
		}
	}
	if k, _ := ks.ByName("agency-a"); k == nil || k.WebhookSecret() != WebhookSecretOf(keyA) {
		t.Error("the webhook secret is not the one derived from the key")
	}
	if WebhookSecretOf(keyA) == WebhookSecretOf(keyB) || len(WebhookSecretOf(keyA)) != 64 {
		t.Error("webhook secrets are not distinct 256-bit hex values")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"just-a-name", "want name:email:key"},
		{"bad name:a@b.example:" + keyA, "name"},
		{"a:not-an-email:" + keyA, "not an email address"},
		{"a:a@b.example:short", "at least 16 characters"},
		{"a:a@b.example:" + keyA + " with space", "at least 16 characters"},
		{"a:a@b.example:" + keyA + ",a:c@d.example:" + keyB, "used twice"},
		{"a:a@b.example:" + keyA + ",b:c@d.example:" + keyA, "same key"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.spec)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", tt.spec, err, tt.want)
			continue
		}
		if strings.Contains(err.Error(), keyA) || strings.Contains(err.Error(), keyB) {
			t.Errorf("Parse error repeats a key: %v", err)
		}
	}
}

func TestEmpty(t *testing.T) {
	var ks *Keys
	if _, ok := ks.Lookup(keyA); ok || ks.Len() != 0 {
		t.Error("a nil key set matched")
	}
	empty, err := Parse("")
	if err != nil || empty.Len() != 0 {
		t.Errorf("Parse(\"\") = %d keys, %v", empty.Len(), err)
	}
	if _, ok := empty.Lookup(""); ok {
		t.Error("an empty key matched")
	}
}
