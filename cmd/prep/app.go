package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"github.com/hibiken/asynq/x/metrics"
	"github.com/hibiken/asynqmon"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"prep/batch"
	"prep/blob"
	"prep/ingest"
	"prep/mail"
	"prep/pipeline"
	"prep/store"
	"prep/templates"
	"prep/web"
	"prep/webhook"
	"prep/worker"
)

// app holds the parts shared by the service commands, built once from the
// configuration and handed to the API and the worker.
type app struct {
	cfg    *config
	log    *slog.Logger
	rdb    *redis.Client
	blobs  *blob.Store
	store  *store.Store
	client *worker.Client
	reg    *prometheus.Registry

	closers []func() error
}

func newLogger(cfg *config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func newApp(ctx context.Context, cfg *config, log *slog.Logger) (*app, error) {
	opts, err := redis.ParseURL(cfg.RedisURL)
	if err != nil {
		return nil, fmt.Errorf("PREP_REDIS_URL: %w", err)
	}
	a := &app{cfg: cfg, log: log, reg: prometheus.NewRegistry()}
	a.rdb = redis.NewClient(opts)
	a.closers = append(a.closers, a.rdb.Close)
	if a.blobs, err = blob.Open(ctx, cfg.BlobURL); err != nil {
		a.close()
		return nil, err
	}
	a.closers = append(a.closers, a.blobs.Close)
	a.store = store.New(a.rdb, cfg.Retention)
	a.client = worker.NewClient(a.rdb, worker.TaskOptions{
		MaxRetry:     cfg.MaxRetry,
		Timeout:      cfg.TaskTimeout,
		EmailTimeout: time.Minute,
		Retention:    cfg.Retention,
	})
	a.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return a, nil
}

func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		_ = a.closers[i]()
	}
	a.closers = nil
}

// waitForRedis pings Redis until it answers or ctx ends, so a process
// started together with Redis (make run, compose) does not fail on a race.
func (a *app) waitForRedis(ctx context.Context) error {
	var err error
	for i := 0; ; i++ {
		if err = a.store.Ping(ctx); err == nil {
			return nil
		}
		if i == 0 {
			a.log.Warn("waiting for redis", "err", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("redis never answered: %w", err)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// newPipeline builds the stages: the extractor with the upload limit and
// the validated pack catalog. The returned func releases the extractor.
func (a *app) newPipeline() (*pipeline.Pipeline, func(), error) {
	return newPipeline(ingest.Limits{MaxBytes: a.cfg.MaxUpload})
}

// newWorker builds the task handlers around p.
func (a *app) newWorker(p worker.Pipeline) (*worker.Worker, error) {
	mailer, err := mail.New(mail.Config{
		SMTPURL:   a.cfg.SMTPURL,
		From:      a.cfg.MailFrom,
		OutboxDir: a.cfg.outboxDir(),
		// Below the email task's one-minute timeout: go-mail's context
		// bounds only the dial.
		Timeout: 30 * time.Second,
	}, a.log)
	if err != nil {
		return nil, err
	}
	composer, err := mail.NewComposer(templates.Mail())
	if err != nil {
		return nil, err
	}
	outbox := ""
	if a.cfg.SMTPURL == "" {
		outbox = a.cfg.outboxDir()
	}
	return worker.New(worker.Config{
		BaseURL:         a.cfg.BaseURL,
		Retention:       a.cfg.Retention,
		Concurrency:     a.cfg.Concurrency,
		BulkConcurrency: a.cfg.BulkConcurrency,
		RetryBase:       a.cfg.RetryBase,
		PollInterval:    a.cfg.PollInterval,
		ShutdownTimeout: a.cfg.ShutdownTimeout,
		OutboxDir:       outbox,
	}, worker.Deps{
		Store:    a.store,
		Blobs:    a.blobs,
		Pipeline: p,
		Mailer:   mailer,
		Composer: composer,
		Client:   a.client,
		Log:      a.log,
		Metrics:  worker.NewMetrics(a.reg),
		Keys:     a.cfg.keys,
		Webhooks: webhook.NewClient(webhook.NewGuard(a.cfg.webhookAllow), a.cfg.WebhookTimeout),
	}), nil
}

// newWeb builds the HTTP server's handler, with the queue-size metrics
// and, when an admin token is set, the asynq dashboard.
func (a *app) newWeb() (*web.Server, error) {
	a.reg.MustRegister(metrics.NewQueueMetricsCollector(a.client.Inspector()))
	var admin http.Handler
	if a.cfg.AdminToken != "" {
		connOpt, err := asynq.ParseRedisURI(a.cfg.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("PREP_REDIS_URL: %w", err)
		}
		mon := asynqmon.New(asynqmon.Options{RootPath: "/admin/queues", RedisConnOpt: connOpt})
		a.closers = append(a.closers, mon.Close)
		admin = mon
	}
	outbox := ""
	if a.cfg.SMTPURL == "" {
		outbox = a.cfg.outboxDir()
	}
	tmp := filepath.Join(a.cfg.DataDir, "tmp")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	return web.New(web.Config{
		BaseURL:          a.cfg.BaseURL,
		MaxFileBytes:     a.cfg.MaxUpload,
		UploadsPerMinute: a.cfg.UploadRate,
		AdminToken:       a.cfg.AdminToken,
		Retention:        a.cfg.Retention,
		TrustedProxies:   a.cfg.trustedProxies(),
		Batch:            batch.Limits{MaxFiles: a.cfg.BatchMaxFiles, MaxTotalBytes: a.cfg.BatchMaxBytes},
		TempDir:          tmp,
		OutboxDir:        outbox,
	}, web.Deps{
		Store:    a.store,
		Blobs:    a.blobs,
		Queue:    a.client,
		Log:      a.log,
		Pages:    templates.Pages(),
		Metrics:  a.reg,
		Gatherer: a.reg,
		Admin:    admin,
		Keys:     a.cfg.keys,
		Webhooks: webhook.NewGuard(a.cfg.webhookAllow),
	})
}

// serveHTTP serves h on l until ctx ends, then shuts down gracefully.
func (a *app) serveHTTP(ctx context.Context, l net.Listener, h http.Handler) error {
	srv := web.NewHTTPServer(l.Addr().String(), h)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("http shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// runAll runs fns until ctx ends or one fails; a failure stops the others.
// It returns the first error.
func runAll(ctx context.Context, fns ...func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	for _, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(ctx); err != nil {
				once.Do(func() { first = err })
				cancel()
			}
		}()
	}
	wg.Wait()
	return first
}
