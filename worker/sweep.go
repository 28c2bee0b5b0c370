package worker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hibiken/asynq"

	"prep/blob"
)

// handleSweep deletes everything older than the retention period: the
// records and blobs of old reports, old recruiter batches, blobs left
// without a record, and old .eml files in the outbox. Running it twice is
// harmless.
func (w *Worker) handleSweep(ctx context.Context, _ *asynq.Task) error {
	before := w.Now().Add(-w.cfg.Retention)
	reports := 0
	for {
		ids, err := w.Store.CreatedBefore(ctx, before, 200)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			break
		}
		for _, id := range ids {
			if err := w.Blobs.DeletePrefix(ctx, blob.ReportPrefix(id)); err != nil {
				return err
			}
			if err := w.Store.Purge(ctx, id); err != nil {
				return err
			}
			reports++
		}
	}
	// A batch's reports are records of their own, swept above; what is
	// left is the batch record and the files its reports share.
	batches := 0
	for {
		ids, err := w.Store.BatchesCreatedBefore(ctx, before, 200)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			break
		}
		for _, id := range ids {
			if err := w.Blobs.DeletePrefix(ctx, blob.BatchPrefix(id)); err != nil {
				return err
			}
			if err := w.Store.PurgeBatchID(ctx, id); err != nil {
				return err
			}
			batches++
		}
	}
	orphans := 0
	for _, prefix := range []string{"reports/", "batches/"} {
		n, err := w.Blobs.DeleteOlder(ctx, prefix, before)
		if err != nil {
			return err
		}
		orphans += n
	}
	mails, err := w.sweepOutbox(before.Unix())
	if err != nil {
		return err
	}
	w.Metrics.swept(reports)
	w.Log.Info("retention sweep", "reports", reports, "batches", batches, "orphan_blobs", orphans, "outbox_files", mails, "retention", w.cfg.Retention.String())
	return nil
}

func (w *Worker) sweepOutbox(before int64) (int, error) {
	if w.cfg.OutboxDir == "" {
		return 0, nil
	}
	entries, err := os.ReadDir(w.cfg.OutboxDir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("sweep outbox: %w", err)
	}
	n := 0
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || info.ModTime().Unix() >= before {
			continue
		}
		if err := os.Remove(filepath.Join(w.cfg.OutboxDir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, fmt.Errorf("sweep outbox: %w", err)
		}
		n++
	}
	return n, nil
}
