package webhook

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"prep"
)

func TestAllowed(t *testing.T) {
	loopback, err := ParseAllow("127.0.0.1, 10.20.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ip           string
		plain, local bool // allowed without and with the allow-list
	}{
		{"93.184.216.34", true, true},
		{"2606:2800:220:1:248:1893:25c8:1946", true, true},
		{"127.0.0.1", false, true},
		{"127.0.0.2", false, false},
		{"::1", false, false},
		{"::ffff:127.0.0.1", false, true},
		{"10.20.3.4", false, true},
		{"10.1.2.3", false, false},
		{"172.16.0.1", false, false},
		{"192.168.1.1", false, false},
		{"169.254.169.254", false, false}, // cloud metadata
		{"fe80::1", false, false},
		{"fc00::1", false, false},
		{"0.0.0.0", false, false},
		{"::", false, false},
		{"100.64.0.1", false, false},
		{"224.0.0.1", false, false},
		{"255.255.255.255", false, false},
		{"64:ff9b::7f00:1", false, false}, // NAT64 of 127.0.0.1
		{"2002:7f00:1::", false, false},   // 6to4 of 127.0.0.1
	}
	plain, local := NewGuard(nil), NewGuard(loopback)
	for _, tt := range tests {
		ip := netip.MustParseAddr(tt.ip)
		if got := plain.Allowed(ip); got != tt.plain {
			t.Errorf("Allowed(%s) = %v, want %v", tt.ip, got, tt.plain)
		}
		if got := local.Allowed(ip); got != tt.local {
			t.Errorf("with the allow-list, Allowed(%s) = %v, want %v", tt.ip, got, tt.local)
		}
	}
}

func TestParseAllow(t *testing.T) {
	if _, err := ParseAllow("127.0.0.1, not-an-ip"); err == nil {
		t.Error("ParseAllow accepted a host name")
	}
	p, err := ParseAllow(" ::1 ,10.0.0.0/8,")
	if err != nil || len(p) != 2 || p[0].String() != "::1/128" {
		t.Errorf("ParseAllow = %v, %v", p, err)
	}
}

// fakeLookup answers host names from a table.
func fakeLookup(table map[string][]string) func(context.Context, string) ([]netip.Addr, error) {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		var out []netip.Addr
		for _, s := range table[host] {
			out = append(out, netip.MustParseAddr(s))
		}
		if len(out) == 0 {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		return out, nil
	}
}

func TestCheck(t *testing.T) {
	g := NewGuard(nil)
	g.Lookup = fakeLookup(map[string][]string{
		"hooks.example":  {"93.184.216.34"},
		"mixed.example":  {"93.184.216.34", "10.0.0.5"},
		"inside.example": {"192.168.0.10"},
	})
	tests := []struct {
		url  string
		want string // "" for accepted, else a piece of the message
	}{
		{"https://hooks.example/prep", ""},
		{"http://hooks.example:8080/x?y=1", ""},
		{"ftp://hooks.example/x", "http:// or https://"},
		{"hooks.example/x", "http:// or https://"},
		{"https:///nohost", "http:// or https://"},
		{"https://user:pw@hooks.example/", "user name or password"},
		{"http://127.0.0.1:9000/", "internal address"},
		{"http://[::1]/", "internal address"},
		{"http://169.254.169.254/latest/meta-data", "internal address"},
		{"https://inside.example/", "internal address"},
		{"https://mixed.example/", "internal address"},
		{"https://nowhere.example/", "does not resolve"},
	}
	for _, tt := range tests {
		err := g.Check(context.Background(), tt.url)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Check(%s): %v", tt.url, err)
		case tt.want != "" && (err == nil || !strings.Contains(prep.ErrorMessage(err), tt.want) || prep.ErrorCode(err) != prep.EINVALID):
			t.Errorf("Check(%s) = %v, want an invalid error with %q", tt.url, err, tt.want)
		}
	}
}

// receiver is a test webhook endpoint that verifies what it gets.
type receiver struct {
	mu      sync.Mutex
	secret  string
	status  int
	got     [][]byte
	headers []http.Header
	errs    []error
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, body)
	r.headers = append(r.headers, req.Header.Clone())
	r.errs = append(r.errs, Verify(r.secret, req.Header.Get(HeaderSignature), req.Header.Get(HeaderTimestamp), body, time.Now(), 5*time.Minute))
	if r.status != 0 {
		w.WriteHeader(r.status)
	}
}

func loopbackClient(t *testing.T) *Client {
	t.Helper()
	allow, err := ParseAllow("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return NewClient(NewGuard(allow), 5*time.Second)
}

func TestPostSigned(t *testing.T) {
	rcv := &receiver{secret: "s3cret"}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	c := loopbackClient(t)
	body := []byte(`{"event":"batch.done","id":"B1"}`)
	if err := c.Post(context.Background(), srv.URL+"/hook", "s3cret", "batch.done", "B1", body); err != nil {
		t.Fatal(err)
	}
	if len(rcv.got) != 1 || string(rcv.got[0]) != string(body) {
		t.Fatalf("received %q", rcv.got)
	}
	if rcv.errs[0] != nil {
		t.Errorf("the receiver's check failed: %v", rcv.errs[0])
	}
	h := rcv.headers[0]
	if h.Get(HeaderEvent) != "batch.done" || h.Get(HeaderDelivery) != "B1" || h.Get("Content-Type") != "application/json" {
		t.Errorf("headers: %v", h)
	}
	if !strings.HasPrefix(h.Get(HeaderSignature), "sha256=") {
		t.Errorf("signature header %q", h.Get(HeaderSignature))
	}
}

func TestPostFailures(t *testing.T) {
	c := loopbackClient(t)
	ctx := context.Background()

	t.Run("receiver error is retried", func(t *testing.T) {
		srv := httptest.NewServer(&receiver{status: http.StatusBadGateway})
		defer srv.Close()
		err := c.Post(ctx, srv.URL, "s", "batch.done", "B", []byte("{}"))
		if err == nil || prep.Permanent(err) || !strings.Contains(err.Error(), "502") {
			t.Errorf("err = %v, want a transient error naming 502", err)
		}
	})
	t.Run("redirects are not followed", func(t *testing.T) {
		target := &receiver{}
		tsrv := httptest.NewServer(target)
		defer tsrv.Close()
		srv := httptest.NewServer(http.RedirectHandler(tsrv.URL, http.StatusTemporaryRedirect))
		defer srv.Close()
		err := c.Post(ctx, srv.URL, "s", "batch.done", "B", []byte("{}"))
		if err == nil || len(target.got) != 0 {
			t.Errorf("err = %v, %d deliveries at the redirect target", err, len(target.got))
		}
	})
	t.Run("a refused address is permanent", func(t *testing.T) {
		strict := NewClient(NewGuard(nil), time.Second)
		err := strict.Post(ctx, "http://127.0.0.1:1/x", "s", "batch.done", "B", []byte("{}"))
		if !prep.Permanent(err) {
			t.Errorf("err = %v, want permanent", err)
		}
	})
}

// TestPostRebinding: the name passed the check with a public address, and
// resolves to loopback when the connection is made. The dialer checks the
// address it connects to, so the request never leaves.
func TestPostRebinding(t *testing.T) {
	rcv := &receiver{}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	g := NewGuard(nil)
	// The check sees a public address; the dialer resolves "localhost"
	// itself, to 127.0.0.1.
	g.Lookup = fakeLookup(map[string][]string{"localhost": {"93.184.216.34"}})
	c := NewClient(g, 2*time.Second)
	url := "http://localhost:" + port + "/hook"
	if err := g.Check(context.Background(), url); err != nil {
		t.Fatalf("the check should pass with the public answer: %v", err)
	}
	err := c.Post(context.Background(), url, "s", "batch.done", "B", []byte("{}"))
	if !errors.Is(err, errRefusedAddr) || !prep.Permanent(err) {
		t.Errorf("err = %v, want the dialer's refusal, permanent", err)
	}
	if len(rcv.got) != 0 {
		t.Errorf("the receiver on loopback got %d deliveries", len(rcv.got))
	}
}

func TestVerify(t *testing.T) {
	now := time.Unix(1767225600, 0)
	body := []byte(`{"id":"B1"}`)
	sig := Sign("secret", now.Unix(), body)
	ts := "1767225600"
	if err := Verify("secret", sig, ts, body, now.Add(time.Minute), 5*time.Minute); err != nil {
		t.Errorf("a good delivery: %v", err)
	}
	bad := []struct {
		name, secret, sig, ts string
		body                  []byte
		at                    time.Time
	}{
		{"wrong secret", "other", sig, ts, body, now},
		{"tampered body", "secret", sig, ts, []byte(`{"id":"B2"}`), now},
		{"tampered timestamp", "secret", sig, "1767225601", body, now},
		{"replayed later", "secret", sig, ts, body, now.Add(10 * time.Minute)},
		{"bad timestamp", "secret", sig, "yesterday", body, now},
		{"no signature", "secret", "", ts, body, now},
	}
	for _, tt := range bad {
		if err := Verify(tt.secret, tt.sig, tt.ts, tt.body, tt.at, 5*time.Minute); err == nil {
			t.Errorf("%s: verified", tt.name)
		}
	}
}
