package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"prep/blob"
	"prep/mail"
	"prep/pipeline"
	"prep/recruiter"
	"prep/store"
	"prep/webhook"
)

// Pipeline runs the stages of one report; *pipeline.Pipeline is the real
// one, tests wrap it to count or hold runs.
type Pipeline interface {
	Run(ctx context.Context, in pipeline.Input, progress func(pipeline.Stage)) (*pipeline.Result, error)
}

// Config is the worker's part of the configuration.
type Config struct {
	BaseURL     string        // for links in emails
	Retention   time.Duration // how long reports are kept
	Concurrency int           // tasks run at once by this process, batch reports aside
	// BulkConcurrency is how many batch reports (the bulk queue) run at
	// once, in a pool of their own; 0 runs them in the main pool at a low
	// weight instead. See queueWeights.
	BulkConcurrency int
	// RetryBase is the first retry delay; each retry doubles it, up to
	// ten minutes.
	RetryBase time.Duration
	// PollInterval is how often an idle worker looks for new tasks, and (at
	// least a second) how often retries due are moved back to their queue.
	PollInterval time.Duration
	// ShutdownTimeout is how long in-flight tasks get to finish on
	// shutdown before they go back to the queue.
	ShutdownTimeout time.Duration
	// OutboxDir, when set, is swept like the blobs: the .eml files there
	// hold the same personal data.
	OutboxDir string
}

// Deps are the parts a Worker uses.
type Deps struct {
	Store    *store.Store
	Blobs    *blob.Store
	Pipeline Pipeline
	Mailer   mail.Sender
	Composer *mail.Composer
	Client   *Client
	Log      *slog.Logger
	Metrics  *Metrics // nil: no metrics
	Now      func() time.Time
	// Keys are the recruiters' API keys: a batch's webhook is signed with
	// its owner's secret.
	Keys *recruiter.Keys
	// Webhooks delivers batch webhooks; nil sends none.
	Webhooks *webhook.Client
}

// Worker holds the task handlers.
type Worker struct {
	cfg Config
	Deps
	name string // host:pid, recorded on the reports this process generates
}

// New returns a Worker.
func New(cfg Config, d Deps) *Worker {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = 10 * time.Second
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 100 * time.Millisecond
	}
	host, _ := os.Hostname()
	return &Worker{cfg: cfg, Deps: d, name: fmt.Sprintf("%s:%d", host, os.Getpid())}
}

// Mux routes task types to their handlers.
func (w *Worker) Mux() *asynq.ServeMux {
	mux := asynq.NewServeMux()
	mux.HandleFunc(TypeGenerate, w.handleGenerate)
	mux.HandleFunc(TypeEmail, w.handleEmail)
	mux.HandleFunc(TypeSweep, w.handleSweep)
	mux.HandleFunc(TypeBatchEmail, w.handleBatchEmail)
	mux.HandleFunc(TypeBatchWebhook, w.handleBatchWebhook)
	return mux
}

// Run processes tasks from every queue until ctx ends, then shuts down:
// in-flight tasks get ShutdownTimeout to finish and otherwise go back to
// their queue, to run again on another worker. Batch reports run in a pool
// of their own when BulkConcurrency is set (see queueWeights).
func (w *Worker) Run(ctx context.Context, rdb redis.UniversalClient) error {
	queues := maps.Clone(queueWeights)
	if w.cfg.BulkConcurrency <= 0 {
		queues[QueueBulk] = bulkWeight
	}
	servers := []*asynq.Server{asynq.NewServerFromRedisClient(rdb, w.serverConfig(queues, w.cfg.Concurrency))}
	if w.cfg.BulkConcurrency > 0 {
		servers = append(servers, asynq.NewServerFromRedisClient(rdb, w.serverConfig(map[string]int{QueueBulk: 1}, w.cfg.BulkConcurrency)))
	}
	for i, srv := range servers {
		if err := srv.Start(w.Mux()); err != nil {
			for _, started := range servers[:i] {
				started.Shutdown()
			}
			return fmt.Errorf("start worker: %w", err)
		}
	}
	w.Log.Info("worker started", "concurrency", w.cfg.Concurrency, "bulk_concurrency", w.cfg.BulkConcurrency)
	<-ctx.Done()
	// Both pools stop together, each giving its in-flight tasks
	// ShutdownTimeout.
	var wg sync.WaitGroup
	for _, srv := range servers {
		wg.Add(1)
		go func() { defer wg.Done(); srv.Shutdown() }()
	}
	wg.Wait()
	w.Log.Info("worker stopped")
	return nil
}

func (w *Worker) serverConfig(queues map[string]int, concurrency int) asynq.Config {
	delayed := w.cfg.PollInterval
	if delayed < time.Second {
		delayed = time.Second
	}
	if w.cfg.RetryBase < delayed {
		// Tests retry within a fraction of a second; the forwarder must look
		// that often too.
		delayed = max(w.cfg.RetryBase/2, 50*time.Millisecond)
	}
	return asynq.Config{
		Concurrency:              concurrency,
		Queues:                   queues,
		RetryDelayFunc:           RetryDelay(w.cfg.RetryBase),
		ShutdownTimeout:          w.cfg.ShutdownTimeout,
		TaskCheckInterval:        w.cfg.PollInterval,
		DelayedTaskCheckInterval: delayed,
		ErrorHandler:             asynq.ErrorHandlerFunc(w.logTaskError),
		Logger:                   asynqLogger{w.Log},
		LogLevel:                 asynq.WarnLevel,
	}
}

// logTaskError is the one place a failed task run is logged.
func (w *Worker) logTaskError(ctx context.Context, t *asynq.Task, err error) {
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	id, _ := asynq.GetTaskID(ctx)
	w.Log.Warn("task failed", "task", t.Type(), "task_id", id, "retry", retried, "max_retry", maxRetry, "err", err)
}

// RetryDelay returns asynq's retry delay: base doubled per retry, capped
// at ten minutes, with up to 20% jitter so tasks that failed together (an
// SMTP outage) do not all come back at once.
func RetryDelay(base time.Duration) asynq.RetryDelayFunc {
	return func(n int, _ error, _ *asynq.Task) time.Duration {
		d := base
		for i := 0; i < n && d < 10*time.Minute; i++ {
			d *= 2
		}
		d = min(d, 10*time.Minute)
		return d + time.Duration(rand.Int64N(int64(d)/5+1))
	}
}

// lastAttempt reports whether the running task will not be retried.
func lastAttempt(ctx context.Context) bool {
	n, ok1 := asynq.GetRetryCount(ctx)
	m, ok2 := asynq.GetMaxRetry(ctx)
	return ok1 && ok2 && n >= m
}

// asynqLogger routes asynq's own messages to slog.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Warn(args ...any) {
	msg := fmt.Sprint(args...)
	// A task that failed for good was logged once by logTaskError; asynq's
	// "Retry exhausted" would log it again.
	if strings.HasPrefix(msg, "Retry exhausted") {
		a.l.Debug(msg, "component", "asynq")
		return
	}
	a.l.Warn(msg, "component", "asynq")
}
func (a asynqLogger) Error(args ...any) {
	msg := fmt.Sprint(args...)
	// asynq tries to close a Redis client it was handed, and says it could
	// not: that client is ours and closed by us.
	if strings.Contains(msg, "connection is shared") {
		return
	}
	a.l.Error(msg, "component", "asynq")
}
func (a asynqLogger) Fatal(args ...any) { a.l.Error(fmt.Sprint(args...), "component", "asynq") }

// RunScheduler enqueues the retention sweep every interval until ctx ends,
// and once at start. The sweep task is unique per interval, so several
// processes running schedulers sweep once.
func RunScheduler(ctx context.Context, rdb redis.UniversalClient, interval time.Duration, log *slog.Logger) error {
	s := asynq.NewSchedulerFromRedisClient(rdb, &asynq.SchedulerOpts{Logger: asynqLogger{log}, LogLevel: asynq.WarnLevel})
	opts := []asynq.Option{asynq.Queue(QueueMaintenance), asynq.MaxRetry(3), asynq.Unique(interval / 2), asynq.Timeout(interval / 2)}
	if _, err := s.Register(fmt.Sprintf("@every %s", interval), asynq.NewTask(TypeSweep, nil), opts...); err != nil {
		return fmt.Errorf("schedule sweep: %w", err)
	}
	c := asynq.NewClientFromRedisClient(rdb)
	defer c.Close()
	if _, err := c.EnqueueContext(ctx, asynq.NewTask(TypeSweep, nil), opts...); err != nil && !errors.Is(err, asynq.ErrDuplicateTask) {
		log.Warn("first sweep not enqueued", "err", err)
	}
	if err := s.Start(); err != nil {
		return fmt.Errorf("start scheduler: %w", err)
	}
	log.Info("scheduler started", "sweep_every", interval.String())
	<-ctx.Done()
	s.Shutdown()
	return nil
}
