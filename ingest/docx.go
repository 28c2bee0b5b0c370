package ingest

import (
	"context"

	"prep"
)

func extractDOCX(ctx context.Context, data []byte, limits Limits) (*Document, error) {
	return nil, prep.Errorf(prep.EUNSUPPORTED, "DOCX is not supported yet")
}

func extractODT(ctx context.Context, data []byte, limits Limits) (*Document, error) {
	return nil, prep.Errorf(prep.EUNSUPPORTED, "ODT is not supported yet")
}
