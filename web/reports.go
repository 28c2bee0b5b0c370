package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"prep"
	"prep/blob"
	"prep/store"
	"prep/worker"
)

func (s *Server) handleHome(c *gin.Context) {
	s.render(c, http.StatusOK, "home.html", s.homePage(nil, ""))
}

// handleUploadForm takes the home page form: 303 to the status page, or
// the form again with the error and what was typed.
func (s *Server) handleUploadForm(c *gin.Context) {
	if err := s.allowUpload(c); err != nil {
		s.formError(c, nil, err)
		return
	}
	u, err := s.readUpload(c, true)
	if err != nil {
		s.formError(c, u, err)
		return
	}
	id, err := s.createReport(c, u, "", worker.QueueInteractive)
	if err != nil {
		s.formError(c, u, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/reports/"+id)
}

func (s *Server) formError(c *gin.Context, u *upload, err error) {
	code := prep.ErrorCode(err)
	status := statusOf(code)
	if status >= 500 {
		s.deps.Log.Error("upload failed", "err", err)
	}
	s.render(c, status, "home.html", s.homePage(u, prep.ErrorMessage(err)))
}

// handleUploadAPI takes a multipart upload: 202 with the report's id and
// addresses.
func (s *Server) handleUploadAPI(c *gin.Context) {
	if err := s.allowUpload(c); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.readUpload(c, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := s.createReport(c, u, "", worker.QueueInteractive)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/reports/"+id)
	c.JSON(http.StatusAccepted, gin.H{
		"id":         id,
		"status":     store.StatusQueued,
		"status_url": s.url("/api/v1/reports/" + id),
		"report_url": s.url("/reports/" + id + "/report.pdf"),
		"page_url":   s.url("/reports/" + id),
	})
}

// statusJSON is the API's view of a report.
type statusJSON struct {
	ID        string           `json:"id"`
	Status    string           `json:"status"`
	Stage     string           `json:"stage"`
	Error     string           `json:"error,omitempty"`
	ErrorCode string           `json:"error_code,omitempty"`
	Email     string           `json:"email_status,omitempty"`
	Created   string           `json:"created"`
	Timings   map[string]int64 `json:"timings_ms,omitempty"`
	ReportURL string           `json:"report_url,omitempty"`
	PageURL   string           `json:"page_url"`
	Analysis  json.RawMessage  `json:"analysis,omitempty"`
}

func (s *Server) handleStatusAPI(c *gin.Context) {
	rec, err := s.record(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := statusJSON{
		ID: rec.ID, Status: rec.Status, Stage: rec.Stage,
		Error: rec.Error, ErrorCode: rec.ErrorCode, Email: rec.EmailState,
		Created: rec.Created.UTC().Format("2006-01-02T15:04:05.000Z"),
		Timings: rec.Timings,
		PageURL: s.url("/reports/" + rec.ID),
	}
	if rec.Status == store.StatusReady {
		data, err := s.deps.Blobs.Get(c.Request.Context(), blob.Key(rec.ID, blob.Analysis))
		if err != nil {
			s.fail(c, err)
			return
		}
		out.Analysis = data
		out.ReportURL = s.url("/reports/" + rec.ID + "/report.pdf")
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

func (s *Server) handleStatusPage(c *gin.Context) {
	rec, err := s.record(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "status.html", s.statusPage(rec))
}

// handleDownload streams the PDF from the blob store.
func (s *Server) handleDownload(c *gin.Context) {
	rec, err := s.record(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if rec.Status == store.StatusFailed {
		s.fail(c, prep.Errorf(prep.ENOTFOUND, "this report failed, so there is no PDF: %s", rec.Error))
		return
	}
	r, size, err := s.deps.Blobs.Open(c.Request.Context(), blob.Key(rec.ID, blob.PDF))
	if prep.ErrorCode(err) == prep.ENOTFOUND {
		s.fail(c, prep.Errorf(prep.ENOTFOUND, "the PDF is not ready yet: wait until the report page says it is"))
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	defer r.Close()
	h := c.Writer.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", worker.PDFName(rec.Company, rec.Role)))
	h.Set("Cache-Control", "private, no-store")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, r); err != nil {
		s.deps.Log.Debug("download interrupted", "report_id", rec.ID, "err", err)
	}
}

func (s *Server) handleDeletePage(c *gin.Context) {
	rec, err := s.record(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "delete.html", s.statusPage(rec))
}

func (s *Server) handleDeleteForm(c *gin.Context) {
	if err := s.deleteReport(c); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "deleted.html", basePage{Title: "Report deleted"})
}

func (s *Server) handleDeleteAPI(c *gin.Context) {
	if err := s.deleteReport(c); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// deleteReport removes every stored byte of a report: its queued tasks,
// its record (leaving a tombstone) and its blobs. A task running right now
// finds the record gone when it writes and deletes what it wrote.
func (s *Server) deleteReport(c *gin.Context) error {
	rec, err := s.record(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	if err := s.deps.Store.Delete(ctx, rec.ID); err != nil {
		return err
	}
	if err := s.deps.Queue.Forget(ctx, rec.ID, rec.Queue); err != nil {
		s.deps.Log.Warn("queued tasks of a deleted report not removed", "report_id", rec.ID, "err", err)
	}
	if err := s.deps.Blobs.DeletePrefix(ctx, blob.ReportPrefix(rec.ID)); err != nil {
		return err
	}
	// The outbox copy of the email carries the PDF too.
	s.removeOutbox("report-" + rec.ID)
	s.deps.Log.Info("report deleted on request", "report_id", rec.ID)
	return nil
}

// record loads the record named by the :id parameter.
func (s *Server) record(c *gin.Context) (*store.Record, error) {
	id := c.Param("id")
	if !blob.ValidID(id) {
		return nil, prep.Errorf(prep.ENOTFOUND, "there is no report at this address: check the link")
	}
	rec, err := s.deps.Store.Get(c.Request.Context(), id)
	if err != nil {
		return nil, err
	}
	if rec.Owner != "" {
		// A recruiter's report is theirs: it is reached through its batch,
		// with the key, never by its id alone.
		return nil, prep.Errorf(prep.ENOTFOUND, "there is no report at this address: check the link")
	}
	return rec, nil
}

func (s *Server) url(path string) string {
	if s.cfg.BaseURL == "" {
		return path
	}
	u, err := url.JoinPath(s.cfg.BaseURL, path)
	if err != nil {
		return path
	}
	return u
}
