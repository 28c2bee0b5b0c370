package ingest

// SectionKind names the kind of a CV or JD section, whatever its heading says.
type SectionKind string

// CV section kinds.
const (
	SectionContact        SectionKind = "contact" // lines above the first heading
	SectionSummary        SectionKind = "summary"
	SectionExperience     SectionKind = "experience"
	SectionEducation      SectionKind = "education"
	SectionSkills         SectionKind = "skills"
	SectionCertifications SectionKind = "certifications"
	SectionProjects       SectionKind = "projects"
	SectionOther          SectionKind = "other"
)

// JD section kinds.
const (
	SectionAbout            SectionKind = "about"
	SectionResponsibilities SectionKind = "responsibilities"
	SectionRequirements     SectionKind = "requirements"
	SectionNiceToHave       SectionKind = "nice_to_have"
	SectionBenefits         SectionKind = "benefits"
)

// Contact is what a CV says about how to reach its author.
type Contact struct {
	Name     string   `json:"name,omitempty"`
	Email    string   `json:"email,omitempty"`
	Phone    string   `json:"phone,omitempty"`
	LinkedIn string   `json:"linkedin,omitempty"`
	URLs     []string `json:"urls,omitempty"`
	Location string   `json:"location,omitempty"`
	Headline string   `json:"headline,omitempty"` // the line under the name, e.g. "Senior CSM"
}

// Section is a run of lines under one heading.
type Section struct {
	Kind    SectionKind `json:"kind"`
	Heading string      `json:"heading,omitempty"` // as written, letter-spacing removed
	Lines   []Line      `json:"lines"`
}

// Entry is one position in a CV's experience section.
type Entry struct {
	Title    string `json:"title,omitempty"`
	Company  string `json:"company,omitempty"`
	Location string `json:"location,omitempty"`
	// Start and End are normalised to "YYYY-MM" or "YYYY"; End is empty
	// when the CV gives none and Current is set for "Present", "now", ….
	Start   string `json:"start,omitempty"`
	End     string `json:"end,omitempty"`
	Current bool   `json:"current,omitempty"`
	// Dates is the date range as written on the CV.
	Dates string `json:"dates,omitempty"`
	// About is a sentence that describes the employer, written under the
	// header ("Datakite is a data-integration SaaS for mid-sized
	// retailers."): context for the role, not something the candidate did.
	About string `json:"about,omitempty"`
	// Bullets are the entry's statements: list items and description
	// paragraphs, each with lines wrapped by the layout joined back.
	Bullets []string `json:"bullets,omitempty"`
}

// CV is the structured view of a curriculum vitae.
type CV struct {
	Contact    Contact   `json:"contact"`
	Sections   []Section `json:"sections"`
	Experience []Entry   `json:"experience,omitempty"`
	// Findings are the extractor's parse-quality findings plus what the
	// structure pass adds (length, missing experience section).
	Findings []Finding `json:"findings,omitempty"`
}

// JDSection is a section of a job description with its bullets.
type JDSection struct {
	Kind    SectionKind `json:"kind"`
	Heading string      `json:"heading,omitempty"`
	Bullets []string    `json:"bullets,omitempty"` // list items, wrapped lines joined
	Text    []string    `json:"text,omitempty"`    // paragraphs that are not list items
}

// JD is the structured view of a job description.
type JD struct {
	Company  string      `json:"company,omitempty"`
	Title    string      `json:"title,omitempty"`
	Location string      `json:"location,omitempty"`
	Sections []JDSection `json:"sections"`
}
