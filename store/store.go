// Package store keeps report records in Redis, next to the asynq queue that
// processes them: status, stage, timings, the user-facing error, the names a
// page or an email shows, and the summary of a ready report. Bytes (uploads,
// analyses, PDFs) live in the blob store; a record only names their keys.
//
// Records expire on their own a little after the retention period, as a
// backstop; the retention sweep deletes them (and their blobs) on time.
// A deleted report leaves a tombstone without personal data, so its links
// answer "deleted" rather than "unknown" until the retention period ends.
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

// Statuses of a report, as the API names them.
const (
	StatusQueued     = "queued"
	StatusProcessing = "processing"
	StatusReady      = "ready"
	StatusFailed     = "failed"
)

// Email states of a report that asked for an email.
const (
	EmailPending  = "pending"  // queued, never tried
	EmailSending  = "sending"  // an attempt is in progress, or died without telling
	EmailRetrying = "retrying" // the last attempt failed; asynq retries it
	EmailSent     = "sent"
	EmailFailed   = "failed" // given up: the address was refused or retries ran out
	// EmailUnknown: an attempt died after handing the message over and
	// before recording it, so it may have been sent. It is not sent again:
	// a second copy is worse than a missing one the page still offers.
	EmailUnknown = "unknown"
)

// Record is what Redis knows about one report.
type Record struct {
	ID    string
	Owner string // who made it: "" for the public home page, a key name for recruiters
	// Batch is the id of the recruiter's batch the report belongs to.
	Batch  string
	Queue  string // the asynq queue its generate task runs on
	Status string
	Stage  string
	// ErrorCode and Error are the prep.Error code and user-facing message of
	// a failed report.
	ErrorCode string
	Error     string
	Email     string // where to send the report; "" for none
	Pack      string
	CVKey     string
	JDKey     string
	// JDKind says how the job description came: "file" or "text" (pasted).
	JDKind string

	Candidate string
	Role      string
	Company   string
	Summary   *Summary
	// Scores is the batch package's Score of a ready batch report, as JSON:
	// what the batch table and scores.csv show, kept here so a batch is
	// listed without reading every analysis. The store does not read it.
	Scores string

	// Timings holds the duration of each stage in milliseconds.
	Timings    map[string]int64
	EmailState string
	// Renders counts how many times the PDF was rendered: more than one
	// means work was repeated, which the fault tests check never happens.
	Renders int
	Emails  int    // how many emails were handed to the mail server
	Worker  string // host:pid of the process that generated it

	Created  time.Time
	Updated  time.Time
	Finished time.Time
}

// Summary is the short reading of a ready report shown on its page and in
// its email.
type Summary struct {
	Pillars []PillarSummary `json:"pillars"`
	Gaps    []GapSummary    `json:"gaps"` // the most serious first, at most three
}

// PillarSummary is one pillar's level.
type PillarSummary struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"`
	Score int    `json:"score"`
}

// GapSummary is one gap interviewers will probe.
type GapSummary struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// Store reads and writes records. It is safe for concurrent use.
type Store struct {
	rdb redis.UniversalClient
	// ttl bounds how long Redis keeps a record or tombstone if the sweep
	// never runs.
	ttl time.Duration
	now func() time.Time
}

// New returns a Store on rdb whose records live for retention.
func New(rdb redis.UniversalClient, retention time.Duration) *Store {
	return &Store{rdb: rdb, ttl: retention + time.Hour, now: time.Now}
}

const (
	keyPrefix  = "prep:report:"
	tombPrefix = "prep:deleted:"
	indexKey   = "prep:reports" // sorted set of ids by creation time, for the sweep
	ratePrefix = "prep:rate:"
)

// Errors for missing records. Their messages are shown to users.
var (
	errUnknown = prep.Errorf(prep.ENOTFOUND, "there is no report at this address: check the link")
	errDeleted = prep.Errorf(prep.ENOTFOUND, "this report was deleted")
)

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis ping: %w", err)
	}
	return nil
}

// Create stores a new record.
func (s *Store) Create(ctx context.Context, r *Record) error {
	now := s.now()
	if r.Created.IsZero() {
		r.Created = now
	}
	r.Updated = now
	key := keyPrefix + r.ID
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, flatten(r.fields())...)
		p.Expire(ctx, key, s.ttl)
		p.ZAdd(ctx, indexKey, redis.Z{Score: float64(r.Created.UnixMilli()), Member: r.ID})
		return nil
	})
	if err != nil {
		return fmt.Errorf("create record %s: %w", r.ID, err)
	}
	return nil
}

// Get returns the record of id: a prep.ENOTFOUND error if there is none or
// it was deleted.
func (s *Store) Get(ctx context.Context, id string) (*Record, error) {
	m, err := s.rdb.HGetAll(ctx, keyPrefix+id).Result()
	if err != nil {
		return nil, fmt.Errorf("get record %s: %w", id, err)
	}
	if len(m) == 0 {
		n, err := s.rdb.Exists(ctx, tombPrefix+id).Result()
		if err != nil {
			return nil, fmt.Errorf("get tombstone %s: %w", id, err)
		}
		if n > 0 {
			return nil, errDeleted
		}
		return nil, errUnknown
	}
	return parse(m)
}

// updateScript sets fields only on a record that still exists, so a worker
// finishing a report that was deleted meanwhile cannot bring it back.
var updateScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1`)

// Fields are record fields to set, by the names of Record's fields in
// snake case (see Record.fields).
type Fields map[string]any

// Update sets fields on the record of id. It returns a prep.ENOTFOUND
// error if the record is gone (deleted or swept).
func (s *Store) Update(ctx context.Context, id string, f Fields) error {
	f["updated"] = s.now().UnixMilli()
	n, err := updateScript.Run(ctx, s.rdb, []string{keyPrefix + id}, flatten(f)...).Int()
	if err != nil {
		return fmt.Errorf("update record %s: %w", id, err)
	}
	if n == 0 {
		return errDeleted
	}
	return nil
}

var incrScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)`)

// Incr adds one to a counter field of the record of id and returns the
// new value; a missing record is a prep.ENOTFOUND error.
func (s *Store) Incr(ctx context.Context, id, field string) (int, error) {
	n, err := incrScript.Run(ctx, s.rdb, []string{keyPrefix + id}, field).Int()
	if err != nil {
		return 0, fmt.Errorf("incr record %s %s: %w", id, field, err)
	}
	if n < 0 {
		return 0, errDeleted
	}
	return n, nil
}

// transitionScript sets fields when a field holds one of the expected
// values: ARGV = field, n, n expected values, then field/value pairs.
// It returns -1 when the record is gone, 0 when the field did not match.
var transitionScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local cur = redis.call('HGET', KEYS[1], ARGV[1]) or ''
local n = tonumber(ARGV[2])
local ok = false
for i = 3, 2 + n do if ARGV[i] == cur then ok = true end end
if not ok then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3 + n))
return 1`)

// Transition sets f on the record of id if its field currently holds one
// of from ("" matching an unset field), atomically. It reports whether it
// did; a missing record is a prep.ENOTFOUND error. Two workers racing for
// the same step (an email) use it so only one of them takes it.
func (s *Store) Transition(ctx context.Context, id, field string, from []string, f Fields) (bool, error) {
	f["updated"] = s.now().UnixMilli()
	n, err := s.transition(ctx, keyPrefix+id, field, from, f)
	if err != nil {
		return false, fmt.Errorf("transition record %s: %w", id, err)
	}
	if n < 0 {
		return false, errDeleted
	}
	return n == 1, nil
}

// transition runs transitionScript on one hash: 1 when it moved field
// from one of from and set f, 0 when field held something else, -1 when
// the hash is gone.
func (s *Store) transition(ctx context.Context, key, field string, from []string, f Fields) (int, error) {
	args := []any{field, len(from)}
	for _, v := range from {
		args = append(args, v)
	}
	args = append(args, flatten(f)...)
	return transitionScript.Run(ctx, s.rdb, []string{key}, args...).Int()
}

// Delete removes the record of id and leaves a tombstone for the retention
// period. It returns a prep.ENOTFOUND error if there was no record.
func (s *Store) Delete(ctx context.Context, id string) error {
	var del *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		del = p.Del(ctx, keyPrefix+id)
		p.ZRem(ctx, indexKey, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete record %s: %w", id, err)
	}
	if del.Val() == 0 {
		if _, err := s.Get(ctx, id); err != nil {
			return err
		}
		return errUnknown
	}
	if err := s.rdb.Set(ctx, tombPrefix+id, s.now().UnixMilli(), s.ttl).Err(); err != nil {
		return fmt.Errorf("tombstone %s: %w", id, err)
	}
	return nil
}

// Purge removes the record of id without a tombstone: the retention sweep
// uses it once a report's time is up.
func (s *Store) Purge(ctx context.Context, id string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, keyPrefix+id, tombPrefix+id)
		p.ZRem(ctx, indexKey, id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("purge record %s: %w", id, err)
	}
	return nil
}

// PurgeAll is Purge for many records in one transaction: deleting a
// running batch removes every record at once, so the batch's queued tasks
// find theirs gone and stop, rather than run while the rest is deleted.
func (s *Store) PurgeAll(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	keys := make([]string, 0, 2*len(ids))
	members := make([]any, 0, len(ids))
	for _, id := range ids {
		keys = append(keys, keyPrefix+id, tombPrefix+id)
		members = append(members, id)
	}
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, keys...)
		p.ZRem(ctx, indexKey, members...)
		return nil
	})
	if err != nil {
		return fmt.Errorf("purge %d records: %w", len(ids), err)
	}
	return nil
}

// CreatedBefore returns the ids of the records created before t, oldest
// first, at most limit of them.
func (s *Store) CreatedBefore(ctx context.Context, t time.Time, limit int) ([]string, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, indexKey, &redis.ZRangeBy{
		Min: "-inf", Max: "(" + strconv.FormatInt(t.UnixMilli(), 10), Count: int64(limit),
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("list old records: %w", err)
	}
	return ids, nil
}

// Allow counts one event for key in the current window of the given
// length and reports whether the count is within limit; when it is not, it
// also returns how long until the window ends. A fixed window in Redis is
// shared by every API process.
func (s *Store) Allow(ctx context.Context, key string, limit int, window time.Duration) (bool, time.Duration, error) {
	slot := s.now().UnixNano() / int64(window)
	k := ratePrefix + key + ":" + strconv.FormatInt(slot, 10)
	var incr *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.Incr(ctx, k)
		p.PExpire(ctx, k, window)
		return nil
	})
	if err != nil {
		return false, 0, fmt.Errorf("rate limit: %w", err)
	}
	if incr.Val() <= int64(limit) {
		return true, 0, nil
	}
	end := time.Unix(0, (slot+1)*int64(window))
	return false, end.Sub(s.now()), nil
}

func (r *Record) fields() Fields {
	f := Fields{
		"id": r.ID, "owner": r.Owner, "batch": r.Batch, "queue": r.Queue, "status": r.Status, "stage": r.Stage,
		"error_code": r.ErrorCode, "error": r.Error, "email": r.Email, "pack": r.Pack,
		"cv_key": r.CVKey, "jd_key": r.JDKey, "jd_kind": r.JDKind,
		"candidate": r.Candidate, "role": r.Role, "company": r.Company,
		"email_state": r.EmailState, "renders": r.Renders, "emails": r.Emails, "worker": r.Worker,
		"scores": r.Scores, "created": r.Created.UnixMilli(), "updated": r.Updated.UnixMilli(),
	}
	if !r.Finished.IsZero() {
		f["finished"] = r.Finished.UnixMilli()
	}
	if r.Summary != nil {
		f["summary"] = mustJSON(r.Summary)
	}
	if r.Timings != nil {
		f["timings"] = mustJSON(r.Timings)
	}
	return f
}

func parse(m map[string]string) (*Record, error) {
	r := &Record{
		ID: m["id"], Owner: m["owner"], Batch: m["batch"], Queue: m["queue"], Status: m["status"], Stage: m["stage"],
		ErrorCode: m["error_code"], Error: m["error"], Email: m["email"], Pack: m["pack"],
		CVKey: m["cv_key"], JDKey: m["jd_key"], JDKind: m["jd_kind"],
		Candidate: m["candidate"], Role: m["role"], Company: m["company"],
		EmailState: m["email_state"], Worker: m["worker"], Scores: m["scores"],
		Created: millis(m["created"]), Updated: millis(m["updated"]), Finished: millis(m["finished"]),
	}
	r.Renders, _ = strconv.Atoi(m["renders"])
	r.Emails, _ = strconv.Atoi(m["emails"])
	if v := m["summary"]; v != "" {
		r.Summary = new(Summary)
		if err := json.Unmarshal([]byte(v), r.Summary); err != nil {
			return nil, fmt.Errorf("record %s summary: %w", r.ID, err)
		}
	}
	if v := m["timings"]; v != "" {
		if err := json.Unmarshal([]byte(v), &r.Timings); err != nil {
			return nil, fmt.Errorf("record %s timings: %w", r.ID, err)
		}
	}
	return r, nil
}

// SummaryJSON encodes a summary as the value Update stores.
func SummaryJSON(s *Summary) string { return mustJSON(s) }

// TimingsJSON encodes timings as the value Update stores.
func TimingsJSON(t map[string]int64) string { return mustJSON(t) }

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Only plain structs and maps of strings and ints reach here.
		panic(err)
	}
	return string(b)
}

func millis(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n == 0 {
		return time.Time{}
	}
	return time.UnixMilli(n)
}

func flatten(f Fields) []any {
	out := make([]any, 0, 2*len(f))
	for k, v := range f {
		if t, ok := v.(time.Time); ok {
			v = t.UnixMilli()
		}
		out = append(out, k, v)
	}
	return out
}

// IsNotFound reports whether err says the record or batch is missing:
// never created, deleted or swept. Other not-found errors (a blob) do not
// count.
func IsNotFound(err error) bool {
	return errors.Is(err, errDeleted) || errors.Is(err, errUnknown) || errors.Is(err, errNoBatch)
}
