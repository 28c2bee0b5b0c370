package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"prep"
	"prep/batch"
	"prep/ingest"
	"prep/pipeline"
)

// cmdBatch runs a recruiter's batch on this machine, without Redis: the
// same intake (limits, refused files, copies), the same pipeline and the
// same ranking and scores.csv as the service, written to a folder:
//
//	DIR/scores.csv            one row per CV, best fit first
//	DIR/batch.json            the summary, as the API's batch JSON
//	DIR/reports/NAME.pdf      one report per CV read
//	DIR/analyses/NAME.json    the prep.analysis/v1 behind each report
func cmdBatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jdPath := fs.String("jd", "", "the job description `file`")
	outDir := fs.String("out", "", "the output `folder` (created if missing)")
	workers := fs.Int("workers", runtime.NumCPU(), "CVs read at once (default: one per CPU, as the service's batch pool)")
	pack := fs.String("pack", "", "role pack `id` (csm, bd-cs); default: chosen from the job description")
	maxFiles := fs.Int("max-files", batch.DefaultLimits.MaxFiles, "most CVs in the batch")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: prep batch --jd FILE --out DIR [--workers N] [--pack ID] CV...|FOLDER|ZIP")
		fs.PrintDefaults()
	}
	inputs, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *jdPath == "" || *outDir == "" || len(inputs) == 0 {
		return usageError{"want --jd FILE --out DIR [--workers N] [--pack ID] CV...|FOLDER|ZIP"}
	}
	if *workers < 1 {
		return usageError{"--workers must be at least 1"}
	}
	jd, err := os.ReadFile(*jdPath)
	if err != nil {
		return err
	}
	lim := batch.DefaultLimits
	lim.MaxFiles = *maxFiles
	intake := batch.NewIntake(lim)
	data := map[int][]byte{}
	skipped := 0
	for _, in := range inputs {
		n, err := collect(intake, data, in)
		if err != nil {
			return err
		}
		skipped += n
	}
	if skipped > 0 {
		fmt.Fprintf(stderr, "skipped %d files of the folders that are not documents (by their extension)\n", skipped)
	}
	if len(intake.Items) == 0 {
		return usageError{"no CV found in " + strings.Join(inputs, ", ")}
	}
	for _, sub := range []string{"", "reports", "analyses"} {
		if err := os.MkdirAll(filepath.Join(*outDir, sub), 0o755); err != nil {
			return err
		}
	}

	p, closePipeline, err := newPipeline(ingest.Limits{MaxBytes: lim.MaxFileBytes})
	if err != nil {
		return err
	}
	defer closePipeline()
	r := &batchRun{
		p:        p,
		jd:       jd,
		pack:     *pack,
		out:      *outDir,
		rows:     make([]batch.Row, len(intake.Items)),
		progress: newProgress(stderr, intake.Accepted()),
	}
	started := time.Now()
	if err := r.run(ctx, intake, data, *workers); err != nil {
		return err
	}
	return r.finish(stdout, time.Since(started))
}

// parseInterleaved parses flags that may come before, between or after
// the file arguments, as people type them.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// documentExts are the extensions a folder's file needs to be read as a
// CV: documents, and the formats that get a row with a clear refusal (a
// legacy .doc, an .rtf, a scan saved as an image) rather than silence.
// Other files of a folder (a script, a spreadsheet of notes) are skipped
// and counted; a file named on the command line is always read.
var documentExts = map[string]bool{
	".pdf": true, ".docx": true, ".doc": true, ".odt": true, ".rtf": true,
	".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true, ".zip": true,
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".tif": true, ".tiff": true, ".heic": true, ".webp": true,
}

// collect takes one command-line argument into the intake: a folder (read
// with its subfolders, hidden files skipped, in name order), a zip, or a
// file. The bytes of new CVs are kept in data by item index. It returns
// how many files of a folder it skipped.
func collect(in *batch.Intake, data map[int][]byte, arg string) (int, error) {
	info, err := os.Stat(arg)
	if err != nil {
		return 0, err
	}
	keep := func(it *batch.Item, b []byte) error {
		if it.New() {
			data[it.Index] = b
		}
		return nil
	}
	if !info.IsDir() {
		return 0, collectFile(in, arg, filepath.Base(arg), info, keep)
	}
	var paths []string
	skipped := 0
	err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != arg {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if !documentExts[strings.ToLower(filepath.Ext(p))] {
			skipped++
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return 0, err
	}
	sort.Strings(paths)
	base := filepath.Dir(filepath.Clean(arg))
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return 0, err
		}
		name, _ := filepath.Rel(base, p)
		if err := collectFile(in, p, filepath.ToSlash(name), info, keep); err != nil {
			return 0, err
		}
	}
	return skipped, nil
}

func collectFile(in *batch.Intake, path, name string, info os.FileInfo, keep func(*batch.Item, []byte) error) error {
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return in.ReadZip(f, info.Size(), keep)
	}
	if info.Size() > in.Limits().MaxFileBytes {
		_, err := in.Reject(name, info.Size(), in.FileTooLarge())
		return err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	it, err := in.Add(name, b)
	if err != nil {
		return err
	}
	return keep(it, b)
}

// batchRun runs the new CVs through the pipeline, a few at a time.
type batchRun struct {
	p        *pipeline.Pipeline
	jd       []byte
	pack     string
	out      string
	progress *progress

	mu   sync.Mutex
	rows []batch.Row
	// tmp holds the temporary name stem of each report written, by item
	// index, until the rows are named.
	tmp map[int]string
}

func (r *batchRun) run(ctx context.Context, intake *batch.Intake, data map[int][]byte, workers int) error {
	r.tmp = map[int]string{}
	type job struct {
		it *batch.Item
		cv []byte
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r.one(ctx, j.it, j.cv)
			}
		}()
	}
	for _, it := range intake.Items {
		r.rows[it.Index] = batch.Row{File: it.File, Status: batch.StatusQueued}
		switch {
		case it.Err != nil:
			r.rows[it.Index].Status, r.rows[it.Index].Error = batch.StatusFailed, prep.ErrorMessage(it.Err)
		case it.Twin >= 0:
		default:
			select {
			case jobs <- job{it, data[it.Index]}:
				// The worker holds the bytes now; the map lets go of them so
				// a finished CV's memory is freed.
				delete(data, it.Index)
			case <-ctx.Done():
			}
		}
	}
	close(jobs)
	wg.Wait()
	r.progress.done()
	if err := ctx.Err(); err != nil {
		r.removeTemp()
		return err
	}
	// A copy reads as its twin.
	for _, it := range intake.Items {
		if it.Err == nil && it.Twin >= 0 {
			twin := r.rows[it.Twin]
			row := twin
			row.File, row.DuplicateOf = it.File, twin.File
			r.rows[it.Index] = row
		}
	}
	return nil
}

// one reads one CV and writes its report and analysis under temporary
// names; a failure is the row's, never the batch's.
func (r *batchRun) one(ctx context.Context, it *batch.Item, cv []byte) {
	id := fmt.Sprintf("%d", it.Index)
	row := batch.Row{File: it.File, Report: id}
	res, err := r.p.Run(ctx, pipeline.Input{CV: cv, JD: r.jd, Pack: r.pack}, nil)
	var tmp string
	if err == nil {
		tmp, err = r.writeTemp(it.Index, res)
	}
	if err != nil {
		row.Status, row.Error = batch.StatusFailed, prep.ErrorMessage(err)
		if prep.ErrorCode(err) == prep.EINTERNAL {
			// Our fault, not the file's: say what happened.
			row.Error = err.Error()
		}
	} else {
		row.Status, row.Name = batch.StatusReady, res.Analysis.Candidate.Name
		row.SetScore(batch.ScoreOf(res.Analysis))
	}
	r.mu.Lock()
	r.rows[it.Index] = row
	if tmp != "" {
		r.tmp[it.Index] = tmp
	}
	r.mu.Unlock()
	r.progress.add(it.File, &row)
}

// writeTemp writes a report's PDF and analysis under names made of its
// index; finish renames them after the candidates once every name is
// known, so the names are unique and the same as in the service's zip.
func (r *batchRun) writeTemp(i int, res *pipeline.Result) (string, error) {
	stem := fmt.Sprintf(".part-%05d", i)
	var js bytes.Buffer
	if err := writeJSON(&js, res.Analysis); err != nil {
		return "", fmt.Errorf("encode analysis: %w", err)
	}
	if err := os.WriteFile(filepath.Join(r.out, "analyses", stem+".json"), js.Bytes(), 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(r.out, "reports", stem+".pdf"), res.PDF, 0o644); err != nil {
		return "", err
	}
	return stem, nil
}

func (r *batchRun) removeTemp() {
	for _, stem := range r.tmp {
		os.Remove(filepath.Join(r.out, "reports", stem+".pdf"))
		os.Remove(filepath.Join(r.out, "analyses", stem+".json"))
	}
}

// finish names the reports, writes scores.csv and batch.json, and says
// what was done.
func (r *batchRun) finish(stdout io.Writer, took time.Duration) error {
	batch.NamePDFs(r.rows)
	for i, row := range r.rows {
		stem, ok := r.tmp[i]
		if !ok || row.DuplicateOf != "" {
			continue
		}
		name := strings.TrimSuffix(row.PDF, ".pdf")
		if err := os.Rename(filepath.Join(r.out, "reports", stem+".pdf"), filepath.Join(r.out, "reports", row.PDF)); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(r.out, "analyses", stem+".json"), filepath.Join(r.out, "analyses", name+".json")); err != nil {
			return err
		}
	}
	rows := append([]batch.Row(nil), r.rows...)
	batch.Rank(rows)
	var csv bytes.Buffer
	if err := batch.WriteCSV(&csv, rows); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(r.out, batch.CSVName), csv.Bytes(), 0o644); err != nil {
		return err
	}
	c := batch.Count(rows)
	sum := batch.Summary{ID: "local", Status: batch.BatchDone, Counts: c, Created: time.Now().Add(-took).UTC(),
		PillarNames: batch.Pillars(rows), Candidates: rows}
	if sum.PillarNames == nil {
		sum.PillarNames = []batch.PillarName{}
	}
	js, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(r.out, "batch.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	reports := len(r.tmp)
	fmt.Fprintf(stdout, "%d CVs: %d reports in %s, %d failed; %s in %s (%.1f reports/s)\n",
		c.Total, c.Done, filepath.Join(r.out, "reports"), c.Failed, filepath.Join(r.out, batch.CSVName),
		took.Round(100*time.Millisecond), float64(reports)/took.Seconds())
	if c.Failed > 0 {
		return prep.Errorf(prep.EINVALID, "%d of %d CVs could not be read: scores.csv says why; the other reports are written", c.Failed, c.Total)
	}
	return nil
}

// progress shows how a batch goes: a bar redrawn in place on a terminal,
// one line per CV otherwise (a log file, CI).
type progress struct {
	w     io.Writer
	tty   bool
	width int
	total int
	start time.Time

	mu     sync.Mutex
	n      int
	failed int
	last   time.Time
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, start: time.Now(), width: 80}
	if f, ok := w.(interface{ Fd() uintptr }); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 40 {
			p.width = cols
		}
	}
	return p
}

func (p *progress) add(file string, row *batch.Row) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	if row.Status == batch.StatusFailed {
		p.failed++
	}
	if !p.tty {
		digits := len(fmt.Sprint(p.total))
		if row.Status == batch.StatusFailed {
			fmt.Fprintf(p.w, "[%*d/%d] failed %s: %s\n", digits, p.n, p.total, file, row.Error)
		} else {
			fmt.Fprintf(p.w, "[%*d/%d] ready  %s (fit %d)\n", digits, p.n, p.total, file, *row.Fit)
		}
		return
	}
	// A terminal redraws at most ten times a second.
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || p.n == p.total {
		p.last = now
		p.draw()
	}
}

func (p *progress) draw() {
	elapsed := time.Since(p.start).Seconds()
	rate := float64(p.n) / max(elapsed, 0.001)
	eta := "…"
	if rate > 0 && p.n > 0 {
		eta = time.Duration(float64(p.total-p.n) / rate * float64(time.Second)).Round(time.Second).String()
	}
	tail := fmt.Sprintf(" %d/%d  %d failed  %.1f/s  ETA %s", p.n, p.total, p.failed, rate, eta)
	bar := p.width - len(tail) - 3
	if bar < 10 {
		bar = 10
	}
	filled := bar * p.n / max(p.total, 1)
	fmt.Fprintf(p.w, "\r[%s%s]%s\x1b[K", strings.Repeat("█", filled), strings.Repeat("░", bar-filled), tail)
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		p.draw()
		fmt.Fprintln(p.w)
	}
}
