package store

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestBatchLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	const (
		bid = "BBBBBBBBBBBBBBBBBBBBBBBBB1"
		r1  = "RRRRRRRRRRRRRRRRRRRRRRRRR1"
		r2  = "RRRRRRRRRRRRRRRRRRRRRRRRR2"
	)
	b := &Batch{
		ID: bid, Owner: "agency", Status: "running", Total: 4, Reports: 2, JDKey: "batches/" + bid + "/jd", JDKind: "text",
		WebhookURL: "https://hooks.example/x", WebhookState: WebhookPending,
		Items: []Item{
			{File: "a.pdf", Report: r1},
			{File: "b.pdf", Report: r2},
			{File: "a-copy.pdf", Report: r1, Copy: true},
			{File: "x.png", ErrorCode: "unsupported", Error: "this is an image"},
		},
	}
	recs := []*Record{{ID: r1, Owner: "agency", Batch: bid, Status: StatusQueued}, {ID: r2, Owner: "agency", Batch: bid, Status: StatusQueued}}
	if err := s.CreateBatch(ctx, b, recs); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetBatch(ctx, bid)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b, got, cmpopts.EquateApproxTime(time.Millisecond)); diff != "" {
		t.Errorf("GetBatch (-want +got):\n%s", diff)
	}
	byID, err := s.Records(ctx, []string{r1, r2, "RRRRRRRRRRRRRRRRRRRRRRRRR9"})
	if err != nil || len(byID) != 2 || byID[r1].Batch != bid || byID[r2].Owner != "agency" {
		t.Errorf("Records = %v, %v", byID, err)
	}
	list, err := s.ListBatches(ctx, "agency", 10)
	if err != nil || len(list) != 1 || list[0].ID != bid || list[0].Items != nil {
		t.Errorf("ListBatches = %+v, %v", list, err)
	}
	if other, _ := s.ListBatches(ctx, "other", 10); len(other) != 0 {
		t.Errorf("another owner lists %d batches", len(other))
	}

	// Finishing: idempotent, and the last report completes the batch.
	for i, step := range []struct {
		report   string
		complete bool
	}{{r1, false}, {r1, false}, {r2, true}, {r2, true}} {
		done, err := s.FinishReport(ctx, bid, step.report, "CSM", "Acme")
		if err != nil || done != step.complete {
			t.Errorf("step %d: FinishReport(%s) = %v, %v; want %v", i, step.report, done, err, step.complete)
		}
	}
	if n, _ := s.Finished(ctx, bid); n != 2 {
		t.Errorf("Finished = %d, want 2", n)
	}
	got, _ = s.GetBatch(ctx, bid)
	if got.Role != "CSM" || got.Company != "Acme" {
		t.Errorf("role and company %q %q", got.Role, got.Company)
	}
	ok, err := s.TransitionBatch(ctx, bid, "status", []string{"running"}, Fields{"status": "done", "finished": time.Now()})
	if err != nil || !ok {
		t.Errorf("first completion: %v %v", ok, err)
	}
	if ok, _ := s.TransitionBatch(ctx, bid, "status", []string{"running"}, Fields{"status": "done"}); ok {
		t.Error("the batch completed twice")
	}

	if ids, _ := s.BatchesCreatedBefore(ctx, time.Now().Add(time.Minute), 10); len(ids) != 1 {
		t.Errorf("BatchesCreatedBefore = %v", ids)
	}
	if err := s.PurgeBatch(ctx, got); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetBatch(ctx, bid); !IsNotFound(err) {
		t.Errorf("after purge: %v", err)
	}
	if _, err := s.FinishReport(ctx, bid, r1, "", ""); !IsNotFound(err) {
		t.Errorf("finishing in a purged batch: %v", err)
	}
	if err := s.UpdateBatch(ctx, bid, Fields{"status": "done"}); !IsNotFound(err) {
		t.Errorf("updating a purged batch: %v", err)
	}
	keys, _ := s.rdb.Keys(ctx, "prep:*batch*").Result()
	if len(keys) != 0 {
		t.Errorf("keys left after purge: %v", keys)
	}
}
