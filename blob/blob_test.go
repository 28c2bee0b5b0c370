package blob

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"prep"
	"prep/internal/testenv"
)

func TestStore(t *testing.T) {
	dir := t.TempDir()
	u, err := FileURL(filepath.Join(dir, "bucket"))
	if err != nil {
		t.Fatal(err)
	}
	age := func(_ *Store, key string, by time.Duration) {
		old := time.Now().Add(-by)
		if err := os.Chtimes(filepath.Join(dir, "bucket", filepath.FromSlash(key)), old, old); err != nil {
			t.Fatal(err)
		}
	}
	exercise(t, u, age)
	// No sidecar metadata files are left behind (metadata=skip).
	files, _ := filepath.Glob(filepath.Join(dir, "bucket", "reports", "*", "*.attrs"))
	if len(files) > 0 {
		t.Errorf("sidecar files: %v", files)
	}
}

// TestS3Store runs the same contract against an S3 server on loopback
// (gofakes3, in memory): the s3:// driver, its URL options, listing by
// prefix and the modification times the retention sweep reads are the
// real client's, speaking HTTP to a server that implements the protocol.
func TestS3Store(t *testing.T) {
	s3 := testenv.StartS3(t, "prep-reports")
	age := func(s *Store, key string, by time.Duration) {
		// S3 has no utime: write the object again while the server's
		// clock is set back.
		data, err := s.Get(context.Background(), key)
		if err != nil {
			t.Fatal(err)
		}
		s3.Clock.Advance(-by)
		defer s3.Clock.Advance(by)
		if err := s.Put(context.Background(), key, data, "application/octet-stream"); err != nil {
			t.Fatal(err)
		}
	}
	exercise(t, s3.URL, age)
}

// exercise checks the contract of a bucket at url: put, get, a missing
// key, deleting one report's prefix, and deleting what is older than the
// retention period. age makes the object at key look written by ago.
func exercise(t *testing.T, url string, age func(s *Store, key string, by time.Duration)) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Check(ctx); err != nil {
		t.Fatalf("check: %v", err)
	}
	const a, b, c = "AAAAAAAAAAAAAAAAAAAAAAAAA1", "AAAAAAAAAAAAAAAAAAAAAAAAA2", "AAAAAAAAAAAAAAAAAAAAAAAAA3"
	for _, id := range []string{a, b} {
		for _, name := range []string{CV, JD, PDF} {
			if err := s.Put(ctx, Key(id, name), []byte(id+name), "application/octet-stream"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, err := s.Get(ctx, Key(a, CV)); err != nil || string(got) != a+"cv" {
		t.Errorf("get: %q %v", got, err)
	}
	r, size, err := s.Open(ctx, Key(b, PDF))
	if err != nil || size != int64(len(b+PDF)) {
		t.Errorf("open: size %d, %v", size, err)
	} else {
		r.Close()
	}
	if _, err := s.Get(ctx, Key(c, CV)); prep.ErrorCode(err) != prep.ENOTFOUND {
		t.Errorf("missing key: %v", err)
	}
	if _, _, err := s.Open(ctx, Key(c, CV)); prep.ErrorCode(err) != prep.ENOTFOUND {
		t.Errorf("open missing key: %v", err)
	}
	if err := s.DeletePrefix(ctx, ReportPrefix(a)); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Exists(ctx, Key(a, PDF)); ok {
		t.Error("deleted prefix still has its PDF")
	}
	if ok, _ := s.Exists(ctx, Key(b, PDF)); !ok {
		t.Error("the other report lost its PDF")
	}
	age(s, Key(b, CV), 48*time.Hour)
	n, err := s.DeleteOlder(ctx, "reports/", time.Now().Add(-24*time.Hour))
	if err != nil || n != 1 {
		t.Errorf("DeleteOlder: %d, %v; want 1", n, err)
	}
	if ok, _ := s.Exists(ctx, Key(b, CV)); ok {
		t.Error("the old CV survived the sweep")
	}
	if ok, _ := s.Exists(ctx, Key(b, PDF)); !ok {
		t.Error("the sweep deleted a recent PDF")
	}
}
func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"AAAAAAAAAAAAAAAAAAAAAAAAA1": true, "short": false, "../../../../etc/passwd0000": false,
		"AAAAAAAAAAAAAAAA/AAAAAAAAA": false, "AAAAAAAAAAAAAAAA.AAAAAAAAA": false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v", id, got)
		}
	}
}
