package testenv

import (
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// S3 is an S3 server on loopback (gofakes3, in memory) with one bucket.
type S3 struct {
	// URL opens the bucket with gocloud.dev/blob's s3:// driver.
	URL string
	// Clock is the time the server stamps objects with; moving it back
	// makes the next objects written look old.
	Clock gofakes3.TimeSourceAdvancer
}

// StartS3 starts the server with the bucket and stops it in Cleanup. The
// AWS SDK gets its credentials from the environment and reads no shared
// config or instance metadata, so nothing leaves loopback; processes the
// test starts inherit that environment.
func StartS3(t *testing.T, bucket string) *S3 {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "prep-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "prep-test-secret")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	clock := gofakes3.FixedTimeSource(time.Now())
	backend := s3mem.New(s3mem.WithTimeSource(clock))
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return &S3{
		URL:   "s3://" + bucket + "?region=us-east-1&use_path_style=true&disable_https=true&endpoint=" + srv.URL,
		Clock: clock,
	}
}
