package batch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"prep"
	"prep/ingest"
)

// Limits bound one batch. Zero fields take DefaultLimits.
type Limits struct {
	MaxFiles      int   // CVs in a batch, counting refused files and copies
	MaxFileBytes  int64 // one CV
	MaxTotalBytes int64 // every CV together, counted unpacked for a zip
}

// DefaultLimits: a thousand CVs is a large agency shortlist; 200 MiB is
// that many PDFs at their usual size with room to spare; 10 MiB is the
// service's limit for one CV.
var DefaultLimits = Limits{MaxFiles: 1000, MaxFileBytes: 10 << 20, MaxTotalBytes: 200 << 20}

func (l Limits) withDefaults() Limits {
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultLimits.MaxFiles
	}
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultLimits.MaxFileBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = DefaultLimits.MaxTotalBytes
	}
	return l
}

// Item is one file of a batch as the intake judged it.
type Item struct {
	Index int    // its place in the batch, from 0
	File  string // display name: the uploaded name or the path in a zip
	Hash  string // of the bytes; empty for a file refused unread
	Size  int64
	// Twin is the Index of the earlier item with the same bytes, or -1:
	// a copy is not processed again.
	Twin int
	// Err is why the file was refused (a *prep.Error whose message names
	// the problem), or nil.
	Err error
}

// New reports whether the item is a CV to process: accepted, and not a
// copy of an earlier one.
func (it *Item) New() bool { return it.Err == nil && it.Twin < 0 }

// Intake takes the files of one batch in the order they come, from any
// mix of uploads, zips and folders: it bounds their number and size,
// refuses the ones that are not documents (one clear error per file, never
// failing the batch for it), and spots exact copies. It holds no file
// bytes. It is not safe for concurrent use.
type Intake struct {
	lim   Limits
	bytes int64
	seen  map[string]int
	Items []*Item
}

// NewIntake returns an empty Intake with the limits lim.
func NewIntake(lim Limits) *Intake {
	return &Intake{lim: lim.withDefaults(), seen: map[string]int{}}
}

// Limits returns the effective limits.
func (in *Intake) Limits() Limits { return in.lim }

// Add judges one file read whole. Its error is for the batch, not the
// file: too many files or too many bytes (a prep.ETOOLARGE error).
func (in *Intake) Add(name string, data []byte) (*Item, error) {
	it, err := in.next(name, int64(len(data)))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > in.lim.MaxFileBytes {
		it.Err = in.FileTooLarge()
		return it, nil
	}
	it.Hash = Hash(data)
	if _, err := ingest.Detect(data); err != nil {
		it.Err = err
		return it, nil
	}
	if first, ok := in.seen[it.Hash]; ok {
		it.Twin = first
		return it, nil
	}
	in.seen[it.Hash] = it.Index
	return it, nil
}

// Reject records a file refused without reading it whole, for the reason
// err; size is how much of it was read. Its error is for the batch, as
// Add's.
func (in *Intake) Reject(name string, size int64, err error) (*Item, error) {
	it, berr := in.next(name, size)
	if berr != nil {
		return nil, berr
	}
	it.Err = err
	return it, nil
}

// FileTooLarge is the error of a file over the per-file limit, for callers
// that stop reading a file at the limit and Reject it.
func (in *Intake) FileTooLarge() error {
	return prep.Errorf(prep.ETOOLARGE, "the file is over the %s limit for one CV", prep.Size(in.lim.MaxFileBytes))
}

func (in *Intake) next(name string, size int64) (*Item, error) {
	if len(in.Items) >= in.lim.MaxFiles {
		return nil, prep.Errorf(prep.ETOOLARGE, "a batch holds at most %d CVs: split it in several batches", in.lim.MaxFiles)
	}
	in.bytes += size
	if in.bytes > in.lim.MaxTotalBytes {
		return nil, prep.Errorf(prep.ETOOLARGE, "the CVs of a batch may add up to %s at most: split it in several batches", prep.Size(in.lim.MaxTotalBytes))
	}
	it := &Item{Index: len(in.Items), File: CleanName(name), Size: size, Twin: -1}
	in.Items = append(in.Items, it)
	return it, nil
}

// Accepted counts the items to process: accepted and not copies.
func (in *Intake) Accepted() int {
	n := 0
	for _, it := range in.Items {
		if it.New() {
			n++
		}
	}
	return n
}

// CleanName makes an uploaded file name fit for display and for a CSV
// cell: valid UTF-8, no control characters, at most 200 bytes.
func CleanName(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	for len(s) > 200 {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	if s == "" {
		return "unnamed"
	}
	return s
}
