package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	texttemplate "text/template"
	"time"
)

// Report is what the report email says.
type Report struct {
	ID        string
	To        string
	Candidate string // may be empty when the CV had no recognisable name
	Role      string
	Company   string
	Pillars   []Pillar
	Gaps      []Gap
	StatusURL string
	DeleteURL string
	Retention time.Duration
	PDF       []byte
	PDFName   string
}

// Pillar is one pillar's level in the email summary.
type Pillar struct{ Name, Level string }

// Gap is one gap in the email summary.
type Gap struct{ Severity, Message string }

// Composer turns a Report into a Message through the mail templates.
type Composer struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

// Template files in the mail folder of the templates FS.
const (
	subjectFile = "report.subject.txt"
	textFile    = "report.txt"
	htmlFile    = "report.html"
)

// NewComposer parses the report templates in fsys and renders a sample, so
// a broken template stops the process at start-up rather than failing
// every email.
func NewComposer(fsys fs.FS) (*Composer, error) {
	funcs := texttemplate.FuncMap{"days": days}
	subject, err := texttemplate.New(subjectFile).Funcs(funcs).ParseFS(fsys, subjectFile)
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	text, err := texttemplate.New(textFile).Funcs(funcs).ParseFS(fsys, textFile)
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	html, err := htmltemplate.New(htmlFile).Funcs(htmltemplate.FuncMap(funcs)).ParseFS(fsys, htmlFile)
	if err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	c := &Composer{subject: subject, text: text, html: html}
	sample := Report{
		ID: "sample", To: "sample@example.com", Candidate: "Sample", Role: "Customer Success Manager", Company: "Example",
		Pillars:   []Pillar{{"Retention", "strong"}},
		Gaps:      []Gap{{"high", "No renewal numbers"}},
		StatusURL: "http://localhost/r", DeleteURL: "http://localhost/d", Retention: 7 * 24 * time.Hour,
	}
	if _, err := c.Report(sample); err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
	return c, nil
}

// Report composes the email that delivers a report.
func (c *Composer) Report(r Report) (*Message, error) {
	var subj, text, html bytes.Buffer
	if err := c.subject.Execute(&subj, r); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	if err := c.text.Execute(&text, r); err != nil {
		return nil, fmt.Errorf("text body: %w", err)
	}
	if err := c.html.Execute(&html, r); err != nil {
		return nil, fmt.Errorf("html body: %w", err)
	}
	return &Message{
		ID:             "report-" + r.ID + "@prep",
		To:             r.To,
		Subject:        strings.Join(strings.Fields(subj.String()), " "),
		Text:           text.String(),
		HTML:           html.String(),
		Attachment:     r.PDF,
		AttachmentName: r.PDFName,
	}, nil
}

func days(d time.Duration) int { return int((d + 12*time.Hour) / (24 * time.Hour)) }
