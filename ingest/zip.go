package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"

	"prep"
)

// Bounds on ZIP containers (DOCX, ODT). A CV has a few dozen parts; the
// entry count is checked from the end-of-central-directory record before
// archive/zip allocates a File for each entry.
const (
	maxArchiveEntries = 5000
	// Word and LibreOffice XML deflates about 10:1 and the corpus peaks at
	// 25:1; a zip bomb reaches 1000:1. Small parts are exempt because their
	// ratio says nothing: a few KiB cannot hurt.
	maxInflateRatio = 200
	ratioMinBytes   = 1 << 20
	// maxMetaPartBytes bounds the package metadata read during detection
	// ([Content_Types].xml, _rels/.rels, mimetype).
	maxMetaPartBytes = 1 << 20
)

// archive is a ZIP container opened with bounds: each part's declared size
// and compression ratio are checked before it is opened, its actual size
// while it is read, and the bytes read from all parts together are capped.
type archive struct {
	kind   string               // "Word document", "OpenDocument text": for messages
	files  map[string]*zip.File // by lower-case part name without leading slash
	names  []string             // part names as stored, in archive order
	limit  int64                // one part, uncompressed
	budget int64                // all parts together, uncompressed, left to read
}

// errPartTooLarge is what a bounded part reader returns once the part
// inflates past its limit; open turns it into the user-facing error.
var errPartTooLarge = errors.New("archive part inflates past its limit")

func damagedArchive(kind string, err error) error {
	return prep.Wrap(prep.EINVALID, fmt.Sprintf("this %s is damaged and cannot be opened: save it again (as DOCX or PDF) and upload it again", kind), err)
}

func archiveTooLarge(kind string, limit int64) error {
	return prep.Errorf(prep.ETOOLARGE, "this %s unpacks to more than %s in one part, far more than a CV holds: it may be damaged; save it again or export it as PDF", kind, prep.Size(limit))
}

// openArchive opens data as a ZIP archive. kind names the format in error
// messages; limit bounds one uncompressed part.
func openArchive(data []byte, kind string, limit int64) (*archive, error) {
	if n, ok := zipEntryCount(data); ok && n > maxArchiveEntries {
		return nil, prep.Errorf(prep.ETOOLARGE, "this %s holds %d parts, far more than a CV: save it again as DOCX or PDF", kind, n)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, damagedArchive(kind, err)
	}
	if len(zr.File) > maxArchiveEntries {
		return nil, prep.Errorf(prep.ETOOLARGE, "this %s holds %d parts, far more than a CV: save it again as DOCX or PDF", kind, len(zr.File))
	}
	a := &archive{kind: kind, files: make(map[string]*zip.File, len(zr.File)), limit: limit, budget: 3 * limit}
	for _, f := range zr.File {
		key := partKey(f.Name)
		if _, dup := a.files[key]; dup || strings.HasSuffix(key, "/") {
			continue // the first of duplicate entries wins, as in Word
		}
		a.files[key] = f
		a.names = append(a.names, f.Name)
	}
	return a, nil
}

// zipEntryCount reads the entry count from the end-of-central-directory
// record. ok is false when there is none or it defers to ZIP64.
func zipEntryCount(data []byte) (n int, ok bool) {
	// The record is 22 bytes plus a comment of at most 64 KiB.
	tail := data[max(0, len(data)-(22+0xFFFF)):]
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || len(tail)-i < 22 {
		return 0, false
	}
	count := binary.LittleEndian.Uint16(tail[i+10:])
	if count == 0xFFFF {
		return 0, false
	}
	return int(count), true
}

// partKey is the lookup key of a part name: OPC part names are
// case-insensitive and Word writes rels targets with or without a leading
// slash.
func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(name, "/"))
}

// has reports whether the archive holds the part.
func (a *archive) has(name string) bool {
	_, ok := a.files[partKey(name)]
	return ok
}

// hasPrefix reports whether any part name starts with prefix.
func (a *archive) hasPrefix(prefix string) bool {
	prefix = partKey(prefix)
	for key := range a.files {
		if strings.HasPrefix(key, prefix) {
			return true
		}
	}
	return false
}

// open returns a reader over the uncompressed part. The declared size and
// ratio are checked first, so a zip bomb fails before inflating a byte;
// the reader fails once the part inflates past the limit whatever its
// header declared.
func (a *archive) open(name string, limit int64) (io.ReadCloser, error) {
	f, ok := a.files[partKey(name)]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", name, errPartMissing)
	}
	if limit <= 0 || limit > a.limit {
		limit = a.limit
	}
	size, csize := f.UncompressedSize64, f.CompressedSize64
	if size > uint64(limit) {
		return nil, archiveTooLarge(a.kind, limit)
	}
	if size > ratioMinBytes && (csize == 0 || size/csize > maxInflateRatio) {
		return nil, archiveTooLarge(a.kind, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, damagedArchive(a.kind, err)
	}
	return &boundedPart{rc: rc, left: limit, a: a}, nil
}

// errInflate marks errors of the ZIP layer met while reading a part:
// corrupt deflate data, a part longer than its header says, a bad CRC.
var errInflate = errors.New("inflate archive part")

// errPartMissing says a part named by the package is not in the archive.
var errPartMissing = errors.New("part not in archive")

// boundedPart reads one part, failing with errPartTooLarge when it
// inflates past its own limit or past what the archive may still read.
type boundedPart struct {
	rc   io.ReadCloser
	left int64
	a    *archive
}

func (b *boundedPart) Read(p []byte) (int, error) {
	if b.left <= 0 || b.a.budget <= 0 {
		// One more byte tells a part that ends exactly at the limit
		// from one that goes on.
		var one [1]byte
		if n, _ := b.rc.Read(one[:]); n > 0 {
			return 0, errPartTooLarge
		}
		return 0, io.EOF
	}
	if n := min(b.left, b.a.budget); int64(len(p)) > n {
		p = p[:n]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	b.a.budget -= int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		return n, fmt.Errorf("%w: %w", errInflate, err)
	}
	return n, err
}

func (b *boundedPart) Close() error { return b.rc.Close() }

// readSmall reads a whole metadata part of at most limit bytes.
func (a *archive) readSmall(name string, limit int64) ([]byte, error) {
	rc, err := a.open(name, limit)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, a.readError(err)
	}
	return b, nil
}

// readError turns an error met while reading a part into a user-facing one.
func (a *archive) readError(err error) error {
	var pe *prep.Error
	switch {
	case errors.As(err, &pe):
		return err
	case errors.Is(err, errPartTooLarge):
		return archiveTooLarge(a.kind, a.limit)
	}
	return damagedArchive(a.kind, err)
}

// resolvePart resolves a relationship target against the part that holds
// the relationship, as OPC does: absolute targets start at the package
// root, relative ones at the source part's folder.
func resolvePart(source, target string) string {
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	if i := strings.IndexAny(target, "#?"); i >= 0 {
		target = target[:i]
	}
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(path.Dir("/"+source), target)), "/")
}
