// Package worker is the glue between the asynq queue and the stages: it
// defines the task types (report:generate, report:email, report:sweep),
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

// queueWeights are asynq's weighted priorities: of 12 dequeues, about 6
// look at interactive first, 3 at email, 2 at bulk, 1 at maintenance. Not
// strict, so a long batch never starves email or the sweep.
var queueWeights = map[string]int{
	QueueInteractive: 6,
	QueueEmail:       3,
	QueueBulk:        2,
	QueueMaintenance: 1,
}

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

// Forget removes the tasks of a deleted report from the queues and asks a
// worker running one to stop. A task that still runs finds the record gone
// and deletes what it wrote, so this is only to save work.
func (c *Client) Forget(ctx context.Context, id, queue string) error {
	var errs []error
	for _, t := range []struct{ queue, id string }{{queue, id}, {QueueEmail, emailTaskID(id)}} {
		info, err := c.insp.GetTaskInfo(t.queue, t.id)
		if errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound) {
			continue
		} else if err != nil {
			errs = append(errs, err)
			continue
		}
		if info.State == asynq.TaskStateActive {
			errs = append(errs, c.insp.CancelProcessing(t.id))
			continue
		}
		if err := c.insp.DeleteTask(t.queue, t.id); err != nil && !errors.Is(err, asynq.ErrTaskNotFound) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("forget tasks of %s: %w", id, err)
	}
	return nil
}

// Inspector exposes the queue inspector for metrics and tests.
func (c *Client) Inspector() *asynq.Inspector { return c.insp }

func emailTaskID(id string) string { return "email-" + id }
