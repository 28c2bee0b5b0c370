package web

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"prep"
	"prep/batch"
	"prep/blob"
	"prep/store"
	"prep/worker"
)

// handleCreateBatch takes a batch: 202 with its id and address.
func (s *Server) handleCreateBatch(c *gin.Context) {
	b, err := s.createBatchFrom(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	id := b.ID
	refused := 0
	for _, it := range b.Items {
		if it.Report == "" {
			refused++
		}
	}
	c.Header("Location", worker.BatchAPIPath(id))
	c.JSON(http.StatusAccepted, gin.H{
		"id":         id,
		"total":      b.Total,
		"reports":    b.Reports,
		"refused":    refused,
		"status":     b.Status,
		"status_url": s.url(worker.BatchAPIPath(id)),
		"page_url":   s.url(worker.BatchPagePath(id)),
	})
}

// handleListBatches lists the key's newest batches, without their rows.
func (s *Server) handleListBatches(c *gin.Context) {
	k := keyOf(c)
	bs, err := s.deps.Store.ListBatches(c.Request.Context(), k.Name, 100)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, b := range bs {
		finished, err := s.deps.Store.Finished(c.Request.Context(), b.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		out = append(out, gin.H{
			"id": b.ID, "status": b.Status, "total": b.Total, "reports": b.Reports,
			"reports_finished": finished, "role": b.Role, "company": b.Company,
			"created":    b.Created.UTC(),
			"status_url": s.url(worker.BatchAPIPath(b.ID)),
		})
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"batches": out})
}

// handleBatch answers the batch's summary and rows, ranked by fit or
// sorted by ?sort= (fit, name, file, coverage, status or a pillar id) and
// ?order= (asc, desc).
func (s *Server) handleBatch(c *gin.Context) {
	_, sum, err := s.rankedBatch(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, sum)
}

// sortParams reads ?sort and ?order; each key has its natural order: the
// best first for numbers, A to Z for text.
func sortParams(c *gin.Context) (string, bool) {
	key := c.DefaultQuery("sort", batch.SortFit)
	if len(key) > 64 {
		key = batch.SortFit
	}
	desc := true
	switch key {
	case batch.SortName, batch.SortFile, batch.SortStatus:
		desc = false
	}
	switch c.Query("order") {
	case "asc":
		desc = false
	case "desc":
		desc = true
	}
	return key, desc
}

func (s *Server) handleDeleteBatch(c *gin.Context) {
	if err := s.deleteOwnBatch(c); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// deleteOwnBatch deletes the caller's batch named in the path.
func (s *Server) deleteOwnBatch(c *gin.Context) error {
	b, err := s.batchOf(c)
	if err != nil {
		return err
	}
	return s.deleteBatch(c.Request.Context(), b)
}

// handleScoresCSV serves scores.csv: the rows in rank order.
func (s *Server) handleScoresCSV(c *gin.Context) {
	b, err := s.batchOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, err := worker.BatchRows(c.Request.Context(), s.deps.Store, b, s.url)
	if err != nil {
		s.fail(c, err)
		return
	}
	batch.Rank(rows)
	h := c.Writer.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", worker.CSVFileName(b.Role, b.Company)))
	h.Set("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)
	if err := batch.WriteCSV(c.Writer, rows); err != nil {
		s.deps.Log.Debug("csv download interrupted", "batch_id", b.ID, "err", err)
	}
}

// handleReportsZip streams reports.zip: scores.csv, then one PDF per
// ready report under reports/, read from the blob store one at a time, so
// a thousand reports never sit in memory. PDFs are stored, not deflated
// again: their content is compressed already. A failure half-way aborts
// the connection, so the client sees a broken download rather than a zip
// that looks whole.
func (s *Server) handleReportsZip(c *gin.Context) {
	b, err := s.batchOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	rows, err := worker.BatchRows(ctx, s.deps.Store, b, s.url)
	if err != nil {
		s.fail(c, err)
		return
	}
	batch.Rank(rows)
	// A large zip on a slow line outlasts the server's write timeout.
	_ = http.NewResponseController(c.Writer).SetWriteDeadline(time.Now().Add(30 * time.Minute))
	h := c.Writer.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", worker.ZipFileName(b.Role, b.Company)))
	h.Set("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)

	modified := b.Created
	if !b.Finished.IsZero() {
		modified = b.Finished
	}
	zw := zip.NewWriter(c.Writer)
	abort := func(err error) {
		s.deps.Log.Warn("reports.zip cut short", "batch_id", b.ID, "err", err)
		panic(http.ErrAbortHandler)
	}
	f, err := zw.CreateHeader(&zip.FileHeader{Name: batch.CSVName, Method: zip.Deflate, Modified: modified})
	if err != nil {
		abort(err)
	}
	if err := batch.WriteCSV(f, rows); err != nil {
		abort(err)
	}
	done := map[string]bool{}
	for _, r := range rows {
		if r.Status != batch.StatusReady || r.PDF == "" || done[r.Report] {
			continue
		}
		done[r.Report] = true
		if err := s.zipPDF(c, zw, "reports/"+r.PDF, r.Report, modified); err != nil {
			abort(err)
		}
	}
	if err := zw.Close(); err != nil {
		abort(err)
	}
}

func (s *Server) zipPDF(c *gin.Context, zw *zip.Writer, name, report string, modified time.Time) error {
	rc, size, err := s.deps.Blobs.Open(c.Request.Context(), blob.Key(report, blob.PDF))
	if err != nil {
		return err
	}
	defer rc.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: modified, UncompressedSize64: uint64(size)})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, rc)
	return err
}

// handleBatchReport serves one report of a batch, to the batch's key.
func (s *Server) handleBatchReport(c *gin.Context) {
	b, err := s.batchOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	id := c.Param("report")
	found := false
	for _, it := range b.Items {
		found = found || (it.Report != "" && it.Report == id)
	}
	if !found || !blob.ValidID(id) {
		s.fail(c, prep.Errorf(prep.ENOTFOUND, "this batch has no such report"))
		return
	}
	rec, err := s.deps.Store.Get(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if rec.Status != store.StatusReady {
		s.fail(c, prep.Errorf(prep.ENOTFOUND, "this report is not ready: %s", rec.Status))
		return
	}
	rc, size, err := s.deps.Blobs.Open(c.Request.Context(), blob.Key(id, blob.PDF))
	if err != nil {
		s.fail(c, err)
		return
	}
	defer rc.Close()
	name := batch.SafeName(rec.Candidate)
	if name == "" {
		name = "report"
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", name+".pdf"))
	h.Set("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, rc); err != nil {
		s.deps.Log.Debug("download interrupted", "report_id", id, "err", err)
	}
}

// batchOf loads the batch named by :id if the request's key owns it.
// Another key's batch is "not found", exactly as a batch that does not
// exist: a key learns nothing of batches it does not own.
func (s *Server) batchOf(c *gin.Context) (*store.Batch, error) {
	id := c.Param("id")
	if !blob.ValidID(id) {
		return nil, store.ErrNoBatch()
	}
	b, err := s.deps.Store.GetBatch(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	if k := keyOf(c); k == nil || b.Owner != k.Name {
		return nil, store.ErrNoBatch()
	}
	return b, nil
}

// rankedBatch is the caller's batch and its summary, the rows sorted as
// the request asks.
func (s *Server) rankedBatch(c *gin.Context) (*store.Batch, batch.Summary, error) {
	b, err := s.batchOf(c)
	if err != nil {
		return nil, batch.Summary{}, err
	}
	sum, err := s.summary(c, b)
	if err != nil {
		return nil, batch.Summary{}, err
	}
	key, desc := sortParams(c)
	batch.Sort(sum.Candidates, key, desc)
	return b, sum, nil
}

// summary is the batch's JSON with absolute links and its delivery.
func (s *Server) summary(c *gin.Context, b *store.Batch) (batch.Summary, error) {
	rows, err := worker.BatchRows(c.Request.Context(), s.deps.Store, b, s.url)
	if err != nil {
		return batch.Summary{}, err
	}
	sum := worker.BatchSummary(b, rows, s.url)
	if b.NotifyEmail != "" || b.WebhookURL != "" {
		sum.Notify = &batch.Notify{
			Email: b.NotifyEmail, EmailState: b.EmailState,
			Webhook: b.WebhookURL != "", WebhookState: b.WebhookState, WebhookError: b.WebhookError,
		}
	}
	return sum, nil
}

// deleteBatch removes every stored byte of a batch: the batch record
// first (its pages answer 404 at once), then its reports' records, then
// each report's queued task and files, then the shared files, the delivery
// tasks and any copy of its email in the outbox. A report task running
// meanwhile is cancelled, or finds its record gone, and deletes what it
// wrote.
func (s *Server) deleteBatch(ctx context.Context, b *store.Batch) error {
	var ids []string
	for _, it := range b.Items {
		if it.Report != "" && !it.Copy {
			ids = append(ids, it.Report)
		}
	}
	if err := s.deps.Store.PurgeBatch(ctx, b); err != nil {
		return err
	}
	// Every record at once: a report task that starts from now on finds its
	// record gone and stops, instead of running while the rest is deleted.
	if err := s.deps.Store.PurgeAll(ctx, ids); err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.deps.Queue.Forget(ctx, id, worker.QueueBulk); err != nil {
			s.deps.Log.Warn("queued task of a deleted batch not removed", "batch_id", b.ID, "report_id", id, "err", err)
		}
		if err := s.deps.Blobs.DeletePrefix(ctx, blob.ReportPrefix(id)); err != nil {
			return err
		}
	}
	n := len(ids)
	if err := s.deps.Blobs.DeletePrefix(ctx, blob.BatchPrefix(b.ID)); err != nil {
		return err
	}
	if err := s.deps.Queue.ForgetBatch(ctx, b.ID); err != nil {
		s.deps.Log.Warn("delivery tasks of a deleted batch not removed", "batch_id", b.ID, "err", err)
	}
	s.removeOutbox("batch-" + b.ID)
	s.deps.Log.Info("batch deleted", "batch_id", b.ID, "owner", b.Owner, "reports", n)
	return nil
}
