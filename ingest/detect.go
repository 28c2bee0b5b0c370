package ingest

import (
	"bytes"

	"prep"
)

// Detect returns the format of data judged by its content alone.
func Detect(data []byte) (Format, error) {
	switch {
	case len(data) == 0:
		return "", prep.Errorf(prep.EINVALID, "the file is empty")
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return FormatPDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return FormatDOCX, nil
	}
	return FormatText, nil
}
