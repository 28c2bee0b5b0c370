package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"prep/blob"
	"prep/internal/testenv"
	"prep/store"
)

// TestServiceOnS3 runs the API and a worker as two processes that share
// no folder, only Redis and an S3 bucket (an S3 server on loopback,
// gofakes3 in memory): the set-up for several machines. A real CV goes in,
// the PDF comes out of the bucket through the API, the email carries it,
// and deleting the report empties its prefix in the bucket.
func TestServiceOnS3(t *testing.T) {
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	bucket := testenv.StartS3(t, "prep").URL

	s := newStack(t)
	base := s.serve(t, "api", map[string]string{"PREP_BLOB_URL": bucket}, nil)
	s.spawn(t, "worker", map[string]string{"PREP_BLOB_URL": bucket, "PREP_DATA_DIR": t.TempDir()})

	const addr = "s3-candidate@example.com"
	id := uploadAPI(t, base, in.cv, in.jd, addr)
	st := waitStatus(t, base, id, 90*time.Second, isDone)
	if st.Status != "ready" {
		t.Fatalf("report %s: %+v", st.Status, st)
	}
	pdf := download(t, st.ReportURL)
	if text := pdfText(t, pdf); in.cvName != "" && !strings.Contains(text, in.cvName) {
		t.Errorf("the PDF does not name %q", in.cvName)
	}
	waitStatus(t, base, id, 30*time.Second, func(s *status) bool { return s.Email == store.EmailSent })
	if mails := emailsFor(s.smtp, addr); len(mails) != 1 || len(mails[0].Attachments) != 1 {
		t.Fatalf("emails to %s: %d, want 1 with the PDF", addr, len(mails))
	}

	ctx := context.Background()
	objects, err := blob.Open(ctx, bucket)
	if err != nil {
		t.Fatal(err)
	}
	defer objects.Close()
	for _, name := range []string{blob.CV, blob.JD, blob.Analysis, blob.PDF} {
		if ok, err := objects.Exists(ctx, blob.Key(id, name)); !ok || err != nil {
			t.Errorf("the bucket lacks %s: %v", name, err)
		}
	}
	if local, _ := filepath.Glob(filepath.Join(s.dir, "blobs", "*")); len(local) > 0 {
		t.Errorf("files under the data dir with an S3 bucket configured: %v", local)
	}

	req, _ := http.NewRequest(http.MethodDelete, base+"/api/v1/reports/"+id, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	for _, name := range []string{blob.CV, blob.JD, blob.Analysis, blob.PDF} {
		if ok, _ := objects.Exists(ctx, blob.Key(id, name)); ok {
			t.Errorf("%s is still in the bucket after delete", name)
		}
	}
}
