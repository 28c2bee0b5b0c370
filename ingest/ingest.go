package ingest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"prep"
)

// Limits bound the work one file may cost.
type Limits struct {
	MaxBytes int64         // file size; default 10 MiB
	MaxPages int           // PDF pages; default 30
	Timeout  time.Duration // per file, on top of the caller's deadline; default 20s
	// MaxPartBytes bounds one uncompressed part of a DOCX/ODT archive;
	// default 20 MiB.
	MaxPartBytes int64
	// PDFWorkers is how many PDFs are read at once (PDFium instances);
	// default GOMAXPROCS-1, at least 1. Callers beyond it wait, within
	// their deadline. A read abandoned at its deadline keeps its worker
	// until PDFium returns, so fewer workers than cores keeps a core for
	// everything else when hostile files keep PDFium busy.
	PDFWorkers int
	// CacheDir holds the compiled PDFium module between runs, which cuts
	// the engine's start from about 2 s to under 0.1 s; default
	// DefaultCacheDir(). "off" disables the cache.
	CacheDir string
}

// DefaultLimits are the limits used when a field is zero.
var DefaultLimits = Limits{MaxBytes: 10 << 20, MaxPages: 30, Timeout: 20 * time.Second, MaxPartBytes: 20 << 20}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxPages <= 0 {
		l.MaxPages = DefaultLimits.MaxPages
	}
	if l.Timeout <= 0 {
		l.Timeout = DefaultLimits.Timeout
	}
	if l.MaxPartBytes <= 0 {
		l.MaxPartBytes = DefaultLimits.MaxPartBytes
	}
	if l.PDFWorkers <= 0 {
		l.PDFWorkers = max(1, runtime.GOMAXPROCS(0)-1)
	}
	switch l.CacheDir {
	case "":
		l.CacheDir = DefaultCacheDir()
	case "off":
		l.CacheDir = ""
	}
	return l
}

// Extractor turns file bytes into Documents. It is safe for concurrent use;
// the PDF engine behind it starts on first use and is shared by every call.
// Close releases it.
type Extractor struct {
	limits Limits

	pdfOnce sync.Once
	pdf     *pdfEngine
	pdfErr  error
}

// New returns an Extractor with the given limits (zero fields take defaults).
func New(limits Limits) *Extractor {
	return &Extractor{limits: limits.withDefaults()}
}

// Limits returns the effective limits.
func (e *Extractor) Limits() Limits { return e.limits }

// Close stops the PDF engine if it was started. PDFs extracted after Close
// fail with an internal error.
func (e *Extractor) Close() error {
	// Claim the once so a later PDF cannot start an engine nobody closes.
	e.pdfOnce.Do(func() { e.pdfErr = errClosed })
	if e.pdf != nil {
		return e.pdf.close()
	}
	return nil
}

// Extract detects the format of data from its content and extracts it.
// Errors are *prep.Error values whose message can be shown to the user.
func (e *Extractor) Extract(ctx context.Context, data []byte) (doc *Document, err error) {
	// A panic in a parser (ours or a library's) is a file we cannot read,
	// not a crash of the process that holds other people's work.
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, prep.Wrap(prep.EINVALID, "this file could not be read: export it again as PDF or DOCX and upload the new file", fmt.Errorf("%w: %v", errPanic, r))
		}
	}()
	if int64(len(data)) > e.limits.MaxBytes {
		return nil, prep.Errorf(prep.ETOOLARGE, "the file is %s, over the %s limit: upload a smaller file", prep.Size(int64(len(data))), prep.Size(e.limits.MaxBytes))
	}
	format, err := Detect(data)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, e.limits.Timeout)
	defer cancel()

	switch format {
	case FormatPDF:
		doc, err = e.extractPDF(ctx, data)
	case FormatDOCX:
		doc, err = extractDOCX(ctx, data, e.limits)
	case FormatODT:
		doc, err = extractODT(ctx, data, e.limits)
	case FormatHTML:
		doc, err = extractHTML(ctx, data)
	default:
		doc, err = extractText(ctx, data, format)
	}
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, prep.Wrap(prep.EINVALID, "the file took too long to read: it may be damaged; export it again as PDF or DOCX", ctx.Err())
	}
	doc.Format = format
	return doc, nil
}

// ExtractText is Extract for text the user pasted into a form field: it is
// read as plain text or, when it looks like HTML, with tags stripped.
func (e *Extractor) ExtractText(ctx context.Context, text string) (*Document, error) {
	return e.Extract(ctx, []byte(text))
}

// errPanic marks an error recovered from a panic, so fuzz targets can
// still fail on one.
var errPanic = errors.New("panic while reading")
