package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/hibiken/asynq"

	"prep"
	"prep/blob"
	"prep/mail"
	"prep/store"
)

// handleEmail sends a ready report to the address given at upload, at most
// once: the record's email state is claimed atomically before the message
// is handed to the mail server, so neither a second worker nor a re-run
// after a crash sends it again. An SMTP failure leaves the report ready to
// download and retries the email alone; the PDF is never rendered again.
func (w *Worker) handleEmail(ctx context.Context, t *asynq.Task) error {
	var p EmailPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || !blob.ValidID(p.ReportID) {
		return fmt.Errorf("bad %s payload: %v: %w", TypeEmail, err, asynq.SkipRetry)
	}
	id := p.ReportID
	rec, err := w.Store.Get(ctx, id)
	if store.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	if rec.Email == "" {
		return nil
	}
	switch rec.EmailState {
	case store.EmailSent, store.EmailFailed, store.EmailUnknown:
		return nil
	case store.EmailSending:
		// An earlier attempt claimed the email and died before recording
		// the outcome: it may have been sent. Never send twice.
		w.Log.Warn("an earlier email attempt died mid-send: not sending again", "report_id", id)
		return w.updateIgnoringGone(ctx, id, store.Fields{
			"email_state": store.EmailUnknown, "status": store.StatusReady, "stage": StageReady,
		})
	}

	pdf, err := w.Blobs.Get(ctx, blob.Key(id, blob.PDF))
	if prep.ErrorCode(err) == prep.ENOTFOUND {
		return nil // deleted meanwhile
	} else if err != nil {
		return err
	}
	msg, err := w.Composer.Report(w.reportMail(rec, pdf))
	if err != nil {
		return fmt.Errorf("compose email: %w", err)
	}
	claim := func() (bool, error) {
		return w.Store.Transition(ctx, id, "email_state", emailClaimable, store.Fields{"email_state": store.EmailSending})
	}
	// Whatever happens to the email, the report itself is ready: the page
	// offers the download while the email waits for the mail server.
	record := func(state string) error {
		f := store.Fields{"email_state": state, "status": store.StatusReady, "stage": StageReady}
		if state == store.EmailSent {
			f["emails"] = rec.Emails + 1
		}
		return w.updateIgnoringGone(ctx, id, f)
	}
	return w.sendOnce(ctx, msg, claim, record)
}

// emailClaimable are the email states from which an attempt may claim the
// email and send it.
var emailClaimable = []string{"", store.EmailPending, store.EmailRetrying}

// sendOnce sends msg at most once. claim marks the email as being sent,
// atomically, and reports false when another attempt holds it or the
// record is gone; record stores the outcome. A failed send is retried
// unless the mail server refused it for good or this is the last attempt.
func (w *Worker) sendOnce(ctx context.Context, msg *mail.Message, claim func() (bool, error), record func(state string) error) error {
	claimed, err := claim()
	if store.IsNotFound(err) || (err == nil && !claimed) {
		return nil
	} else if err != nil {
		return err
	}
	if err := w.Mailer.Send(ctx, msg); err != nil {
		state := store.EmailRetrying
		permanent := prep.Permanent(err)
		if permanent || lastAttempt(ctx) {
			state = store.EmailFailed
		}
		if uerr := record(state); uerr != nil {
			return fmt.Errorf("%w (and recording it: %v)", err, uerr)
		}
		w.Metrics.email("failed")
		if permanent {
			return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
		}
		return err
	}
	w.Metrics.email("sent")
	return record(store.EmailSent)
}

func (w *Worker) updateIgnoringGone(ctx context.Context, id string, f store.Fields) error {
	if err := w.Store.Update(ctx, id, f); err != nil && !store.IsNotFound(err) {
		return err
	}
	return nil
}

func (w *Worker) reportMail(rec *store.Record, pdf []byte) mail.Report {
	r := mail.Report{
		ID:        rec.ID,
		To:        rec.Email,
		Candidate: rec.Candidate,
		Role:      rec.Role,
		Company:   rec.Company,
		StatusURL: w.link("/reports/" + rec.ID),
		DeleteURL: w.link("/reports/" + rec.ID + "/delete"),
		Retention: w.cfg.Retention,
		PDF:       pdf,
		PDFName:   PDFName(rec.Company, rec.Role),
	}
	if rec.Summary != nil {
		for _, p := range rec.Summary.Pillars {
			r.Pillars = append(r.Pillars, mail.Pillar{Name: p.Name, Level: p.Level})
		}
		for _, g := range rec.Summary.Gaps {
			r.Gaps = append(r.Gaps, mail.Gap{Severity: g.Severity, Message: g.Message})
		}
	}
	return r
}

func (w *Worker) link(path string) string {
	u, err := url.JoinPath(w.cfg.BaseURL, path)
	if err != nil {
		return strings.TrimRight(w.cfg.BaseURL, "/") + path
	}
	return u
}

// PDFName is the file name of a report's PDF: ASCII, after the firm and
// the role when known.
func PDFName(company, role string) string {
	var parts []string
	for _, s := range []string{"prep", company, role} {
		if slug := slugify(s); slug != "" {
			parts = append(parts, slug)
		}
	}
	return strings.Join(parts, "-") + ".pdf"
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
