// Package webhook delivers a batch's summary to the URL a recruiter gave:
// an HTTP POST of JSON signed with HMAC-SHA256, to public addresses only.
//
// A webhook URL is chosen by a client, so the server would otherwise make
// requests on that client's behalf to anything it can reach: its own Redis,
// a cloud metadata service, the office network (server-side request
// forgery). The Guard refuses loopback, private, link-local, unspecified
// and other special-purpose addresses unless configuration allows them. It
// checks the URL when the batch is created, every address the host
// resolves to when the webhook is sent, and — because a name can resolve
// to something else a moment later (DNS rebinding) — the very address each
// connection is made to, in the dialer.
//
// Signature: the body is signed with the key's secret as
//
//	X-Prep-Timestamp: 1767225600
//	X-Prep-Signature: sha256=hex(HMAC-SHA256(secret, "1767225600." + body))
//
// and a receiver refuses a timestamp far from its clock, so a captured
// delivery cannot be replayed later. Verify is the receiver's side.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"prep"
)

// Headers of a delivery.
const (
	HeaderEvent     = "X-Prep-Event"
	HeaderDelivery  = "X-Prep-Delivery"
	HeaderTimestamp = "X-Prep-Timestamp"
	HeaderSignature = "X-Prep-Signature"
)

// Guard decides which addresses a webhook may reach.
type Guard struct {
	allow []netip.Prefix
	// Lookup resolves a host name; tests replace it to play DNS tricks.
	Lookup func(ctx context.Context, host string) ([]netip.Addr, error)
}

// NewGuard returns a Guard that also lets through the addresses in allow.
func NewGuard(allow []netip.Prefix) *Guard {
	return &Guard{allow: allow, Lookup: func(ctx context.Context, host string) ([]netip.Addr, error) {
		return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	}}
}

// ParseAllow reads an allow-list: addresses and CIDR prefixes separated by
// commas ("127.0.0.1, 10.20.0.0/16, ::1").
func ParseAllow(spec string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(spec, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("webhook allow-list: %q is not an address or a CIDR prefix", s)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("webhook allow-list: %q is not an address or a CIDR prefix", s)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// special are address ranges no webhook should reach besides those the
// netip predicates name: "this network", shared address space (carrier
// NAT), IETF protocol assignments, documentation and benchmarking ranges,
// the reserved 240/4 with broadcast, and the IPv6 ranges that embed IPv4
// or are not routed.
var special = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15",
		"198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",
		"64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32", "2002::/16", "fec0::/10",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// Allowed reports whether a webhook may connect to ip.
func (g *Guard) Allowed(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range g.allow {
		if p.Contains(ip) {
			return true
		}
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || !ip.IsValid() {
		return false
	}
	for _, p := range special {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// Check validates a webhook URL given with a batch: http or https, a host,
// no credentials, and every address the host resolves to allowed. Its
// errors are prep.EINVALID with a message for the recruiter.
func (g *Guard) Check(ctx context.Context, rawURL string) error {
	u, err := parseURL(rawURL)
	if err != nil {
		return err
	}
	_, err = g.resolve(ctx, u.Hostname())
	return err
}

func parseURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return nil, prep.Errorf(prep.EINVALID, "the webhook URL must be an http:// or https:// address")
	}
	if u.User != nil {
		return nil, prep.Errorf(prep.EINVALID, "the webhook URL must not carry a user name or password: the signature proves who sends it")
	}
	if len(rawURL) > 2048 {
		return nil, prep.Errorf(prep.EINVALID, "the webhook URL is longer than 2048 characters")
	}
	return u, nil
}

// resolve returns the addresses of host, all of them allowed, or an error.
func (g *Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		addrs = []netip.Addr{a}
	} else {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		addrs, err = g.Lookup(ctx, host)
		if err != nil || len(addrs) == 0 {
			return nil, prep.Wrap(prep.EINVALID, "the webhook host does not resolve: check the URL", err)
		}
	}
	for _, a := range addrs {
		if !g.Allowed(a) {
			return nil, prep.Errorf(prep.EINVALID, "the webhook URL points to a private, loopback or otherwise internal address, which is not allowed")
		}
	}
	return addrs, nil
}

// errRefusedAddr is what the dialer returns for an address the guard
// refuses at connection time.
var errRefusedAddr = errors.New("webhook: connection to a refused address")

// control runs before each connection with the address actually dialled.
func (g *Guard) control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !g.Allowed(ip) {
		return errRefusedAddr
	}
	return nil
}

// Client posts signed deliveries through a Guard.
type Client struct {
	guard *Guard
	http  *http.Client
	// Now is the clock of the timestamp; tests fix it.
	Now func() time.Time
}

// NewClient returns a Client whose requests each take at most timeout.
// It uses no proxy (a proxy would dial on our behalf, past the guard) and
// follows no redirect (a redirect is a second URL nobody checked).
func NewClient(g *Guard, timeout time.Duration) *Client {
	d := &net.Dialer{Timeout: 5 * time.Second, Control: g.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
	}
	return &Client{
		guard: g,
		http: &http.Client{
			Transport: tr,
			Timeout:   timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		Now: time.Now,
	}
}

// Post delivers body to rawURL, signed with secret. A refused address is a
// prep.EINVALID error (retrying cannot help); a network error or an answer
// other than 2xx is an ordinary error, to be retried.
func (c *Client) Post(ctx context.Context, rawURL, secret, event, delivery string, body []byte) error {
	u, err := parseURL(rawURL)
	if err != nil {
		return err
	}
	if _, err := c.guard.resolve(ctx, u.Hostname()); err != nil {
		return err
	}
	ts := c.Now().Unix()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return prep.Wrap(prep.EINVALID, "the webhook URL is not valid", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "prep-webhook/1")
	req.Header.Set(HeaderEvent, event)
	req.Header.Set(HeaderDelivery, delivery)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(secret, ts, body))
	resp, err := c.http.Do(req)
	if errors.Is(err, errRefusedAddr) {
		return prep.Wrap(prep.EINVALID, "the webhook host now resolves to an internal address, which is not allowed", err)
	} else if err != nil {
		return fmt.Errorf("webhook post: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook post: the receiver answered %s", resp.Status)
	}
	return nil
}

// Sign returns the X-Prep-Signature value of body sent at ts.
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify is the receiver's check of a delivery: the signature matches the
// timestamp and body, compared in constant time, and the timestamp is
// within tolerance of now.
func Verify(secret, signature, timestamp string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return errors.New("webhook: bad timestamp")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return errors.New("webhook: timestamp out of tolerance (a replay?)")
	}
	if !hmac.Equal([]byte(signature), []byte(Sign(secret, ts, body))) {
		return errors.New("webhook: signature mismatch")
	}
	return nil
}
