// Package blob keeps the bytes of a report — the uploaded CV and job
// description, the analysis JSON and the rendered PDF — in a bucket behind
// gocloud.dev/blob: a folder under the data directory on one machine
// (file://), any S3-compatible store when several machines share the work
// (s3://). Redis holds only records and queue entries; file bytes never go
// there.
//
// Every key of a report lives under ReportPrefix(id), so deleting a report
// is deleting one prefix. A recruiter's batch is one report per CV plus
// what the reports share (the job description) under BatchPrefix(id).
package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	gcblob "gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// buckets
	_ "gocloud.dev/blob/s3blob"   // s3:// buckets
	"gocloud.dev/gcerrors"

	"prep"
)

// Names of the objects of one report, under ReportPrefix.
const (
	CV       = "cv"
	JD       = "jd"
	Analysis = "analysis.json"
	PDF      = "report.pdf"
)

// ReportPrefix is the folder of one report's objects.
func ReportPrefix(id string) string { return "reports/" + id + "/" }

// Key is the key of the object name of report id.
func Key(id, name string) string { return ReportPrefix(id) + name }

// BatchPrefix is the folder of the objects a batch's reports share.
func BatchPrefix(id string) string { return "batches/" + id + "/" }

// BatchKey is the key of the object name of batch id (JD: its job
// description).
func BatchKey(id, name string) string { return BatchPrefix(id) + name }

// Store is a bucket of report objects. It is safe for concurrent use.
type Store struct {
	b *gcblob.Bucket
}

// Open opens the bucket at url (file:///abs/dir or s3://bucket?region=…).
// A file:// bucket's folder is created if missing and keeps no sidecar
// metadata files, so deleting a key leaves nothing behind.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("blob url: %w", err)
	}
	if u.Scheme == "file" {
		q := u.Query()
		if q.Get("create_dir") == "" {
			q.Set("create_dir", "true")
		}
		if q.Get("metadata") == "" {
			q.Set("metadata", "skip")
		}
		// Temporary files next to the final ones, so a rename never crosses
		// file systems when the data dir is a mounted volume.
		if q.Get("no_tmp_dir") == "" {
			q.Set("no_tmp_dir", "true")
		}
		u.RawQuery = q.Encode()
	}
	b, err := gcblob.OpenBucket(ctx, u.String())
	if err != nil {
		return nil, fmt.Errorf("open bucket %s: %w", u.Redacted(), err)
	}
	return &Store{b: b}, nil
}

// FileURL returns the file:// URL of a bucket in dir.
func FileURL(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
}

// Close releases the bucket.
func (s *Store) Close() error { return s.b.Close() }

// Put writes data under key, replacing what was there.
func (s *Store) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if err := s.b.WriteAll(ctx, key, data, &gcblob.WriterOptions{ContentType: contentType}); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}

// Get reads the object under key. A missing key is a prep.ENOTFOUND error.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	data, err := s.b.ReadAll(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, prep.Wrap(prep.ENOTFOUND, "the file of this report is gone: it may have been deleted", err)
	} else if err != nil {
		return nil, fmt.Errorf("get %s: %w", key, err)
	}
	return data, nil
}

// Open returns a reader of the object under key and its size, for
// streaming a download without holding it in memory.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, int64, error) {
	r, err := s.b.NewReader(ctx, key, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, 0, prep.Wrap(prep.ENOTFOUND, "the file of this report is gone: it may have been deleted", err)
	} else if err != nil {
		return nil, 0, fmt.Errorf("open %s: %w", key, err)
	}
	return r, r.Size(), nil
}

// Exists reports whether key holds an object.
func (s *Store) Exists(ctx context.Context, key string) (bool, error) {
	ok, err := s.b.Exists(ctx, key)
	if err != nil {
		return false, fmt.Errorf("exists %s: %w", key, err)
	}
	return ok, nil
}

// DeletePrefix deletes every object whose key starts with prefix.
func (s *Store) DeletePrefix(ctx context.Context, prefix string) error {
	_, err := s.deleteWhere(ctx, prefix, func(*gcblob.ListObject) bool { return true })
	return err
}

// DeleteOlder deletes every object under prefix last modified before t and
// returns how many it deleted. The retention sweep uses it to remove
// objects whose record is already gone (a crash between the two deletes).
func (s *Store) DeleteOlder(ctx context.Context, prefix string, t time.Time) (int, error) {
	return s.deleteWhere(ctx, prefix, func(o *gcblob.ListObject) bool { return o.ModTime.Before(t) })
}

func (s *Store) deleteWhere(ctx context.Context, prefix string, match func(*gcblob.ListObject) bool) (int, error) {
	it := s.b.List(&gcblob.ListOptions{Prefix: prefix})
	n := 0
	for {
		o, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return n, nil
		} else if err != nil {
			return n, fmt.Errorf("list %s: %w", prefix, err)
		}
		if o.IsDir || !match(o) {
			continue
		}
		if err := s.b.Delete(ctx, o.Key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return n, fmt.Errorf("delete %s: %w", o.Key, err)
		}
		n++
	}
}

// Check writes, reads back and deletes a probe object: the readiness check
// that storage is writable.
func (s *Store) Check(ctx context.Context) error {
	key := fmt.Sprintf("probe/%d-%d", os.Getpid(), time.Now().UnixNano())
	want := []byte("ok")
	if err := s.Put(ctx, key, want, "text/plain"); err != nil {
		return err
	}
	got, err := s.Get(ctx, key)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return errors.New("blob probe read back different bytes")
	}
	if err := s.b.Delete(ctx, key); err != nil {
		return fmt.Errorf("delete probe: %w", err)
	}
	return nil
}

// ValidID reports whether id can be used in a key: report ids are
// generated by us, but ids from URLs are checked before any key is built so
// a crafted id never walks out of its prefix.
func ValidID(id string) bool {
	if len(id) < 16 || len(id) > 64 {
		return false
	}
	return strings.IndexFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0
}
