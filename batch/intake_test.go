package batch

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep"
)

func TestIntakeAdd(t *testing.T) {
	in := NewIntake(Limits{MaxFiles: 10, MaxFileBytes: 200, MaxTotalBytes: 1000})
	add := func(name string, data []byte) {
		t.Helper()
		if _, err := in.Add(name, data); err != nil {
			t.Fatalf("Add(%s): %v", name, err)
		}
	}
	add("a.txt", cvText("Ann"))
	add("b.txt", cvText("Bea"))
	add("a-copy.txt", cvText("Ann"))
	add("photo.png", []byte("\x89PNG\r\n\x1a\n0000"))
	add("empty.pdf", nil)
	add("big.txt", bytes.Repeat([]byte("x "), 150))
	add("name\x00with\ncontrols.txt", cvText("Cem"))
	want := []verdict{
		{"a.txt", -1, ""},
		{"b.txt", -1, ""},
		{"a-copy.txt", 0, ""},
		{"photo.png", -1, prep.EUNSUPPORTED},
		{"empty.pdf", -1, prep.EINVALID},
		{"big.txt", -1, prep.ETOOLARGE},
		{"namewithcontrols.txt", -1, ""},
	}
	if diff := cmp.Diff(want, verdicts(in.Items)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if got := in.Accepted(); got != 3 {
		t.Errorf("Accepted() = %d, want 3", got)
	}
}

func TestIntakeLimits(t *testing.T) {
	t.Run("files", func(t *testing.T) {
		in := NewIntake(Limits{MaxFiles: 2, MaxFileBytes: 200, MaxTotalBytes: 1000})
		for i, name := range []string{"a", "b"} {
			if _, err := in.Add(name, cvText(name)); err != nil {
				t.Fatalf("file %d: %v", i, err)
			}
		}
		_, err := in.Add("c", cvText("c"))
		if prep.ErrorCode(err) != prep.ETOOLARGE || !strings.Contains(prep.ErrorMessage(err), "at most 2 CVs") {
			t.Errorf("third file: %v, want a too_large error naming the limit", err)
		}
	})
	t.Run("bytes", func(t *testing.T) {
		in := NewIntake(Limits{MaxFiles: 100, MaxFileBytes: 200, MaxTotalBytes: 100})
		if _, err := in.Add("a", cvText("Ann")); err != nil {
			t.Fatal(err)
		}
		_, err := in.Add("b", cvText("Bea"))
		if prep.ErrorCode(err) != prep.ETOOLARGE || !strings.Contains(prep.ErrorMessage(err), "100 bytes") {
			t.Errorf("second file: %v, want a too_large error naming the limit", err)
		}
	})
}
