package ingest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"prep"
	"prep/internal/testenv"
)

var fixtures = flag.Bool("fixtures", false, "rewrite the encrypted PDF fixtures in testdata/pdf with qpdf")

// newTestExtractor returns an Extractor closed when the test ends.
func newTestExtractor(tb testing.TB, l Limits) *Extractor {
	tb.Helper()
	ex := New(l)
	tb.Cleanup(func() { ex.Close() })
	return ex
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func synthetic(tb testing.TB, name string) string {
	tb.Helper()
	return filepath.Join(testenv.ModuleRoot(tb), "testdata", "cv", name)
}

// TestPDFEncryptedFixtures rewrites the encrypted fixtures when run with
// -fixtures (qpdf required); otherwise it checks they are there.
//
//	go test ./ingest -run TestPDFEncryptedFixtures -fixtures
func TestPDFEncryptedFixtures(t *testing.T) {
	dir := filepath.Join("testdata", "pdf")
	if !*fixtures {
		for _, f := range []string{"encrypted-aes256.pdf", "encrypted-rc4.pdf", "encrypted-owner-only.pdf"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("missing fixture %s (go test ./ingest -run TestPDFEncryptedFixtures -fixtures)", f)
			}
		}
		return
	}
	qpdf := testenv.Program(t, "qpdf")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(t.TempDir(), "plain.pdf")
	if err := os.WriteFile(plain, makePDF(paragraph(72, 100,
		"Renata Oyelaran", "Customer Success Manager", "renata.oyelaran@example.com",
		"Managed a book of 40 accounts with 96% gross retention.")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"encrypted-aes256.pdf", []string{"--encrypt", "user-pass", "owner-pass", "256", "--"}},
		{"encrypted-rc4.pdf", []string{"--allow-weak-crypto", "--encrypt", "user-pass", "owner-pass", "128", "--use-aes=n", "--"}},
		{"encrypted-owner-only.pdf", []string{"--encrypt", "", "owner-pass", "256", "--"}},
	} {
		args := append(append([]string{}, c.args...), plain, filepath.Join(dir, c.name))
		if out, err := exec.Command(qpdf, args...).CombinedOutput(); err != nil {
			t.Fatalf("qpdf %v: %v\n%s", args, err, out)
		}
	}
}

func TestPDFBadInputs(t *testing.T) {
	ex := newTestExtractor(t, Limits{})
	daniel := readFile(t, synthetic(t, "daniel-ferreira-csm.pdf"))
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		return b
	}
	var pages [][]pdfText
	for i := range 500 {
		pages = append(pages, paragraph(72, 72, fmt.Sprintf("Page %d of a very long document", i+1)))
	}
	tooMany := makePDF(pages...)
	noText := makePDF(nil)

	tests := []struct {
		name      string
		data      []byte
		code, msg string
	}{
		{"truncated", daniel[:len(daniel)/2], prep.EINVALID, msgPDFTruncated},
		{"header only", []byte("%PDF-1.7\n"), prep.EINVALID, msgPDFTruncated},
		{"random bytes after header", append(append([]byte("%PDF-1.7\n"), random(64<<10)...), "\n%%EOF\n"...), prep.EINVALID, msgPDFUnreadable},
		{"random bytes without end", append([]byte("%PDF-1.5\n"), random(4<<10)...), prep.EINVALID, msgPDFTruncated},
		{"password AES-256", readFile(t, "testdata/pdf/encrypted-aes256.pdf"), prep.EINVALID, msgPDFPassword},
		{"password RC4", readFile(t, "testdata/pdf/encrypted-rc4.pdf"), prep.EINVALID, msgPDFPassword},
		{"500 pages", tooMany, prep.ETOOLARGE, "this PDF has 500 pages, more than the 30 we read: upload your CV or the job description on its own"},
		{"no text layer", noText, prep.EUNSUPPORTED, msgPDFScan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ex.Extract(context.Background(), tt.data)
			if err == nil {
				t.Fatalf("Extract succeeded with %d lines; want error %q", len(doc.Lines), tt.msg)
			}
			wantUserError(t, err, tt.code, tt.msg)
		})
	}
}

func TestPDFDeadline(t *testing.T) {
	ex := newTestExtractor(t, Limits{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	_, err := ex.Extract(ctx, readFile(t, synthetic(t, "daniel-ferreira-csm.pdf")))
	wantUserError(t, err, prep.EINVALID, msgPDFTooLong)
}

// TestPDFTimeoutKeepsPool cuts extractions short at many points and checks
// that the instances killed on the way do not break the ones after.
func TestPDFTimeoutKeepsPool(t *testing.T) {
	ex := newTestExtractor(t, Limits{PDFWorkers: 1})
	var pages [][]pdfText
	for p := range 30 {
		var lines []string
		for i := range 50 {
			lines = append(lines, fmt.Sprintf("Page %d line %d: renewal forecast, churn risk and expansion plan for account %d", p+1, i+1, p*50+i))
		}
		pages = append(pages, paragraph(50, 40, lines...))
	}
	big := makePDF(pages...)
	want, err := ex.Extract(context.Background(), big)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []time.Duration{time.Millisecond, 3 * time.Millisecond, 10 * time.Millisecond, 30 * time.Millisecond, 100 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		_, err := ex.Extract(ctx, big)
		cancel()
		switch {
		case err == nil:
		case errors.Is(err, errPDFBusy):
			// The only worker was still held by the read abandoned
			// just before: an internal error, retried later.
			if prep.ErrorCode(err) != prep.EINTERNAL {
				t.Errorf("busy reader: code %q; want %q", prep.ErrorCode(err), prep.EINTERNAL)
			}
		default:
			wantUserError(t, err, prep.EINVALID, msgPDFTooLong)
		}
	}
	got, err := ex.Extract(context.Background(), big)
	if err != nil {
		t.Fatalf("after timeouts: %v", err)
	}
	if diff := cmp.Diff(want.Text(), got.Text()); diff != "" {
		t.Errorf("text after timeouts (-want +got):\n%s", diff)
	}
}

// TestPDFInstanceReuse checks that an instance reads the next file after a
// good one, and is replaced after a file PDFium refused or a deadline.
func TestPDFInstanceReuse(t *testing.T) {
	ex := newTestExtractor(t, Limits{PDFWorkers: 1})
	daniel := readFile(t, synthetic(t, "daniel-ferreira-csm.pdf"))
	damaged := append(append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("garbage "), 1000)...), "\n%%EOF\n"...)
	eng, err := ex.pdfEngine()
	if err != nil {
		t.Fatal(err)
	}
	uses := func() []int {
		eng.mu.Lock()
		defer eng.mu.Unlock()
		var n []int
		for _, u := range eng.uses {
			n = append(n, u)
		}
		return n
	}
	steps := []struct {
		name string
		data []byte
		want []int // files read by each live instance
	}{
		{"first file", daniel, []int{1}},
		{"second file, same instance", daniel, []int{2}},
		{"damaged file, instance replaced", damaged, nil},
		{"next file, new instance", daniel, []int{1}},
	}
	for _, st := range steps {
		_, _ = ex.Extract(context.Background(), st.data)
		if diff := cmp.Diff(st.want, uses()); diff != "" {
			t.Errorf("%s: uses (-want +got):\n%s", st.name, diff)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := eng.read(ctx, daniel, 30); !errors.Is(err, context.Canceled) {
		t.Errorf("read with an ended context: %v; want %v", err, context.Canceled)
	}
}

// TestPDFEngineCloseWaitsForReads checks that closing the engine while a
// read still holds an instance (an abandoned read may hold it for long)
// refuses new reads at once and leaves the pool to the last read to end.
func TestPDFEngineCloseWaitsForReads(t *testing.T) {
	eng, err := startPDFEngine(1, DefaultCacheDir())
	if err != nil {
		t.Fatal(err)
	}
	released := func() bool {
		eng.mu.Lock()
		defer eng.mu.Unlock()
		return eng.released
	}
	eng.mu.Lock()
	eng.running++ // a read in PDFium
	eng.mu.Unlock()
	if err := eng.close(); err != nil {
		t.Fatal(err)
	}
	if released() {
		t.Fatal("close released the pool under a running read")
	}
	daniel := readFile(t, synthetic(t, "daniel-ferreira-csm.pdf"))
	if _, err := eng.read(context.Background(), daniel, 30); !errors.Is(err, errClosed) {
		t.Errorf("read after close: %v; want %v", err, errClosed)
	}
	eng.done()
	if !released() {
		t.Error("the last read to end did not release the pool")
	}
}

// TestPDFInstanceMemory checks that instanceMemory can still see an
// instance's memory through go-pdfium's implementation: without it, no
// instance would be replaced for having grown.
func TestPDFInstanceMemory(t *testing.T) {
	eng, err := startPDFEngine(1, DefaultCacheDir())
	if err != nil {
		t.Fatal(err)
	}
	defer eng.close()
	inst, err := eng.pool.GetInstanceWithContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Kill()
	if got := instanceMemory(inst); got < 1<<20 || got > pdfiumRecycleMemory {
		t.Errorf("instanceMemory of a fresh instance = %d bytes; want between 1 MiB and %d", got, pdfiumRecycleMemory)
	}
}

func TestPDFOwnerPasswordOnly(t *testing.T) {
	ex := newTestExtractor(t, Limits{})
	doc, err := ex.Extract(context.Background(), readFile(t, "testdata/pdf/encrypted-owner-only.pdf"))
	if err != nil {
		t.Fatalf("a PDF with only an owner password opens without one: %v", err)
	}
	if !strings.Contains(doc.Text(), "Renata Oyelaran") {
		t.Errorf("text = %q; want the name", doc.Text())
	}
}

func TestPDFCorpusScans(t *testing.T) {
	ex := newTestExtractor(t, Limits{})
	dir := testenv.CorpusDir(t)
	for name := range scanPDFs {
		t.Run(name, func(t *testing.T) {
			_, err := ex.Extract(context.Background(), readFile(t, filepath.Join(dir, "cv", name)))
			wantUserError(t, err, prep.EUNSUPPORTED, msgPDFScan)
		})
	}
}

// TestPDFMutatedCorpus damages every corpus and synthetic PDF in a few
// seeded ways: extraction must end in a document or a user error, never a
// panic, an internal error or a hang.
func TestPDFMutatedCorpus(t *testing.T) {
	ex := newTestExtractor(t, Limits{Timeout: 10 * time.Second})
	files := append(textPDFs(t), filepath.Join(testenv.CorpusDir(t), "cv", "msct__Europass.pdf"))
	rounds := 4
	if testing.Short() {
		rounds = 1
	}
	for _, f := range files {
		data := readFile(t, f)
		rng := rand.New(rand.NewPCG(uint64(len(data)), 7))
		for round := range rounds {
			m := mutate(rng, data)
			start := time.Now()
			_, err := ex.Extract(context.Background(), m)
			if code := prep.ErrorCode(err); err != nil && code != prep.EINVALID && code != prep.EUNSUPPORTED && code != prep.ETOOLARGE {
				t.Errorf("%s mutation %d: %v", filepath.Base(f), round, err)
			}
			if d := time.Since(start); d > 15*time.Second {
				t.Errorf("%s mutation %d took %v", filepath.Base(f), round, d)
			}
		}
	}
}

// mutate returns a damaged copy of data: bytes flipped, a stretch zeroed,
// a stretch repeated, or the middle cut out, keeping the header so the
// file is still taken for a PDF.
func mutate(rng *rand.Rand, data []byte) []byte {
	m := bytes.Clone(data)
	n := len(m)
	if n < 64 {
		return m
	}
	pos := func() int { return 16 + rng.IntN(n-16) }
	switch rng.IntN(4) {
	case 0:
		for range 1 + rng.IntN(64) {
			m[pos()] ^= byte(1 + rng.IntN(255))
		}
	case 1:
		i := pos()
		clear(m[i:min(n, i+1+rng.IntN(4096))])
	case 2:
		i, j := pos(), pos()
		if i > j {
			i, j = j, i
		}
		m = append(m[:j:j], append(bytes.Clone(data[i:j]), data[j:]...)...)
	case 3:
		i, j := pos(), pos()
		if i > j {
			i, j = j, i
		}
		m = append(m[:i:i], data[j:]...)
	}
	return m
}

// lineView is what the layout tests compare of a Line.
type lineView struct {
	Text   string
	Page   int
	Column int
	Bullet bool
	Bold   bool
	Region Region
}

func viewLines(ls []Line) []lineView {
	out := make([]lineView, len(ls))
	for i, l := range ls {
		out[i] = lineView{l.Text, l.Page, l.Column, l.Bullet, l.Bold, l.Region}
	}
	return out
}

func TestPDFLayout(t *testing.T) {
	ex := newTestExtractor(t, Limits{})
	twoColumns := []pdfText{
		{X: 220, Y: 60, Size: 20, Bold: true, Text: "Morgan Achterberg"},
		{X: 200, Y: 84, Text: "morgan@example.com · +31 6 5555 0199"},
		{X: 50, Y: 130, Size: 12, Bold: true, Text: "Experience"},
		{X: 380, Y: 130, Size: 12, Bold: true, Text: "Skills"},
	}
	twoColumns = append(twoColumns, paragraph(50, 150,
		"Customer Success Manager at Tallyline",
		"• Owned 55 accounts worth $3M ARR",
		"• Kept gross retention at 95%",
		"• Ran quarterly business reviews",
		"Support Lead at Northpeak",
		"• Led a team of six agents")...)
	twoColumns = append(twoColumns, paragraph(380, 157,
		"Gainsight and Salesforce",
		"Renewal forecasting",
		"Churn analysis",
		"Onboarding design")...)

	var threePages [][]pdfText
	for p := 1; p <= 3; p++ {
		page := []pdfText{{X: 400, Y: 30, Size: 8, Text: "Sam Lindgren – Curriculum Vitae"}}
		page = append(page, paragraph(72, 100, fmt.Sprintf("Body of page %d about renewals", p), "and adoption plans for key accounts")...)
		page = append(page, pdfText{X: 300, Y: 770, Size: 8, Text: fmt.Sprintf("Page %d of 3", p)})
		threePages = append(threePages, page)
	}

	tests := []struct {
		name  string
		pages [][]pdfText
		want  []lineView
	}{
		{
			name:  "header over two columns",
			pages: [][]pdfText{twoColumns},
			want: []lineView{
				{Text: "Morgan Achterberg", Page: 1, Bold: true},
				{Text: "morgan@example.com · +31 6 5555 0199", Page: 1},
				{Text: "Experience", Page: 1, Bold: true},
				{Text: "Customer Success Manager at Tallyline", Page: 1},
				{Text: "Owned 55 accounts worth $3M ARR", Page: 1, Bullet: true},
				{Text: "Kept gross retention at 95%", Page: 1, Bullet: true},
				{Text: "Ran quarterly business reviews", Page: 1, Bullet: true},
				{Text: "Support Lead at Northpeak", Page: 1},
				{Text: "Led a team of six agents", Page: 1, Bullet: true},
				{Text: "Skills", Page: 1, Column: 1, Bold: true},
				{Text: "Gainsight and Salesforce", Page: 1, Column: 1},
				{Text: "Renewal forecasting", Page: 1, Column: 1},
				{Text: "Churn analysis", Page: 1, Column: 1},
				{Text: "Onboarding design", Page: 1, Column: 1},
			},
		},
		{
			name: "dates in a label column stay on their rows",
			pages: [][]pdfText{{
				{X: 50, Y: 100, Text: "2021 – now"}, {X: 150, Y: 100, Bold: true, Text: "Senior CSM, Brightwave"},
				{X: 150, Y: 114, Text: "Enterprise book of 20 accounts"},
				{X: 150, Y: 128, Text: "Net revenue retention of 115%"},
				{X: 50, Y: 156, Text: "2018 – 2021"}, {X: 150, Y: 156, Bold: true, Text: "CSM, Tallyline"},
				{X: 150, Y: 170, Text: "Mid-market book of 60 accounts"},
				{X: 150, Y: 184, Text: "Onboarding in under 30 days"},
				{X: 50, Y: 212, Text: "2016 – 2018"}, {X: 150, Y: 212, Bold: true, Text: "Support agent, Northpeak"},
				{X: 150, Y: 226, Text: "Tier-one support by phone and chat"},
			}},
			want: []lineView{
				{Text: "2021 – now Senior CSM, Brightwave", Page: 1, Bold: true},
				{Text: "Enterprise book of 20 accounts", Page: 1},
				{Text: "Net revenue retention of 115%", Page: 1},
				{Text: "2018 – 2021 CSM, Tallyline", Page: 1, Bold: true},
				{Text: "Mid-market book of 60 accounts", Page: 1},
				{Text: "Onboarding in under 30 days", Page: 1},
				{Text: "2016 – 2018 Support agent, Northpeak", Page: 1, Bold: true},
				{Text: "Tier-one support by phone and chat", Page: 1},
			},
		},
		{
			name:  "page numbers and a running header",
			pages: threePages,
			want: []lineView{
				{Text: "Sam Lindgren – Curriculum Vitae", Page: 1, Region: RegionHeader},
				{Text: "Body of page 1 about renewals", Page: 1},
				{Text: "and adoption plans for key accounts", Page: 1},
				{Text: "Body of page 2 about renewals", Page: 2},
				{Text: "and adoption plans for key accounts", Page: 2},
				{Text: "Body of page 3 about renewals", Page: 3},
				{Text: "and adoption plans for key accounts", Page: 3},
			},
		},
		{
			name: "hyphens at line ends",
			pages: [][]pdfText{paragraph(72, 100,
				"Raised adoption and custo-",
				"mer satisfaction with a new",
				"self-",
				"service portal for 2019-",
				"2021 with Jean-",
				"Paul Martin")},
			want: []lineView{
				{Text: "Raised adoption and customer", Page: 1},
				{Text: "satisfaction with a new", Page: 1},
				{Text: "self-service", Page: 1},
				{Text: "portal for 2019-", Page: 1},
				{Text: "2021 with Jean-", Page: 1},
				{Text: "Paul Martin", Page: 1},
			},
		},
		{
			name: "a table cell wrapped onto the next line stays in its row",
			pages: [][]pdfText{{
				{X: 72, Y: 100, Text: "Book"},
				{X: 180, Y: 100, Text: "47 mid-market accounts across Colombia, Mexico and Chile,"},
				{X: 180, Y: 112, Text: "USD 3.6M ARR"},
				{X: 72, Y: 130, Text: "Expansion"},
				{X: 180, Y: 130, Text: "USD 520K in seat expansion, sourced with the account"},
				{X: 180, Y: 142, Text: "executive"},
				// A dated entry: the title stops short of the edge, so
				// the line under it is a line of its own.
				{X: 72, Y: 170, Text: "2019 - 2021"},
				{X: 180, Y: 170, Text: "Senior CSM at Acme"},
				{X: 180, Y: 182, Text: "managed 40 accounts"},
			}},
			want: []lineView{
				{Text: "Book 47 mid-market accounts across Colombia, Mexico and Chile, USD 3.6M ARR", Page: 1},
				{Text: "Expansion USD 520K in seat expansion, sourced with the account executive", Page: 1},
				{Text: "2019 - 2021 Senior CSM at Acme", Page: 1},
				{Text: "managed 40 accounts", Page: 1},
			},
		},
		{
			name: "fake bold and letter spacing",
			pages: [][]pdfText{{
				{X: 72, Y: 80, Size: 18, Text: "Jane Okafor"},
				{X: 72.3, Y: 80, Size: 18, Text: "Jane Okafor"},
				{X: 72, Y: 120, Size: 11, Spacing: 3, Text: "EXPERIENCE"},
				{X: 72, Y: 140, Size: 11, Spacing: 3, Text: "WORK HISTORY"},
				{X: 72, Y: 160, Text: "Renewals manager"},
			}},
			// PDFium itself skips a text object that repeats the one
			// before it at almost the same place, so the name reads once
			// (but, unseen as a copy, not as bold); mergeFakeBold covers
			// the fallback reader and copies PDFium does not catch.
			want: []lineView{
				{Text: "Jane Okafor", Page: 1},
				{Text: "EXPERIENCE", Page: 1},
				{Text: "WORK HISTORY", Page: 1},
				{Text: "Renewals manager", Page: 1},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ex.Extract(context.Background(), makePDF(tt.pages...))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, viewLines(doc.Lines)); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if doc.Engine != "pdfium" || doc.Format != FormatPDF || doc.Pages != len(tt.pages) {
				t.Errorf("engine %q, format %q, pages %d; want pdfium, pdf, %d", doc.Engine, doc.Format, doc.Pages, len(tt.pages))
			}
		})
	}
}

func TestPDFLineGeometry(t *testing.T) {
	ex := newTestExtractor(t, Limits{})
	doc, err := ex.Extract(context.Background(), makePDF([]pdfText{
		{X: 72, Y: 100, Size: 16, Bold: true, Text: "Experience"},
		{X: 90, Y: 130, Size: 10, Text: "Customer Success Manager"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Lines) != 2 {
		t.Fatalf("got %d lines; want 2", len(doc.Lines))
	}
	h, l := doc.Lines[0], doc.Lines[1]
	near := func(got, want, tol float64) bool { return got > want-tol && got < want+tol }
	if !near(h.Size, 16, 0.01) || !near(l.Size, 10, 0.01) {
		t.Errorf("sizes %v, %v; want 16, 10", h.Size, l.Size)
	}
	if !near(h.X, 72, 1) || !near(l.X, 90, 1) {
		t.Errorf("x %v, %v; want 72, 90", h.X, l.X)
	}
	// Y is the top of the line: the baseline less the font's ascent.
	if !near(h.Y, 100-16*0.9, 3) || !near(l.Y, 130-10*0.9, 3) {
		t.Errorf("y %v, %v; want about %v, %v", h.Y, l.Y, 100-16*0.9, 130-10*0.9)
	}
	if !near(l.GapBefore, (130-10*0.9)-(100+16*0.25), 3) {
		t.Errorf("gap before %v; want about %v", l.GapBefore, (130-10*0.9)-(100+16*0.25))
	}
}

func TestPDFFallback(t *testing.T) {
	for _, name := range []string{"daniel-ferreira-csm.pdf", "hannah-lindqvist-account-manager.pdf"} {
		t.Run(name, func(t *testing.T) {
			raw, err := readFallback(context.Background(), readFile(t, synthetic(t, name)), 30)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := buildPDFDocument(context.Background(), raw)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Engine != "ledongthuc" {
				t.Errorf("engine %q; want ledongthuc", doc.Engine)
			}
			text := doc.Text()
			for _, want := range []string{"Customer Success Manager", "Gainsight"} {
				if !strings.Contains(text, want) {
					t.Errorf("fallback text lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestMergeFakeBold(t *testing.T) {
	g := func(r rune, x float64) glyph {
		return glyph{r: r, x0: x, x1: x + 6, top: 90, bottom: 104, baseline: 100, size: 12}
	}
	in := []glyph{g('J', 72), g('o', 78), {r: ' ', generated: true}, g('J', 72.3), g('o', 78.3),
		// Ligature letters share one box: kept.
		g('f', 90), g('f', 90), g('i', 90)}
	var got []string
	for _, o := range mergeFakeBold(in) {
		got = append(got, fmt.Sprintf("%c bold=%v", o.r, o.bold))
	}
	want := []string{"J bold=true", "o bold=true", "  bold=false", "f bold=false", "f bold=false", "i bold=false"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mergeFakeBold (-want +got):\n%s", diff)
	}
}

func TestPDFFindings(t *testing.T) {
	ex := newTestExtractor(t, Limits{})
	dir, haveCorpus := testenv.Corpus(t)
	corpus := filepath.Join(dir, "cv")
	footerOnly := func() []byte {
		var pages [][]pdfText
		for p := range 2 {
			page := paragraph(72, 100, "Customer success manager with a book of enterprise accounts",
				"Renewals, expansion and onboarding for software customers")
			page = append(page, pdfText{X: 150, Y: 760, Size: 8, Text: "casey.morgan@example.com · +44 7700 900123"})
			_ = p
			pages = append(pages, page)
		}
		return makePDF(pages...)
	}
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"one column", readFile(t, synthetic(t, "daniel-ferreira-csm.pdf")), nil},
		{"left sidebar", readFile(t, synthetic(t, "priya-raghunathan-senior-csm.pdf")), []string{"multi-column"}},
		{"contact in footer only", footerOnly(), []string{"header-footer-text"}},
	}
	if haveCorpus {
		tests = append(tests, struct {
			name string
			data []byte
			want []string
		}{"icon font", readFile(t, filepath.Join(corpus, "rendercv__John_Doe_ClassicTheme_CV.pdf")), []string{"icon-glyphs"}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ex.Extract(context.Background(), tt.data)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range doc.Findings {
				got = append(got, f.Code)
				if f.Message == "" {
					t.Errorf("finding %s has no message", f.Code)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("garbled", func(t *testing.T) {
		got := pdfFindings(&Document{}, glyphStats{glyphs: 1000, letters: 900, unmapped: 100}, 1, furniture{})
		if len(got) != 1 || got[0].Code != "garbled-text" {
			t.Errorf("findings = %v; want garbled-text", got)
		}
	})
}

// TestPDFConcurrent extracts PDFs from several goroutines at once through
// one Extractor with fewer workers than goroutines, and compares each
// result with a sequential extraction. Run with -race.
func TestPDFConcurrent(t *testing.T) {
	// A generous deadline: the machine may be shared, and waiting for a
	// worker counts against it.
	ex := newTestExtractor(t, Limits{PDFWorkers: 2, Timeout: 2 * time.Minute})
	files := syntheticPDFs(t)
	want := map[string]string{}
	for _, f := range files {
		doc, err := ex.Extract(context.Background(), readFile(t, f))
		if err != nil {
			t.Fatal(err)
		}
		want[f] = doc.Text()
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range files {
				f := files[(i+g*2)%len(files)]
				doc, err := ex.Extract(context.Background(), readFile(t, f))
				if err != nil {
					t.Errorf("%s: %v", f, err)
					continue
				}
				if doc.Text() != want[f] {
					t.Errorf("%s: concurrent text differs from sequential", filepath.Base(f))
				}
			}
		})
	}
	wg.Wait()
}

func TestExtractorClosed(t *testing.T) {
	daniel := readFile(t, synthetic(t, "daniel-ferreira-csm.pdf"))
	for _, used := range []bool{false, true} {
		ex := New(Limits{})
		if used {
			if _, err := ex.Extract(context.Background(), daniel); err != nil {
				t.Fatal(err)
			}
		}
		if err := ex.Close(); err != nil {
			t.Fatal(err)
		}
		_, err := ex.Extract(context.Background(), daniel)
		if prep.ErrorCode(err) != prep.EINTERNAL {
			t.Errorf("Extract after Close (engine used before: %v): %v; want an internal error", used, err)
		}
	}
}

// TestPDFAbandonedReadFreesItsSlot: with one reader, a read abandoned at
// its deadline gives its slot back while it is still running, so the next
// file does not wait for it.
func TestPDFAbandonedReadFreesItsSlot(t *testing.T) {
	ex := newTestExtractor(t, Limits{PDFWorkers: 1})
	var pages [][]pdfText
	for p := range 30 {
		var lines []string
		for i := range 50 {
			lines = append(lines, fmt.Sprintf("Page %d line %d: renewal forecast and expansion plan for account %d", p+1, i+1, p*50+i))
		}
		pages = append(pages, paragraph(50, 40, lines...))
	}
	big := makePDF(pages...)
	small := readFile(t, synthetic(t, "daniel-ferreira-csm.pdf"))
	if _, err := ex.Extract(context.Background(), small); err != nil {
		t.Fatal(err) // the engine is started and warm
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	_, err := ex.Extract(ctx, big)
	cancel()
	if err == nil {
		t.Skip("the big file was read within 1 ms: nothing was abandoned")
	}
	eng := ex.pdf
	eng.mu.Lock()
	abandoned, held := eng.abandoned, len(eng.slots)
	eng.mu.Unlock()
	if abandoned > 0 && held != 0 {
		t.Errorf("%d abandoned read(s) still hold %d slot(s)", abandoned, held)
	}
	if _, err := ex.Extract(context.Background(), small); err != nil {
		t.Fatalf("the next file after an abandoned read: %v", err)
	}
}
