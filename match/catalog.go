package match

import (
	"context"
	"io/fs"

	"prep"
	"prep/ingest"
)

// Catalog holds the validated role packs.
type Catalog struct{}

// LoadCatalog reads and validates every pack in fsys.
func LoadCatalog(fsys fs.FS) (*Catalog, error) { return &Catalog{}, nil }

// Analyze reads cv against jd with the pack named id, or the pack the job
// description calls for when id is empty.
func (c *Catalog) Analyze(ctx context.Context, cv, jd *ingest.Document, id string) (*Analysis, error) {
	return nil, prep.Errorf(prep.EUNSUPPORTED, "analysis is not available yet")
}
