package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"prep"
)

// Batch is what Redis knows about a recruiter's batch: one job description,
// many CVs, each CV a report of its own (a Record with Batch set). The
// batch record holds what the reports do not: the files as uploaded, the
// ones refused at upload, the copies, and the delivery of the result.
type Batch struct {
	ID     string
	Owner  string // the name of the API key that made it
	Status string // running or done
	// Total counts the files (rows); Reports the distinct reports queued,
	// which the batch waits for.
	Total   int
	Reports int
	Pack    string
	JDKey   string
	JDKind  string // "file" or "text"
	// NotifyEmail and WebhookURL are where the result goes when done.
	NotifyEmail  string
	WebhookURL   string
	EmailState   string // as a report's EmailState
	WebhookState string // pending, sending, retrying, sent, failed
	WebhookError string // the last delivery failure, for the recruiter
	Role         string
	Company      string
	Items        []Item // one per file, in upload order; see Items
	Created      time.Time
	Finished     time.Time
}

// Item is one file of a batch.
type Item struct {
	File string `json:"file"`
	// Report is the id of the report that reads this file; for a copy, its
	// twin's. Empty for a file refused at upload.
	Report string `json:"report,omitempty"`
	Copy   bool   `json:"copy,omitempty"`
	// ErrorCode and Error say why a file was refused at upload.
	ErrorCode string `json:"error_code,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Webhook delivery states.
const (
	WebhookPending  = "pending"
	WebhookSending  = "sending"
	WebhookRetrying = "retrying"
	WebhookSent     = "sent"
	WebhookFailed   = "failed"
)

const (
	batchPrefix  = "prep:batch:"
	batchIndex   = "prep:batches"        // sorted set of batch ids by creation time, for the sweep
	ownerPrefix  = "prep:owner-batches:" // per key: sorted set of its batch ids
	itemsSuffix  = ":items"
	finishSuffix = ":finished" // set of the batch's finished report ids
)

var errNoBatch = prep.Errorf(prep.ENOTFOUND, "there is no batch at this address: it may have been deleted")

// ErrNoBatch is the error of a batch that does not exist, or belongs to
// another key: the two must be told apart by nobody.
func ErrNoBatch() error { return errNoBatch }

// CreateBatch stores a new batch and the records of its reports in one
// transaction, so a batch is never seen without its reports.
func (s *Store) CreateBatch(ctx context.Context, b *Batch, reports []*Record) error {
	now := s.now()
	if b.Created.IsZero() {
		b.Created = now
	}
	items, err := json.Marshal(b.Items)
	if err != nil {
		return fmt.Errorf("encode batch items: %w", err)
	}
	key := batchPrefix + b.ID
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, flatten(b.fields())...)
		p.Expire(ctx, key, s.ttl)
		p.Set(ctx, key+itemsSuffix, items, s.ttl)
		score := float64(b.Created.UnixMilli())
		p.ZAdd(ctx, batchIndex, redis.Z{Score: score, Member: b.ID})
		p.ZAdd(ctx, ownerPrefix+b.Owner, redis.Z{Score: score, Member: b.ID})
		p.Expire(ctx, ownerPrefix+b.Owner, s.ttl)
		for _, r := range reports {
			r.Created, r.Updated = b.Created, now
			rk := keyPrefix + r.ID
			p.HSet(ctx, rk, flatten(r.fields())...)
			p.Expire(ctx, rk, s.ttl)
			p.ZAdd(ctx, indexKey, redis.Z{Score: score, Member: r.ID})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("create batch %s: %w", b.ID, err)
	}
	return nil
}

// GetBatch returns the batch id with its items: a prep.ENOTFOUND error if
// there is none.
func (s *Store) GetBatch(ctx context.Context, id string) (*Batch, error) {
	key := batchPrefix + id
	var (
		h     *redis.MapStringStringCmd
		items *redis.StringCmd
	)
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		h = p.HGetAll(ctx, key)
		items = p.Get(ctx, key+itemsSuffix)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("get batch %s: %w", id, err)
	}
	if len(h.Val()) == 0 {
		return nil, errNoBatch
	}
	b := parseBatch(h.Val())
	if v := items.Val(); v != "" {
		if err := json.Unmarshal([]byte(v), &b.Items); err != nil {
			return nil, fmt.Errorf("batch %s items: %w", id, err)
		}
	}
	return b, nil
}

// ListBatches returns the newest batches of owner, at most limit, without
// their items.
func (s *Store) ListBatches(ctx context.Context, owner string, limit int) ([]*Batch, error) {
	ids, err := s.rdb.ZRevRange(ctx, ownerPrefix+owner, 0, int64(limit)-1).Result()
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, batchPrefix+id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	var out []*Batch
	for _, c := range cmds {
		if len(c.Val()) > 0 {
			out = append(out, parseBatch(c.Val()))
		}
	}
	return out, nil
}

// Records returns the records of ids that exist, by id, in one round trip.
func (s *Store) Records(ctx context.Context, ids []string) (map[string]*Record, error) {
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, keyPrefix+id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("get records: %w", err)
	}
	out := make(map[string]*Record, len(ids))
	for _, c := range cmds {
		if len(c.Val()) == 0 {
			continue
		}
		r, err := parse(c.Val())
		if err != nil {
			return nil, err
		}
		out[r.ID] = r
	}
	return out, nil
}

// UpdateBatch sets fields on the batch id; a batch that is gone is a
// prep.ENOTFOUND error.
func (s *Store) UpdateBatch(ctx context.Context, id string, f Fields) error {
	n, err := updateScript.Run(ctx, s.rdb, []string{batchPrefix + id}, flatten(f)...).Int()
	if err != nil {
		return fmt.Errorf("update batch %s: %w", id, err)
	}
	if n == 0 {
		return errNoBatch
	}
	return nil
}

// TransitionBatch is Transition for a batch's fields (its email and
// webhook states).
func (s *Store) TransitionBatch(ctx context.Context, id, field string, from []string, f Fields) (bool, error) {
	n, err := s.transition(ctx, batchPrefix+id, field, from, f)
	if err != nil {
		return false, fmt.Errorf("transition batch %s: %w", id, err)
	}
	if n < 0 {
		return false, errNoBatch
	}
	return n == 1, nil
}

// finishScript adds a finished report to its batch and says whether every
// report of the batch has finished. It is idempotent: a task run twice
// adds its report once, and the last report's re-run still answers 1, so a
// completion cut short by a crash is completed by the re-run. The first
// ready report names the batch's role and company.
var finishScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if (ARGV[3] ~= '' or ARGV[4] ~= '') and (redis.call('HGET', KEYS[1], 'role') or '') == '' and (redis.call('HGET', KEYS[1], 'company') or '') == '' then
  redis.call('HSET', KEYS[1], 'role', ARGV[3], 'company', ARGV[4])
end
local want = tonumber(redis.call('HGET', KEYS[1], 'reports') or '0')
if redis.call('SCARD', KEYS[2]) >= want then return 1 end
return 0`)

// FinishReport records that report (ready or failed for good) is done in
// its batch, and reports whether the whole batch now is. role and company
// are what a ready report read from the job description ("" for a failed
// one). A batch that is gone is a prep.ENOTFOUND error.
func (s *Store) FinishReport(ctx context.Context, batch, report, role, company string) (bool, error) {
	key := batchPrefix + batch
	n, err := finishScript.Run(ctx, s.rdb, []string{key, key + finishSuffix}, report, s.ttl.Milliseconds(), role, company).Int()
	if err != nil {
		return false, fmt.Errorf("finish report %s of batch %s: %w", report, batch, err)
	}
	if n < 0 {
		return false, errNoBatch
	}
	return n == 1, nil
}

// Finished returns how many of the batch's reports have finished.
func (s *Store) Finished(ctx context.Context, batch string) (int, error) {
	n, err := s.rdb.SCard(ctx, batchPrefix+batch+finishSuffix).Result()
	if err != nil {
		return 0, fmt.Errorf("count finished of batch %s: %w", batch, err)
	}
	return int(n), nil
}

// PurgeBatch removes the batch record and its indexes, not its reports:
// the caller removes those (records, queued tasks, blobs) first.
func (s *Store) PurgeBatch(ctx context.Context, b *Batch) error {
	key := batchPrefix + b.ID
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, key, key+itemsSuffix, key+finishSuffix)
		p.ZRem(ctx, batchIndex, b.ID)
		if b.Owner != "" {
			p.ZRem(ctx, ownerPrefix+b.Owner, b.ID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("purge batch %s: %w", b.ID, err)
	}
	return nil
}

// PurgeBatchID is PurgeBatch for a batch whose record is already gone (the
// sweep finds the id in the index only).
func (s *Store) PurgeBatchID(ctx context.Context, id string) error {
	b, err := s.GetBatch(ctx, id)
	if IsNotFound(err) {
		b = &Batch{ID: id}
	} else if err != nil {
		return err
	}
	return s.PurgeBatch(ctx, b)
}

// BatchesCreatedBefore returns the ids of the batches created before t,
// oldest first, at most limit of them.
func (s *Store) BatchesCreatedBefore(ctx context.Context, t time.Time, limit int) ([]string, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, batchIndex, &redis.ZRangeBy{
		Min: "-inf", Max: "(" + strconv.FormatInt(t.UnixMilli(), 10), Count: int64(limit),
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("list old batches: %w", err)
	}
	return ids, nil
}

func (b *Batch) fields() Fields {
	f := Fields{
		"id": b.ID, "owner": b.Owner, "status": b.Status, "total": b.Total, "reports": b.Reports,
		"pack": b.Pack, "jd_key": b.JDKey, "jd_kind": b.JDKind,
		"notify_email": b.NotifyEmail, "webhook_url": b.WebhookURL,
		"email_state": b.EmailState, "webhook_state": b.WebhookState, "webhook_error": b.WebhookError,
		"role": b.Role, "company": b.Company,
		"created": b.Created.UnixMilli(),
	}
	if !b.Finished.IsZero() {
		f["finished"] = b.Finished.UnixMilli()
	}
	return f
}

func parseBatch(m map[string]string) *Batch {
	b := &Batch{
		ID: m["id"], Owner: m["owner"], Status: m["status"],
		Pack: m["pack"], JDKey: m["jd_key"], JDKind: m["jd_kind"],
		NotifyEmail: m["notify_email"], WebhookURL: m["webhook_url"],
		EmailState: m["email_state"], WebhookState: m["webhook_state"], WebhookError: m["webhook_error"],
		Role: m["role"], Company: m["company"],
		Created: millis(m["created"]), Finished: millis(m["finished"]),
	}
	b.Total, _ = strconv.Atoi(m["total"])
	b.Reports, _ = strconv.Atoi(m["reports"])
	return b
}
