// Package templates holds everything a non-programmer might edit, embedded
// in the binary: the role packs (question banks, vocabulary and gap rules
// as YAML data, this file) and the web pages and email bodies (pages.go).
// Each is validated at start-up: the packs when the match catalog loads.
package templates

import (
	"embed"
	"io/fs"
)

//go:embed packs/*.yaml
var packs embed.FS

// Packs returns the role packs: one YAML file per pack at the root of the
// returned file system.
func Packs() fs.FS {
	sub, err := fs.Sub(packs, "packs")
	if err != nil {
		// fs.Sub fails only on an invalid path, and "packs" is a constant.
		panic(err)
	}
	return sub
}
