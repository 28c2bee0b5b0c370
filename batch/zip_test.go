package batch

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep"
)

// cvText is a small text CV: the intake accepts it as a document.
func cvText(name string) []byte {
	return []byte(name + "\nCustomer Success Manager\n\nExperience\nOwned renewals for 40 accounts.\n")
}

// verdict is what a test reads of an item: its name, and whether it is
// new, a copy (of which index) or refused (with which code).
type verdict struct {
	File string
	Twin int
	Code string
}

func verdicts(items []*Item) []verdict {
	var out []verdict
	for _, it := range items {
		out = append(out, verdict{File: it.File, Twin: it.Twin, Code: prep.ErrorCode(it.Err)})
	}
	return out
}

// zipEntry is one entry of a test zip.
type zipEntry struct {
	name   string
	data   []byte
	mode   fs.FileMode // 0: a regular file
	method uint16
	// hdrSize, when set, is the uncompressed size the header claims.
	hdrSize uint64
	flags   uint16
}

func makeZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: e.method, Flags: e.flags}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		if e.hdrSize != 0 {
			// A header that lies: written raw, so archive/zip keeps our sizes.
			var comp bytes.Buffer
			fw := zip.NewWriter(&comp)
			w, _ := fw.CreateHeader(&zip.FileHeader{Name: "x", Method: zip.Deflate})
			w.Write(e.data)
			fw.Close()
			zr, _ := zip.NewReader(bytes.NewReader(comp.Bytes()), int64(comp.Len()))
			raw, _ := zr.File[0].OpenRaw()
			rawBytes := new(bytes.Buffer)
			rawBytes.ReadFrom(raw)
			h.Method = zip.Deflate
			h.CRC32 = crc32.ChecksumIEEE(e.data)
			h.CompressedSize64 = uint64(rawBytes.Len())
			h.UncompressedSize64 = e.hdrSize
			w2, err := zw.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			w2.Write(rawBytes.Bytes())
			continue
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readZip(t *testing.T, in *Intake, data []byte) (map[int][]byte, error) {
	t.Helper()
	got := map[int][]byte{}
	err := in.ReadZip(bytes.NewReader(data), int64(len(data)), func(it *Item, b []byte) error {
		if it.New() {
			got[it.Index] = b
		} else if b != nil && it.Err != nil {
			t.Errorf("%s: refused, yet its bytes were handed over", it.File)
		}
		return nil
	})
	return got, err
}

func TestReadZip(t *testing.T) {
	bomb := bytes.Repeat([]byte{0}, 3<<20)
	data := makeZip(t,
		zipEntry{name: "shortlist/", mode: fs.ModeDir | 0o755},
		zipEntry{name: "shortlist/ann.txt", data: cvText("Ann"), method: zip.Deflate},
		zipEntry{name: "shortlist/nested/deeper/bea.txt", data: cvText("Bea"), method: zip.Store},
		zipEntry{name: "__MACOSX/shortlist/._ann.txt", data: []byte("junk")},
		zipEntry{name: "shortlist/.DS_Store", data: []byte("junk")},
		zipEntry{name: "Thumbs.db", data: []byte("junk")},
		zipEntry{name: "../../etc/cron.d/evil.txt", data: cvText("Evil")},
		zipEntry{name: "/abs/path.txt", data: cvText("Abs")},
		zipEntry{name: `C:\Windows\cv.txt`, data: cvText("Win")},
		zipEntry{name: "link.txt", data: []byte("../../etc/passwd"), mode: fs.ModeSymlink | 0o777},
		zipEntry{name: "locked.txt", data: cvText("Locked"), flags: 0x1},
		zipEntry{name: "liar.txt", data: bytes.Repeat([]byte("CV "), 200), hdrSize: 10},
		zipEntry{name: "bomb.txt", data: bomb, method: zip.Deflate},
		zipEntry{name: "inner.zip", data: makeZip(t, zipEntry{name: "x.txt", data: cvText("X")})},
		zipEntry{name: "shortlist/ann-again.txt", data: cvText("Ann"), method: zip.Deflate},
	)
	in := NewIntake(Limits{MaxFiles: 50, MaxFileBytes: 4 << 20, MaxTotalBytes: 50 << 20})
	got, err := readZip(t, in, data)
	if err != nil {
		t.Fatal(err)
	}
	want := []verdict{
		{"shortlist/ann.txt", -1, ""},
		{"shortlist/nested/deeper/bea.txt", -1, ""},
		{"../../etc/cron.d/evil.txt", -1, prep.EINVALID},
		{"/abs/path.txt", -1, prep.EINVALID},
		{"C:/Windows/cv.txt", -1, prep.EINVALID},
		{"link.txt", -1, prep.EUNSUPPORTED},
		{"locked.txt", -1, prep.EUNSUPPORTED},
		{"liar.txt", -1, prep.EINVALID},
		{"bomb.txt", -1, prep.ETOOLARGE},
		{"inner.zip", -1, prep.EUNSUPPORTED},
		{"shortlist/ann-again.txt", 0, ""},
	}
	if diff := cmp.Diff(want, verdicts(in.Items)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if !bytes.Equal(got[0], cvText("Ann")) || !bytes.Equal(got[1], cvText("Bea")) || len(got) != 2 {
		t.Errorf("bytes handed over for %d items, want the two new CVs", len(got))
	}
}

// TestReadZipSizes: an entry that unpacks past the per-file limit is
// refused whether its header says so (before it is opened) or lies (the
// inflater stops at the size the header claims).
func TestReadZipSizes(t *testing.T) {
	big := bytes.Repeat([]byte("CV text "), 1000)
	data := makeZip(t,
		zipEntry{name: "honest.txt", data: big, method: zip.Deflate},
		zipEntry{name: "liar.txt", data: big, hdrSize: 100},
	)
	in := NewIntake(Limits{MaxFiles: 5, MaxFileBytes: 1000, MaxTotalBytes: 1 << 20})
	var handed int
	err := in.ReadZip(bytes.NewReader(data), int64(len(data)), func(it *Item, b []byte) error {
		handed += len(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []verdict{{"honest.txt", -1, prep.ETOOLARGE}, {"liar.txt", -1, prep.EINVALID}}
	if diff := cmp.Diff(want, verdicts(in.Items)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if handed != 0 {
		t.Errorf("%d bytes handed over for refused entries", handed)
	}
}

func TestReadZipBatchErrors(t *testing.T) {
	t.Run("not a zip", func(t *testing.T) {
		_, err := readZip(t, NewIntake(Limits{}), []byte("PK\x03\x04 but nothing else"))
		if prep.ErrorCode(err) != prep.EINVALID {
			t.Errorf("err = %v, want invalid", err)
		}
	})
	t.Run("too many entries, counted before they are read", func(t *testing.T) {
		var entries []zipEntry
		for i := range 40 {
			entries = append(entries, zipEntry{name: strings.Repeat("d", i+1) + "/", mode: fs.ModeDir | 0o755})
		}
		// 40 entries, but the end record is edited to claim 60000.
		data := makeZip(t, entries...)
		eocd := bytes.LastIndex(data, []byte("PK\x05\x06"))
		binary.LittleEndian.PutUint16(data[eocd+8:], 60000)
		binary.LittleEndian.PutUint16(data[eocd+10:], 60000)
		_, err := readZip(t, NewIntake(Limits{MaxFiles: 10}), data)
		if prep.ErrorCode(err) != prep.ETOOLARGE || !strings.Contains(prep.ErrorMessage(err), "60000 entries") {
			t.Errorf("err = %v, want too_large naming 60000 entries", err)
		}
	})
	t.Run("more CVs than a batch holds", func(t *testing.T) {
		var entries []zipEntry
		for i := range 4 {
			entries = append(entries, zipEntry{name: string(rune('a'+i)) + ".txt", data: cvText(string(rune('A' + i)))})
		}
		_, err := readZip(t, NewIntake(Limits{MaxFiles: 3}), makeZip(t, entries...))
		if prep.ErrorCode(err) != prep.ETOOLARGE {
			t.Errorf("err = %v, want too_large", err)
		}
	})
	t.Run("unpacked bytes over the batch limit", func(t *testing.T) {
		var entries []zipEntry
		for i := range 5 {
			entries = append(entries, zipEntry{name: string(rune('a'+i)) + ".txt", data: append(cvText(string(rune('A'+i))), bytes.Repeat([]byte("words "), 100)...), method: zip.Deflate})
		}
		_, err := readZip(t, NewIntake(Limits{MaxFiles: 10, MaxFileBytes: 1000, MaxTotalBytes: 2000}), makeZip(t, entries...))
		if prep.ErrorCode(err) != prep.ETOOLARGE {
			t.Errorf("err = %v, want too_large", err)
		}
	})
}

func TestZipEntryCount(t *testing.T) {
	data := makeZip(t, zipEntry{name: "a.txt", data: []byte("a")}, zipEntry{name: "b.txt", data: []byte("b")})
	n, ok := zipEntryCount(bytes.NewReader(data), int64(len(data)))
	if !ok || n != 2 {
		t.Errorf("zipEntryCount = %d, %v; want 2, true", n, ok)
	}
	// A comment after the end record is allowed: the record is searched for.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.SetComment(strings.Repeat("c", 1000))
	w, _ := zw.Create("a.txt")
	w.Write([]byte("a"))
	zw.Close()
	n, ok = zipEntryCount(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if !ok || n != 1 {
		t.Errorf("with a comment: zipEntryCount = %d, %v; want 1, true", n, ok)
	}
	if _, ok := zipEntryCount(bytes.NewReader([]byte("short")), 5); ok {
		t.Error("zipEntryCount found an end record in 5 bytes")
	}
}

func FuzzReadZip(f *testing.F) {
	f.Add(makeZip(f, zipEntry{name: "a/b.txt", data: cvText("Ann")}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := NewIntake(Limits{MaxFiles: 20, MaxFileBytes: 1 << 16, MaxTotalBytes: 1 << 18})
		_ = in.ReadZip(bytes.NewReader(data), int64(len(data)), func(it *Item, b []byte) error {
			if int64(len(b)) > 1<<16 {
				t.Fatalf("%d bytes handed over, over the per-file limit", len(b))
			}
			return nil
		})
		if len(in.Items) > 20 {
			t.Fatalf("%d items, over the file limit", len(in.Items))
		}
	})
}
