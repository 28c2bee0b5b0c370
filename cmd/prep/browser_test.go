package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"prep/internal/testenv"
)

// screenshotDir is where the browser test saves its screenshots:
// $PREP_SCREENSHOT_DIR, or out/screenshots in the module (ignored by git).
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PREP_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(testenv.ModuleRoot(t), "out", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowserUpload uses the home page like a person, in headless
// chromium: choose the CV file, paste the job description, type the email,
// submit, wait on the status page for the download button, download the
// PDF. It saves screenshots of both pages, on a desktop and a phone.
func TestBrowserUpload(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	ctx := testenv.Chromium(t)
	s := newStack(t)
	base := s.serve(t, "serve", nil, nil)
	shots := screenshotDir(t)
	cvPath := filepath.Join(t.TempDir(), "my-cv.pdf")
	if err := os.WriteFile(cvPath, in.cv, 0o600); err != nil {
		t.Fatal(err)
	}
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			png, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name), png, 0o644)
		})
	}
	jd, _ := json.Marshal(in.jd)
	step, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	err := chromedp.Do(step,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("form[data-upload]")),
		shot("home-desktop.png"),
		chromedp.SetUploadFiles(chromedp.CSS("#cv"), []string{cvPath}),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			// Pasting, as a person does: typing 5 KB key by key is slow.
			_, err := chromedp.Evaluate[any]("document.querySelector('#jd_text').value = "+string(jd)+"; document.querySelector('#cv').dispatchEvent(new Event('change'))")(ctx, tg)
			return err
		}),
		chromedp.SendKeys(chromedp.CSS("#email"), "browser@example.com"),
		shot("home-filled.png"),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-download]")),
		shot("status-ready-desktop.png"),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(loc, base+"/reports/") {
		t.Fatalf("after submitting, the browser is at %s", loc)
	}
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("[data-download]"), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("download link: %v", err)
	}
	pdf := download(t, base+href.Value)
	if text := pdfText(t, pdf); len(strings.TrimSpace(text)) == 0 {
		t.Error("the downloaded PDF has no text")
	}

	// The same pages on a phone.
	err = chromedp.Do(step,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS("[data-download]")),
		shot("status-ready-phone.png"),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("form[data-upload]")),
		shot("home-phone.png"),
	)
	if err != nil {
		t.Fatalf("browser on a phone: %v", err)
	}

	// Delete through the page's link and its confirmation form.
	err = chromedp.Do(step,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(loc),
		chromedp.Click(chromedp.CSS(`a[href$="/delete"]`)),
		chromedp.WaitVisible(chromedp.CSS("button.danger")),
		shot("delete-confirm.png"),
		chromedp.Click(chromedp.CSS("button.danger")),
		chromedp.WaitVisible(chromedp.CSS("#deleted-title")),
	)
	if err != nil {
		t.Fatalf("browser delete: %v", err)
	}
	if _, err := getStatus(base, strings.TrimPrefix(loc, base+"/reports/")); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("the report survived its deletion: %v", err)
	}

	// A damaged PDF: the status page says what ingest found and what to do.
	broken := filepath.Join(t.TempDir(), "broken.pdf")
	if err := os.WriteFile(broken, []byte("%PDF-1.7\n%\xe2\xe3\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(step,
		chromedp.Navigate(base+"/"),
		chromedp.SetUploadFiles(chromedp.CSS("#cv"), []string{broken}),
		chromedp.SendKeys(chromedp.CSS("#jd_text"), "Customer Success Manager at Acme. Own renewals and expansion."),
		chromedp.SendKeys(chromedp.CSS("#email"), "browser@example.com"),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`[data-status="failed"]`)),
		shot("status-failed.png"),
	)
	if err != nil {
		t.Fatalf("browser, damaged PDF: %v", err)
	}
	alert, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".status .alert")))
	if err != nil || strings.TrimSpace(alert) == "" {
		t.Errorf("the failed page shows no error: %q %v", alert, err)
	}
	t.Logf("screenshots in %s", shots)
}
