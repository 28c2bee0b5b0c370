// Package batch is what a recruiter's batch is, whoever runs it: the fit
// score of one analysis, the row of one CV, the ranking, the unique PDF
// names, the scores.csv file, the summary JSON and the safe reading of a zip
// of CVs.
//
// It is a top-level package of its own because two runners share it: the
// service (web answers GET /api/v1/batches/{id}, scores.csv and reports.zip;
// worker writes the completion email and webhook) and the CLI (`prep batch`
// writes scores.csv beside the PDFs). Neither owns the other, and the rules
// must be one code so a CSV from the CLI and one from the service agree
// column for column. Like match and report it is a pure library: no Redis,
// no HTTP, no queue.
package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Statuses of a row, as the API names them.
const (
	StatusQueued     = "queued"
	StatusProcessing = "processing"
	StatusReady      = "ready"
	StatusFailed     = "failed"
)

// Statuses of a whole batch.
const (
	BatchRunning = "running"
	BatchDone    = "done"
)

// Row is one CV of a batch: one uploaded file, whether it became a report,
// and what the report found. Its JSON is the "candidates" item of the API
// and of the webhook summary.
type Row struct {
	// File is the name the file was uploaded under; inside a zip, its path
	// there ("shortlist/jane.pdf").
	File string `json:"file"`
	// Name is the candidate's name as read from the CV; empty until ready.
	Name   string `json:"name"`
	Status string `json:"status"`
	// Error is the user-facing reason a row failed.
	Error string `json:"error"`
	// Fit, Pillars, Coverage and Gaps are set once the report is ready;
	// null before, so an unknown fit never sorts as a zero.
	Fit      *int           `json:"fit"`
	Pillars  map[string]int `json:"pillars"`
	Coverage *int           `json:"coverage"`
	Gaps     []string       `json:"gaps"`
	// ReportURL is where the PDF is; a copy's points at its twin's report.
	ReportURL string `json:"report_url"`
	// PDF is the report's file name in reports.zip and in the CLI's
	// reports folder; empty unless ready.
	PDF string `json:"pdf"`
	// DuplicateOf names the file this one is an exact copy of: it was not
	// processed again, and shares its twin's report.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Rank is the place by fit among ready rows, from 1; 0 for others.
	Rank int `json:"rank"`

	// Report is the id of the report the row reads; a copy shares its
	// twin's. Empty when the file was refused at upload.
	Report string `json:"-"`
	// Score is the full scoring of a ready row.
	Score *Score `json:"-"`
}

// MarshalJSON writes a row with empty pillars and gaps rather than null
// while it is not scored, so a client can read them without a check.
func (r Row) MarshalJSON() ([]byte, error) {
	type plain Row // without the method, so Marshal does not recurse
	p := plain(r)
	if p.Pillars == nil {
		p.Pillars = map[string]int{}
	}
	if p.Gaps == nil {
		p.Gaps = []string{}
	}
	return json.Marshal(p)
}

// SetScore fills the row's scoring fields from s.
func (r *Row) SetScore(s *Score) {
	r.Score = s
	if s == nil {
		r.Fit, r.Coverage, r.Pillars, r.Gaps = nil, nil, nil, nil
		return
	}
	fit, cov := s.Fit, s.Coverage
	r.Fit, r.Coverage = &fit, &cov
	r.Pillars = make(map[string]int, len(s.Pillars))
	for _, p := range s.Pillars {
		r.Pillars[p.ID] = p.Score
	}
	r.Gaps = append([]string{}, s.Gaps...)
	if r.Name == "" {
		r.Name = s.Name
	}
}

// Finished reports whether the row will not change any more.
func (r *Row) Finished() bool { return r.Status == StatusReady || r.Status == StatusFailed }

// Counts are the totals of a batch's rows.
type Counts struct {
	Total  int `json:"total"`
	Queued int `json:"queued"` // queued or processing
	Done   int `json:"done"`   // ready
	Failed int `json:"failed"`
}

// Count adds up rows by status.
func Count(rows []Row) Counts {
	c := Counts{Total: len(rows)}
	for _, r := range rows {
		switch r.Status {
		case StatusReady:
			c.Done++
		case StatusFailed:
			c.Failed++
		default:
			c.Queued++
		}
	}
	return c
}

// PillarName is a pillar's id and display name, for column headers.
type PillarName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Pillars returns the pillars named by the ready rows, in the order of the
// first row that has each: one job description means one pack, so in
// practice every ready row has the same list.
func Pillars(rows []Row) []PillarName {
	var out []PillarName
	seen := map[string]bool{}
	for _, r := range rows {
		if r.Score == nil {
			continue
		}
		for _, p := range r.Score.Pillars {
			if !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, PillarName{ID: p.ID, Name: p.Name})
			}
		}
	}
	return out
}

// Summary is the JSON of a batch: the API's answer to GET
// /api/v1/batches/{id} and the body of the completion webhook.
type Summary struct {
	// Event is "batch.done" in a webhook body, empty in the API.
	Event  string `json:"event,omitempty"`
	ID     string `json:"id"`
	Status string `json:"status"`
	Counts
	Created  time.Time  `json:"created"`
	Finished *time.Time `json:"finished,omitempty"`
	Role     string     `json:"role"`
	Company  string     `json:"company"`
	Pack     string     `json:"pack"`
	// PillarNames are the pillar columns, in order.
	PillarNames []PillarName `json:"pillar_names"`
	StatusURL   string       `json:"status_url,omitempty"`
	PageURL     string       `json:"page_url,omitempty"`
	ScoresURL   string       `json:"scores_url,omitempty"`
	ZipURL      string       `json:"zip_url,omitempty"`
	// Notify says where the result goes and how far its delivery got: the
	// API answers it, a webhook body leaves it out.
	Notify     *Notify `json:"notify,omitempty"`
	Candidates []Row   `json:"candidates"`
}

// Notify is the delivery of a batch's result.
type Notify struct {
	Email        string `json:"email,omitempty"`
	EmailState   string `json:"email_state,omitempty"`
	Webhook      bool   `json:"webhook"`
	WebhookState string `json:"webhook_state,omitempty"`
	WebhookError string `json:"webhook_error,omitempty"`
}

// Hash is the identity of a file's bytes: two uploads with the same hash
// are the same CV, processed once.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
