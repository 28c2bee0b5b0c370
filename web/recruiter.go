package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"prep"
	"prep/batch"
	"prep/recruiter"
	"prep/store"
	"prep/worker"
)

// keyCookie holds a recruiter's API key in the browser, entered once on
// /recruiter. HttpOnly keeps it from scripts; SameSite=Strict keeps other
// sites' pages from sending it with a request of theirs.
const (
	keyCookie    = "prep_key"
	keyCookieAge = 30 * 24 * time.Hour
	ctxKey       = "prep.recruiter"
	// loginsPerMinute bounds key guesses from one address; keys are random,
	// so this only keeps the log quiet and the hash loop cheap.
	loginsPerMinute = 20
)

var (
	errNoKey    = prep.Errorf(prep.EUNAUTHORIZED, "send your API key as Authorization: Bearer KEY")
	errBadKey   = prep.Errorf(prep.EUNAUTHORIZED, "this API key is not valid")
	errCrossUse = prep.Errorf(prep.EUNAUTHORIZED, "a request from another site cannot use your key")
)

// presentedKey returns the key a request carries: the Authorization header
// first (scripts), else the cookie (the recruiter page).
func presentedKey(c *gin.Context) (key string, fromCookie bool) {
	if h := c.GetHeader("Authorization"); h != "" {
		if k, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(k), false
		}
		return "", false
	}
	if v, err := c.Cookie(keyCookie); err == nil {
		return v, true
	}
	return "", false
}

// requireKey lets through requests with a valid key and stores it for the
// handler. A request authenticated by the cookie that changes something
// must come from our own pages: SameSite already keeps the cookie off
// cross-site requests, and the browser's Sec-Fetch-Site or Origin header
// is checked too, for browsers that predate SameSite.
func (s *Server) requireKey(c *gin.Context) {
	raw, fromCookie := presentedKey(c)
	if raw == "" {
		c.Header("WWW-Authenticate", `Bearer realm="prep"`)
		s.fail(c, errNoKey)
		return
	}
	k, ok := s.deps.Keys.Lookup(raw)
	if !ok {
		c.Header("WWW-Authenticate", `Bearer realm="prep", error="invalid_token"`)
		s.fail(c, errBadKey)
		return
	}
	if fromCookie && !safeMethod(c.Request.Method) && !s.sameOrigin(c) {
		s.fail(c, errCrossUse)
		return
	}
	c.Set(ctxKey, k)
	c.Next()
}

// requireKeyPage is requireKey for the recruiter's pages: without a valid
// cookie they send the browser to the key form.
func (s *Server) requireKeyPage(c *gin.Context) {
	raw, _ := presentedKey(c)
	k, ok := s.deps.Keys.Lookup(raw)
	if !ok {
		c.Redirect(http.StatusSeeOther, "/recruiter")
		c.Abort()
		return
	}
	if !safeMethod(c.Request.Method) && !s.sameOrigin(c) {
		s.fail(c, errCrossUse)
		return
	}
	c.Set(ctxKey, k)
	c.Next()
}

func keyOf(c *gin.Context) *recruiter.Key {
	v, _ := c.Get(ctxKey)
	k, _ := v.(*recruiter.Key)
	return k
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// sameOrigin reports whether a browser says the request comes from one of
// our pages. Clients that send neither header (scripts) pass: they hold
// the key themselves.
func (s *Server) sameOrigin(c *gin.Context) bool {
	if site := c.GetHeader("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	origin := c.GetHeader("Origin")
	if origin == "" {
		return true
	}
	o, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if o.Host == c.Request.Host {
		return true
	}
	base, err := url.Parse(s.cfg.BaseURL)
	return err == nil && base.Host != "" && o.Host == base.Host && o.Scheme == base.Scheme
}

// handleRecruiter is the recruiter's home: the key form without a valid
// cookie, else the upload form and the key's batches.
func (s *Server) handleRecruiter(c *gin.Context) {
	raw, _ := presentedKey(c)
	k, ok := s.deps.Keys.Lookup(raw)
	if !ok {
		s.render(c, http.StatusOK, "recruiter_login.html", loginPage{basePage: loginBase})
		return
	}
	batches, err := s.deps.Store.ListBatches(c.Request.Context(), k.Name, 20)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := recruiterPage{
		basePage:      basePage{Title: "Recruiter workspace", Recruiter: true, Account: k.Name},
		Key:           k.Name,
		Email:         k.Email,
		WebhookSecret: k.WebhookSecret(),
		MaxFiles:      s.limits().MaxFiles,
		MaxTotal:      prep.Size(s.limits().MaxTotalBytes),
		MaxFile:       prep.Size(s.cfg.MaxFileBytes),
		Retention:     s.cfg.Retention,
		Error:         c.Query("error"),
	}
	for _, b := range batches {
		item := batchListItem{ID: b.ID, Status: b.Status, Total: b.Total, Reports: b.Reports, Role: b.Role, Company: b.Company, Created: b.Created}
		if n, err := s.deps.Store.Finished(c.Request.Context(), b.ID); err == nil {
			item.Finished = n
		}
		p.Batches = append(p.Batches, item)
	}
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "recruiter.html", p)
}

// handleLogin checks the key typed into the form and keeps it in the
// HttpOnly cookie.
func (s *Server) handleLogin(c *gin.Context) {
	if !s.sameOrigin(c) {
		s.fail(c, errCrossUse)
		return
	}
	sum := sha256.Sum256([]byte(c.ClientIP()))
	if ok, wait, err := s.deps.Store.Allow(c, "login:"+hex.EncodeToString(sum[:8]), loginsPerMinute, time.Minute); err != nil {
		s.fail(c, err)
		return
	} else if !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		s.render(c, http.StatusTooManyRequests, "recruiter_login.html", loginPage{basePage: loginBase, Error: "too many attempts from your address: wait a minute and try again"})
		return
	}
	key := strings.TrimSpace(c.PostForm("key"))
	k, ok := s.deps.Keys.Lookup(key)
	if !ok {
		s.render(c, http.StatusUnauthorized, "recruiter_login.html", loginPage{basePage: loginBase, Error: "this API key is not valid: check it with whoever gave it to you"})
		return
	}
	s.setKeyCookie(c, key, keyCookieAge)
	s.deps.Log.Info("recruiter signed in", "owner", k.Name)
	c.Redirect(http.StatusSeeOther, "/recruiter")
}

func (s *Server) handleLogout(c *gin.Context) {
	if !s.sameOrigin(c) {
		s.fail(c, errCrossUse)
		return
	}
	s.setKeyCookie(c, "", -1)
	c.Redirect(http.StatusSeeOther, "/recruiter")
}

func (s *Server) setKeyCookie(c *gin.Context, value string, age time.Duration) {
	maxAge := int(age.Seconds())
	if age < 0 {
		maxAge = -1
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     keyCookie,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   strings.HasPrefix(s.cfg.BaseURL, "https://"),
		SameSite: http.SameSiteStrictMode,
	})
}

// handleBatchForm takes the recruiter page's upload when JavaScript is off
// (the script posts to the API instead): 303 to the batch's page.
func (s *Server) handleBatchForm(c *gin.Context) {
	b, err := s.createBatchFrom(c)
	if err != nil {
		if status := statusOf(prep.ErrorCode(err)); status >= 500 {
			s.deps.Log.Error("batch upload failed", "err", err)
		}
		c.Redirect(http.StatusSeeOther, "/recruiter?error="+url.QueryEscape(prep.ErrorMessage(err)))
		return
	}
	c.Redirect(http.StatusSeeOther, worker.BatchPagePath(b.ID))
}

// handleBatchPage shows a batch: progress, the ranked table, the failures.
// The script keeps it live; without it the page refreshes itself and sorts
// through links.
func (s *Server) handleBatchPage(c *gin.Context) {
	b, sum, err := s.rankedBatch(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	key, desc := sortParams(c)
	p := batchPage{
		basePage:  basePage{Title: batchTitle(b), Recruiter: true, Account: keyOf(c).Name, Wide: true},
		Summary:   sum,
		Heading:   batchTitle(b),
		Sort:      key,
		Desc:      desc,
		Running:   sum.Status != batch.BatchDone,
		CSVURL:    worker.BatchAPIPath(b.ID) + "/scores.csv",
		ZipURL:    worker.BatchAPIPath(b.ID) + "/reports.zip",
		APIURL:    worker.BatchAPIPath(b.ID),
		Email:     b.NotifyEmail,
		Webhook:   b.WebhookURL != "",
		Delivery:  deliveryOf(b),
		Retention: s.cfg.Retention,
	}
	if sum.Total > 0 {
		p.Percent = 100 * (sum.Done + sum.Failed) / sum.Total
	}
	for _, r := range sum.Candidates {
		if r.Status == batch.StatusFailed {
			p.Failures = append(p.Failures, r)
		}
	}
	if p.Running {
		p.Refresh = 5
	}
	c.Header("Cache-Control", "no-store")
	s.render(c, http.StatusOK, "batch.html", p)
}

// handleBatchDeleteForm deletes a batch from its page: 303 to /recruiter.
func (s *Server) handleBatchDeleteForm(c *gin.Context) {
	if err := s.deleteOwnBatch(c); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/recruiter")
}

func batchTitle(b *store.Batch) string {
	switch {
	case b.Role != "" && b.Company != "":
		return b.Role + " at " + b.Company
	case b.Role != "":
		return b.Role
	}
	return "Batch of " + strconv.Itoa(b.Total) + " CVs"
}

// delivery says where a done batch's result went.
type delivery struct {
	Email, Webhook, WebhookError string
}

func deliveryOf(b *store.Batch) delivery {
	return delivery{Email: b.EmailState, Webhook: b.WebhookState, WebhookError: b.WebhookError}
}

var loginBase = basePage{Title: "Recruiter sign-in", Recruiter: true}

type loginPage struct {
	basePage
	Error string
}

type recruiterPage struct {
	basePage
	Key           string
	Email         string
	WebhookSecret string
	MaxFiles      int
	MaxTotal      string
	MaxFile       string
	Retention     time.Duration
	Batches       []batchListItem
	Error         string
}

type batchListItem struct {
	ID       string
	Status   string
	Total    int
	Reports  int
	Finished int
	Role     string
	Company  string
	Created  time.Time
}

type batchPage struct {
	basePage
	Summary   batch.Summary
	Heading   string
	Sort      string
	Desc      bool
	Running   bool
	Percent   int
	Failures  []batch.Row
	CSVURL    string
	ZipURL    string
	APIURL    string
	Email     string
	Webhook   bool
	Delivery  delivery
	Retention time.Duration
}
