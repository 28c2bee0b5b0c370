package worker

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hibiken/asynq"

	"prep"
	"prep/batch"
	"prep/blob"
	"prep/match"
	"prep/pipeline"
	"prep/store"
)

// handleGenerate runs the pipeline for one report and stores the analysis
// and the PDF. Steps already done by an earlier run of the same task (one
// that died, or was put back by a shutdown) are not done again.
func (w *Worker) handleGenerate(ctx context.Context, t *asynq.Task) error {
	var p GeneratePayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || !blob.ValidID(p.ReportID) {
		return fmt.Errorf("bad %s payload: %v: %w", TypeGenerate, err, asynq.SkipRetry)
	}
	id := p.ReportID
	rec, err := w.Store.Get(ctx, id)
	if store.IsNotFound(err) {
		// Deleted before it ran: make sure nothing of it is left.
		return w.forget(ctx, id)
	} else if err != nil {
		return err
	}
	switch {
	case rec.Status == store.StatusFailed:
		// An earlier run may have died before counting it in its batch.
		return w.finishBatch(ctx, rec, "", "")
	case rec.Status == store.StatusReady, rec.Stage == StageEmailing:
		// Rendered already; an earlier run may have died before queueing
		// the email or counting it in its batch. The email task id and the
		// batch's set of finished reports make this a no-op otherwise.
		if err := w.queueEmail(ctx, rec); err != nil {
			return err
		}
		return w.finishBatch(ctx, rec, rec.Role, rec.Company)
	}

	timings := map[string]int64{}
	a, found, err := w.storedAnalysis(ctx, id)
	if err != nil {
		return err
	}
	if !found {
		if a, err = w.generate(ctx, rec, timings); err != nil {
			return w.fail(ctx, rec, err)
		}
	}

	f := store.Fields{
		"candidate": a.Candidate.Name,
		"role":      a.Job.Title,
		"company":   a.Job.Company,
		"summary":   store.SummaryJSON(Summarize(a)),
		"timings":   store.TimingsJSON(timings),
		"finished":  w.Now(),
		"error":     "", "error_code": "",
	}
	if rec.Batch != "" {
		scores, err := json.Marshal(batch.ScoreOf(a))
		if err != nil {
			return fmt.Errorf("encode scores: %w", err)
		}
		f["scores"] = string(scores)
	}
	if rec.Email != "" {
		f["status"], f["stage"], f["email_state"] = store.StatusProcessing, StageEmailing, store.EmailPending
	} else {
		f["status"], f["stage"] = store.StatusReady, StageReady
	}
	if err := w.Store.Update(ctx, id, f); store.IsNotFound(err) {
		return w.forget(ctx, id)
	} else if err != nil {
		return err
	}
	w.Metrics.report("ready")
	w.Metrics.total(w.Now().Sub(rec.Created))
	if err := w.queueEmail(ctx, rec); err != nil {
		return err
	}
	return w.finishBatch(ctx, rec, a.Job.Title, a.Job.Company)
}

// Stages beyond the pipeline's, as the record and the status page name them.
const (
	StageQueued   = "queued"
	StageEmailing = "emailing"
	StageReady    = "ready"
	StageFailed   = "failed"
)

// generate runs the pipeline and stores its results.
func (w *Worker) generate(ctx context.Context, rec *store.Record, timings map[string]int64) (*match.Analysis, error) {
	cv, err := w.Blobs.Get(ctx, rec.CVKey)
	if err != nil {
		return nil, fmt.Errorf("read cv: %w", err)
	}
	jd, err := w.Blobs.Get(ctx, rec.JDKey)
	if err != nil {
		return nil, fmt.Errorf("read jd: %w", err)
	}
	in := pipeline.Input{CV: cv, Pack: rec.Pack}
	if rec.Owner == "" {
		// A candidate's own report carries its delete link; a recruiter's
		// reports are deleted with their batch.
		in.DeleteURL = w.link("/reports/" + rec.ID + "/delete")
	}
	if rec.JDKind == "text" {
		in.JDText = string(jd)
	} else {
		in.JD = jd
	}

	var (
		stage   pipeline.Stage
		started = w.Now()
		stepErr error
	)
	progress := func(s pipeline.Stage) {
		now := w.Now()
		if stage != "" {
			w.endStage(timings, string(stage), now.Sub(started))
		}
		stage, started = s, now
		// The status page shows the stage; a failed write is not worth
		// failing the report for, but a deleted record is worth stopping.
		if err := w.Store.Update(ctx, rec.ID, store.Fields{"status": store.StatusProcessing, "stage": string(s), "worker": w.name}); store.IsNotFound(err) {
			stepErr = err
		}
	}
	res, err := w.Pipeline.Run(ctx, in, progress)
	if stage != "" {
		w.endStage(timings, string(stage), w.Now().Sub(started))
	}
	if err != nil {
		return nil, err
	}
	if stepErr != nil {
		return nil, stepErr
	}
	if res.Analysis == nil || len(res.PDF) == 0 {
		return nil, prep.Errorf(prep.EINTERNAL, "the pipeline returned no report")
	}
	data, err := json.Marshal(res.Analysis)
	if err != nil {
		return nil, fmt.Errorf("encode analysis: %w", err)
	}
	// Counted before the PDF is stored, so a render is counted once it is
	// kept: the fault tests check no report is rendered twice.
	if _, err := w.Store.Incr(ctx, rec.ID, "renders"); err != nil {
		return nil, err
	}
	// The PDF goes last: its presence says the run finished (storedAnalysis).
	if err := w.Blobs.Put(ctx, blob.Key(rec.ID, blob.Analysis), data, "application/json"); err != nil {
		return nil, err
	}
	if err := w.Blobs.Put(ctx, blob.Key(rec.ID, blob.PDF), res.PDF, "application/pdf"); err != nil {
		return nil, err
	}
	return res.Analysis, nil
}

func (w *Worker) endStage(timings map[string]int64, stage string, d time.Duration) {
	timings[stage] = d.Milliseconds()
	w.Metrics.stage(stage, d)
}

// storedAnalysis returns the analysis of a report whose PDF an earlier run
// stored, so a re-run after a crash does not render again.
func (w *Worker) storedAnalysis(ctx context.Context, id string) (*match.Analysis, bool, error) {
	ok, err := w.Blobs.Exists(ctx, blob.Key(id, blob.PDF))
	if err != nil || !ok {
		return nil, false, err
	}
	data, err := w.Blobs.Get(ctx, blob.Key(id, blob.Analysis))
	if prep.ErrorCode(err) == prep.ENOTFOUND {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	a := new(match.Analysis)
	if err := json.Unmarshal(data, a); err != nil {
		return nil, false, nil
	}
	return a, true, nil
}

// fail records a failed run. Bad input fails at once with its user-facing
// message and is not retried; anything else is retried with backoff, and
// recorded as failed only when the retries run out.
func (w *Worker) fail(ctx context.Context, rec *store.Record, err error) error {
	if store.IsNotFound(err) {
		return w.forget(ctx, rec.ID)
	}
	if errors.Is(err, context.Canceled) {
		// Cancelled: by a shutdown (asynq runs the task again), or because
		// the report was deleted meanwhile — then it ends here, quietly.
		gctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, gerr := w.Store.Get(gctx, rec.ID); store.IsNotFound(gerr) {
			return w.forget(gctx, rec.ID)
		}
	}
	permanent := prep.Permanent(err)
	if !permanent && !lastAttempt(ctx) {
		return err
	}
	uerr := w.Store.Update(ctx, rec.ID, store.Fields{
		"status":     store.StatusFailed,
		"stage":      StageFailed,
		"error_code": prep.ErrorCode(err),
		"error":      prep.ErrorMessage(err),
		"finished":   w.Now(),
	})
	if store.IsNotFound(uerr) {
		return w.forget(ctx, rec.ID)
	} else if uerr != nil {
		// The failure is not recorded: retry so it is.
		return errors.Join(err, uerr)
	}
	w.Metrics.report("failed_" + prep.ErrorCode(err))
	if berr := w.finishBatch(ctx, rec, "", ""); berr != nil {
		// Not counted in its batch yet: run again (the failure is recorded,
		// so the re-run only counts it).
		return errors.Join(err, berr)
	}
	if permanent {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return err
}

// forget deletes every blob of a report whose record is gone.
func (w *Worker) forget(ctx context.Context, id string) error {
	if err := w.Blobs.DeletePrefix(ctx, blob.ReportPrefix(id)); err != nil {
		return err
	}
	w.Log.Info("report deleted while queued or running: its files are removed", "report_id", id)
	return nil
}

func (w *Worker) queueEmail(ctx context.Context, rec *store.Record) error {
	if rec.Email == "" {
		return nil
	}
	return w.Client.EnqueueEmail(ctx, rec.ID)
}

// Summarize keeps what the status page and the email show of an analysis:
// every pillar's level and the three most serious gaps.
func Summarize(a *match.Analysis) *store.Summary {
	s := &store.Summary{}
	for _, p := range a.Pillars {
		s.Pillars = append(s.Pillars, store.PillarSummary{ID: p.ID, Name: p.Name, Level: p.Level, Score: p.Score})
	}
	gaps := slices.Clone(a.Gaps)
	rank := map[string]int{match.SeverityHigh: 0, match.SeverityMedium: 1, match.SeverityLow: 2}
	slices.SortStableFunc(gaps, func(x, y match.Gap) int {
		return cmp.Compare(rank[x.Severity], rank[y.Severity])
	})
	for _, g := range gaps[:min(3, len(gaps))] {
		s.Gaps = append(s.Gaps, store.GapSummary{ID: g.ID, Severity: g.Severity, Message: g.Message})
	}
	return s
}
