package report

import (
	"github.com/johnfercher/maroto/v2/pkg/props"

	"prep/match"
)

// Page geometry in millimetres (A4). The document draws its own margins,
// header and footer so that colour bands can run to the page edge.
const (
	pageW    = 210.0
	pageH    = 297.0
	marginX  = 18.0
	contentW = pageW - 2*marginX
	// slack keeps every page a hair shorter than the sheet: maroto turns
	// pages through gofpdf's automatic page break, and a row that ends a
	// float rounding error past the bottom would open an empty page.
	slack = 0.2
)

// Colours. Text colours keep at least 4.5:1 contrast on white and on
// their tints; white badge text keeps it on the solid colours.
var (
	ink        = props.Color{Red: 31, Green: 41, Blue: 55}
	muted      = props.Color{Red: 90, Green: 99, Blue: 112}
	faint      = props.Color{Red: 148, Green: 156, Blue: 168}
	rule       = props.Color{Red: 222, Green: 226, Blue: 232}
	track      = props.Color{Red: 236, Green: 239, Blue: 243}
	cardBG     = props.Color{Red: 246, Green: 247, Blue: 249}
	white      = props.Color{Red: 255, Green: 255, Blue: 255}
	accent     = props.Color{Red: 30, Green: 64, Blue: 124}
	accentTint = props.Color{Red: 232, Green: 238, Blue: 248}
	onAccent   = props.Color{Red: 198, Green: 212, Blue: 236}

	green     = props.Color{Red: 21, Green: 128, Blue: 61}
	greenTint = props.Color{Red: 225, Green: 244, Blue: 232}
	amber     = props.Color{Red: 180, Green: 83, Blue: 9}
	amberTint = props.Color{Red: 254, Green: 243, Blue: 214}
	red       = props.Color{Red: 185, Green: 28, Blue: 28}
	redTint   = props.Color{Red: 254, Green: 231, Blue: 231}
	slate     = props.Color{Red: 71, Green: 85, Blue: 105}
	slateTint = props.Color{Red: 231, Green: 235, Blue: 241}
)

// style is one step of the type scale.
type style struct {
	face  face
	size  float64 // points
	color props.Color
	lead  float64 // line height as a multiple of the size
}

// lineHeight is the height of one line in millimetres.
func (s style) lineHeight() float64 { return s.size * ptToMM * s.lead }

func (s style) with(c props.Color) style { s.color = c; return s }
func (s style) in(f face) style          { s.face = f; return s }

// The type scale: one body size, two smaller, three display sizes.
var (
	stDisplay  = style{bold, 28, white, 1.2}
	stCoverSub = style{regular, 13, white, 1.35}
	stTitle    = style{bold, 19, accent, 1.25}
	stH3       = style{bold, 11, ink, 1.35}
	stBody     = style{regular, 9.5, ink, 1.45}
	stQuote    = style{italic, 9.5, ink, 1.45}
	stSmall    = style{regular, 8.5, muted, 1.4}
	stLabel    = style{bold, 7.5, muted, 1.4}
	stCaption  = style{regular, 7.5, muted, 1.4}
	stBadge    = style{bold, 7, white, 1.0}
	stNumber   = style{bold, 22, ink, 1.1}
)

// levelColor is the colour of a pillar level: green, amber, red, and grey
// for a pillar with no evidence at all.
func levelColor(level string) props.Color {
	switch level {
	case match.LevelStrong:
		return green
	case match.LevelPartial:
		return amber
	case match.LevelWeak:
		return red
	}
	return slate
}

func severityColors(sev string) (solid, tint props.Color) {
	switch sev {
	case match.SeverityHigh:
		return red, redTint
	case match.SeverityMedium:
		return amber, amberTint
	}
	return slate, slateTint
}

func statusColors(status string) (solid, tint props.Color) {
	switch status {
	case match.Covered:
		return green, greenTint
	case match.Partial:
		return amber, amberTint
	}
	return red, redTint
}
