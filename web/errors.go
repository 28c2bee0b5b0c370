package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"prep"
)

// statusOf maps an error code to its HTTP status: the one place where
// errors become statuses.
func statusOf(code string) int {
	switch code {
	case prep.EINVALID:
		return http.StatusBadRequest
	case prep.EUNSUPPORTED:
		return http.StatusUnsupportedMediaType
	case prep.ENOTFOUND:
		return http.StatusNotFound
	case prep.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case prep.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case prep.ERATELIMIT:
		return http.StatusTooManyRequests
	case codeMethod:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// codeMethod is the web's own code for a wrong HTTP method; the domain has
// no use for it.
const codeMethod = "method_not_allowed"

var (
	errNoRoute  = prep.Errorf(prep.ENOTFOUND, "there is no page at this address")
	errNoMethod = prep.Errorf(codeMethod, "this address does not take that method")
)

// fail answers with err: JSON on the API, a page on the site. Internal
// errors are logged here, once, with the route; the user sees a generic
// message.
func (s *Server) fail(c *gin.Context, err error) {
	code := prep.ErrorCode(err)
	status := statusOf(code)
	msg := prep.ErrorMessage(err)
	var pe *prep.Error
	if code == codeMethod && errors.As(err, &pe) {
		msg = pe.Message
	}
	if status >= 500 {
		s.deps.Log.Error("request failed", "method", c.Request.Method, "route", c.FullPath(), "err", err)
	}
	if isAPI(c) {
		c.AbortWithStatusJSON(status, gin.H{"error": gin.H{"code": code, "message": msg}})
		return
	}
	c.Abort()
	s.render(c, status, "error.html", errorPage{Status: status, Title: http.StatusText(status), Message: msg, Hint: hintFor(code)})
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// hintFor says what to do about an error, on the site's pages.
func hintFor(code string) string {
	switch code {
	case prep.EINVALID:
		return "Check the file opens on your computer, export it again as PDF or DOCX, and upload it again."
	case prep.EUNSUPPORTED:
		return "Upload your CV as PDF, DOCX, ODT, Markdown or plain text."
	case prep.ETOOLARGE:
		return "Upload a smaller file: export the CV again as PDF without large images."
	case prep.ERATELIMIT:
		return "Wait a minute, then try again."
	case prep.ENOTFOUND:
		return "Reports are deleted after the retention period or when you ask. You can upload your CV again."
	}
	return "Please try again in a few minutes."
}
