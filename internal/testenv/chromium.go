package testenv

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// Chromium starts Debian's headless chromium with a fresh profile and
// returns a chromedp context on its first tab; both end in Cleanup. It
// skips the test (fails in CI) when chromium is not installed.
func Chromium(tb testing.TB) context.Context {
	tb.Helper()
	bin := chromiumPath(tb)
	// The flags that work in this sandbox (no user namespaces, no GPU, no
	// network beyond loopback): anything that phones home is turned off so
	// a test never waits on a timeout.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	tb.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		missing(tb, "chromium does not start: "+err.Error())
	}
	return ctx
}

func chromiumPath(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := lookPath(name); err == nil {
			return p
		}
	}
	missing(tb, "chromium is not installed (apt-get install chromium, or run .ci/run)")
	return ""
}
