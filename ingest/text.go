package ingest

import (
	"context"
	"strings"
)

func extractText(ctx context.Context, data []byte, format Format) (*Document, error) {
	doc := &Document{Engine: "text"}
	for _, s := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		doc.Lines = append(doc.Lines, Line{Text: s})
	}
	return doc, nil
}

func extractHTML(ctx context.Context, data []byte) (*Document, error) {
	return extractText(ctx, data, FormatHTML)
}
