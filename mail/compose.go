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

// Batch is what the email to a recruiter says when a batch is done.
type Batch struct {
	ID      string
	To      string
	Role    string
	Company string
	Total   int
	Done    int
	Failed  int
	// Top are the best-ranked candidates, at most five.
	Top       []Candidate
	PageURL   string
	ZipURL    string
	Retention time.Duration
	CSV       []byte
	CSVName   string
}

// Candidate is one line of the batch email's shortlist.
type Candidate struct {
	Rank int
	Name string
	Fit  int
}

// Composer turns a Report or a Batch into a Message through the mail
// templates.
type Composer struct {
	report, batch bodies
}

// bodies are the three templates of one kind of email.
type bodies struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

// parseBodies parses NAME.subject.txt, NAME.txt and NAME.html.
func parseBodies(fsys fs.FS, name string) (bodies, error) {
	funcs := texttemplate.FuncMap{"days": days}
	var b bodies
	var err error
	if b.subject, err = texttemplate.New(name+".subject.txt").Funcs(funcs).ParseFS(fsys, name+".subject.txt"); err != nil {
		return b, fmt.Errorf("mail templates: %w", err)
	}
	if b.text, err = texttemplate.New(name+".txt").Funcs(funcs).ParseFS(fsys, name+".txt"); err != nil {
		return b, fmt.Errorf("mail templates: %w", err)
	}
	if b.html, err = htmltemplate.New(name+".html").Funcs(htmltemplate.FuncMap(funcs)).ParseFS(fsys, name+".html"); err != nil {
		return b, fmt.Errorf("mail templates: %w", err)
	}
	return b, nil
}

func (b bodies) execute(data any) (subject, text, html string, err error) {
	var subj, txt, htm bytes.Buffer
	if err := b.subject.Execute(&subj, data); err != nil {
		return "", "", "", fmt.Errorf("subject: %w", err)
	}
	if err := b.text.Execute(&txt, data); err != nil {
		return "", "", "", fmt.Errorf("text body: %w", err)
	}
	if err := b.html.Execute(&htm, data); err != nil {
		return "", "", "", fmt.Errorf("html body: %w", err)
	}
	return strings.Join(strings.Fields(subj.String()), " "), txt.String(), htm.String(), nil
}

// NewComposer parses the templates in fsys (report.* and batch.*) and
// renders a sample of each, so a broken template stops the process at
// start-up rather than failing every email.
func NewComposer(fsys fs.FS) (*Composer, error) {
	c := &Composer{}
	var err error
	if c.report, err = parseBodies(fsys, "report"); err != nil {
		return nil, err
	}
	if c.batch, err = parseBodies(fsys, "batch"); err != nil {
		return nil, err
	}
	batchSample := Batch{ID: "sample", To: "sample@example.com", Role: "Customer Success Manager", Company: "Example",
		Total: 3, Done: 2, Failed: 1, Top: []Candidate{{1, "Sample", 70}}, PageURL: "http://localhost/b", ZipURL: "http://localhost/z",
		Retention: 7 * 24 * time.Hour, CSV: []byte("rank\n"), CSVName: "scores.csv"}
	if _, err := c.Batch(batchSample); err != nil {
		return nil, fmt.Errorf("mail templates: %w", err)
	}
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
	subject, text, html, err := c.report.execute(r)
	if err != nil {
		return nil, err
	}
	return &Message{
		ID:             "report-" + r.ID + "@prep",
		To:             r.To,
		Subject:        subject,
		Text:           text,
		HTML:           html,
		Attachment:     r.PDF,
		AttachmentName: r.PDFName,
	}, nil
}

// Batch composes the email that tells a recruiter a batch is done, with
// its scores.csv attached.
func (c *Composer) Batch(b Batch) (*Message, error) {
	subject, text, html, err := c.batch.execute(b)
	if err != nil {
		return nil, err
	}
	return &Message{
		ID:             "batch-" + b.ID + "@prep",
		To:             b.To,
		Subject:        subject,
		Text:           text,
		HTML:           html,
		Attachment:     b.CSV,
		AttachmentName: b.CSVName,
		AttachmentType: "text/csv; charset=utf-8",
	}, nil
}

func days(d time.Duration) int { return int((d + 12*time.Hour) / (24 * time.Hour)) }
