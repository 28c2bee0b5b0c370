package main

import (
	"context"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"prep/internal/testenv"
	"prep/store"
	"prep/worker"
)

// records reads report records straight from Redis, to check what the API
// does not show: how often a report was rendered and who rendered it.
func (s *stack) records(t *testing.T) *store.Store {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: s.redis.Addr, MaxRetries: -1})
	t.Cleanup(func() { rdb.Close() })
	return store.New(rdb, time.Hour)
}

func record(t *testing.T, st *store.Store, id string) *store.Record {
	t.Helper()
	rec, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("record %s: %v", id, err)
	}
	return rec
}

// TestWorkerKilledMidTask kills a worker process with SIGKILL while it
// renders; asynq recovers the task when its lease expires (about a minute)
// and another worker process completes the report, rendering it once.
func TestWorkerKilledMidTask(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	s := newStack(t)
	base := s.serve(t, "api", nil, nil)
	records := s.records(t)

	doomed := s.spawn(t, "worker", map[string]string{"PREP_TEST_HOLD": "rendering", "PREP_CONCURRENCY": "1"})
	id := uploadAPI(t, base, in.cv, in.jd, "")
	waitStatus(t, base, id, 60*time.Second, func(s *status) bool { return s.Stage == "rendering" })
	if err := doomed.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = doomed.Process.Wait()
	killedOn := record(t, records, id).Worker

	// asynq takes back a task whose lease expired 30 s ago, when a worker
	// starts and then every minute; starting the next worker once that
	// is true makes the recovery take one lease, not up to two minutes.
	rdb := redis.NewClient(&redis.Options{Addr: s.redis.Addr})
	defer rdb.Close()
	lease, err := rdb.ZScore(context.Background(), "asynq:{interactive}:lease", id).Result()
	if err != nil {
		t.Fatalf("lease of the killed task: %v", err)
	}
	expired := time.Unix(int64(lease), 0).Add(31 * time.Second)
	testenv.WaitFor(t, 90*time.Second, "the lease of the killed worker to expire", func() bool { return time.Now().After(expired) })
	s.spawn(t, "worker", nil)
	st := waitStatus(t, base, id, 150*time.Second, isDone)
	if st.Status != "ready" {
		t.Fatalf("after the kill: %+v", st)
	}
	rec := record(t, records, id)
	if rec.Renders != 1 {
		t.Errorf("rendered %d times, want 1", rec.Renders)
	}
	if rec.Worker == killedOn {
		t.Errorf("finished by %s, the killed worker", rec.Worker)
	}
}

// TestRedisRestart stops Redis while 20 reports are queued or running and
// starts it again: all 20 complete, each rendered and emailed once.
func TestRedisRestart(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	s := newStack(t)
	base := s.serve(t, "serve", nil, nil)
	records := s.records(t)

	ids := make([]string, 20)
	for i := range ids {
		ids[i] = uploadAPI(t, base, in.cv, in.jd, fmt.Sprintf("restart%02d@example.com", i))
	}
	s.redis.Stop()
	// The outage lasts long enough for the workers to notice: a fixed
	// stretch of downtime, not a wait for something to happen.
	time.Sleep(2 * time.Second)
	s.redis.Start()

	for _, id := range ids {
		waitStatus(t, base, id, 120*time.Second, func(s *status) bool {
			return s.Status == "failed" || (s.Status == "ready" && s.Email != "" && s.Email != store.EmailPending && s.Email != store.EmailSending)
		})
	}
	for i, id := range ids {
		rec := record(t, records, id)
		if rec.Status != store.StatusReady || rec.Renders != 1 {
			t.Errorf("report %d: status %s, rendered %d times; want ready, once", i, rec.Status, rec.Renders)
		}
		if n := len(emailsFor(s.smtp, rec.Email)); n != 1 {
			t.Errorf("report %d: %d emails (state %s), want 1", i, n, rec.EmailState)
		}
	}
}

// TestSMTPOutage takes the mail server down before the report is ready:
// the report is downloadable at once, the email is retried and arrives
// once the server is back, and the PDF is rendered once.
func TestSMTPOutage(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	s := newStack(t)
	s.smtp.SetDown(true)
	base := s.serve(t, "serve", nil, nil)
	records := s.records(t)

	const addr = "outage@example.com"
	id := uploadAPI(t, base, in.cv, in.jd, addr)
	st := waitStatus(t, base, id, 60*time.Second, func(s *status) bool { return s.Email == store.EmailRetrying })
	if st.Status != "ready" {
		t.Errorf("status while the email waits: %s, want ready", st.Status)
	}
	// Two failed runs of the email task, as asynq counts them.
	rdb := redis.NewClient(&redis.Options{Addr: s.redis.Addr})
	defer rdb.Close()
	insp := asynq.NewInspectorFromRedisClient(rdb)
	testenv.WaitFor(t, 30*time.Second, "two failed email attempts", func() bool {
		info, err := insp.GetTaskInfo(worker.QueueEmail, "email-"+id)
		return err == nil && info.Retried >= 2 && s.smtp.Refused() >= 2
	})
	s.smtp.SetDown(false)
	waitStatus(t, base, id, 60*time.Second, func(s *status) bool { return s.Email == store.EmailSent })
	if n := len(emailsFor(s.smtp, addr)); n != 1 {
		t.Errorf("%d emails, want 1", n)
	}
	if rec := record(t, records, id); rec.Renders != 1 {
		t.Errorf("rendered %d times, want 1", rec.Renders)
	}
}

// TestTwoWorkerProcesses runs the API alone and two worker processes
// against one Redis: 40 uploads are shared between them, each done once.
func TestTwoWorkerProcesses(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	s := newStack(t)
	base := s.serve(t, "api", nil, nil)
	records := s.records(t)
	s.spawn(t, "worker", map[string]string{"PREP_CONCURRENCY": "2"})
	s.spawn(t, "worker", map[string]string{"PREP_CONCURRENCY": "2"})

	ids := make([]string, 40)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids[i] = uploadAPI(t, base, in.cv, in.jd, "")
		}()
		if i%4 == 3 {
			wg.Wait()
		}
	}
	wg.Wait()
	byWorker := map[string]int{}
	for _, id := range ids {
		st := waitStatus(t, base, id, 180*time.Second, isDone)
		if st.Status != "ready" {
			t.Errorf("report %s: %+v", id, st)
			continue
		}
		rec := record(t, records, id)
		byWorker[rec.Worker]++
		if rec.Renders != 1 {
			t.Errorf("report %s rendered %d times", id, rec.Renders)
		}
	}
	t.Logf("reports per worker: %v", byWorker)
	if len(byWorker) != 2 {
		t.Errorf("the work went to %d workers, want 2: %v", len(byWorker), byWorker)
	}
}
