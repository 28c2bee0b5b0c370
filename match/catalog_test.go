package match

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"prep/internal/testenv"
	"prep/templates"
)

func loadCatalog(tb testing.TB) *Catalog {
	tb.Helper()
	c, err := LoadCatalog(templates.Packs())
	if err != nil {
		tb.Fatalf("LoadCatalog: %v", err)
	}
	return c
}

// TestPacks loads every embedded pack and checks every id it refers to,
// beyond what LoadCatalog validates: each signal is used, each gap is
// reachable from a question, the csm pack has the ids the contract fixes.
func TestPacks(t *testing.T) {
	c := loadCatalog(t)
	if got := c.ids(); strings.Join(got, ",") != "bd-cs,csm" {
		t.Fatalf("packs = %v, want bd-cs and csm", got)
	}
	for _, p := range c.Packs() {
		t.Run(p.ID, func(t *testing.T) {
			used := map[string]bool{}
			for _, pl := range p.def.Pillars {
				for _, s := range pl.Signals {
					used[s] = true
				}
			}
			for _, q := range p.def.Questions {
				for _, s := range q.Signals {
					used[s] = true
				}
			}
			for _, g := range p.def.Gaps {
				for _, s := range append(append(append([]string{}, g.Signals...), g.With...), g.Worded...) {
					used[s] = true
				}
			}
			for _, s := range p.def.Signals {
				for _, w := range s.With {
					used[w] = true
				}
			}
			for _, s := range p.def.Signals {
				if !used[s.ID] {
					t.Errorf("signal %q is used by no pillar, question, gap or signal", s.ID)
				}
			}
			kinds := map[string]int{}
			for _, q := range p.def.Questions {
				kinds[q.Kind]++
			}
			if kinds[KindBehavioural] == 0 {
				t.Errorf("no behavioural question")
			}
			for _, g := range p.def.Gaps {
				if g.Why == "" {
					t.Errorf("gap %s: no why", g.ID)
				}
			}
		})
	}

	csm, _ := c.Pack("csm")
	var pillars []string
	for _, pl := range csm.def.Pillars {
		pillars = append(pillars, pl.ID)
	}
	if got, want := strings.Join(pillars, " "), "gtm-motion health-expansion escalation-churn cross-functional"; got != want {
		t.Errorf("csm pillars = %s, want %s", got, want)
	}
	for _, id := range []string{"nrr-grr-missing", "churn-renewal-missing", "expansion-missing", "book-size-missing",
		"health-score-missing", "onboarding-ttv-missing", "escalation-missing", "product-loop-missing",
		"sales-partnership-missing", "exec-cadence-missing", "unquantified-impact", "jd-tool-missing",
		"segment-mismatch", "motion-mismatch", "b2b-saas-context-missing"} {
		if _, ok := csm.gapIdx[id]; !ok {
			t.Errorf("csm has no gap %q", id)
		}
	}
	count := map[string]int{}
	for _, q := range csm.def.Questions {
		count[q.Kind]++
	}
	want := map[string]int{KindBehavioural: 8, KindConcept: 16, KindDrill: 3, KindSmart: 5}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("csm has %d %s items, the seed has %d", count[k], k, n)
		}
	}
	bd, _ := c.Pack("bd-cs")
	if n := len(bd.def.Questions); n != 10 {
		t.Errorf("bd-cs has %d questions, the seed has 10", n)
	}
	if n := len(bd.def.Pillars); n != 5 {
		t.Errorf("bd-cs has %d pillars, the seed has 5 key concepts", n)
	}
}

// TestPacksFaithfulToSeed checks that the user's texts in the packs are
// the seed's, word for word: questions, what they test, definitions,
// drills, anchors, looks-for, and the bd-cs lists.
func TestPacksFaithfulToSeed(t *testing.T) {
	dir := filepath.Join(testenv.ModuleRoot(t), "..", "shared", "seeds")
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("seeds not found at %s: %v", dir, err)
		}
		return collapse(string(data))
	}
	seeds := map[string]string{
		"csm":   read("000_ae2aa9b344bea2bb.txt"),
		"bd-cs": read("004_45cf9d9c20b73d5e.txt"),
	}
	c := loadCatalog(t)
	for _, p := range c.Packs() {
		seed := seeds[p.ID]
		check := func(field, text string) {
			t.Helper()
			if text == "" {
				return
			}
			if !strings.Contains(seed, collapse(text)) {
				t.Errorf("%s: %s is not in the seed: %q", p.ID, field, text)
			}
		}
		check("summary", p.Summary)
		for i, q := range p.def.Questions {
			f := p.ID + " questions[" + strconv.Itoa(i) + "]"
			check(f+".text", q.Text)
			check(f+".tests", q.Tests)
			check(f+".group", q.Group)
			for _, e := range q.Examples {
				check(f+".examples", e)
			}
		}
		for _, l := range p.def.LooksFor {
			check("looks_for", l.Text)
		}
		for _, s := range p.def.Scenarios {
			check("scenarios", s)
		}
		if p.ID == "bd-cs" {
			for _, s := range append(append([]string{}, p.def.BestPractices...), p.def.Mistakes...) {
				check("best_practices/mistakes", s)
			}
			for _, pl := range p.def.Pillars {
				check("pillars.name", pl.Name)
			}
		}
	}
}

func TestLoadCatalogErrors(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join(testenv.ModuleRoot(t), "templates", "packs", "csm.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	replace := func(old, new string) string {
		t.Helper()
		s := string(valid)
		if !strings.Contains(s, old) {
			t.Fatalf("csm.yaml has no %q", old)
		}
		return strings.Replace(s, old, new, 1)
	}
	tests := []struct {
		name string
		file string
		data string
		want string // a regexp the error must match
	}{
		{"unknown pillar", "csm.yaml", replace("pillars: [gtm-motion, health-expansion, cross-functional]", "pillars: [gtm, health-expansion, cross-functional]"),
			`csm.yaml: questions\[0\].pillars\[0\]: unknown pillar "gtm"`},
		{"unknown signal", "csm.yaml", replace("signals: [health-score, at-risk]\n    gaps: [health-score-missing]", "signals: [health-scroe, at-risk]\n    gaps: [health-score-missing]"),
			`csm.yaml: questions\[8\].signals\[0\]: unknown signal "health-scroe"`},
		{"unknown gap", "csm.yaml", replace("gaps: [health-score-missing]\n", "gaps: [health-missing]\n"),
			`csm.yaml: questions\[8\].gaps\[0\]: unknown gap "health-missing"`},
		{"unknown metric", "csm.yaml", replace("metrics: [nrr, grr]\n    severity: high", "metrics: [nrr, gross]\n    severity: high"),
			`csm.yaml: gaps\[0\].metrics\[1\]: unknown metric kind "gross"`},
		{"unknown rule", "csm.yaml", replace("rule: jd_tools", "rule: jd_tool"), `csm.yaml: gaps\[11\].rule: unknown rule "jd_tool"`},
		{"unknown severity", "csm.yaml", replace("severity: low", "severity: minor"), `csm.yaml: gaps\[11\].severity: unknown severity "minor"`},
		{"unknown placeholder", "csm.yaml", replace("names {tool}; your CV", "names {tools}; your CV"), `csm.yaml: gaps\[11\].message: unknown placeholder \{tools\}`},
		{"unknown kind", "csm.yaml", replace("kind: smart", "kind: clever"), `csm.yaml: questions\[27\].kind: unknown kind "clever"`},
		{"duplicate question", "csm.yaml", replace("id: why-this-firm", "id: walk-through-cv"), `csm.yaml: questions\[5\].id: duplicate question "walk-through-cv"`},
		{"id and file", "other.yaml", string(valid), `other.yaml: id: "csm" does not match the file name`},
		{"misspelt field", "csm.yaml", replace("outcome_hint: \"your book", "outcome_hnt: \"your book"), `(?s)csm.yaml: .*field outcome_hnt not found`},
		{"missing prompt", "csm.yaml", replace("outcome_hint: \"your book (accounts and ARR) and one retention or expansion figure you moved\"", ""),
			`csm.yaml: questions\[0\].outcome_hint: missing`},
		{"bad share", "csm.yaml", replace("below: 0.3", "below: 30"), `csm.yaml: gaps\[10\].below: want a share between 0 and 1`},
		{"motion subject", "csm.yaml", replace("      plg: \"Prepare how CS", "      pql: \"Prepare how CS"), `csm.yaml: gaps\[13\].fix_by_subject: unknown motion "pql"`},
		{"unless on another signal", "csm.yaml", replace("      exec-contact: [escalation]", "      churn-save: [escalation]"),
			`csm.yaml: gaps\[9\].unless: "churn-save" is not one of the gap's signals`},
		{"unless an unknown signal", "csm.yaml", replace("      exec-contact: [escalation]", "      exec-contact: [escalaton]"),
			`csm.yaml: gaps\[9\].unless.exec-contact\[0\]: unknown signal "escalaton"`},
		{"signal with an unknown signal", "csm.yaml", replace("    with: [product-word]", "    with: [product-wrd]"),
			`csm.yaml: signals\[\d+\].with\[0\]: unknown signal "product-wrd"`},
		{"signal with itself", "csm.yaml", replace("    with: [product-word]", "    with: [product-asks]"),
			`csm.yaml: signals\[\d+\].with: signal "product-asks" cannot need itself`},
		{"empty", "csm.yaml", "", `csm.yaml: empty pack`},
		{"not yaml", "csm.yaml", "id: [", `csm.yaml: yaml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCatalog(fstest.MapFS{tt.file: {Data: []byte(tt.data)}})
			if err == nil {
				t.Fatalf("LoadCatalog: no error, want %s", tt.want)
			}
			if !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Errorf("LoadCatalog error:\n%v\nwant a match for %s", err, tt.want)
			}
		})
	}
	if _, err := LoadCatalog(fstest.MapFS{}); err == nil {
		t.Errorf("LoadCatalog of no packs: no error")
	}
}

// TestWorkedNRR checks the worked decomposition against the drill it
// illustrates: today's GRR and NRR and the goal's, as the drill states them.
func TestWorkedNRR(t *testing.T) {
	c := loadCatalog(t)
	csm, _ := c.Pack("csm")
	for _, q := range csm.def.Questions {
		if q.Worked == nil {
			continue
		}
		var want []string
		for _, m := range regexp.MustCompile(`(\d+)%`).FindAllStringSubmatch(q.Text, -1) {
			want = append(want, m[1]+"%")
		}
		w := worked(q.Worked, csm, newFirm("Acme"), SegmentMidMarket)
		var got []string
		for _, s := range w.Steps {
			if strings.Contains(s.Label, "GRR =") || strings.Contains(s.Label, "NRR =") {
				got = append(got, s.Value)
			}
		}
		// The drill says GRR, NRR today and GRR, NRR at the goal.
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: worked example gives %v, the drill says %v", q.ID, got, want)
		}
		if !strings.Contains(w.Title, "Acme's") {
			t.Errorf("title not tailored: %q", w.Title)
		}
	}
}

// TestPackSignals checks phrasings CVs use for the csm pack's evidence,
// and near misses that must not count.
func TestPackSignals(t *testing.T) {
	c := loadCatalog(t)
	p, ok := c.Pack("csm")
	if !ok {
		t.Fatal("no csm pack")
	}
	tests := []struct {
		in       string
		want     []string // signals that must be found
		wantNone []string // signals that must not
	}{
		{"Run a weekly triage with product and engineering on configuration blockers", []string{"product-feedback"}, nil},
		{"Feed a monthly list of friction points to the growth product squad", []string{"product-feedback"}, nil},
		{"Brought customer requests for new coatings to R&D", []string{"product-feedback"}, nil},
		{"Closed £750k of upsell in tandem with the new-business team", []string{"sales-partnership", "commercial"}, nil},
		{"Own the expansion number with the CRO", []string{"sales-partnership", "commercial"}, nil},
		{"$380K of add-ons, closed by the account team", []string{"sales-partnership", "commercial"}, nil},
		{"Partnered with the VP Sales on a joint expansion forecast", []string{"sales-partnership", "commercial"}, nil},
		{"Coordinated data migrations, working with the sales team on scope at handoff", []string{"sales-partnership"}, []string{"commercial"}},
		{"Experience selling to finance or accounting teams", nil, []string{"sales-partnership"}},
		{"Run quarterly account reviews with the managing partners of the largest practices", []string{"exec-cadence", "exec-sponsor"}, nil},
		{"Hold annual reviews with business owners", []string{"exec-cadence", "exec-sponsor"}, nil},
		{"EBRs twice a year with their CFO", []string{"exec-contact"}, nil},
		{"Ran EBRs with CIO and COO sponsors", []string{"exec-sponsor"}, nil},
		{"Weekly feedback sync with the CTO", nil, []string{"exec-sponsor"}},
		{"Built a usage view in Totango that flags sites with falling logins", []string{"health-score"}, nil},
		{"When the rostering sync failed on the first day of term I coordinated the fix", []string{"escalation"}, nil},
		{"Kept every account through renewal", []string{"renewal-outcome"}, nil},
		{"Onboarded clients onto the new online banking platform", nil, []string{"saas-context"}},
		{"Logged customer pain points in Jira for the product team", []string{"product-feedback"}, nil},
		{"Acted as PM for 12 implementations", nil, []string{"product-feedback"}},
		{"Advocated for customer needs in sprint planning with engineering", []string{"product-feedback"}, nil},
		{"Built a red/amber/green health model in Gainsight", []string{"health-score"}, nil},
		{"Resolved critical customer issues with engineering", []string{"escalation"}, nil},
		{"When a firmware defect grounded 300 vehicles I ran the recovery", []string{"escalation"}, nil},
		{"Configure payroll integrations; keep a go-live defect rate under 2%", nil, []string{"escalation"}},
		{"Led R&D efforts on the next platform", nil, []string{"product-feedback"}},
		{"Payroll SaaS platform for mid-market employers", []string{"saas-context"}, nil},
		// A product manager named by area; a project PM is not one.
		{"Weekly triage of requests with the growth PM", []string{"product-feedback"}, nil},
		{"Review setup friction with the onboarding PM after each release", []string{"product-feedback"}, nil},
		{"Logged integration gaps in the product backlog", []string{"product-feedback"}, nil},
		{"Worked with the project PM on the cut-over plan", nil, []string{"product-feedback"}},
		{"Ranked requests with the platform PMs each sprint", []string{"product-feedback"}, nil},
		{"Led 40 customer implementations", []string{"onboarding"}, nil},
		{"Set up new accounting processes for the finance team", nil, []string{"client-setup", "onboarding"}},
		{"Implemented a new escalation process for the team", nil, []string{"onboarding"}},
		{"Closed expansion under a joint comp plan with the new-business AEs", []string{"sales-partnership", "commercial"}, nil},
		// Onboarding said without the word; internal changes are not it.
		{"Ran the welcome call for every new school and set their training schedule", []string{"onboarding"}, nil},
		{"Agreed a joint launch plan with the customer's operations lead", []string{"onboarding"}, nil},
		{"Led SAP rollouts for mid-size plants", []string{"onboarding"}, nil},
		{"Rolled out a new pricing page", nil, []string{"onboarding"}},
		{"Rolling out a 5% price rise across the book", nil, []string{"onboarding"}},
		{"Shortened the time from contract to first site live", []string{"ttv"}, nil},
		// The CRO's team is sales.
		{"Closed expansion with the CRO's team on a joint plan", []string{"sales-partnership", "commercial"}, nil},
		// Escalations outside software; complaints only when resolved or
		// about what an account received.
		{"Managed a field safety notice across my hospitals", []string{"escalation"}, nil},
		{"Coordinated a product recall with quality", []string{"escalation"}, nil},
		{"Resolved complaints from key accounts with the plant", []string{"escalation"}, nil},
		{"Handled delivery complaints with logistics", []string{"escalation"}, nil},
		{"Served customers at the till and dealt with complaints and returns", nil, []string{"escalation"}},
		// Health ratings and service reviews.
		{"Kept a RAG health rating for each site", []string{"health-score"}, nil},
		{"Quarterly service reviews with heads of IT", []string{"exec-cadence"}, nil},
		// A partnership with sales is someone in sales and something sold
		// or kept; negotiating alone, a handoff on scope or a service
		// called CRO is not it.
		{"Handed 140 product-qualified leads a quarter to the sales-assist team and reviewed conversion with them weekly", []string{"sales-partnership", "commercial"}, nil},
		{"Routed 200 PQLs a quarter to the sales team", []string{"sales-partnership", "commercial"}, nil},
		{"Joined the AEs on closing calls for new deals", []string{"sales-partnership"}, []string{"commercial"}},
		{"Negotiated price increases at renewal, average uplift 5 %", []string{"commercial"}, []string{"sales-partnership"}},
		{"Join the account executive handoff call for every new deal to confirm scope and locations", []string{"sales-partnership"}, []string{"commercial"}},
		{"Upsold GBP 300,000 of additional services (CRO, influencer and email) to existing clients", []string{"commercial"}, []string{"sales-partnership"}},
		{"Forecast accuracy of 98% on the quarterly renewal call with the CRO", []string{"sales-partnership", "commercial"}, nil},
		{"Led the recovery of a billing run after a data-feed outage, working with their CIO over a weekend", []string{"exec-contact", "escalation"}, []string{"exec-sponsor"}},
		// Product development is product; set-up calls in a customer's
		// first month are onboarding.
		{"Brought customer requirements to our R&D and product development team", []string{"product-feedback"}, nil},
		{"Called 120 new accounts in their first month to check their setup and book a training session", []string{"onboarding"}, nil},
		{"In my first month I closed three renewals", nil, []string{"onboarding"}},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		set := p.signals(toks, terms(toks))
		for _, id := range tt.want {
			if !set.has(p.signalIdx[id]) {
				t.Errorf("%q: signal %s not found", tt.in, id)
			}
		}
		for _, id := range tt.wantNone {
			if set.has(p.signalIdx[id]) {
				t.Errorf("%q: signal %s found", tt.in, id)
			}
		}
	}
}
