package store

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"prep/internal/testenv"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	r := testenv.StartRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr})
	t.Cleanup(func() { rdb.Close() })
	return New(rdb, time.Hour)
}

func TestRecordLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	const id = "AAAAAAAAAAAAAAAAAAAAAAAAA1"
	if err := s.Create(ctx, &Record{ID: id, Status: StatusQueued, Email: "a@example.com", Timings: map[string]int64{"x": 1}}); err != nil {
		t.Fatal(err)
	}
	ok, err := s.Transition(ctx, id, "email_state", []string{"", EmailPending}, Fields{"email_state": EmailSending})
	if err != nil || !ok {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	ok, err = s.Transition(ctx, id, "email_state", []string{"", EmailPending}, Fields{"email_state": EmailSending})
	if err != nil || ok {
		t.Errorf("second claim: %v %v; want refused", ok, err)
	}
	if n, err := s.Incr(ctx, id, "renders"); err != nil || n != 1 {
		t.Errorf("incr: %d %v", n, err)
	}
	rec, err := s.Get(ctx, id)
	if err != nil || rec.EmailState != EmailSending || rec.Renders != 1 || rec.Timings["x"] != 1 {
		t.Errorf("record %+v %v", rec, err)
	}
	if ids, _ := s.CreatedBefore(ctx, time.Now().Add(time.Minute), 10); len(ids) != 1 {
		t.Errorf("CreatedBefore: %v", ids)
	}
	if err := s.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		s.Update(ctx, id, Fields{"status": StatusReady}),
		func() error { _, err := s.Get(ctx, id); return err }(),
		s.Delete(ctx, id),
	} {
		if !IsNotFound(err) || err.Error() != "not_found: this report was deleted" {
			t.Errorf("after delete: %v", err)
		}
	}
	if _, err := s.Get(ctx, "AAAAAAAAAAAAAAAAAAAAAAAAA9"); !IsNotFound(err) || err == errDeleted {
		t.Errorf("unknown id: %v", err)
	}
	if ids, _ := s.CreatedBefore(ctx, time.Now().Add(time.Minute), 10); len(ids) != 0 {
		t.Errorf("deleted id still indexed: %v", ids)
	}
}

func TestAllow(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	// A fixed clock, so the loop never straddles two windows.
	fixed := time.Now().Truncate(time.Minute).Add(10 * time.Second)
	s.now = func() time.Time { return fixed }
	var got []bool
	for range 4 {
		ok, wait, err := s.Allow(ctx, "k", 3, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if !ok && (wait <= 0 || wait > time.Minute) {
			t.Errorf("wait %v", wait)
		}
		got = append(got, ok)
	}
	if got[0] != true || got[2] != true || got[3] != false {
		t.Errorf("allow: %v", got)
	}
}
