// Package templates holds what a non-programmer may edit, embedded in the
// binary: the role packs (packs/: question banks, vocabulary and gap rules
// as YAML data), the web pages (pages/: HTML templates and static/ files)
// and the email bodies (mail/). Packs are validated when the catalog loads
// at start-up, pages and emails when the server and the mailer are built.
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
