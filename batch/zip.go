package batch

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"io"
	"path"
	"strings"

	"prep"
)

// Bounds of a zip of CVs beyond the intake's limits. A folder zipped on a
// Mac holds a "__MACOSX/._name" twin per file and an entry per folder, so
// the entry count may be a few times the number of CVs.
const (
	entriesPerFile = 3
	minEntries     = 100
	// A PDF or DOCX is already compressed: it deflates a little, text CVs
	// up to 10:1. A zip bomb reaches 1000:1. Entries under 1 MiB are exempt:
	// their ratio says nothing and their size cannot hurt.
	maxRatio      = 100
	ratioMinBytes = 1 << 20
)

// ReadZip reads a zip of CVs from r (size bytes) into the intake, one item
// per file in archive order, and calls fn with each item and its bytes (nil
// for a refused file); fn stores the new ones. Folders, nested at any
// depth, are walked; folders and the junk operating systems leave
// (__MACOSX, .DS_Store, Thumbs.db, dot files) are skipped without a row.
//
// Nothing is ever written under an entry's name, so a name cannot walk out
// of a folder; still, a name that tries (absolute, or with "..") is refused
// as that file's error. So are entries that are links, encrypted, unpack to
// more than the per-file limit (whatever their header claims), or deflate
// far more than documents do. The entry count is read from the archive's
// end record before archive/zip allocates anything per entry.
//
// The error is for the whole batch: not a zip, or over the batch's limits.
func (in *Intake) ReadZip(r io.ReaderAt, size int64, fn func(it *Item, data []byte) error) error {
	maxEntries := max(minEntries, entriesPerFile*in.lim.MaxFiles)
	if n, ok := zipEntryCount(r, size); ok && n > uint64(maxEntries) {
		return prep.Errorf(prep.ETOOLARGE, "the zip holds %d entries: a batch holds at most %d CVs", n, in.lim.MaxFiles)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return prep.Wrap(prep.EINVALID, "the zip of CVs is damaged and cannot be opened: zip the CVs again", err)
	}
	if len(zr.File) > maxEntries {
		return prep.Errorf(prep.ETOOLARGE, "the zip holds %d entries: a batch holds at most %d CVs", len(zr.File), in.lim.MaxFiles)
	}
	for _, f := range zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if skipEntry(name, f) {
			continue
		}
		var (
			it   *Item
			data []byte
		)
		if reason := refuseEntry(name, f, in.lim.MaxFileBytes); reason != nil {
			it, err = in.Reject(name, 0, reason)
		} else {
			data, err = readEntry(f, in.lim.MaxFileBytes)
			switch {
			case errors.Is(err, errEntryTooLarge):
				it, err = in.Reject(name, int64(len(data)), in.FileTooLarge())
				data = nil
			case err != nil:
				it, err = in.Reject(name, int64(len(data)), prep.Wrap(prep.EINVALID, "this file of the zip is damaged and could not be unpacked", err))
				data = nil
			default:
				it, err = in.Add(name, data)
			}
		}
		if err != nil {
			return err
		}
		if it.Err != nil {
			data = nil
		}
		if err := fn(it, data); err != nil {
			return err
		}
	}
	return nil
}

// skipEntry reports whether an entry is not a file of the batch at all.
func skipEntry(name string, f *zip.File) bool {
	if strings.HasSuffix(name, "/") || f.FileInfo().IsDir() {
		return true
	}
	for _, part := range strings.Split(name, "/") {
		if part == "__MACOSX" {
			return true
		}
	}
	base := path.Base(name)
	switch strings.ToLower(base) {
	case "thumbs.db", "desktop.ini":
		return true
	}
	return strings.HasPrefix(base, ".") && base != "." && base != ".."
}

// refuseEntry says why an entry is refused before it is opened, or nil.
func refuseEntry(name string, f *zip.File, maxBytes int64) error {
	switch {
	case !safePath(name):
		return prep.Errorf(prep.EINVALID, "the zip names this file with an unsafe path (absolute, or leading out of its folder): it was not read")
	case !f.Mode().IsRegular():
		// Links, devices and pipes: a link's "content" is the path it
		// points to, which would read as a one-line text CV.
		return prep.Errorf(prep.EUNSUPPORTED, "this entry of the zip is a link, not a file: it was not read")
	case f.Flags&0x1 != 0:
		return prep.Errorf(prep.EUNSUPPORTED, "this file of the zip is password-protected: zip it again without a password")
	case f.UncompressedSize64 > uint64(maxBytes):
		return prep.Errorf(prep.ETOOLARGE, "the file is over the %s limit for one CV", prep.Size(maxBytes))
	case f.UncompressedSize64 > ratioMinBytes && (f.CompressedSize64 == 0 || f.UncompressedSize64/f.CompressedSize64 > maxRatio):
		return prep.Errorf(prep.ETOOLARGE, "this file of the zip unpacks to %s from %s, far more than a document does: it was not read", prep.Size(int64(f.UncompressedSize64)), prep.Size(int64(f.CompressedSize64)))
	}
	return nil
}

// safePath reports whether a zip entry's name stays inside the archive's
// folder: relative, no ".." element, no drive letter.
func safePath(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || (len(name) >= 2 && name[1] == ':') {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return false
		}
	}
	return true
}

var errEntryTooLarge = errors.New("zip entry unpacks past the per-file limit")

// readEntry unpacks one entry, stopping one byte past the limit: a header
// can lie about the size, the inflater cannot.
func readEntry(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return data, err
	}
	if int64(len(data)) > limit {
		return data, errEntryTooLarge
	}
	return data, nil
}

// zipEntryCount reads the number of entries from the end-of-central-
// directory record (or its zip64 version). ok is false when the record is
// not found; archive/zip then fails on its own.
func zipEntryCount(r io.ReaderAt, size int64) (uint64, bool) {
	const eocdLen, maxComment = 22, 0xFFFF
	tail := min(size, eocdLen+maxComment)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && !errors.Is(err, io.EOF) {
		return 0, false
	}
	at := -1
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if string(buf[i:i+4]) == "PK\x05\x06" {
			at = i
			break
		}
	}
	if at < 0 {
		return 0, false
	}
	n := uint64(binary.LittleEndian.Uint16(buf[at+10:]))
	if n != 0xFFFF || at < 20 || string(buf[at-20:at-16]) != "PK\x06\x07" {
		return n, true
	}
	// zip64: the locator gives the offset of the zip64 end record.
	off := int64(binary.LittleEndian.Uint64(buf[at-20+8:]))
	rec := make([]byte, 56)
	if off < 0 || off+56 > size {
		return 0, false
	}
	if _, err := r.ReadAt(rec, off); err != nil || string(rec[:4]) != "PK\x06\x06" {
		return 0, false
	}
	return binary.LittleEndian.Uint64(rec[32:]), true
}
