package ingest

import (
	"fmt"
	"strings"
)

// Limits on CV length that recruiters and ATS vendors quote: under about
// 150 words a CV cannot show a career; past about 1,400 words (three dense
// pages) it is not read to the end.
const (
	minCVWords = 150
	maxCVWords = 1400
	maxCVPages = 3
)

// cvFindings adds what the structure pass can see to the extractor's
// findings: length, and whether an experience section exists at all.
func cvFindings(d *Document, cv *CV) []Finding {
	out := append([]Finding(nil), d.Findings...)
	words := 0
	for _, l := range d.Lines {
		words += len(strings.Fields(l.Text))
	}
	switch {
	case words < minCVWords:
		out = append(out, Finding{Code: "too-short", Message: fmt.Sprintf(
			"We read only %d words: a CV this short cannot show your results; if your file has more, it may be partly an image", words)})
	case words > maxCVWords || d.Pages > maxCVPages:
		out = append(out, Finding{Code: "too-long", Message: fmt.Sprintf(
			"Your CV runs to %d words%s: interviewers skim; keep it to two pages and the last 10 years in detail", words, pagesNote(d.Pages))})
	}
	hasExperience := false
	for _, s := range cv.Sections {
		if s.Kind == SectionExperience {
			hasExperience = true
		}
	}
	if !hasExperience {
		out = append(out, Finding{Code: "no-experience-section",
			Message: "We found no section headed Experience (or Work History, Employment…): applicant tracking systems may not find your roles; give your experience a standard heading"})
	} else if len(cv.Experience) == 0 || !anyDated(cv.Experience) {
		out = append(out, Finding{Code: "undated-experience",
			Message: "Your roles carry no dates we could read: write them as \"Jan 2021 – Present\" next to each title"})
	}
	return out
}

func pagesNote(pages int) string {
	if pages > 0 {
		return fmt.Sprintf(" on %d pages", pages)
	}
	return ""
}

func anyDated(es []Entry) bool {
	for _, e := range es {
		if e.Start != "" {
			return true
		}
	}
	return false
}
