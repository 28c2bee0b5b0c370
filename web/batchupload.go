package web

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"prep"
	"prep/batch"
	"prep/blob"
	"prep/ingest"
	"prep/store"
	"prep/worker"
)

// batchUpload is a batch request as it is read: the intake's verdict on
// every file, and the report id of each CV already staged in the blob
// store.
type batchUpload struct {
	id       string
	intake   *batch.Intake
	reportOf map[int]string // item index → report id, for new items
	jd       []byte
	jdText   string
	pack     string
	notify   string
	webhook  string
	// tooLarge is the answer when the body passes its cap.
	tooLarge error
}

// limits are the batch limits, with the per-file limit of the service.
func (s *Server) limits() batch.Limits {
	l := s.cfg.Batch
	l.MaxFileBytes = s.cfg.MaxFileBytes
	if l.MaxFiles <= 0 {
		l.MaxFiles = batch.DefaultLimits.MaxFiles
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = batch.DefaultLimits.MaxTotalBytes
	}
	return l
}

// createBatchFrom reads a batch request and queues it: the one path of
// the API and the page's form.
func (s *Server) createBatchFrom(c *gin.Context) (*store.Batch, error) {
	u, err := s.readBatch(c)
	if err != nil {
		return nil, err
	}
	b, err := s.createBatch(c.Request.Context(), u, keyOf(c).Name)
	if err != nil {
		s.discardBatch(u)
		return nil, err
	}
	return b, nil
}

// readBatch parses a multipart batch request while it streams in. Each CV
// is judged as it arrives (size, type, copy) and, when new, written to the
// blob store at once, so the server holds one file at a time, never the
// batch. A zip goes to a temporary file (its index is at its end) and is
// read from there with the intake's bounds. The body is capped at the
// batch's byte limit plus room for the job description and the fields.
func (s *Server) readBatch(c *gin.Context) (u *batchUpload, err error) {
	r := c.Request
	mt, _, perr := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if perr != nil || mt != "multipart/form-data" {
		return nil, prep.Errorf(prep.EUNSUPPORTED, "send the batch as multipart/form-data")
	}
	lim := s.limits()
	bodyLimit := lim.MaxTotalBytes + lim.MaxFileBytes + maxJDText + 1<<20
	tooLarge := prep.Errorf(prep.ETOOLARGE, "the CVs of a batch may add up to %s at most: split it in several batches", prep.Size(lim.MaxTotalBytes))
	if r.ContentLength > bodyLimit {
		return nil, tooLarge
	}
	// A thousand CVs on an office line take longer than the server's
	// one-minute read timeout, which is right for everything else.
	_ = http.NewResponseController(c.Writer).SetReadDeadline(time.Now().Add(15 * time.Minute))
	r.Body = http.MaxBytesReader(c.Writer, r.Body, bodyLimit)
	mr, merr := r.MultipartReader()
	if merr != nil {
		return nil, prep.Wrap(prep.EINVALID, "the form could not be read: send it again", merr)
	}
	u = &batchUpload{id: s.deps.NewID(), intake: batch.NewIntake(lim), reportOf: map[int]string{}, tooLarge: tooLarge}
	defer func() {
		if err != nil {
			s.discardBatch(u)
			u = nil
		}
	}()
	ctx := r.Context()
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return u, bodyError(err, tooLarge)
		}
		switch name := p.FormName(); name {
		case "cvs":
			if err := s.readCV(ctx, u, partFileName(p), p, lim); err != nil {
				return u, err
			}
		case "archive":
			if err := s.readArchive(ctx, u, p, lim); err != nil {
				return u, err
			}
		case "jd":
			data, err := io.ReadAll(io.LimitReader(p, lim.MaxFileBytes+1))
			if err != nil {
				return u, bodyError(err, tooLarge)
			}
			if int64(len(data)) > lim.MaxFileBytes {
				return u, prep.Errorf(prep.ETOOLARGE, "the job description file is over the %s limit", prep.Size(lim.MaxFileBytes))
			}
			u.jd = nonEmpty(data)
		case "jd_text", "pack", "notify_email", "webhook_url":
			limit := int64(maxSmallBox)
			if name == "jd_text" {
				limit = maxJDText
			}
			data, err := io.ReadAll(io.LimitReader(p, limit+1))
			if err != nil {
				return u, bodyError(err, tooLarge)
			}
			if int64(len(data)) > limit {
				return u, prep.Errorf(prep.ETOOLARGE, "the %s field is over its %s limit", strings.ReplaceAll(name, "_", " "), prep.Size(limit))
			}
			v := strings.TrimSpace(string(data))
			switch name {
			case "jd_text":
				u.jdText = v
			case "pack":
				u.pack = v
			case "notify_email":
				u.notify = v
			case "webhook_url":
				u.webhook = v
			}
		default:
			if _, err := io.Copy(io.Discard, p); err != nil {
				return u, bodyError(err, tooLarge)
			}
		}
	}
	return u, s.validateBatch(ctx, u)
}

// readCV takes one file of the cvs field.
func (s *Server) readCV(ctx context.Context, u *batchUpload, name string, r io.Reader, lim batch.Limits) error {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxFileBytes+1))
	if err != nil {
		return bodyError(err, u.tooLarge)
	}
	if len(data) == 0 && name == "" {
		return nil // a file input left empty
	}
	var it *batch.Item
	if int64(len(data)) > lim.MaxFileBytes {
		// Read the rest to reach the next part; the body cap bounds it.
		n, err := io.Copy(io.Discard, r)
		if err != nil {
			return bodyError(err, u.tooLarge)
		}
		it, err = u.intake.Reject(name, int64(len(data))+n, u.intake.FileTooLarge())
		if err != nil {
			return err
		}
	} else if it, err = u.intake.Add(name, data); err != nil {
		return err
	}
	return s.stage(ctx, u, it, data)
}

// readArchive spools a zip to a temporary file and takes its CVs.
func (s *Server) readArchive(ctx context.Context, u *batchUpload, r io.Reader, lim batch.Limits) error {
	f, err := os.CreateTemp(s.cfg.TempDir, "batch-*.zip")
	if err != nil {
		return prep.Wrap(prep.EINTERNAL, "could not receive the zip", err)
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	n, err := io.Copy(f, io.LimitReader(r, lim.MaxTotalBytes+1))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return u.tooLarge
	} else if err != nil {
		// The body or the temporary file: the first is the client's, the
		// second ours, and a retry is the answer to both.
		return prep.Wrap(prep.EINVALID, "the zip could not be received: send it again", err)
	}
	if n > lim.MaxTotalBytes {
		return prep.Errorf(prep.ETOOLARGE, "the zip is over the %s limit of a batch: split it in several batches", prep.Size(lim.MaxTotalBytes))
	}
	return u.intake.ReadZip(f, n, func(it *batch.Item, data []byte) error {
		return s.stage(ctx, u, it, data)
	})
}

// stage writes a new CV to the blob store under the report it will be.
func (s *Server) stage(ctx context.Context, u *batchUpload, it *batch.Item, data []byte) error {
	if !it.New() {
		return nil
	}
	id := s.deps.NewID()
	if err := s.deps.Blobs.Put(ctx, blob.Key(id, blob.CV), data, "application/octet-stream"); err != nil {
		return err
	}
	u.reportOf[it.Index] = id
	return nil
}

// validateBatch checks the fields once the body is read.
func (s *Server) validateBatch(ctx context.Context, u *batchUpload) error {
	if len(u.intake.Items) == 0 {
		return prep.Errorf(prep.EINVALID, "add the CVs: files in the cvs field, or a zip in the archive field")
	}
	if u.jd == nil && u.jdText == "" {
		return prep.Errorf(prep.EINVALID, "add the job description: its file in the jd field or its text in jd_text")
	}
	if u.jd != nil {
		if _, err := ingest.Detect(u.jd); err != nil {
			return withSubject("job description", err)
		}
	}
	if u.pack != "" && !packPattern.MatchString(u.pack) {
		return prep.Errorf(prep.EINVALID, "the role pack name is not valid")
	}
	if u.notify != "" && !validEmail(u.notify) {
		return prep.Errorf(prep.EINVALID, "the notify email is not valid: enter an address like name@example.com")
	}
	if u.webhook != "" {
		if s.deps.Webhooks == nil {
			return prep.Errorf(prep.EINVALID, "webhooks are not available on this server")
		}
		if err := s.deps.Webhooks.Check(ctx, u.webhook); err != nil {
			return err
		}
	}
	return nil
}

// createBatch stores the job description, the batch and its reports'
// records, and queues one report per new CV on the bulk queue.
func (s *Server) createBatch(ctx context.Context, u *batchUpload, owner string) (*store.Batch, error) {
	jd, kind := u.jd, "file"
	if jd == nil {
		jd, kind = []byte(u.jdText), "text"
	}
	jdKey := blob.BatchKey(u.id, blob.JD)
	if err := s.deps.Blobs.Put(ctx, jdKey, jd, "application/octet-stream"); err != nil {
		return nil, err
	}
	b := &store.Batch{
		ID: u.id, Owner: owner, Status: batch.BatchRunning, Total: len(u.intake.Items),
		Pack: u.pack, JDKey: jdKey, JDKind: kind,
		NotifyEmail: u.notify, WebhookURL: u.webhook,
	}
	if u.webhook != "" {
		b.WebhookState = store.WebhookPending
	}
	var recs []*store.Record
	var payloads []worker.GeneratePayload
	copies, refused := 0, 0
	for _, it := range u.intake.Items {
		item := store.Item{File: it.File}
		switch {
		case it.Err != nil:
			item.ErrorCode, item.Error = prep.ErrorCode(it.Err), prep.ErrorMessage(it.Err)
			refused++
		case it.Twin >= 0:
			item.Report, item.Copy = u.reportOf[it.Twin], true
			copies++
		default:
			id := u.reportOf[it.Index]
			item.Report = id
			rec := &store.Record{
				ID: id, Owner: owner, Batch: u.id, Queue: worker.QueueBulk,
				Status: store.StatusQueued, Stage: worker.StageQueued,
				Pack: u.pack, CVKey: blob.Key(id, blob.CV), JDKey: jdKey, JDKind: kind,
			}
			recs = append(recs, rec)
			payloads = append(payloads, worker.GeneratePayload{ReportID: id, CVKey: rec.CVKey, JDKey: jdKey})
		}
		b.Items = append(b.Items, item)
	}
	b.Reports = len(recs)
	if b.Reports == 0 {
		b.Status, b.Finished = batch.BatchDone, time.Now()
	}
	if err := s.deps.Store.CreateBatch(ctx, b, recs); err != nil {
		return nil, err
	}
	for _, p := range payloads {
		if err := s.deps.Queue.EnqueueGenerate(ctx, p, worker.QueueBulk); err != nil {
			// Half a batch is worse than none: remove it all.
			if derr := s.deleteBatch(ctx, b); derr != nil {
				s.deps.Log.Warn("could not remove a batch that failed to queue", "batch_id", b.ID, "err", derr)
			}
			return nil, err
		}
	}
	if b.Reports == 0 {
		// Nothing to wait for: deliver now.
		if b.NotifyEmail != "" {
			if err := s.deps.Queue.EnqueueBatchEmail(ctx, b.ID); err != nil {
				return nil, err
			}
		}
		if b.WebhookURL != "" {
			if err := s.deps.Queue.EnqueueBatchWebhook(ctx, b.ID); err != nil {
				return nil, err
			}
		}
	}
	s.deps.Log.Info("batch queued", "batch_id", b.ID, "owner", owner, "files", b.Total, "reports", b.Reports,
		"copies", copies, "refused", refused, "notify", b.NotifyEmail != "", "webhook", b.WebhookURL != "")
	return b, nil
}

// discardBatch removes what a batch upload staged before it failed.
func (s *Server) discardBatch(u *batchUpload) {
	if u == nil {
		return
	}
	ctx := context.Background()
	for _, id := range u.reportOf {
		if err := s.deps.Blobs.DeletePrefix(ctx, blob.ReportPrefix(id)); err != nil {
			s.deps.Log.Warn("could not remove a file of a failed batch upload", "report_id", id, "err", err)
		}
	}
	if err := s.deps.Blobs.DeletePrefix(ctx, blob.BatchPrefix(u.id)); err != nil {
		s.deps.Log.Warn("could not remove a file of a failed batch upload", "batch_id", u.id, "err", err)
	}
	u.reportOf = map[int]string{}
}

// removeOutbox deletes the .eml files of a message id prefix from the
// outbox (when there is one here): they carry the batch's candidates.
func (s *Server) removeOutbox(prefix string) {
	if s.cfg.OutboxDir == "" {
		return
	}
	files, _ := filepath.Glob(filepath.Join(s.cfg.OutboxDir, "*-"+prefix+"-prep.eml"))
	for _, f := range files {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			s.deps.Log.Warn("could not remove an outbox file", "err", err)
		}
	}
}

// partFileName is the name a file part was sent under, with its folders:
// a browser sends "shortlist/round-2/cv.pdf" for a file of a dropped
// folder, and the rows show it so. (multipart.Part.FileName keeps only the
// last element.) The name is only ever shown, never used as a path;
// leading slashes and ".." elements are dropped all the same, so a row
// never reads like a path outside the upload.
func partFileName(p *multipart.Part) string {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	name := params["filename"]
	if err != nil || name == "" {
		return p.FileName()
	}
	var keep []string
	for _, el := range strings.Split(strings.ReplaceAll(name, `\`, "/"), "/") {
		if el != "" && el != "." && el != ".." {
			keep = append(keep, el)
		}
	}
	return strings.Join(keep, "/")
}
