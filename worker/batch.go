package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hibiken/asynq"

	"prep"
	"prep/batch"
	"prep/blob"
	"prep/mail"
	"prep/store"
)

// BatchAPIPath is the API address of a batch; links in emails, webhooks
// and JSON answers are built from it and BatchPagePath.
func BatchAPIPath(id string) string { return "/api/v1/batches/" + id }

// BatchPagePath is the recruiter page of a batch.
func BatchPagePath(id string) string { return "/recruiter/batches/" + id }

// BatchReportPath is where the PDF of one report of a batch is served, to
// the batch's key only.
func BatchReportPath(batchID, reportID string) string {
	return BatchAPIPath(batchID) + "/reports/" + reportID
}

// BatchRows reads the rows of a batch in upload order: one per file, with
// its report's status and scores, each ready row named for reports.zip.
// link turns a path into an absolute URL.
func BatchRows(ctx context.Context, st *store.Store, b *store.Batch, link func(string) string) ([]batch.Row, error) {
	var ids []string
	seen := map[string]bool{}
	for _, it := range b.Items {
		if it.Report != "" && !seen[it.Report] {
			seen[it.Report] = true
			ids = append(ids, it.Report)
		}
	}
	recs, err := st.Records(ctx, ids)
	if err != nil {
		return nil, err
	}
	firstFile := map[string]string{}
	rows := make([]batch.Row, len(b.Items))
	for i, it := range b.Items {
		r := batch.Row{File: it.File, Report: it.Report}
		if it.Report == "" {
			r.Status, r.Error = batch.StatusFailed, it.Error
			rows[i] = r
			continue
		}
		if it.Copy {
			r.DuplicateOf = firstFile[it.Report]
		} else if _, ok := firstFile[it.Report]; !ok {
			firstFile[it.Report] = it.File
		}
		rec := recs[it.Report]
		switch {
		case rec == nil:
			r.Status, r.Error = batch.StatusFailed, "this report is gone: it was deleted"
		case rec.Status == store.StatusReady:
			r.Status, r.Name = batch.StatusReady, rec.Candidate
			r.ReportURL = link(BatchReportPath(b.ID, rec.ID))
			if rec.Scores != "" {
				s := new(batch.Score)
				if err := json.Unmarshal([]byte(rec.Scores), s); err != nil {
					return nil, fmt.Errorf("scores of report %s: %w", rec.ID, err)
				}
				r.SetScore(s)
			}
		case rec.Status == store.StatusFailed:
			r.Status, r.Error = batch.StatusFailed, rec.Error
		case rec.Status == store.StatusProcessing:
			r.Status = batch.StatusProcessing
		default:
			r.Status = batch.StatusQueued
		}
		rows[i] = r
	}
	batch.NamePDFs(rows)
	return rows, nil
}

// BatchSummary is the JSON of a batch for the API and the webhook: rows
// in rank order with the totals and links.
func BatchSummary(b *store.Batch, rows []batch.Row, link func(string) string) batch.Summary {
	rows = append([]batch.Row(nil), rows...)
	batch.Rank(rows)
	s := batch.Summary{
		ID:          b.ID,
		Status:      b.Status,
		Counts:      batch.Count(rows),
		Created:     b.Created.UTC(),
		Role:        b.Role,
		Company:     b.Company,
		Pack:        b.Pack,
		PillarNames: batch.Pillars(rows),
		StatusURL:   link(BatchAPIPath(b.ID)),
		PageURL:     link(BatchPagePath(b.ID)),
		ScoresURL:   link(BatchAPIPath(b.ID) + "/scores.csv"),
		ZipURL:      link(BatchAPIPath(b.ID) + "/reports.zip"),
		Candidates:  rows,
	}
	if s.PillarNames == nil {
		s.PillarNames = []batch.PillarName{}
	}
	if !b.Finished.IsZero() {
		f := b.Finished.UTC()
		s.Finished = &f
	}
	return s
}

// finishBatch counts a report that will not change any more (ready, or
// failed for good) in its batch, and when it was the last one, marks the
// batch done and queues its email and webhook. Every step is idempotent,
// so a task run again after a crash completes what the first run started.
func (w *Worker) finishBatch(ctx context.Context, rec *store.Record, role, company string) error {
	if rec.Batch == "" {
		return nil
	}
	complete, err := w.Store.FinishReport(ctx, rec.Batch, rec.ID, role, company)
	if store.IsNotFound(err) || (err == nil && !complete) {
		return nil
	} else if err != nil {
		return err
	}
	return w.completeBatch(ctx, rec.Batch)
}

// completeBatch marks a batch done and queues its deliveries.
func (w *Worker) completeBatch(ctx context.Context, id string) error {
	first, err := w.Store.TransitionBatch(ctx, id, "status", []string{batch.BatchRunning},
		store.Fields{"status": batch.BatchDone, "finished": w.Now()})
	if store.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	b, err := w.Store.GetBatch(ctx, id)
	if store.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if first {
		w.Metrics.batch()
		w.Log.Info("batch done", "batch_id", id, "owner", b.Owner, "files", b.Total, "reports", b.Reports)
	}
	if b.NotifyEmail != "" {
		if err := w.Client.EnqueueBatchEmail(ctx, id); err != nil {
			return err
		}
	}
	if b.WebhookURL != "" {
		if err := w.Client.EnqueueBatchWebhook(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// handleBatchEmail tells the recruiter a batch is done, with its
// scores.csv attached, at most once: the batch's email state is claimed
// atomically before the message goes out, as for a report.
func (w *Worker) handleBatchEmail(ctx context.Context, t *asynq.Task) error {
	b, err := w.batchOf(ctx, t)
	if b == nil || err != nil {
		return err
	}
	if b.NotifyEmail == "" {
		return nil
	}
	switch b.EmailState {
	case store.EmailSent, store.EmailFailed, store.EmailUnknown:
		return nil
	case store.EmailSending:
		w.Log.Warn("an earlier batch email attempt died mid-send: not sending again", "batch_id", b.ID)
		return w.updateBatchIgnoringGone(ctx, b.ID, store.Fields{"email_state": store.EmailUnknown})
	}
	rows, err := BatchRows(ctx, w.Store, b, w.link)
	if err != nil {
		return err
	}
	msg, err := w.Composer.Batch(w.batchMail(b, rows))
	if err != nil {
		return fmt.Errorf("compose batch email: %w", err)
	}
	claim := func() (bool, error) {
		return w.Store.TransitionBatch(ctx, b.ID, "email_state", emailClaimable, store.Fields{"email_state": store.EmailSending})
	}
	record := func(state string) error {
		return w.updateBatchIgnoringGone(ctx, b.ID, store.Fields{"email_state": state})
	}
	return w.sendOnce(ctx, msg, claim, record)
}

func (w *Worker) batchMail(b *store.Batch, rows []batch.Row) mail.Batch {
	var csv bytes.Buffer
	ranked := append([]batch.Row(nil), rows...)
	batch.Rank(ranked)
	// WriteCSV only fails when its writer does; a bytes.Buffer does not.
	_ = batch.WriteCSV(&csv, ranked)
	c := batch.Count(rows)
	m := mail.Batch{
		ID: b.ID, To: b.NotifyEmail, Role: b.Role, Company: b.Company,
		Total: c.Total, Done: c.Done, Failed: c.Failed,
		PageURL:   w.link(BatchPagePath(b.ID)),
		ZipURL:    w.link(BatchAPIPath(b.ID) + "/reports.zip"),
		Retention: w.cfg.Retention,
		CSV:       csv.Bytes(),
		CSVName:   CSVFileName(b.Role, b.Company),
	}
	for _, r := range ranked {
		if r.Rank == 0 || len(m.Top) == 5 {
			break
		}
		name := r.Name
		if name == "" {
			name = r.File
		}
		m.Top = append(m.Top, mail.Candidate{Rank: r.Rank, Name: name, Fit: *r.Fit})
	}
	return m
}

// handleBatchWebhook posts the summary of a done batch to its webhook URL,
// signed with the key's secret, and retries with backoff while the
// receiver fails. Delivery is at least once: a run that dies after the POST
// and before recording it posts again, with the same X-Prep-Delivery id,
// so a receiver can drop the copy.
func (w *Worker) handleBatchWebhook(ctx context.Context, t *asynq.Task) error {
	b, err := w.batchOf(ctx, t)
	if b == nil || err != nil {
		return err
	}
	if b.WebhookURL == "" || b.WebhookState == store.WebhookSent || b.WebhookState == store.WebhookFailed {
		return nil
	}
	key, ok := w.Keys.ByName(b.Owner)
	if !ok || w.Webhooks == nil {
		w.Log.Warn("batch webhook not sent: its API key is no longer configured", "batch_id", b.ID, "owner", b.Owner)
		return w.updateBatchIgnoringGone(ctx, b.ID, store.Fields{
			"webhook_state": store.WebhookFailed, "webhook_error": "the API key of this batch is no longer configured",
		})
	}
	rows, err := BatchRows(ctx, w.Store, b, w.link)
	if err != nil {
		return err
	}
	sum := BatchSummary(b, rows, w.link)
	sum.Event = "batch.done"
	body, err := json.Marshal(sum)
	if err != nil {
		return fmt.Errorf("encode batch summary: %w", err)
	}
	if err := w.updateBatchIgnoringGone(ctx, b.ID, store.Fields{"webhook_state": store.WebhookSending}); err != nil {
		return err
	}
	err = w.Webhooks.Post(ctx, b.WebhookURL, key.WebhookSecret(), "batch.done", b.ID, body)
	if err != nil {
		state := store.WebhookRetrying
		permanent := prep.Permanent(err)
		if permanent || lastAttempt(ctx) {
			state = store.WebhookFailed
		}
		if uerr := w.updateBatchIgnoringGone(ctx, b.ID, store.Fields{"webhook_state": state, "webhook_error": webhookError(err)}); uerr != nil {
			return fmt.Errorf("%w (and recording it: %v)", err, uerr)
		}
		w.Metrics.webhook("failed")
		if permanent {
			return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
		}
		return err
	}
	w.Metrics.webhook("sent")
	return w.updateBatchIgnoringGone(ctx, b.ID, store.Fields{"webhook_state": store.WebhookSent, "webhook_error": ""})
}

// webhookError is what the recruiter sees of a failed delivery: the
// refusal in our words, or what their receiver or network answered.
func webhookError(err error) string {
	if prep.Permanent(err) {
		return prep.ErrorMessage(err)
	}
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return msg
}

// batchOf reads the batch a task names; nil when it is gone.
func (w *Worker) batchOf(ctx context.Context, t *asynq.Task) (*store.Batch, error) {
	var p BatchPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || !blob.ValidID(p.BatchID) {
		return nil, fmt.Errorf("bad %s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	b, err := w.Store.GetBatch(ctx, p.BatchID)
	if store.IsNotFound(err) {
		return nil, nil
	}
	return b, err
}

func (w *Worker) updateBatchIgnoringGone(ctx context.Context, id string, f store.Fields) error {
	if err := w.Store.UpdateBatch(ctx, id, f); err != nil && !store.IsNotFound(err) {
		return err
	}
	return nil
}

// CSVFileName is the name of a batch's scores file as an attachment or a
// download: ASCII, after the firm and the role when known.
func CSVFileName(role, company string) string {
	return strings.TrimSuffix(PDFName(company, role), ".pdf") + "-scores.csv"
}

// ZipFileName is the name of a batch's reports.zip as a download.
func ZipFileName(role, company string) string {
	return strings.TrimSuffix(PDFName(company, role), ".pdf") + "-reports.zip"
}
