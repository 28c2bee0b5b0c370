package match

import "testing"

// TestNumberNearSignal checks which numbers quantify a renewal, churn or
// expansion statement for the gaps that want one: a result does, the
// book's size, a forecast's accuracy and a detection rate do not.
func TestNumberNearSignal(t *testing.T) {
	c := loadCatalog(t)
	p, ok := c.Pack("csm")
	if !ok {
		t.Fatal("no csm pack")
	}
	var retention, expansion signalSet
	retention.add(p.signalIdx["renewal"])
	retention.add(p.signalIdx["churn-save"])
	expansion.add(p.signalIdx["expansion"])
	expansion.add(p.signalIdx["csql"])
	tests := []struct {
		in   string
		want signalSet
		ok   bool
	}{
		{"Renewed 38 of 40 accounts up for renewal", retention, true},
		{"Saved 3 at-risk accounts worth $200k ARR", retention, true},
		{"Improved the accuracy of the renewal forecast from 70% to 90%", retention, false},
		{"Our churn model flagged 75% of churned logos a quarter ahead", retention, false},
		{"Own a book of 30 clinics ($1.1M ARR) and run their renewals", retention, false},
		{"40% of qualified trials converted to a paid upgrade", expansion, true},
		{"Built a report that saves each CSM 5 hours a week", retention, false},
		// Leads passed on are pipeline; what closed is expansion.
		{"Built the CSQL workflow with sales: 230 CSQLs routed in year one", expansion, false},
		{"Sourced 23 expansion opportunities, 12 closed", expansion, true},
	}
	for _, tt := range tests {
		s := &statement{Statement: Statement{Text: tt.in, Section: "experience"}}
		s.toks = tokenize(tt.in)
		s.ts = terms(s.toks)
		s.Metrics = findMetrics(tt.in, s.toks, "USD")
		if got := numberNearSignal(p, s, tt.want); got != tt.ok {
			t.Errorf("numberNearSignal(%q) = %v, want %v (metrics %s)", tt.in, got, tt.ok, brief(s.Metrics))
		}
	}
}

// TestCVShowsSegment checks what counts as work in a segment: accounts
// named by segment, not a category of software on a company line.
func TestCVShowsSegment(t *testing.T) {
	stmt := func(text string, header bool) *statement {
		s := &statement{Statement: Statement{Text: text, Section: "experience"}, header: header}
		s.toks = tokenize(text)
		s.ts = terms(s.toks)
		s.Metrics = findMetrics(text, s.toks, "USD")
		return s
	}
	tests := []struct {
		s    *statement
		seg  string
		want bool
	}{
		{stmt("Enterprise resource-planning SaaS for manufacturers", true), SegmentEnterprise, false},
		{stmt("Procurement SaaS for mid-market and enterprise buyers · 2016 – 2020", true), SegmentMidMarket, true},
		{stmt("Own 12 enterprise accounts", false), SegmentEnterprise, true},
		{stmt("Legal practice-management SaaS for enterprise and mid-market law firms · London", true), SegmentEnterprise, true},
		{stmt("Enterprise software for banks and insurers", true), SegmentEnterprise, false},
		{stmt("I run a pooled book of small businesses", false), SegmentEnterprise, false},
	}
	for _, tt := range tests {
		r := &cvReading{statements: []*statement{tt.s}}
		if got := cvShowsSegment(r, tt.seg); got != tt.want {
			t.Errorf("cvShowsSegment(%q, %s) = %v, want %v", tt.s.Text, tt.seg, got, tt.want)
		}
	}
}

// TestGapUnless checks a gap's "unless" rule: the customer's CIO met in
// an outage is escalation work and shows no executive rhythm; met in a
// review, or with a sponsor programme around an escalation, it does.
func TestGapUnless(t *testing.T) {
	c := loadCatalog(t)
	p, ok := c.Pack("csm")
	if !ok {
		t.Fatal("no csm pack")
	}
	gap := p.gapIdx["exec-cadence-missing"]
	tests := []struct {
		in   string
		want bool
	}{
		{"Led the recovery of a billing run after a data-feed outage, working with their CIO over a weekend", false},
		{"Monthly steering meetings with their CIO", true},
		{"Escalate at-risk renewals to our executive sponsor programme", true},
		{"EBRs twice a year with their CFO", true},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		s := &statement{Statement: Statement{Text: tt.in, Section: "experience"}, toks: toks, ts: terms(toks)}
		s.signals = p.signals(s.toks, s.ts)
		if got := !p.gapEvidence(gap, s).empty(); got != tt.want {
			t.Errorf("%q counts for exec-cadence: %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestSignalWith checks signals that count only beside another: customer
// requests are a product loop where product is named, a risk assessment
// is account health where accounts are, setting new clients up is
// onboarding; and the phrases that name an escalation without the word.
func TestSignalWith(t *testing.T) {
	c := loadCatalog(t)
	p, ok := c.Pack("csm")
	if !ok {
		t.Fatal("no csm pack")
	}
	tests := []struct {
		gap, in string
		want    bool
	}{
		{"product-loop-missing", "Send product a monthly top-10 list of customer requests with the ARR behind each", true},
		{"product-loop-missing", "Answered 40 customer requests a day in Zendesk", false},
		{"health-score-missing", "Organised the annual residential trip, including budget, permissions and risk assessments", false},
		{"health-score-missing", "Run a risk review for every account six months before renewal", true},
		{"onboarding-ttv-missing", "Set up new corporate clients on our online booking portal and train their travel bookers", true},
		{"onboarding-ttv-missing", "Set up new reporting dashboards for the finance team", false},
		{"escalation-missing", "Negotiated saves with customers' procurement teams when they threatened to leave", true},
		{"escalation-missing", "Took over commercial escalations when customers threatened to cancel", true},
		{"escalation-missing", "Negotiated multi-year renewals with procurement", false},
		// An escalation told without the word: a customer's problem and
		// the cross-team response to it; the response alone, or the
		// problem alone, is not one.
		{"escalation-missing", "When a retail client was unhappy with slow reports, I coordinated between support and engineering until it was fixed", true},
		{"escalation-missing", "Led the response when a parts recall reached three customer sites", true},
		{"escalation-missing", "Coordinated between marketing and sales on the spring event", false},
		{"escalation-missing", "Logged customer complaints in the CRM", false},
		// Customer input brought to the people who build is a product
		// loop in any words; input or audience alone is not.
		{"product-loop-missing", "Turned support chats into quarterly themes for the PM team", true},
		{"product-loop-missing", "Share customer feedback at the fortnightly product meeting", true},
		{"product-loop-missing", "Took integration requests to product with the revenue at stake", true},
		{"product-loop-missing", "Top-5 feature asks sent to the PM every month", true},
		{"product-loop-missing", "Handled 30 billing requests a day", false},
		{"product-loop-missing", "Presented the onboarding results at the weekly team meeting", false},
		// A rollout of one's own health score or playbook is no customer
		// onboarding.
		{"onboarding-ttv-missing", "Churn fell by a third in the year after the health-score rollout", false},
		{"onboarding-ttv-missing", "Managed the rollout of our platform at 14 hospital customers", true},
		// Sales partnership: a forecast one owns, or meetings booked for
		// new business, is no work with sales on renewals or expansion.
		{"sales-partnership-missing", "Improved renewal forecast accuracy from 80% to 95%", false},
		{"sales-partnership-missing", "Booked 20 meetings a month for the new-business team", false},
		{"sales-partnership-missing", "Ran a joint renewal forecast with the account executives", true},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		s := &statement{Statement: Statement{Text: tt.in, Section: "experience"}, toks: toks, ts: terms(toks)}
		s.signals = p.signals(s.toks, s.ts)
		gi := p.gapIdx[tt.gap]
		got := !p.gapEvidence(gi, s).empty()
		if with := p.gapWith[gi]; !with.empty() && s.signals.and(with).empty() {
			got = false // the gap's own "with": near the point but not it
		}
		if got != tt.want {
			t.Errorf("%q counts against %s: %v, want %v", tt.in, tt.gap, got, tt.want)
		}
	}
}

// TestCVShowsMotion checks what shows tech-touch work on a CV: a digital
// CS seat does, a digital marketing agency does not.
func TestCVShowsMotion(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Digital Customer Success Manager", true},
		{"Ran a digital onboarding program for 900 accounts", true},
		{"Client services manager at a digital marketing agency", false},
		{"Led the digital transformation committee", false},
	}
	for _, tt := range tests {
		s := &statement{Statement: Statement{Text: tt.text, Section: "experience"}}
		s.toks = tokenize(tt.text)
		s.ts = terms(s.toks)
		r := &cvReading{statements: []*statement{s}}
		if got := cvShowsMotion(r, MotionTechTouch); got != tt.want {
			t.Errorf("cvShowsMotion(%q, tech-touch) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
