package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"prep"
	"prep/blob"
	"prep/ingest"
	"prep/store"
	"prep/worker"
)

// upload is a parsed report request.
type upload struct {
	CV     []byte
	JD     []byte
	JDText string
	Email  string
	Pack   string
}

// Limits of the text fields. A job description is a few pages of text.
const (
	maxJDText   = 256 << 10
	maxSmallBox = 1 << 10
)

var packPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// readUpload parses a multipart report request while it streams in, so the
// server never holds more than the limit: the body is capped by
// http.MaxBytesReader, each file by its own limit, and a declared length
// over the cap is refused before a byte is read.
func (s *Server) readUpload(c *gin.Context, emailRequired bool) (*upload, error) {
	r := c.Request
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, prep.Errorf(prep.EUNSUPPORTED, "send the report request as multipart/form-data")
	}
	maxFile := s.cfg.MaxFileBytes
	bodyLimit := 2*maxFile + maxJDText + 64<<10
	tooLarge := prep.Errorf(prep.ETOOLARGE, "the upload is over the %s limit per file: upload a smaller file", prep.Size(maxFile))
	if r.ContentLength > bodyLimit {
		return nil, tooLarge
	}
	r.Body = http.MaxBytesReader(c.Writer, r.Body, bodyLimit)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, prep.Wrap(prep.EINVALID, "the form could not be read: send it again", err)
	}
	u := &upload{}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, bodyError(err, tooLarge)
		}
		name := p.FormName()
		var limit int64
		switch name {
		case "cv", "jd":
			limit = maxFile
		case "jd_text":
			limit = maxJDText
		case "email", "pack":
			limit = maxSmallBox
		default:
			// Unknown fields are read and dropped, so a form with extra
			// inputs still works.
			if _, err := io.Copy(io.Discard, p); err != nil {
				return nil, bodyError(err, tooLarge)
			}
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, limit+1))
		if err != nil {
			return nil, bodyError(err, tooLarge)
		}
		if int64(len(data)) > limit {
			if name == "cv" || name == "jd" {
				return nil, tooLarge
			}
			return nil, prep.Errorf(prep.ETOOLARGE, "the %s field is over its %s limit", fieldName(name), prep.Size(limit))
		}
		switch name {
		case "cv":
			u.CV = nonEmpty(data)
		case "jd":
			u.JD = nonEmpty(data)
		case "jd_text":
			u.JDText = strings.TrimSpace(string(data))
		case "email":
			u.Email = strings.TrimSpace(string(data))
		case "pack":
			u.Pack = strings.TrimSpace(string(data))
		}
	}
	return u, u.validate(emailRequired)
}

// nonEmpty treats an empty file part as no file: a browser sends one for
// a file input left empty.
func nonEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

func bodyError(err, tooLarge error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge
	}
	return prep.Wrap(prep.EINVALID, "the form could not be read: send it again", err)
}

func (u *upload) validate(emailRequired bool) error {
	if u.CV == nil {
		return prep.Errorf(prep.EINVALID, "add your CV: choose a PDF, DOCX, ODT or text file")
	}
	if u.JD == nil && u.JDText == "" {
		return prep.Errorf(prep.EINVALID, "add the job description: paste its text or choose its file")
	}
	if u.Email == "" && emailRequired {
		return prep.Errorf(prep.EINVALID, "enter your email address so we can send you the report")
	}
	if u.Email != "" && !validEmail(u.Email) {
		return prep.Errorf(prep.EINVALID, "enter a valid email address, like name@example.com")
	}
	if u.Pack != "" && !packPattern.MatchString(u.Pack) {
		return prep.Errorf(prep.EINVALID, "the role pack name is not valid")
	}
	// Sniffed now, so an unsupported file is refused at upload (415) rather
	// than failing the report later.
	if _, err := ingest.Detect(u.CV); err != nil {
		return withSubject("CV", err)
	}
	if u.JD != nil {
		if _, err := ingest.Detect(u.JD); err != nil {
			return withSubject("job description", err)
		}
	}
	return nil
}

// withSubject says which file an ingest error is about.
func withSubject(what string, err error) error {
	var pe *prep.Error
	if errors.As(err, &pe) {
		return &prep.Error{Code: pe.Code, Message: "your " + what + ": " + pe.Message, Err: pe.Err}
	}
	return err
}

// validEmail accepts a bare address with a dotted domain: what a person
// types into the form, not every form RFC 5322 allows.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".") && len(s) <= 254
}

func fieldName(name string) string {
	return map[string]string{"jd_text": "job description text", "email": "email", "pack": "pack"}[name]
}

// allowUpload applies the per-address upload limit. The address is hashed:
// the rate-limit key is the only place it would be stored.
func (s *Server) allowUpload(c *gin.Context) error {
	if s.cfg.UploadsPerMinute <= 0 {
		return nil
	}
	sum := sha256.Sum256([]byte(c.ClientIP()))
	ok, wait, err := s.deps.Store.Allow(c, "upload:"+hex.EncodeToString(sum[:8]), s.cfg.UploadsPerMinute, time.Minute)
	if err != nil {
		return err
	}
	if !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return prep.Errorf(prep.ERATELIMIT, "too many uploads from your address: wait a minute and try again")
	}
	return nil
}

// createReport stores an upload and queues its generation. It returns the
// report id.
func (s *Server) createReport(c *gin.Context, u *upload, owner, queue string) (string, error) {
	ctx := c.Request.Context()
	id := s.deps.NewID()
	rec := &store.Record{
		ID:         id,
		Owner:      owner,
		Queue:      queue,
		Status:     store.StatusQueued,
		Stage:      worker.StageQueued,
		Email:      u.Email,
		Pack:       u.Pack,
		CVKey:      blob.Key(id, blob.CV),
		JDKey:      blob.Key(id, blob.JD),
		JDKind:     "file",
		EmailState: "",
	}
	jd := u.JD
	if jd == nil {
		jd, rec.JDKind = []byte(u.JDText), "text"
	}
	if err := s.deps.Blobs.Put(ctx, rec.CVKey, u.CV, "application/octet-stream"); err != nil {
		return "", err
	}
	if err := s.deps.Blobs.Put(ctx, rec.JDKey, jd, "application/octet-stream"); err != nil {
		s.discard(c, id)
		return "", err
	}
	if err := s.deps.Store.Create(ctx, rec); err != nil {
		s.discard(c, id)
		return "", err
	}
	if err := s.deps.Queue.EnqueueGenerate(ctx, worker.GeneratePayload{ReportID: id, CVKey: rec.CVKey, JDKey: rec.JDKey}, queue); err != nil {
		s.discard(c, id)
		_ = s.deps.Store.Purge(ctx, id)
		return "", err
	}
	s.deps.Log.Info("report queued", "report_id", id, "queue", queue, "cv_bytes", len(u.CV), "jd_bytes", len(jd), "email", u.Email != "")
	return id, nil
}

// discard removes the blobs of an upload that could not be queued; the
// error that caused it is the one reported.
func (s *Server) discard(c *gin.Context, id string) {
	if err := s.deps.Blobs.DeletePrefix(c.Request.Context(), blob.ReportPrefix(id)); err != nil {
		s.deps.Log.Warn("could not remove the files of a failed upload", "report_id", id, "err", err)
	}
}
