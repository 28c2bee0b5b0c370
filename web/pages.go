package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"prep"
	"prep/store"
	"prep/worker"
)

// Page files; each is parsed with layout.html.
var pageFiles = []string{"home.html", "status.html", "error.html", "delete.html", "deleted.html",
	"recruiter_login.html", "recruiter.html", "batch.html"}

func parsePages(fsys fs.FS, baseURL string) (map[string]*template.Template, error) {
	if fsys == nil {
		return nil, fmt.Errorf("web: no page templates")
	}
	funcs := template.FuncMap{
		"baseURL":  func() string { return strings.TrimRight(baseURL, "/") },
		"datetime": datetime,
		"add":      func(a, b int) int { return a + b },
		"deref": func(p *int) int {
			if p == nil {
				return 0
			}
			return *p
		},
		"fitClass": fitClass,
		"join":     strings.Join,
		"sortHead": sortHead,
		"days":     func(d time.Duration) int { return int((d + 12*time.Hour) / (24 * time.Hour)) },
		// Error messages are written to follow a colon ("your CV: …"); a
		// page shows them as sentences.
		"sentence": func(s string) string {
			r, n := utf8.DecodeRuneInString(s)
			return string(unicode.ToUpper(r)) + s[n:]
		},
	}
	pages := map[string]*template.Template{}
	for _, name := range pageFiles {
		t, err := template.New(path.Base(name)).Funcs(funcs).ParseFS(fsys, "layout.html", name)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 instead of half a page.
func (s *Server) render(c *gin.Context, status int, name string, data any) {
	t, ok := s.pages[name]
	if !ok {
		s.deps.Log.Error("no such page", "page", name)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.deps.Log.Error("render page", "page", name, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// basePage is what the layout needs.
type basePage struct {
	Title   string
	Refresh int // seconds; the no-JavaScript fallback of the live status
	// Recruiter marks the recruiters' pages; Account is the signed-in
	// key's name, Wide a page that needs the width of a table.
	Recruiter bool
	Account   string
	Wide      bool
}

type homePage struct {
	basePage
	Error     string
	Email     string
	JDText    string
	MaxFile   string
	Retention time.Duration
}

func (s *Server) homePage(u *upload, errMsg string) homePage {
	p := homePage{
		basePage:  basePage{Title: "Interview prep for Customer Success roles"},
		Error:     errMsg,
		MaxFile:   prep.Size(s.cfg.MaxFileBytes),
		Retention: s.cfg.Retention,
	}
	if u != nil {
		p.Email, p.JDText = u.Email, u.JDText
	}
	return p
}

type errorPage struct {
	basePage
	Status  int
	Title   string
	Message string
	Hint    string
}

// step is one stage of the progress list on the status page.
type step struct {
	ID, Label string
	State     string // done, current, todo
}

type statusPage struct {
	basePage
	ID         string
	Status     string
	Stage      string
	Steps      []step
	Candidate  string
	Role       string
	Company    string
	Summary    *store.Summary
	Error      string
	Hint       string
	Email      bool
	EmailState string
	PDFURL     string
	PDFName    string
	DeleteURL  string
	Retention  time.Duration
	Finished   bool
}

func (s *Server) statusPage(rec *store.Record) statusPage {
	p := statusPage{
		basePage:   basePage{Title: "Your interview prep report"},
		ID:         rec.ID,
		Status:     rec.Status,
		Stage:      rec.Stage,
		Candidate:  rec.Candidate,
		Role:       rec.Role,
		Company:    rec.Company,
		Summary:    rec.Summary,
		Error:      rec.Error,
		Email:      rec.Email != "",
		EmailState: rec.EmailState,
		PDFURL:     "/reports/" + rec.ID + "/report.pdf",
		PDFName:    worker.PDFName(rec.Company, rec.Role),
		DeleteURL:  "/reports/" + rec.ID + "/delete",
		Retention:  s.cfg.Retention,
		Finished:   rec.Status == store.StatusReady || rec.Status == store.StatusFailed,
	}
	if rec.Status == store.StatusFailed {
		p.Hint = hintFor(rec.ErrorCode)
	}
	if !p.Finished {
		p.Refresh = 3
	}
	p.Steps = steps(rec)
	return p
}

// steps lays out the stages a report goes through and where it is.
func steps(rec *store.Record) []step {
	all := []step{
		{ID: worker.StageQueued, Label: "Queued"},
		{ID: "extracting", Label: "Reading your CV"},
		{ID: "analysing", Label: "Matching it to the job"},
		{ID: "rendering", Label: "Writing your report"},
	}
	if rec.Email != "" {
		all = append(all, step{ID: worker.StageEmailing, Label: "Emailing it to you"})
	}
	all = append(all, step{ID: worker.StageReady, Label: "Ready"})
	current := -1
	for i, st := range all {
		if st.ID == rec.Stage {
			current = i
		}
	}
	switch rec.Status {
	case store.StatusReady:
		current = len(all) - 1
	case store.StatusFailed:
		// The failed stage is unknown once recorded; mark none as current.
		current = -1
	}
	for i := range all {
		switch {
		case rec.Status == store.StatusReady || i < current:
			all[i].State = "done"
		case i == current:
			all[i].State = "current"
		default:
			all[i].State = "todo"
		}
	}
	return all
}

// datetime shows a time as a recruiter reads it in a list: "12 Mar 14:05"
// (UTC: the server does not know the reader's zone; the script shows local
// times).
func datetime(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	default:
		return ""
	}
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 15:04 UTC")
}

// fitClass buckets a 0–100 score for its colour: the same thresholds as
// the pillar levels read on the status page (strong from 70, partial
// from 45).
func fitClass(n int) string {
	switch {
	case n >= 70:
		return "high"
	case n >= 45:
		return "mid"
	}
	return "low"
}

// sortColumn is a sortable column heading of the batch table.
type sortColumn struct {
	Key, Label, Class string
	Active, Desc      bool
	Next              string // the order a click asks for
}

func sortHead(p batchPage, key, label, class string) sortColumn {
	col := sortColumn{Key: key, Label: label, Class: class, Active: p.Sort == key, Desc: p.Desc}
	natural := "desc"
	if key == "name" || key == "file" || key == "status" {
		natural = "asc"
	}
	col.Next = natural
	if col.Active {
		col.Next = "asc"
		if !p.Desc {
			col.Next = "desc"
		}
	}
	return col
}
