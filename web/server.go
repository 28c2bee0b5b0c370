// Package web is the HTTP face of prep, and the only package that imports
// gin: the home page form, the report status page and download, the JSON
// API, the recruiters' batches (their API, behind API keys, and their
// page), health and readiness checks, Prometheus metrics and the asynq
// dashboard for operators. Handlers parse the request, call the store, the
// blob store and the queue, and render; errors become responses in one
// place (errors.go).
package web

import (
	"context"
	"crypto/rand"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"prep/batch"
	"prep/blob"
	"prep/recruiter"
	"prep/store"
	"prep/webhook"
	"prep/worker"
)

// Config is the web part of the configuration.
type Config struct {
	// BaseURL is the public address of the site (links in JSON answers).
	BaseURL string
	// MaxFileBytes bounds one uploaded file; a request is bounded by twice
	// that plus room for the text fields.
	MaxFileBytes int64
	// UploadsPerMinute bounds uploads from one client address; 0 disables.
	UploadsPerMinute int
	// AdminToken guards the queue dashboard; empty turns the route off.
	AdminToken string
	// Retention is how long reports are kept, as the consent line says.
	Retention time.Duration
	// TrustedProxies are the proxies whose X-Forwarded-For is believed when
	// finding a client's address for the rate limit; none by default.
	TrustedProxies []string
	// Batch bounds a recruiter's batch (files, total bytes); the per-file
	// limit is MaxFileBytes.
	Batch batch.Limits
	// TempDir receives uploaded zips while they are read; "" is the
	// system's.
	TempDir string
	// OutboxDir, when set, holds the emails written instead of sent; a
	// deleted batch's email is removed from it.
	OutboxDir string
}

// Queue is what the web needs of the task queue.
type Queue interface {
	EnqueueGenerate(ctx context.Context, p worker.GeneratePayload, queue string) error
	EnqueueBatchEmail(ctx context.Context, id string) error
	EnqueueBatchWebhook(ctx context.Context, id string) error
	Forget(ctx context.Context, id, queue string) error
	ForgetBatch(ctx context.Context, id string) error
}

// Deps are the parts the server uses.
type Deps struct {
	Store   *store.Store
	Blobs   *blob.Store
	Queue   Queue
	Log     *slog.Logger
	Pages   fs.FS                 // templates.Pages()
	Metrics prometheus.Registerer // where the HTTP series are registered
	// Gatherer serves /metrics; nil turns the route off.
	Gatherer prometheus.Gatherer
	// Admin is the asynq dashboard handler, rooted at /admin/queues.
	Admin http.Handler
	// NewID makes report ids; tests inject a fixed one.
	NewID func() string
	// Keys are the recruiters' API keys; none turns batches away (401).
	Keys *recruiter.Keys
	// Webhooks checks the webhook URL given with a batch; nil refuses
	// webhooks.
	Webhooks *webhook.Guard
}

// Server serves the site and the API.
type Server struct {
	cfg     Config
	deps    Deps
	pages   map[string]*template.Template
	metrics *httpMetrics
	engine  *gin.Engine
}

// New returns a Server; it parses and checks every page template.
func New(cfg Config, d Deps) (*Server, error) {
	if d.NewID == nil {
		// crypto/rand.Text: 26 base32 characters, 130 random bits, so ids
		// cannot be guessed and there is no listing to find them.
		d.NewID = rand.Text
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxFileBytes <= 0 {
		cfg.MaxFileBytes = 10 << 20
	}
	pages, err := parsePages(d.Pages, cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, deps: d, pages: pages}
	if d.Metrics != nil {
		s.metrics = newHTTPMetrics(d.Metrics)
	}
	if err := s.routes(); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler returns the root handler.
func (s *Server) Handler() http.Handler { return s.engine }

func (s *Server) routes() error {
	// gin's mode is process-wide; release mode only silences its debug
	// printing, which would otherwise go around slog.
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	if err := r.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return err
	}
	r.Use(s.recoverPanics, s.observe)
	r.NoRoute(func(c *gin.Context) { s.fail(c, errNoRoute) })
	r.NoMethod(func(c *gin.Context) { s.fail(c, errNoMethod) })

	static, err := fs.Sub(s.deps.Pages, "static")
	if err != nil {
		return err
	}
	r.GET("/healthz", s.handleHealth)
	r.GET("/readyz", s.handleReady)
	if s.deps.Gatherer != nil {
		r.GET("/metrics", s.metricsHandler())
	}
	if s.deps.Admin != nil && s.cfg.AdminToken != "" {
		admin := r.Group("/admin/queues", s.requireAdmin)
		admin.Any("", gin.WrapH(s.deps.Admin))
		admin.Any("/*path", gin.WrapH(s.deps.Admin))
	}

	site := r.Group("", secureHeaders)
	site.StaticFS("/static", http.FS(static))
	site.GET("/", s.handleHome)
	site.POST("/reports", s.handleUploadForm)
	site.GET("/reports/:id", s.handleStatusPage)
	site.GET("/reports/:id/report.pdf", s.handleDownload)
	site.GET("/reports/:id/delete", s.handleDeletePage)
	site.POST("/reports/:id/delete", s.handleDeleteForm)

	site.GET("/recruiter", s.handleRecruiter)
	site.POST("/recruiter/login", s.handleLogin)
	site.POST("/recruiter/logout", s.handleLogout)
	rec := site.Group("/recruiter", s.requireKeyPage)
	rec.POST("/batches", s.handleBatchForm)
	rec.GET("/batches/:id", s.handleBatchPage)
	rec.POST("/batches/:id/delete", s.handleBatchDeleteForm)

	api := r.Group("/api/v1", secureHeaders)
	api.POST("/reports", s.handleUploadAPI)
	api.GET("/reports/:id", s.handleStatusAPI)
	api.GET("/reports/:id/report.pdf", s.handleDownload)
	api.DELETE("/reports/:id", s.handleDeleteAPI)

	batches := api.Group("/batches", s.requireKey)
	batches.POST("", s.handleCreateBatch)
	batches.GET("", s.handleListBatches)
	batches.GET("/:id", s.handleBatch)
	batches.DELETE("/:id", s.handleDeleteBatch)
	batches.GET("/:id/scores.csv", s.handleScoresCSV)
	batches.GET("/:id/reports.zip", s.handleReportsZip)
	batches.GET("/:id/reports/:report", s.handleBatchReport)
	s.engine = r
	return nil
}

// NewHTTPServer wraps h with the timeouts a public server needs. Uploads
// may be slow, so reading the body gets a minute; headers get ten seconds.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}
