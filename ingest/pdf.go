package ingest

import (
	"context"

	"prep"
)

type pdfEngine struct{}

func (p *pdfEngine) close() error { return nil }

func (e *Extractor) extractPDF(ctx context.Context, data []byte) (*Document, error) {
	return nil, prep.Errorf(prep.EUNSUPPORTED, "PDF is not supported yet")
}
