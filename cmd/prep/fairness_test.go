package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"prep/batch"
)

// fairnessBound is how long a home-page report may take from upload to
// ready while a 200-CV batch waits on the bulk queue. One report takes
// about 0.1 s alone and 0.5 s under the race detector on this 2-core
// machine. Batch reports run in their own pool (PREP_BULK_CONCURRENCY, two
// here), so the upload never waits for a slot and shares the two cores
// with two batch reports: measured 0.27–0.50 s, and 1.5–2.5 s under the
// race detector (with weights alone, in one pool: 0.35–1.1 s and
// 3.2–6.0 s; see worker.queueWeights). 10 s leaves room for the race
// detector on a busy CI machine.
const fairnessBound = 10 * time.Second

// TestFairness: home-page uploads made while a 200-CV batch is queued
// complete before the batch does, each within fairnessBound.
//
// The batch's CVs are light on purpose (fictional people as plain text:
// extraction costs nothing, the rest of the pipeline runs in full) to keep
// the test cheap; the home-page uploads are the real PDF CV. The test does
// not wait for the batch: it deletes it once the three uploads are ready,
// which also checks that deleting a running batch takes its queued work
// off the queue.
func TestFairness(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	s := newStack(t)
	// The pools `prep serve` runs by default on two cores: four slots for
	// candidates, two for batches.
	base := s.serve(t, "serve", map[string]string{"PREP_API_KEYS": testKeys, "PREP_CONCURRENCY": "4", "PREP_BULK_CONCURRENCY": "2"}, nil)

	var cvs []upFile
	for seed := uint64(1000); len(cvs) < 200; seed++ {
		cvs = append(cvs, upFile{name: fmt.Sprintf("cv-%03d.txt", len(cvs)), data: fictionalPerson(seed).text()})
	}
	id := postBatch(t, base, keyAcme, map[string]string{"jd_text": in.jd}, cvs, nil)
	// Every worker slot busy with the batch before the first upload.
	waitBatchDone(t, base, keyAcme, id, 2*time.Minute, func(s *batch.Summary) bool { return s.Done >= 4 })

	for i := range 3 {
		start := time.Now()
		rid := uploadAPI(t, base, in.cv, in.jd, "")
		st := waitStatus(t, base, rid, fairnessBound+5*time.Second, isDone)
		took := time.Since(start)
		sum, _ := getBatch(t, base, keyAcme, id)
		left := sum.Total - sum.Done - sum.Failed
		t.Logf("home-page upload %d: ready in %v, %d of the batch's 200 CVs still waiting", i+1, took.Round(time.Millisecond), left)
		if st.Status != "ready" {
			t.Fatalf("upload %d: %s: %s", i+1, st.Status, st.Error)
		}
		if took > fairnessBound {
			t.Errorf("upload %d took %v, over the %v bound", i+1, took.Round(time.Millisecond), fairnessBound)
		}
		if left == 0 || sum.Status == batch.BatchDone {
			t.Errorf("upload %d: the batch finished first", i+1)
		}
	}

	if resp, _ := apiDo(t, http.MethodDelete, base+"/api/v1/batches/"+id, keyAcme, nil, ""); resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE the running batch: %d", resp.StatusCode)
	}
}
