// Package match reads a CV against a job description through a role pack and
// writes down what a seasoned hiring manager would see: the evidence for each
// pillar, the gaps interviewers will probe, how the CV covers each of the
// job's requirements, and every question of the pack with the candidate's
// best story for it. The result is an Analysis (schema prep.analysis/v1),
// the one type the report, the API and the recruiter table render.
package match

// Schema is the value of Analysis.Schema for this version of the contract.
const Schema = "prep.analysis/v1"

// Levels of a pillar, strongest first.
const (
	LevelStrong  = "strong"
	LevelPartial = "partial"
	LevelWeak    = "weak"
	LevelMissing = "missing"
)

// Requirement statuses.
const (
	Covered = "covered"
	Partial = "partial"
	Missing = "missing"
)

// Question kinds.
const (
	KindBehavioural = "behavioural"
	KindConcept     = "concept"
	KindDrill       = "drill"
	KindSmart       = "smart"
)

// Gap severities, most serious first.
const (
	SeverityHigh   = "high"
	SeverityMedium = "medium"
	SeverityLow    = "low"
)

// Analysis is the whole reading of one CV against one job description. It is
// deterministic for the same inputs: no clock, no randomness, stable order.
type Analysis struct {
	Schema    string     `json:"schema"`
	Pack      string     `json:"pack"`
	PackName  string     `json:"pack_name"`
	Candidate Candidate  `json:"candidate"`
	Job       Job        `json:"job"`
	Pillars   []Pillar   `json:"pillars"`
	Metrics   []Metric   `json:"metrics"`
	Gaps      []Gap      `json:"gaps"`
	Questions []Question `json:"questions"`
	// Advice is the pack's general guidance: what interviewers look for,
	// best practices and mistakes to avoid, tailored with the firm's name.
	Advice   Advice   `json:"advice"`
	Warnings []string `json:"warnings"`
}

// Candidate is who the CV belongs to.
type Candidate struct {
	Name            string  `json:"name"`
	Email           string  `json:"email"`
	Phone           string  `json:"phone"`
	Headline        string  `json:"headline"`
	YearsExperience float64 `json:"years_experience"`
}

// Job is what the job description asks for.
type Job struct {
	Company      string        `json:"company"`
	Title        string        `json:"title"`
	Seniority    string        `json:"seniority"` // junior, mid, senior, lead, head, director, vp, unknown
	Segment      string        `json:"segment"`   // enterprise, mid-market, smb, unknown
	Motions      []string      `json:"motions"`   // high-touch, tech-touch, plg
	Tools        []string      `json:"tools"`
	Metrics      []string      `json:"metrics"` // metric kinds the JD names, e.g. "nrr"
	Requirements []Requirement `json:"requirements"`
}

// Requirement is one bullet of the job description with how well the CV
// covers it.
type Requirement struct {
	Text     string      `json:"text"`
	Section  string      `json:"section"` // responsibilities, requirements, nice_to_have, …
	Status   string      `json:"status"`  // covered, partial, missing
	Evidence []Statement `json:"evidence"`
}

// Pillar is one of the pack's pillars scored against the CV.
type Pillar struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Score       int         `json:"score"` // 0–100
	Level       string      `json:"level"`
	Evidence    []Statement `json:"evidence"`
}

// Metric is a number the CV states, recognised with its kind.
type Metric struct {
	Kind   string   `json:"kind"`   // nrr, grr, churn_rate, … other
	Value  float64  `json:"value"`  // money in whole currency units
	Unit   string   `json:"unit"`   // %, ISO currency code, count, days, weeks, months, score
	Before *float64 `json:"before"` // the starting value of a change, else null
	Text   string   `json:"text"`   // the phrase as written
}

// Statement is a verbatim piece of the CV: a bullet or a sentence.
type Statement struct {
	Text    string   `json:"text"`
	Section string   `json:"section"` // summary, experience, projects, skills, …
	Entry   string   `json:"entry"`   // "title @ company", empty outside experience
	Metrics []Metric `json:"metrics"`
}

// Gap is something interviewers will probe because the CV does not show it.
type Gap struct {
	ID       string      `json:"id"`
	Severity string      `json:"severity"`
	Pillar   string      `json:"pillar"`
	Subject  string      `json:"subject"` // e.g. the tool or segment concerned; may be empty
	Message  string      `json:"message"`
	Why      string      `json:"why"` // why it matters for this role
	Fix      string      `json:"fix"`
	Evidence []Statement `json:"evidence"`
}

// Question is one item of the pack's question bank, tailored to the job and
// paired with the candidate's best material for it.
type Question struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Group   string   `json:"group"` // concept group as in the pack; empty for others
	Text    string   `json:"text"`
	Tests   string   `json:"tests"` // what it tests; for concepts, the definition
	Pillars []string `json:"pillars"`
	// Gaps lists the ids of the candidate's gaps this item helps to close;
	// the report puts such concepts first and marks them.
	Gaps     []string    `json:"gaps"`
	Evidence []Statement `json:"evidence"`
	// Examples are model answers the pack gives for this question.
	Examples []string `json:"examples,omitempty"`
	Outline  *Outline `json:"outline,omitempty"` // behavioural questions only
	// Worked is a worked example for drills that need one (NRR/GRR math).
	Worked *Worked `json:"worked,omitempty"`
}

// Outline is the shape of an answer: context, action, outcome, learning.
type Outline struct {
	Context  string `json:"context"`
	Action   string `json:"action"`
	Outcome  string `json:"outcome"`
	Learning string `json:"learning"`
}

// Worked is a numeric example a candidate can rehearse, e.g. an NRR/GRR
// decomposition: each step is a label and an amount or a percentage.
type Worked struct {
	Title string       `json:"title"`
	Steps []WorkedStep `json:"steps"`
	Note  string       `json:"note"`
}

// WorkedStep is one line of a worked example.
type WorkedStep struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Advice is the pack's general guidance.
type Advice struct {
	LooksFor      []string `json:"looks_for"`
	BestPractices []string `json:"best_practices"`
	Mistakes      []string `json:"mistakes"`
	// Scenarios are real business scenarios the pack offers as models.
	Scenarios []string `json:"scenarios"`
}
