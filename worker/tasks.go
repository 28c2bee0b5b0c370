// Package worker is the glue between the asynq queue and the stages: it
// defines the task types (report:generate, report:email, report:sweep,
// batch:email, batch:webhook),
// their payloads (ids and blob keys, never file bytes), the client that
// enqueues them, and thin handlers that call the pipeline, store what it
// produced and send the email.
//
// asynq runs a task again after a shutdown or a lost worker, so every
// handler is idempotent: it reads the report's record first and only does
// the steps that are not done yet. A PDF is rendered once, an email sent at
// most once.
package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Task types.
const (
	TypeGenerate = "report:generate"
	TypeEmail    = "report:email"
	TypeSweep    = "report:sweep"
	// TypeBatchEmail tells a recruiter their batch is done, with the CSV.
	TypeBatchEmail = "batch:email"
	// TypeBatchWebhook posts a done batch's summary to its webhook URL.
	TypeBatchWebhook = "batch:webhook"
)

// Queues. Home-page candidates wait at their screen, so interactive comes
// first; recruiter batches (bulk) fill the gaps; emails have their own queue
// so an SMTP outage never holds up rendering, and the sweep runs last.
const (
	QueueInteractive = "interactive"
	QueueBulk        = "bulk"
	QueueEmail       = "email"
	QueueMaintenance = "maintenance"
)

// queueWeights are asynq's weighted priorities of the main pool. How
// asynq uses them (processor.go, v0.26): a worker slot that comes free
// shuffles a list holding each queue as many times as its weight, keeps
// each queue's first place, and takes a task from the first non-empty queue
// in that order. Not strict, so a burst of uploads never starves email or
// the sweep.
//
// Weights alone cannot keep a big batch from making a candidate wait: they
// order dequeues but reserve nothing. With a deep bulk queue in the same
// pool every slot is soon busy with a batch report, so a home-page upload
// waits for one of them to end, wins the freed slot with probability
// 6/(6+2) = 3/4, and then shares the CPUs with Concurrency−1 batch
// reports. Measured on this 2-core machine with 4 slots: 0.35–1.1 s from
// upload to ready (3.2–6.0 s under the race detector) while a 200-CV batch
// waited. So batch reports run in a pool of their own (Config.BulkConcurrency,
// bulkWeights): the main pool's slots stay free for candidates, and the
// batch gets the CPUs whenever nobody else needs them. BulkConcurrency 0
// puts bulk back in the main pool at weight 2, the behaviour measured above.
var queueWeights = map[string]int{
	QueueInteractive: 6,
	QueueEmail:       3,
	QueueMaintenance: 1,
}

// bulkWeight is the bulk queue's weight when it shares the main pool.
const bulkWeight = 2

// GeneratePayload names the report and its uploaded files.
type GeneratePayload struct {
	ReportID string `json:"report_id"`
	CVKey    string `json:"cv_key"`
	JDKey    string `json:"jd_key"`
}

// EmailPayload names the report to email.
type EmailPayload struct {
	ReportID string `json:"report_id"`
}

// BatchPayload names a batch, for its email and its webhook.
type BatchPayload struct {
	BatchID string `json:"batch_id"`
}

// TaskOptions are the limits of the tasks the client enqueues.
type TaskOptions struct {
	// MaxRetry bounds retries of transient faults (asynq's default of 25 over
	// days is far too long for someone waiting at the screen).
	MaxRetry int
	// Timeout bounds one run of a generate task; asynq's default is 30 min.
	Timeout time.Duration
	// EmailTimeout bounds one run of an email task; the SMTP timeout must be
	// shorter.
	EmailTimeout time.Duration
	// Retention keeps finished tasks (and so their status) visible in the
	// dashboard as long as the report exists.
	Retention time.Duration
}

// Client enqueues tasks and removes the queued tasks of a deleted report.
type Client struct {
	c    *asynq.Client
	insp *asynq.Inspector
	opts TaskOptions
}

// NewClient returns a Client on rdb, which it does not close.
func NewClient(rdb redis.UniversalClient, opts TaskOptions) *Client {
	return &Client{c: asynq.NewClientFromRedisClient(rdb), insp: asynq.NewInspectorFromRedisClient(rdb), opts: opts}
}

// EnqueueGenerate queues the generation of a report on queue. The task id
// is the report id, so enqueueing the same upload twice runs it once.
func (c *Client) EnqueueGenerate(ctx context.Context, p GeneratePayload, queue string) error {
	payload, err := json.Marshal(p)
	if err != nil {
		return err
	}
	t := asynq.NewTask(TypeGenerate, payload)
	_, err = c.c.EnqueueContext(ctx, t,
		asynq.TaskID(p.ReportID),
		asynq.Queue(queue),
		asynq.MaxRetry(c.opts.MaxRetry),
		asynq.Timeout(c.opts.Timeout),
		asynq.Retention(c.opts.Retention))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	} else if err != nil {
		return fmt.Errorf("enqueue %s %s: %w", TypeGenerate, p.ReportID, err)
	}
	return nil
}

// EnqueueEmail queues the email of a report, once: its task id is derived
// from the report id.
func (c *Client) EnqueueEmail(ctx context.Context, id string) error {
	payload, err := json.Marshal(EmailPayload{ReportID: id})
	if err != nil {
		return err
	}
	t := asynq.NewTask(TypeEmail, payload)
	_, err = c.c.EnqueueContext(ctx, t,
		asynq.TaskID(emailTaskID(id)),
		asynq.Queue(QueueEmail),
		asynq.MaxRetry(c.opts.MaxRetry),
		asynq.Timeout(c.opts.EmailTimeout),
		asynq.Retention(c.opts.Retention))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	} else if err != nil {
		return fmt.Errorf("enqueue %s %s: %w", TypeEmail, id, err)
	}
	return nil
}

// EnqueueBatchEmail queues the email that says a batch is done, once.
func (c *Client) EnqueueBatchEmail(ctx context.Context, id string) error {
	return c.enqueueBatch(ctx, TypeBatchEmail, batchEmailTaskID(id), id, c.opts.EmailTimeout)
}

// EnqueueBatchWebhook queues the webhook of a done batch, once.
func (c *Client) EnqueueBatchWebhook(ctx context.Context, id string) error {
	return c.enqueueBatch(ctx, TypeBatchWebhook, batchWebhookTaskID(id), id, time.Minute)
}

// enqueueBatch queues a delivery task of a batch on the email queue: it is
// delivery, and must not wait behind another batch's reports.
func (c *Client) enqueueBatch(ctx context.Context, typ, taskID, id string, timeout time.Duration) error {
	payload, err := json.Marshal(BatchPayload{BatchID: id})
	if err != nil {
		return err
	}
	_, err = c.c.EnqueueContext(ctx, asynq.NewTask(typ, payload),
		asynq.TaskID(taskID),
		asynq.Queue(QueueEmail),
		asynq.MaxRetry(c.opts.MaxRetry),
		asynq.Timeout(timeout),
		asynq.Retention(c.opts.Retention))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	} else if err != nil {
		return fmt.Errorf("enqueue %s %s: %w", typ, id, err)
	}
	return nil
}

// ForgetBatch removes the delivery tasks of a deleted batch.
func (c *Client) ForgetBatch(ctx context.Context, id string) error {
	var errs []error
	for _, tid := range []string{batchEmailTaskID(id), batchWebhookTaskID(id)} {
		errs = append(errs, c.forgetTask(QueueEmail, tid))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("forget tasks of batch %s: %w", id, err)
	}
	return nil
}

// Forget removes the tasks of a deleted report from the queues and asks a
// worker running one to stop. A task that still runs finds the record gone
// and deletes what it wrote, so this is only to save work.
func (c *Client) Forget(ctx context.Context, id, queue string) error {
	var errs []error
	for _, t := range []struct{ queue, id string }{{queue, id}, {QueueEmail, emailTaskID(id)}} {
		errs = append(errs, c.forgetTask(t.queue, t.id))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("forget tasks of %s: %w", id, err)
	}
	return nil
}

// forgetTask deletes a queued task, or asks a worker to stop a running one.
func (c *Client) forgetTask(queue, id string) error {
	info, err := c.insp.GetTaskInfo(queue, id)
	if errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if info.State == asynq.TaskStateActive {
		return c.insp.CancelProcessing(id)
	}
	err = c.insp.DeleteTask(queue, id)
	if err == nil || errors.Is(err, asynq.ErrTaskNotFound) {
		return nil
	}
	// A worker may have taken it between the two calls: asynq then refuses
	// the delete of an active task, which is cancelled instead.
	if info, ierr := c.insp.GetTaskInfo(queue, id); ierr == nil && info.State == asynq.TaskStateActive {
		return c.insp.CancelProcessing(id)
	} else if errors.Is(ierr, asynq.ErrTaskNotFound) {
		return nil
	}
	return err
}

// Inspector exposes the queue inspector for metrics and tests.
func (c *Client) Inspector() *asynq.Inspector { return c.insp }

func emailTaskID(id string) string        { return "email-" + id }
func batchEmailTaskID(id string) string   { return "batch-email-" + id }
func batchWebhookTaskID(id string) string { return "batch-webhook-" + id }
