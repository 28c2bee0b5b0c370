// Package recruiter holds the API keys recruiters use: who each key
// belongs to (a name that owns its batches, a contact email), how a key a
// request presents is checked, and the secret that signs the key's
// webhooks. Keys come from configuration (PREP_API_KEYS or the file named
// by PREP_API_KEYS_FILE) and are kept only as hashes.
package recruiter

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
)

// Key is one recruiter's API key, without the key itself.
type Key struct {
	// Name identifies the key: it owns the batches made with it and
	// appears in logs (it names an agency or a team, not a person).
	Name string
	// Email is the contact address: the default notify address of a batch.
	Email string

	hash          [sha256.Size]byte
	webhookSecret string
}

// WebhookSecret is the secret the key's webhooks are signed with:
// hex(HMAC-SHA256(key, "prep-webhook-v1")). A recruiter derives it from
// their key with one command, and the service keeps only it, never the key.
func (k *Key) WebhookSecret() string { return k.webhookSecret }

// WebhookSecretOf derives the webhook secret of a raw key.
func WebhookSecretOf(key string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte("prep-webhook-v1"))
	return hex.EncodeToString(m.Sum(nil))
}

// Keys is the set of configured keys. The zero value holds none.
type Keys struct {
	keys []*Key
}

// MinKeyLength is the shortest key accepted: 16 characters, and keys are
// meant to be random (openssl rand -hex 24), so a hash is enough to store
// them.
const MinKeyLength = 16

var (
	namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	keyPattern  = regexp.MustCompile(`^[A-Za-z0-9._~+/=-]+$`)
)

// Parse reads keys written as name:email:key, separated by commas or new
// lines; blank lines and lines starting with # are ignored. Names and keys
// must be unique. Error messages never repeat a key.
func Parse(spec string) (*Keys, error) {
	ks := &Keys{}
	names := map[string]bool{}
	hashes := map[[sha256.Size]byte]bool{}
	for lineNo, line := range strings.Split(spec, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, entry := range strings.Split(line, ",") {
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue
			}
			where := fmt.Sprintf("line %d", lineNo+1)
			parts := strings.SplitN(entry, ":", 3)
			if len(parts) != 3 {
				return nil, fmt.Errorf("api key on %s: want name:email:key", where)
			}
			name, email, key := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1]), strings.TrimSpace(parts[2])
			if !namePattern.MatchString(name) {
				return nil, fmt.Errorf("api key on %s: name %q: use letters, digits, dot, dash or underscore", where, name)
			}
			where = fmt.Sprintf("api key %q", name)
			if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
				return nil, fmt.Errorf("%s: %q is not an email address", where, email)
			}
			if len(key) < MinKeyLength || !keyPattern.MatchString(key) {
				return nil, fmt.Errorf("%s: the key must be at least %d characters of letters, digits and ._~+/=-", where, MinKeyLength)
			}
			if names[name] {
				return nil, fmt.Errorf("%s: the name is used twice", where)
			}
			k := &Key{Name: name, Email: email, hash: sha256.Sum256([]byte(key)), webhookSecret: WebhookSecretOf(key)}
			if hashes[k.hash] {
				return nil, fmt.Errorf("%s: the same key is given to two names", where)
			}
			names[name], hashes[k.hash] = true, true
			ks.keys = append(ks.keys, k)
		}
	}
	return ks, nil
}

// Len is the number of keys.
func (ks *Keys) Len() int {
	if ks == nil {
		return 0
	}
	return len(ks.keys)
}

// Names lists the key names, for the start-up print.
func (ks *Keys) Names() []string {
	if ks == nil {
		return nil
	}
	out := make([]string, len(ks.keys))
	for i, k := range ks.keys {
		out[i] = k.Name
	}
	return out
}

// Lookup returns the key whose hash matches the presented key. It hashes
// the presented key and compares it with every configured hash in constant
// time, without stopping at a match, so the time taken says nothing about
// which key, or how much of one, matched.
func (ks *Keys) Lookup(presented string) (*Key, bool) {
	if ks == nil || presented == "" {
		return nil, false
	}
	h := sha256.Sum256([]byte(presented))
	var found *Key
	for _, k := range ks.keys {
		if subtle.ConstantTimeCompare(h[:], k.hash[:]) == 1 {
			found = k
		}
	}
	return found, found != nil
}

// ByName returns the key named name: the worker finds a batch's webhook
// secret through its owner.
func (ks *Keys) ByName(name string) (*Key, bool) {
	if ks == nil {
		return nil, false
	}
	for _, k := range ks.keys {
		if k.Name == name {
			return k, true
		}
	}
	return nil, false
}
