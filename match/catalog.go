package match

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"prep"
	"prep/ingest"
)

// Catalog holds the validated role packs. It is read-only after
// LoadCatalog and safe for concurrent use.
type Catalog struct {
	packs []*Pack // in id order
}

// LoadCatalog reads and validates every pack (*.yaml) at the root of fsys.
// Errors name the file and the field.
func LoadCatalog(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list packs: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("load packs: no *.yaml pack found")
	}
	sort.Strings(names)
	c := &Catalog{}
	var errs []string
	seen := map[string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read pack %s: %w", name, err)
		}
		p, err := parsePack(path.Base(name), data)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if other, dup := seen[p.ID]; dup {
			errs = append(errs, fmt.Sprintf("%s: id: pack %q is also defined in %s", name, p.ID, other))
			continue
		}
		seen[p.ID] = name
		c.packs = append(c.packs, p)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("invalid role packs:\n%s", strings.Join(errs, "\n"))
	}
	return c, nil
}

// Packs returns the packs in id order.
func (c *Catalog) Packs() []*Pack {
	return append([]*Pack(nil), c.packs...)
}

// Pack returns the pack with the given id.
func (c *Catalog) Pack(id string) (*Pack, bool) {
	for _, p := range c.packs {
		if p.ID == id {
			return p, true
		}
	}
	return nil, false
}

// Choose returns the pack a job description calls for.
func (c *Catalog) Choose(jd *ingest.Document) *Pack {
	return c.choose(readJob(jd, jd.JD()))
}

// choose scores each pack on the JD title (which decides when it names a
// role) and then on phrases in the text. csm is the default: the product
// is for Customer Success roles first.
func (c *Catalog) choose(job *jobReading) *Pack {
	var best *Pack
	bestScore := 0.0
	for _, p := range c.packs {
		score := 0.0
		titleTs := terms(job.title)
		for _, h := range p.choose.match(job.title, titleTs) {
			if h.signal == 0 {
				// Longer title phrases are more specific: "technical
				// account manager" beats "account manager".
				score += 10 + float64(h.end-h.first)
			}
		}
		if score == 0 {
			n := 0
			for _, h := range p.choose.match(job.toks, job.ts) {
				if h.signal == 1 || h.signal == 0 {
					n++
				}
			}
			score = float64(min(n, 9))
		}
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	if best == nil {
		if p, ok := c.Pack("csm"); ok {
			return p
		}
		return c.packs[0]
	}
	return best
}

// Analyze reads cv against jd with the pack named id, or the pack the job
// description calls for when id is empty. Problems with the inputs (an
// empty CV, a recipe, a JD in another language) become warnings in the
// analysis, never an error or an invented story.
func (c *Catalog) Analyze(ctx context.Context, cv, jd *ingest.Document, id string) (*Analysis, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if cv == nil || jd == nil {
		return nil, prep.Errorf(prep.EINVALID, "both a CV and a job description are needed")
	}
	return c.analyze(ctx, cv, cv.CV(), jd, jd.JD(), id)
}

// analyze is Analyze on documents whose views are already built.
func (c *Catalog) analyze(ctx context.Context, cv *ingest.Document, cvView *ingest.CV, jd *ingest.Document, jdView *ingest.JD, id string) (*Analysis, error) {
	job := readJob(jd, jdView)
	var pack *Pack
	if id != "" {
		var ok bool
		if pack, ok = c.Pack(id); !ok {
			return nil, prep.Errorf(prep.ENOTFOUND, "no role pack %q: choose one of %s", id, strings.Join(c.ids(), ", "))
		}
	} else {
		pack = c.choose(job)
	}

	reading := readCV(cv, cvView)
	warnings, usable := checkInputs(cv, cvView, reading, jd, job)
	if !usable {
		// Nothing on this page is the candidate's experience: quote none
		// of it rather than build stories on a recipe or a job ad.
		reading.statements = nil
	}
	for _, s := range reading.statements {
		s.signals = pack.signals(s.toks, s.ts)
	}

	firm := newFirm(job.job.Company)
	a := &Analysis{
		Schema:    Schema,
		Pack:      pack.ID,
		PackName:  pack.Name,
		Candidate: candidate(cvView, reading),
		Job:       job.job,
		Metrics:   collectMetrics(reading.statements),
		Warnings:  warnings,
	}
	a.Job.Requirements = coverRequirements(pack, job, reading)
	a.Pillars = scorePillars(pack, reading)
	a.Gaps = findGaps(pack, reading, job, firm)
	a.Questions = buildQuestions(pack, reading, a.Gaps, firm, job.job.Segment)
	a.Advice = advice(pack, firm)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

func (c *Catalog) ids() []string {
	var ids []string
	for _, p := range c.packs {
		ids = append(ids, p.ID)
	}
	return ids
}

// signals returns the pack's signals found in a text.
func (p *Pack) signals(toks []token, ts []term) signalSet {
	var set signalSet
	for _, h := range p.vocab.match(toks, ts) {
		set.add(h.signal)
	}
	// A signal that needs another is kept only where the other's phrases
	// are present, read on their own.
	var present signalSet
	read := false
	for i, with := range p.signalWith {
		if !set.has(i) {
			continue
		}
		if !read {
			for _, h := range p.withVocab.match(toks, ts) {
				present.add(h.signal)
			}
			read = true
		}
		if present.and(with).empty() {
			set.remove(i)
		}
	}
	return set
}

// candidate is who the CV belongs to.
func candidate(cv *ingest.CV, r *cvReading) Candidate {
	c := Candidate{
		Name:            cv.Contact.Name,
		Email:           cv.Contact.Email,
		Phone:           cv.Contact.Phone,
		Headline:        cv.Contact.Headline,
		YearsExperience: r.years,
	}
	if c.Headline == "" && len(cv.Experience) > 0 {
		c.Headline = cv.Experience[0].Title
	}
	return c
}

// collectMetrics lists the CV's metrics in reading order, each stated
// figure once.
func collectMetrics(stmts []*statement) []Metric {
	out := []Metric{}
	type key struct {
		kind, unit string
		value      float64
		before     float64
		hasBefore  bool
	}
	seen := map[key]bool{}
	for _, s := range stmts {
		if s.header {
			continue // a role's title or company line states no result
		}
		for _, m := range s.Metrics {
			k := key{kind: m.Kind, unit: m.Unit, value: m.Value}
			if m.Before != nil {
				k.before, k.hasBefore = *m.Before, true
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, m)
		}
	}
	return out
}
