// Package report renders an analysis as the PDF prep report.
package report

import (
	"prep"
	"prep/match"
)

// Render returns the PDF report for a.
func Render(a *match.Analysis) ([]byte, error) {
	return nil, prep.Errorf(prep.EUNSUPPORTED, "reports are not available yet")
}
