package templates

// The web pages and email bodies, beside the role packs of templates.go:
// parsed and checked when the web server and the worker start.

import (
	"embed"
	"io/fs"
)

//go:embed pages
var pages embed.FS

//go:embed mail
var mail embed.FS

// Pages returns the web pages (*.html, html/template syntax) and their
// static files (static/: CSS, JavaScript, icons).
func Pages() fs.FS { return sub(pages, "pages") }

// Mail returns the email bodies, three files per email (NAME.subject.txt,
// NAME.txt in plain text, NAME.html): report.* delivers a candidate's
// report, batch.* tells a recruiter their batch is done.
func Mail() fs.FS { return sub(mail, "mail") }

func sub(fsys embed.FS, dir string) fs.FS {
	f, err := fs.Sub(fsys, dir)
	if err != nil {
		// fs.Sub fails only on an invalid path, and dir is a constant.
		panic(err)
	}
	return f
}
