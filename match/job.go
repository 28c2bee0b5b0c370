package match

import (
	"strings"

	"prep/ingest"
)

// jobReading is the job description as the analysis uses it.
type jobReading struct {
	job          Job
	title        []token
	text         string // the whole JD, for pack choice and language checks
	toks         []token
	ts           []term
	requirements []requirementText
	tools        []int
	// segments are all the segments the JD names clearly, the main one
	// (job.Segment) first.
	segments []string
	// alternatives maps a tool to the tools the JD offers instead of it
	// ("Planhat or Gainsight", "Vitally, Gainsight or a similar tool").
	alternatives map[int][]int
}

// requirementText is one requirement bullet before it is matched.
type requirementText struct {
	text    string
	section string
	toks    []token
	ts      []term
}

// Segment and motion vocabularies. Classes of segmentVocabulary: strong
// enterprise, mid-market, SMB, and "enterprise" alone, which is weak:
// "enterprise SaaS" names a category, not a segment.
const (
	segEnterprise = iota
	segMidMarket
	segSMB
	segEnterpriseWeak
	segSMBMid // "small and mid-sized": both SMB and mid-market
)

var segmentVocabulary = compileClasses(map[int]string{
	segEnterprise:     "enterprise account|enterprise customer|enterprise client|enterprise segment|large enterprise|fortune 500|fortune 1000|global 2000|global 1000|strategic account|named account|large account|enterprise-level|enterprise csm|enterprise customer success|enterprise book|largest customer|largest client|enterprise logo|enterprise organization|enterprise organisation",
	segMidMarket:      "mid-market|midmarket|mid market|mid-size|mid-sized|midsize|midsized|medium-sized|medium sized|medium business|tier 2 account|commercial segment|growth segment",
	segSMB:            "smb|smbs|small business|sme|smes|small customer|long tail|self-serve customer|small team|small clinic|small firm|small company",
	segEnterpriseWeak: "enterprise|enterprises",
	segSMBMid:         "small and medium|small and mid-sized|small and midsize|small to medium|small-to-medium|small and medium-sized|small and mid-size|smb and mid-market|smb and mid market",
})

// Motion classes: what a JD must say to name a motion, strictly.
var motionVocabulary = compileClasses(map[int]string{
	0: "high-touch|high touch|white-glove|white glove|named account|dedicated csm|dedicated customer success manager|strategic account|one-to-one|1:1 relationship",
	1: "tech-touch|tech touch|low-touch|low touch|digital customer success|digital cs|scaled customer success|scaled cs|scale cs|one-to-many|1:many|1-to-many|pooled|pooled model|digital-first|digital touch|scaled program|scale program|customer success at scale",
	2: "plg|product-led|product led|self-serve|self serve|freemium|product-led growth|bottom-up adoption",
})

var motionNames = []string{MotionHighTouch, MotionTechTouch, MotionPLG}

// Motion evidence on a CV is read more broadly than a JD's naming: QBRs
// with executive sponsors are high-touch work even if the CV never says so.
var motionEvidenceVocabulary = compileClasses(map[int]string{
	0: "high-touch|high touch|white-glove|white glove|named account|dedicated csm|strategic account|key account|enterprise account|enterprise customer|enterprise client|qbr|ebr|executive business review|quarterly business review|executive sponsor|exec sponsor|c-level|c-suite|one-to-one|account plan|account planning",
	1: "tech-touch|tech touch|low-touch|low touch|digital cs|digital customer success|digital success|digital-first|digital touch|digital program|digital programme|digital play|digital engagement|digital onboarding|digital journey|digital csm|scaled|one-to-many|1:many|1-to-many|pooled|automated|automation|webinar|email campaign|lifecycle email|lifecycle campaign|nurture|in-app|at scale|scale program|help center|knowledge base|office hours",
	2: "plg|product-led|product led|self-serve|self serve|freemium|free trial|trial conversion|trial user|in-app|pql|product qualified|product-qualified|usage-based|activation|bottom-up",
})

// motionPLG is the class of the PLG motion in the motion vocabularies.
const motionPLG = 2

// selfServeFeatures are what "self-serve" may describe without naming a
// product-led motion: self-serve reporting is an analytics feature, a
// self-serve help centre is support.
var selfServeFeatures = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("reporting report reports analytics dashboard dashboards bi insights data help support documentation docs knowledge content resources learning training") {
		m[stem(w)] = true
	}
	return m
}()

// motionHits matches a motion vocabulary, leaving out "self-serve" where it
// describes a feature ("Looker for self-serve reporting").
func motionHits(v *vocabulary, toks []token, ts []term) []hit {
	hits := v.match(toks, ts)
	out := hits[:0]
	for _, h := range hits {
		if h.signal == motionPLG && toks[ts[h.first].tok].stem == "self" && h.end < len(ts) && !ts[h.end-1].softAfter && selfServeFeatures[toks[ts[h.end].tok].stem] {
			continue
		}
		if negated(toks, ts, h) || exception(toks, ts, h) {
			continue
		}
		out = append(out, h)
	}
	return out
}

// exception reports whether a phrase names the exception to a model, not
// the model: "steps in one-to-one when the data says so", "one-to-one
// calls where needed", "occasional one-to-one sessions". A pooled team that
// calls a customer when usage drops still runs a pooled model.
func exception(toks []token, ts []term, h hit) bool {
	for k, words := h.end, 0; k < len(ts) && words < 3; k, words = k+1, words+1 {
		if ts[k-1].softAfter {
			break
		}
		switch toks[ts[k].tok].lower {
		case "when", "whenever", "if", "unless":
			return true
		case "needed", "required", "necessary":
			return words > 0
		}
	}
	for k, words := h.first-1, 0; k >= 0 && words < 3; k, words = k-1, words+1 {
		if ts[k].softAfter {
			break
		}
		w := toks[ts[k].tok].lower
		switch w {
		case "occasional", "occasionally", "sometimes", "ad-hoc", "adhoc":
			return true
		case "in":
			if k > 0 && !ts[k-1].softAfter {
				switch toks[ts[k-1].tok].stem {
				case "step", "jump":
					return true
				}
			}
		}
	}
	return false
}

// negated reports whether a phrase is said in the negative or as the
// alternative set aside: "rather than one-to-one calls", "Instead of a
// handful of named accounts, you will own a segment", "not a high-touch
// role", "more than managing a handful of large accounts". The marker
// must open the phrase's own stretch of words: within six words before
// it, with no comma or parenthesis between. "Not only" and "not just"
// add rather than negate.
func negated(toks []token, ts []term, h hit) bool {
	for k, words := h.first-1, 0; k >= 0 && words < 6; k, words = k-1, words+1 {
		if ts[k].softAfter {
			return false
		}
		t := toks[ts[k].tok]
		next := ""
		if k+1 < len(ts) {
			next = toks[ts[k+1].tok].lower
		}
		prev := ""
		if k > 0 && !ts[k-1].softAfter {
			prev = toks[ts[k-1].tok].lower
		}
		switch t.lower {
		case "not", "never", "without", "unlike", "no", "nor":
			if t.lower == "not" && (next == "only" || next == "just" || next == "merely") {
				return false
			}
			return true
		case "of":
			if prev == "instead" {
				return true
			}
		case "than":
			// "more than managing a handful of large accounts" sets
			// them aside; "more than 40 enterprise accounts" counts.
			if prev == "rather" || (prev == "more" || prev == "less") && toks[ts[k+1].tok].kind == tokWord {
				return true
			}
		case "to":
			if prev == "opposed" {
				return true
			}
		}
		if strings.HasSuffix(t.lower, "n't") || strings.HasSuffix(t.lower, "n’t") {
			return true
		}
	}
	return false
}

// compileClasses compiles a vocabulary whose signals are the map's keys.
func compileClasses(classes map[int]string) *vocabulary {
	v := newVocabulary()
	for c := 0; c < len(classes); c++ {
		for _, p := range strings.Split(classes[c], "|") {
			v.add(c, p, matchStem)
		}
	}
	return v
}

// readJob reads what the job description asks for. Requirement coverage
// needs the pack and the CV and is filled in later.
func readJob(doc *ingest.Document, jd *ingest.JD) *jobReading {
	r := &jobReading{text: doc.Text()}
	r.toks = tokenize(r.text)
	r.ts = terms(r.toks)
	r.title = tokenize(jd.Title)
	r.job = Job{
		Company:      strings.TrimSpace(jd.Company),
		Title:        strings.TrimSpace(jd.Title),
		Seniority:    seniority(jd.Title),
		Motions:      []string{},
		Tools:        []string{},
		Metrics:      []string{},
		Requirements: []Requirement{},
	}
	r.job.Segment, r.segments = jobSegment(r.title, r.toks, r.ts)

	found := map[int]bool{}
	for _, h := range motionHits(motionVocabulary, r.toks, r.ts) {
		found[h.signal] = true
	}
	for c, name := range motionNames {
		if found[c] {
			r.job.Motions = append(r.job.Motions, name)
		}
	}
	r.job.Metrics = metricsNamed(r.toks, r.ts)

	for _, sec := range jobSections(doc, jd) {
		switch sec.Kind {
		case ingest.SectionAbout, ingest.SectionBenefits:
			continue
		}
		if headingKind(sec.Heading) == ingest.SectionBenefits {
			continue // "Why Fernhill", "Perks": what the job offers, not asks
		}
		items := sec.Bullets
		if len(items) == 0 && (sec.Kind == ingest.SectionResponsibilities || sec.Kind == ingest.SectionRequirements || sec.Kind == ingest.SectionNiceToHave) {
			for _, t := range sec.Text {
				items = append(items, splitSentences(t)...)
			}
		}
		for _, b := range items {
			b = strings.TrimSpace(b)
			if t, ok := ingest.SplitBullet(b); ok {
				b = t
			}
			b = strings.Trim(b, "*_ ")
			if wordCount(b) < 3 || len(r.requirements) >= maxRequirements {
				continue
			}
			toks := tokenize(b)
			r.requirements = append(r.requirements, requirementText{text: b, section: string(sec.Kind), toks: toks, ts: terms(toks)})
		}
	}

	// The platforms of a technical seat are tools of the job only when the
	// role is technical and its requirements name them.
	asked := map[int]bool{}
	if technicalTitle(r.title) {
		for _, req := range r.requirements {
			for _, t := range findTools(req.toks, req.ts) {
				asked[t] = true
			}
		}
	}
	for _, t := range findTools(r.toks, r.ts) {
		if tools[t].tech && !asked[t] {
			continue
		}
		r.tools = append(r.tools, t)
		r.job.Tools = append(r.job.Tools, tools[t].name)
	}
	r.alternatives = toolAlternatives(r.toks, r.ts)
	return r
}

// technicalTitle reports whether a job title names a technical seat: a
// technical account manager, a solutions or support engineer, an
// architect, a "CSM (Technical)".
func technicalTitle(title []token) bool {
	for _, t := range title {
		switch t.lower {
		case "technical", "tam", "solutions", "solution", "engineer", "engineering", "architect", "developer", "devops", "sre":
			return true
		}
	}
	return false
}

// maxRequirements bounds the requirement table: long JDs repeat themselves.
const maxRequirements = 30

// seniority reads the level of a job title.
func seniority(title string) string {
	if strings.TrimSpace(title) == "" {
		return "unknown"
	}
	words := map[string]bool{}
	toks := tokenize(title)
	for i, t := range toks {
		if t.kind == tokWord {
			words[t.lower] = true
			if i+1 < len(toks) {
				words[t.lower+" "+toks[i+1].lower] = true
			}
		}
	}
	switch {
	case words["vp"] || words["vice president"] || words["chief"] || words["cco"] || words["svp"] || words["evp"]:
		return "vp"
	case words["director"]:
		return "director"
	case words["head"]:
		return "head"
	case words["lead"] || words["principal"] || words["staff"] || words["manager,"] || words["team manager"]:
		return "lead"
	case words["senior"] || words["sr"] || words["snr"]:
		return "senior"
	case words["junior"] || words["jr"] || words["associate"] || words["entry"] || words["intern"] || words["graduate"] || words["trainee"] || words["apprentice"]:
		return "junior"
	}
	return "mid"
}

// jobSegment weighs segment words across the JD, the title three times as
// much, and returns the heaviest segment, or unknown when no segment is
// clearly named, with every segment named clearly enough.
func jobSegment(title, toks []token, ts []term) (string, []string) {
	var score [3]float64
	first := [3]int{1 << 30, 1 << 30, 1 << 30}
	tally := func(toks []token, ts []term, w float64) {
		for _, h := range segmentVocabulary.match(toks, ts) {
			if negated(toks, ts, h) {
				continue
			}
			for _, seg := range segmentsOfClass(h.signal) {
				v := w
				switch h.signal {
				case segEnterpriseWeak:
					v = w * 0.4
				case segSMBMid:
					v = w * 0.5
				}
				score[seg] += v
				if ts[h.first].tok < first[seg] {
					first[seg] = ts[h.first].tok
				}
			}
		}
	}
	tally(title, terms(title), 3)
	tally(toks, ts, 1)
	best := -1
	for s := 0; s < 3; s++ {
		if score[s] < 1 {
			continue
		}
		if best < 0 || score[s] > score[best] || score[s] == score[best] && first[s] < first[best] {
			best = s
		}
	}
	if best < 0 {
		return SegmentUnknown, nil
	}
	all := []string{segmentOfClass(best)}
	for s := 0; s < 3; s++ {
		// "enterprise and mid-market": a weak mention counts here.
		if s != best && score[s] >= 0.4 {
			all = append(all, segmentOfClass(s))
		}
	}
	return all[0], all
}

// segmentsOfClass maps a class of segmentVocabulary to the segments
// (segEnterprise, segMidMarket, segSMB) it names.
func segmentsOfClass(c int) []int {
	switch c {
	case segEnterpriseWeak:
		return []int{segEnterprise}
	case segSMBMid:
		return []int{segSMB, segMidMarket}
	}
	return []int{c}
}

// metricsNamed returns the metric kinds a JD names, in MetricKinds order.
// Only words that name a measure count: "renewals" is a duty, "renewal
// rate" a metric; "onboarding" is a duty, "time to value" a metric.
func metricsNamed(toks []token, ts []term) []string {
	named := map[string]bool{}
	for _, h := range metricVocabulary.match(toks, ts) {
		words := make([]string, 0, 3)
		for k := h.first; k < h.end; k++ {
			words = append(words, toks[ts[k].tok].lower)
		}
		phrase := strings.Join(words, " ")
		switch h.signal {
		case kwNRR:
			named[MetricNRR] = true
		case kwGRR:
			named[MetricGRR] = true
		case kwChurn:
			named[MetricChurnRate] = true
		case kwRenewal:
			if strings.Contains(phrase, "rate") || strings.HasPrefix(phrase, "retention") || strings.Contains(phrase, "retention") {
				named[MetricRenewalRate] = true
			}
		case kwExpansion:
			named[MetricExpansionRevenue] = true
		case kwARR:
			named[MetricARRManaged] = true
		case kwACV:
			named[MetricACV] = true
		case kwTTV:
			if strings.Contains(phrase, "value") || phrase == "ttv" || strings.Contains(phrase, "time") {
				named[MetricTTV] = true
			}
		case kwAdoption:
			if phrase != "engagement" && phrase != "login" && phrase != "logins" {
				named[MetricAdoption] = true
			}
		case kwNPS:
			named[MetricNPS] = true
		case kwCSAT:
			named[MetricCSAT] = true
		case kwRevenue:
			if phrase != "sales" && phrase != "deals" && phrase != "contracts" {
				named[MetricRevenue] = true
			}
		}
	}
	out := []string{}
	for _, k := range MetricKinds {
		if named[k] {
			out = append(out, k)
		}
	}
	return out
}

// jobSections are the JD view's sections, or, when the view found no list
// outside the "about" part (bare headings it did not see), sections rebuilt
// from the document's lines: each bulleted line a bullet, each short
// unbulleted line before a bullet a heading.
func jobSections(doc *ingest.Document, jd *ingest.JD) []ingest.JDSection {
	for _, s := range jd.Sections {
		if len(s.Bullets) > 0 && s.Kind != ingest.SectionAbout && s.Kind != ingest.SectionBenefits {
			return jd.Sections
		}
	}
	var out []ingest.JDSection
	cur := ingest.JDSection{Kind: ingest.SectionAbout}
	lines := doc.Lines
	for i, l := range lines {
		t, bullet := ingest.SplitBullet(strings.TrimSpace(l.Text))
		bullet = bullet || l.Bullet
		if bullet {
			cur.Bullets = append(cur.Bullets, t)
			continue
		}
		nextBullet := false
		if i+1 < len(lines) {
			_, nextBullet = ingest.SplitBullet(strings.TrimSpace(lines[i+1].Text))
			nextBullet = nextBullet || lines[i+1].Bullet
		}
		if l.Heading || nextBullet && wordCount(t) <= 10 {
			if len(cur.Bullets)+len(cur.Text) > 0 {
				out = append(out, cur)
			}
			cur = ingest.JDSection{Kind: headingKind(t), Heading: t}
			continue
		}
		cur.Text = append(cur.Text, t)
	}
	if len(cur.Bullets)+len(cur.Text) > 0 {
		out = append(out, cur)
	}
	return out
}

// headingKind classifies a JD heading by its words.
func headingKind(h string) ingest.SectionKind {
	low := strings.ToLower(h)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(low, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("nice to have", "bonus", "preferred", "plus if", "a plus", "extra"):
		return ingest.SectionNiceToHave
	case has("benefit", "perks", "we offer", "compensation", "what's in it", "why join", "why you'll love") || strings.HasPrefix(low, "why "):
		return ingest.SectionBenefits
	case has("require", "qualif", "looking for", "you have", "who you are", "about you", "skills", "you bring", "must", "you'll need", "you will need", "ideal candidate"):
		return ingest.SectionRequirements
	case has("responsib", "you'll do", "you will do", "the role", "your role", "day to day", "day-to-day", "mission", "goals", "what you'll", "in this role", "duties", "impact"):
		return ingest.SectionResponsibilities
	case has("about"):
		return ingest.SectionAbout
	}
	return ingest.SectionOther
}

// toolAlternatives groups tools named as alternatives: a run of tools
// separated by commas, slashes and "or", with at least one "or" or slash
// (or followed by "or similar"). A run joined by "and" lists tools that
// are all wanted.
func toolAlternatives(toks []token, ts []term) map[int][]int {
	type at struct{ tool, first, last int }
	var hits []at
	for _, h := range toolVocabulary.match(toks, ts) {
		hits = append(hits, at{h.signal, ts[h.first].tok, ts[h.end-1].tok})
	}
	out := map[int][]int{}
	alone := map[int]bool{} // tools also named outside any "or" list
	for i := 0; i < len(hits); {
		j, or := i, false
		for j+1 < len(hits) {
			sep, ok := separator(toks[hits[j].last+1 : hits[j+1].first])
			if !ok {
				break
			}
			or = or || sep
			j++
		}
		// "Gainsight or a similar CS platform" makes a run of one or more
		// tools alternatives to whatever the candidate used.
		if k := hits[j].last + 1; k+1 < len(toks) && toks[k].lower == "or" {
			or = true
		}
		if or && j > i {
			for a := i; a <= j; a++ {
				for b := i; b <= j; b++ {
					if a != b && !containsInt(out[hits[a].tool], hits[b].tool) {
						out[hits[a].tool] = append(out[hits[a].tool], hits[b].tool)
					}
				}
			}
		} else if !or {
			for a := i; a <= j; a++ {
				alone[hits[a].tool] = true
			}
		}
		i = j + 1
	}
	// "Answer questions in Intercom" elsewhere makes Intercom required even
	// where the ad also says "a tool like Intercom or Zendesk".
	for t := range alone {
		delete(out, t)
	}
	return out
}

// separator reports whether the tokens between two tools join them in a
// list, and whether the join says "or".
func separator(between []token) (or, ok bool) {
	for _, t := range between {
		switch t.lower {
		case ",", "or", "/", "either":
			or = or || t.lower != ","
		default:
			return false, false
		}
	}
	return or, true
}
