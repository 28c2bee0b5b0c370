package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"prep/internal/testenv"
	"prep/pipeline"
	"prep/worker"
)

// gatePipeline lets the first runs through and holds the rest until the
// gate opens: the browser test's way to see a batch half done.
type gatePipeline struct {
	inner  worker.Pipeline
	runs   *atomic.Int32
	limit  int32
	opened chan struct{}
}

func (g gatePipeline) Run(ctx context.Context, in pipeline.Input, progress func(pipeline.Stage)) (*pipeline.Result, error) {
	if g.runs.Add(1) > g.limit {
		select {
		case <-g.opened:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return g.inner.Run(ctx, in, progress)
}

// TestBrowserRecruiter uses /recruiter like a recruiter, in headless
// chromium: enter the key, pick several CVs (PDF and DOCX, one damaged),
// paste the job description, start the batch, watch it progress, wait for
// the ranked table, sort it by name, and download the CSV. It saves
// screenshots of each page on a desktop and of the table on a phone.
func TestBrowserRecruiter(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	ctx := testenv.Chromium(t)
	s := newStack(t)
	gate := gatePipeline{runs: new(atomic.Int32), limit: 6, opened: make(chan struct{})}
	var once sync.Once
	open := func() { once.Do(func() { close(gate.opened) }) }
	t.Cleanup(open)
	base := s.serve(t, "serve", map[string]string{"PREP_API_KEYS": testKeys}, func(p worker.Pipeline) worker.Pipeline {
		gate.inner = p
		return gate
	})
	shots := screenshotDir(t)
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			png, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name), png, 0o644)
		})
	}

	// The files, as a recruiter has them in a folder.
	dir := t.TempDir()
	var paths []string
	pdfs, _ := filepath.Glob(filepath.Join(testenv.ModuleRoot(t), "testdata", "cv", "*.pdf"))
	slices.Sort(pdfs)
	for _, p := range pdfs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.Base(p))
		os.WriteFile(dst, data, 0o600)
		paths = append(paths, dst)
	}
	for seed := uint64(300); seed < 303; seed++ {
		p := fictionalPerson(seed)
		dst := filepath.Join(dir, strings.ReplaceAll(asciiOnly(p.Name), " ", "_")+".docx")
		os.WriteFile(dst, p.docx(t), 0o600)
		paths = append(paths, dst)
	}
	damaged := filepath.Join(dir, "scan-of-cv.pdf")
	os.WriteFile(damaged, damagedPDF, 0o600)
	paths = append(paths, damaged)

	downloads := t.TempDir()
	jd, _ := json.Marshal(in.jd)
	dropped, _ := json.Marshal(string(fictionalPerson(310).text()))
	step, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	err := chromedp.Do(step,
		chromedp.EmulateViewport(1440, 900),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
			})
			return err
		}),
		chromedp.Navigate(base+"/recruiter"),
		chromedp.WaitVisible(chromedp.CSS("#key")),
		shot("recruiter-signin.png"),
		chromedp.SendKeys(chromedp.CSS("#key"), keyAcme),
		chromedp.Click(chromedp.CSS(".signin-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("form[data-batch-form]")),
		shot("recruiter-empty.png"),
		chromedp.SetUploadFiles(chromedp.CSS("#cvs"), paths),
		// Drag and drop, as the page receives it: the job description's
		// file onto its field, one more CV onto the drop zone.
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[any](dropJS("[data-jd-drop]", "job-description.txt", string(jd)))(ctx, tg)
			if err != nil {
				return err
			}
			_, err = chromedp.Evaluate[any](dropJS("[data-many]", "dropped-cv.txt", string(dropped)))(ctx, tg)
			return err
		}),
		chromedp.WaitVisible(chromedp.CSS("[data-jd-name]")),
		chromedp.WaitVisible(chromedp.CSS("[data-picked]")),
		shot("recruiter-picked.png"),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	if got := evalString(t, step, "document.querySelector('[data-picked]').textContent"); !strings.HasPrefix(got, "12 CVs") {
		t.Errorf("after picking 11 files and dropping one, the page says %q", got)
	}
	if got := evalString(t, step, "document.querySelector('[data-jd-name]').textContent"); !strings.Contains(got, "job-description.txt") {
		t.Errorf("after dropping the job description, the page says %q", got)
	}
	err = chromedp.Do(step,
		chromedp.Click(chromedp.CSS("[data-submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-batch]")),
	)
	if err != nil {
		t.Fatalf("browser, submit: %v", err)
	}
	// Half done: six reports ready, the rest held at the gate.
	waitJS(t, step, "six rows ready on the page", "document.querySelectorAll('.ranked tbody tr.row-ready').length >= 6")
	if err := chromedp.Do(step, shot("batch-running.png")); err != nil {
		t.Fatal(err)
	}
	if got := evalString(t, step, "document.querySelector('[data-eyebrow]').textContent"); got != "Working on it" {
		t.Errorf("while held, the page says %q", got)
	}
	open()
	waitJS(t, step, "the batch done on the page", "document.querySelector('[data-batch]').getAttribute('data-status') === 'done' && document.querySelectorAll('.ranked tbody tr.row-ready').length === 11")
	if err := chromedp.Do(step, shot("batch-done.png")); err != nil {
		t.Fatal(err)
	}
	failures := evalString(t, step, "document.querySelector('[data-failure-list]').textContent")
	if !strings.Contains(failures, "scan-of-cv.pdf") || !strings.Contains(failures, "damaged") {
		t.Errorf("the failures list says %q", failures)
	}
	fits := evalStrings(t, step, "Array.from(document.querySelectorAll('.ranked tbody .fit-num')).map(e => e.textContent)")
	if !slices.IsSortedFunc(fits, func(a, b string) int { return atoi(b) - atoi(a) }) {
		t.Errorf("the table is not ranked by fit: %v", fits)
	}

	// Sort by name: a click on the heading, then again for Z to A.
	err = chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`a.sort[data-sort-key="name"]`)),
		chromedp.WaitVisible(chromedp.CSS(`th[aria-sort="ascending"] a[data-sort-key="name"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitJS(t, step, "rows sorted by name", `(() => { const n = Array.from(document.querySelectorAll('.ranked tbody .name')).map(e => e.textContent.toLowerCase()); return n.length === 11 && n.every((x, i) => i === 0 || n[i-1] <= x); })()`)
	if err := chromedp.Do(step, shot("batch-sorted-by-name.png")); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(step,
		chromedp.Click(chromedp.CSS(`a.sort[data-sort-key="name"]`)),
		chromedp.WaitVisible(chromedp.CSS(`th[aria-sort="descending"] a[data-sort-key="name"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	waitJS(t, step, "rows sorted by name, Z to A", `(() => { const n = Array.from(document.querySelectorAll('.ranked tbody .name')).map(e => e.textContent.toLowerCase()); return n.length === 11 && n.every((x, i) => i === 0 || n[i-1] >= x); })()`)

	// Download the CSV through its button.
	if err := chromedp.Do(step, chromedp.Click(chromedp.CSS("[data-csv]"))); err != nil {
		t.Fatal(err)
	}
	var csvPath string
	testenv.WaitFor(t, 30*time.Second, "the CSV download", func() bool {
		files, _ := filepath.Glob(filepath.Join(downloads, "*.csv"))
		if len(files) == 1 {
			csvPath = files[0]
			return true
		}
		return false
	})
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 13 || rows[1][0] != "1" || rows[0][1] != "candidate" {
		t.Errorf("downloaded CSV: %d rows, %v; first %v", len(rows), err, rows)
	}

	// The list of batches and the table on a phone.
	err = chromedp.Do(step,
		chromedp.Navigate(base+"/recruiter"),
		chromedp.WaitVisible(chromedp.CSS(".batch-list")),
		shot("recruiter-list.png"),
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(".batch-list")),
		shot("recruiter-phone.png"),
		chromedp.Click(chromedp.CSS(".batch-list a")),
		chromedp.WaitVisible(chromedp.CSS("[data-batch]")),
		shot("batch-phone.png"),
	)
	if err != nil {
		t.Fatalf("browser on a phone: %v", err)
	}
	t.Logf("screenshots in %s", shots)
}

// dropJS drops a text file made in the page onto the element of sel, as
// the browser does when a file is dragged there.
func dropJS(sel, name, jsonText string) string {
	return `(() => {
		const dt = new DataTransfer();
		dt.items.add(new File([` + jsonText + `], "` + name + `", {type: "text/plain"}));
		const el = document.querySelector("` + sel + `");
		for (const type of ["dragenter", "dragover", "drop"]) {
			el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
		}
		return true;
	})()`
}

func evalString(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func evalStrings(t *testing.T, ctx context.Context, expr string) []string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitJS polls a JavaScript condition in the page until it holds.
func waitJS(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	testenv.WaitFor(t, 90*time.Second, what, func() bool {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		return err == nil && ok
	})
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
