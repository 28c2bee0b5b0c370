package match

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// packFile is a role pack as written in templates/packs/*.yaml.
type packFile struct {
	ID      string `yaml:"id"`
	Name    string `yaml:"name"`
	Summary string `yaml:"summary"`
	Choose  struct {
		Titles  []string `yaml:"titles"`
		Phrases []string `yaml:"phrases"`
	} `yaml:"choose"`
	Tailor        []tailorDef   `yaml:"tailor"`
	Pillars       []pillarDef   `yaml:"pillars"`
	Signals       []signalDef   `yaml:"signals"`
	LooksFor      []looksForDef `yaml:"looks_for"`
	Questions     []questionDef `yaml:"questions"`
	Gaps          []gapDef      `yaml:"gaps"`
	Scenarios     []string      `yaml:"scenarios"`
	BestPractices []string      `yaml:"best_practices"`
	Mistakes      []string      `yaml:"mistakes"`
	// Synonyms are groups of single words requirement coverage treats as
	// one ("retention", "renewal"), so a CV need not repeat the ad's words.
	Synonyms [][]string `yaml:"synonyms"`
}

// tailorDef replaces a phrase of the pack's texts when the job's segment
// is one of Segments: "why this segment vs" → "why enterprise CS vs".
type tailorDef struct {
	From     string   `yaml:"from"`
	To       string   `yaml:"to"`
	Segments []string `yaml:"segments"`
}

type pillarDef struct {
	ID          string   `yaml:"id"`
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Signals     []string `yaml:"signals"`
	Metrics     []string `yaml:"metrics"`
}

type signalDef struct {
	ID      string   `yaml:"id"`
	Phrases []string `yaml:"phrases"`
	Exact   []string `yaml:"exact"`
	// With names signals a statement must also carry for this one to be
	// found on it: "customer requests" are a product loop only where
	// product is named, a "risk assessment" is account health only where
	// accounts are.
	With []string `yaml:"with"`
}

type looksForDef struct {
	Text    string   `yaml:"text"`
	Pillars []string `yaml:"pillars"`
}

type questionDef struct {
	ID       string     `yaml:"id"`
	Kind     string     `yaml:"kind"`
	Group    string     `yaml:"group"`
	Text     string     `yaml:"text"`
	Tests    string     `yaml:"tests"`
	Pillars  []string   `yaml:"pillars"`
	Signals  []string   `yaml:"signals"`
	Metrics  []string   `yaml:"metrics"`
	Gaps     []string   `yaml:"gaps"`
	Examples []string   `yaml:"examples"`
	Action   string     `yaml:"action"`
	Outcome  string     `yaml:"outcome_hint"`
	Learning string     `yaml:"learning"`
	Prepare  string     `yaml:"prepare"`
	Worked   *workedDef `yaml:"worked"`
}

// workedDef is an NRR / GRR decomposition: a starting ARR and the
// expansion, contraction and churn of a year, today and at the goal.
type workedDef struct {
	Title    string     `yaml:"title"`
	StartARR float64    `yaml:"start_arr"`
	Currency string     `yaml:"currency"`
	Now      arrChanges `yaml:"now"`
	Goal     arrChanges `yaml:"goal"`
	Note     string     `yaml:"note"`
}

type arrChanges struct {
	Expansion   float64 `yaml:"expansion"`
	Contraction float64 `yaml:"contraction"`
	Churn       float64 `yaml:"churn"`
}

type gapDef struct {
	ID         string   `yaml:"id"`
	Rule       string   `yaml:"rule"`
	Signals    []string `yaml:"signals"`
	Metrics    []string `yaml:"metrics"`
	Quantified bool     `yaml:"quantified"`
	Headers    bool     `yaml:"headers"`
	// With names signals a statement must also carry to count: a sales
	// team mentioned at handoff is no partnership on expansion.
	With []string `yaml:"with"`
	// Worded names signals that state the figure in words and so count
	// even where the gap wants a number: "kept every account through
	// renewal" is a 100% renewal rate.
	Worded []string `yaml:"worded"`
	// Unless maps a signal of the gap to signals that, on the same
	// statement, keep it from counting: a customer's CIO met during an
	// outage is escalation work, not an executive rhythm.
	Unless       map[string][]string `yaml:"unless"`
	Below        float64             `yaml:"below"`
	Severity     string              `yaml:"severity"`
	Pillar       string              `yaml:"pillar"`
	Message      string              `yaml:"message"`
	Why          string              `yaml:"why"`
	Fix          string              `yaml:"fix"`
	FixBySubject map[string]string   `yaml:"fix_by_subject"`
}

// Gap rule kinds: the small set of generic checks a pack composes.
const (
	ruleNoEvidence      = "no_evidence"      // no statement with the signals, no metric of the kinds
	ruleQuantifiedShare = "quantified_share" // share of experience bullets with a number below a bar
	ruleJDTools         = "jd_tools"         // a tool the job names is not on the CV (one gap per tool)
	ruleJDSegment       = "jd_segment"       // the job's segment has no evidence on the CV
	ruleJDMotion        = "jd_motion"        // a motion the job names has no evidence (one per motion)
)

var ruleKinds = map[string]bool{
	ruleNoEvidence: true, ruleQuantifiedShare: true, ruleJDTools: true, ruleJDSegment: true, ruleJDMotion: true,
}

var questionKinds = map[string]bool{KindBehavioural: true, KindConcept: true, KindDrill: true, KindSmart: true}

var severities = map[string]int{SeverityHigh: 0, SeverityMedium: 1, SeverityLow: 2}

// Segments and motions of a job.
const (
	SegmentEnterprise = "enterprise"
	SegmentMidMarket  = "mid-market"
	SegmentSMB        = "smb"
	SegmentUnknown    = "unknown"

	MotionHighTouch = "high-touch"
	MotionTechTouch = "tech-touch"
	MotionPLG       = "plg"
)

var knownSegments = map[string]bool{SegmentEnterprise: true, SegmentMidMarket: true, SegmentSMB: true}
var knownMotions = map[string]bool{MotionHighTouch: true, MotionTechTouch: true, MotionPLG: true}

// placeholders a pack text may use.
var placeholderRE = regexp.MustCompile(`\{([^{}]*)\}`)

var knownPlaceholders = map[string]bool{"firm": true, "Firm": true, "tool": true, "segment": true, "motion": true, "share": true}

var idRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Pack is one validated role pack, compiled for matching.
type Pack struct {
	ID   string
	Name string
	// Summary is the pack's one-paragraph framing of the role.
	Summary string

	def       packFile
	signalIdx map[string]int
	vocab     *vocabulary
	choose    *vocabulary // signal 0: titles, 1: phrases

	pillarSignals   []signalSet
	questionSignals []signalSet
	gapSignals      []signalSet
	gapWith         []signalSet
	gapWorded       []signalSet
	// gapUnless holds, per gap, each signal's disqualifying signals.
	gapUnless []map[int]signalSet
	// evidence are the signals that name evidence (used by a pillar, a
	// question or a gap's signals), as opposed to those that only narrow
	// a gap rule ("with", "worded"); requirement coverage reads these.
	evidence signalSet
	gapIdx   map[string]int
	// signalWith holds, per signal with a "with" list, the signals it
	// needs on the same statement; withVocab holds the phrases of those
	// signals alone, so that a longer phrase of another signal does not
	// hide them ("corporate clients" still names clients).
	signalWith map[int]signalSet
	withVocab  *vocabulary
	// synonyms maps the stem of each word of a synonym group to the stem
	// of the group's first word.
	synonyms map[string]string
}

// fieldErrors collects validation errors, each naming the file and the
// field path: `csm.yaml: questions[3].pillars[0]: unknown pillar "gtm"`.
type fieldErrors struct {
	file string
	errs []string
}

func (e *fieldErrors) add(field, format string, args ...any) {
	e.errs = append(e.errs, fmt.Sprintf("%s: %s: %s", e.file, field, fmt.Sprintf(format, args...)))
}

func (e *fieldErrors) err() error {
	if len(e.errs) == 0 {
		return nil
	}
	return errors.New(strings.Join(e.errs, "\n"))
}

// parsePack decodes and validates one pack file. Unknown fields are errors
// so a misspelt key does not silently drop data.
func parsePack(file string, data []byte) (*Pack, error) {
	var def packFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&def); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty pack", file)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	p, err := compilePack(file, def)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func compilePack(file string, def packFile) (*Pack, error) {
	e := &fieldErrors{file: file}
	p := &Pack{ID: def.ID, Name: def.Name, Summary: strings.TrimSpace(def.Summary), def: def}

	want := strings.TrimSuffix(strings.TrimSuffix(file, ".yaml"), ".yml")
	switch {
	case def.ID == "":
		e.add("id", "missing")
	case !idRE.MatchString(def.ID):
		e.add("id", "%q is not a lower-case, dash-separated id", def.ID)
	case def.ID != want:
		e.add("id", "%q does not match the file name (want %q)", def.ID, want)
	}
	if strings.TrimSpace(def.Name) == "" {
		e.add("name", "missing")
	}
	if len(def.Choose.Titles) == 0 {
		e.add("choose.titles", "missing: list the job titles this pack is for")
	}
	p.choose = newVocabulary()
	for i, t := range def.Choose.Titles {
		if !p.choose.add(0, t, matchStem) {
			e.add(fmt.Sprintf("choose.titles[%d]", i), "no words")
		}
	}
	for i, t := range def.Choose.Phrases {
		if !p.choose.add(1, t, matchStem) {
			e.add(fmt.Sprintf("choose.phrases[%d]", i), "no words")
		}
	}

	// Signals first: everything else refers to them.
	p.signalIdx = map[string]int{}
	p.vocab = newVocabulary()
	if len(def.Signals) > maxSignals {
		e.add("signals", "%d signals, at most %d", len(def.Signals), maxSignals)
	}
	for i, s := range def.Signals {
		f := fmt.Sprintf("signals[%d]", i)
		if !idRE.MatchString(s.ID) {
			e.add(f+".id", "%q is not a lower-case, dash-separated id", s.ID)
			continue
		}
		if _, dup := p.signalIdx[s.ID]; dup {
			e.add(f+".id", "duplicate signal %q", s.ID)
			continue
		}
		if i >= maxSignals {
			continue
		}
		p.signalIdx[s.ID] = i
		if len(s.Phrases)+len(s.Exact) == 0 {
			e.add(f, "signal %q has no phrases", s.ID)
		}
		for j, ph := range s.Phrases {
			if !p.vocab.add(i, ph, matchStem) {
				e.add(fmt.Sprintf("%s.phrases[%d]", f, j), "no words in %q", ph)
			}
		}
		for j, ph := range s.Exact {
			if !p.vocab.add(i, ph, matchExact) {
				e.add(fmt.Sprintf("%s.exact[%d]", f, j), "no words in %q", ph)
			}
		}
	}
	signals := func(field string, ids []string) signalSet {
		var set signalSet
		for j, id := range ids {
			if k, ok := p.signalIdx[id]; ok {
				set.add(k)
			} else {
				e.add(fmt.Sprintf("%s[%d]", field, j), "unknown signal %q", id)
			}
		}
		return set
	}
	p.signalWith = map[int]signalSet{}
	for i, s := range def.Signals {
		if len(s.With) == 0 || i >= maxSignals {
			continue
		}
		f := fmt.Sprintf("signals[%d].with", i)
		with := signals(f, s.With)
		if with.has(i) {
			e.add(f, "signal %q cannot need itself", s.ID)
		}
		p.signalWith[i] = with
	}
	p.withVocab = newVocabulary()
	for i, s := range def.Signals {
		needed := false
		for _, with := range p.signalWith {
			needed = needed || with.has(i)
		}
		if !needed {
			continue
		}
		for _, ph := range s.Phrases {
			p.withVocab.add(i, ph, matchStem)
		}
		for _, ph := range s.Exact {
			p.withVocab.add(i, ph, matchExact)
		}
	}
	metrics := func(field string, kinds []string) {
		for j, k := range kinds {
			if !contains(MetricKinds, k) {
				e.add(fmt.Sprintf("%s[%d]", field, j), "unknown metric kind %q (want one of %s)", k, strings.Join(MetricKinds, ", "))
			}
		}
	}

	pillars := map[string]bool{}
	if len(def.Pillars) == 0 {
		e.add("pillars", "missing: a pack needs at least one pillar")
	}
	for i, pl := range def.Pillars {
		f := fmt.Sprintf("pillars[%d]", i)
		if !idRE.MatchString(pl.ID) {
			e.add(f+".id", "%q is not a lower-case, dash-separated id", pl.ID)
		} else if pillars[pl.ID] {
			e.add(f+".id", "duplicate pillar %q", pl.ID)
		}
		pillars[pl.ID] = true
		if strings.TrimSpace(pl.Name) == "" {
			e.add(f+".name", "missing")
		}
		if len(pl.Signals) == 0 {
			e.add(f+".signals", "missing: a pillar needs signals to find evidence")
		}
		p.pillarSignals = append(p.pillarSignals, signals(f+".signals", pl.Signals))
		metrics(f+".metrics", pl.Metrics)
	}
	pillarRefs := func(field string, ids []string, required bool) {
		if required && len(ids) == 0 {
			e.add(field, "missing")
		}
		for j, id := range ids {
			if !pillars[id] {
				e.add(fmt.Sprintf("%s[%d]", field, j), "unknown pillar %q", id)
			}
		}
	}

	// Gaps before questions, which refer to gap ids.
	p.gapIdx = map[string]int{}
	for i, g := range def.Gaps {
		f := fmt.Sprintf("gaps[%d]", i)
		if !idRE.MatchString(g.ID) {
			e.add(f+".id", "%q is not a lower-case, dash-separated id", g.ID)
		} else if _, dup := p.gapIdx[g.ID]; dup {
			e.add(f+".id", "duplicate gap %q", g.ID)
		}
		p.gapIdx[g.ID] = i
		if !ruleKinds[g.Rule] {
			e.add(f+".rule", "unknown rule %q (want one of no_evidence, quantified_share, jd_tools, jd_segment, jd_motion)", g.Rule)
		}
		if _, ok := severities[g.Severity]; !ok {
			e.add(f+".severity", "unknown severity %q (want high, medium or low)", g.Severity)
		}
		if g.Pillar != "" && !pillars[g.Pillar] {
			e.add(f+".pillar", "unknown pillar %q", g.Pillar)
		}
		required(e, f, "", "message", g.Message, "fix", g.Fix)
		p.gapSignals = append(p.gapSignals, signals(f+".signals", g.Signals))
		p.gapWith = append(p.gapWith, signals(f+".with", g.With))
		p.gapWorded = append(p.gapWorded, signals(f+".worded", g.Worded))
		unless := map[int]signalSet{}
		for _, id := range sortedKeys(g.Unless) {
			k, ok := p.signalIdx[id]
			switch {
			case !ok:
				e.add(f+".unless", "unknown signal %q", id)
			case !contains(g.Signals, id):
				e.add(f+".unless", "%q is not one of the gap's signals", id)
			case len(g.Unless[id]) == 0:
				e.add(f+".unless."+id, "missing: list the signals that keep it from counting")
			default:
				unless[k] = signals(f+".unless."+id, g.Unless[id])
			}
		}
		p.gapUnless = append(p.gapUnless, unless)
		if len(g.Worded) > 0 && !g.Quantified {
			e.add(f+".worded", "only a quantified rule needs words that stand for a number")
		}
		if len(g.With) > 0 && len(g.Signals) == 0 {
			e.add(f+".with", "needs signals: it narrows which statements with them count")
		}
		metrics(f+".metrics", g.Metrics)
		switch g.Rule {
		case ruleNoEvidence:
			if len(g.Signals)+len(g.Metrics) == 0 {
				e.add(f, "rule no_evidence needs signals or metrics")
			}
			if g.Quantified && len(g.Signals) == 0 {
				e.add(f+".quantified", "needs signals: it asks for a signal on a statement with a number")
			}
		case ruleQuantifiedShare:
			if g.Below <= 0 || g.Below >= 1 {
				e.add(f+".below", "want a share between 0 and 1, got %v", g.Below)
			}
		}
		for _, subject := range sortedKeys(g.FixBySubject) {
			switch g.Rule {
			case ruleJDMotion:
				if !knownMotions[subject] {
					e.add(f+".fix_by_subject", "unknown motion %q", subject)
				}
			case ruleJDSegment:
				if !knownSegments[subject] {
					e.add(f+".fix_by_subject", "unknown segment %q", subject)
				}
			default:
				e.add(f+".fix_by_subject", "only jd_motion and jd_segment rules have subjects")
			}
		}
		checkPlaceholders(e, f+".message", g.Message)
		checkPlaceholders(e, f+".why", g.Why)
		checkPlaceholders(e, f+".fix", g.Fix)
		for _, subject := range sortedKeys(g.FixBySubject) {
			checkPlaceholders(e, f+".fix_by_subject."+subject, g.FixBySubject[subject])
		}
	}

	ids := map[string]bool{}
	for i, q := range def.Questions {
		f := fmt.Sprintf("questions[%d]", i)
		if !idRE.MatchString(q.ID) {
			e.add(f+".id", "%q is not a lower-case, dash-separated id", q.ID)
		} else if ids[q.ID] {
			e.add(f+".id", "duplicate question %q", q.ID)
		}
		ids[q.ID] = true
		if !questionKinds[q.Kind] {
			e.add(f+".kind", "unknown kind %q (want behavioural, concept, drill or smart)", q.Kind)
		}
		if strings.TrimSpace(q.Text) == "" {
			e.add(f+".text", "missing")
		}
		pillarRefs(f+".pillars", q.Pillars, true)
		p.questionSignals = append(p.questionSignals, signals(f+".signals", q.Signals))
		metrics(f+".metrics", q.Metrics)
		for j, id := range q.Gaps {
			if _, ok := p.gapIdx[id]; !ok {
				e.add(fmt.Sprintf("%s.gaps[%d]", f, j), "unknown gap %q", id)
			}
		}
		switch q.Kind {
		case KindConcept:
			if q.Group == "" {
				e.add(f+".group", "missing: a concept belongs to a group")
			}
			if q.Tests == "" {
				e.add(f+".tests", "missing: a concept needs its definition")
			}
		case KindBehavioural:
			required(e, f, ": behavioural questions need it for the answer outline",
				"action", q.Action, "outcome_hint", q.Outcome, "learning", q.Learning, "prepare", q.Prepare)
		}
		if q.Group != "" && q.Kind != KindConcept {
			e.add(f+".group", "only concepts have a group")
		}
		if w := q.Worked; w != nil {
			if q.Kind != KindDrill {
				e.add(f+".worked", "only drills have a worked example")
			}
			if w.StartARR <= 0 {
				e.add(f+".worked.start_arr", "want a positive amount")
			}
			if w.Currency == "" {
				e.add(f+".worked.currency", "missing")
			}
			for _, c := range []struct {
				name string
				arrChanges
			}{{"now", w.Now}, {"goal", w.Goal}} {
				if c.Expansion < 0 || c.Contraction < 0 || c.Churn < 0 || c.Contraction+c.Churn >= w.StartARR {
					e.add(f+".worked."+c.name, "amounts must be positive and losses below the start ARR")
				}
			}
		}
	}
	for i, lf := range def.LooksFor {
		f := fmt.Sprintf("looks_for[%d]", i)
		if strings.TrimSpace(lf.Text) == "" {
			e.add(f+".text", "missing")
		}
		pillarRefs(f+".pillars", lf.Pillars, false)
	}
	for i, t := range def.Tailor {
		f := fmt.Sprintf("tailor[%d]", i)
		if t.From == "" {
			e.add(f+".from", "missing")
		}
		for j, s := range t.Segments {
			if !knownSegments[s] {
				e.add(fmt.Sprintf("%s.segments[%d]", f, j), "unknown segment %q", s)
			}
		}
	}
	if len(def.Questions) == 0 {
		e.add("questions", "missing: a pack needs questions")
	}
	p.synonyms = map[string]string{}
	for i, group := range def.Synonyms {
		f := fmt.Sprintf("synonyms[%d]", i)
		if len(group) < 2 {
			e.add(f, "a group needs at least two words")
			continue
		}
		head := stem(strings.ToLower(group[0]))
		for j, w := range group {
			toks := tokenize(strings.ToLower(w))
			if len(toks) != 1 || toks[0].kind != tokWord {
				e.add(fmt.Sprintf("%s[%d]", f, j), "%q is not a single word", w)
				continue
			}
			if prev, dup := p.synonyms[toks[0].stem]; dup && prev != head {
				e.add(fmt.Sprintf("%s[%d]", f, j), "%q is already in another group", w)
				continue
			}
			p.synonyms[toks[0].stem] = head
		}
	}
	for _, sets := range [][]signalSet{p.pillarSignals, p.questionSignals, p.gapSignals} {
		for _, set := range sets {
			p.evidence[0] |= set[0]
			p.evidence[1] |= set[1]
		}
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return p, nil
}

func checkPlaceholders(e *fieldErrors, field, text string) {
	for _, m := range placeholderRE.FindAllStringSubmatch(text, -1) {
		if !knownPlaceholders[m[1]] {
			e.add(field, "unknown placeholder {%s} (want {firm}, {Firm}, {tool}, {segment}, {motion} or {share})", m[1])
		}
	}
}

// required adds an error for each empty text; pairs are field name, text.
func required(e *fieldErrors, prefix, why string, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			e.add(prefix+"."+pairs[i], "missing%s", why)
		}
	}
}

// sortedKeys returns the keys of m in order, so output never depends on
// map iteration.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
