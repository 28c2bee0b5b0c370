package blob

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"prep"
)

func TestStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	u, err := FileURL(filepath.Join(dir, "bucket"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Check(ctx); err != nil {
		t.Fatalf("check: %v", err)
	}
	for _, id := range []string{"AAAAAAAAAAAAAAAAAAAAAAAAA1", "AAAAAAAAAAAAAAAAAAAAAAAAA2"} {
		for _, name := range []string{CV, JD, PDF} {
			if err := s.Put(ctx, Key(id, name), []byte(id+name), "application/octet-stream"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, err := s.Get(ctx, Key("AAAAAAAAAAAAAAAAAAAAAAAAA1", CV)); err != nil || string(got) != "AAAAAAAAAAAAAAAAAAAAAAAAA1cv" {
		t.Errorf("get: %q %v", got, err)
	}
	if _, err := s.Get(ctx, Key("AAAAAAAAAAAAAAAAAAAAAAAAA3", CV)); prep.ErrorCode(err) != prep.ENOTFOUND {
		t.Errorf("missing key: %v", err)
	}
	if err := s.DeletePrefix(ctx, ReportPrefix("AAAAAAAAAAAAAAAAAAAAAAAAA1")); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Exists(ctx, Key("AAAAAAAAAAAAAAAAAAAAAAAAA1", PDF)); ok {
		t.Error("deleted prefix still has its PDF")
	}
	if ok, _ := s.Exists(ctx, Key("AAAAAAAAAAAAAAAAAAAAAAAAA2", PDF)); !ok {
		t.Error("the other report lost its PDF")
	}
	old := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "bucket", "reports", "AAAAAAAAAAAAAAAAAAAAAAAAA2", "cv"), old, old); err != nil {
		t.Fatal(err)
	}
	n, err := s.DeleteOlder(ctx, "reports/", time.Now().Add(-24*time.Hour))
	if err != nil || n != 1 {
		t.Errorf("DeleteOlder: %d, %v; want 1", n, err)
	}
	// No sidecar metadata files are left behind (metadata=skip).
	files, _ := filepath.Glob(filepath.Join(dir, "bucket", "reports", "*", "*.attrs"))
	if len(files) > 0 {
		t.Errorf("sidecar files: %v", files)
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
