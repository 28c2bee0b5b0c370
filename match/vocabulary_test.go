package match

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStem(t *testing.T) {
	same := [][]string{
		{"health score", "health scores", "health scoring"},
		{"escalate", "escalated", "escalates", "escalating"},
		{"onboard", "onboarded", "onboarding", "onboards"},
		{"renew", "renewed", "renewing", "renews"},
		{"plan", "planned", "planning", "plans"},
		{"company", "companies"},
		{"business", "businesses"},
		{"qbr", "qbrs"},
		{"growth PM", "growth PMs"}, // short acronyms in the plural
		{"AE", "AEs"},
	}
	for _, group := range same {
		want := stemPhrase(group[0])
		for _, w := range group[1:] {
			if got := stemPhrase(w); got != want {
				t.Errorf("stem(%q) = %q, want %q like %q", w, got, want, group[0])
			}
		}
	}
	// Kept apart on purpose, or kept whole.
	for _, w := range []string{"saas", "status", "analysis", "arr", "sla", "its", "has", "accounting"} {
		if got := stem(w); got != w {
			t.Errorf("stem(%q) = %q, want it unchanged", w, got)
		}
	}
	if stem("renewal") == stem("renew") {
		t.Errorf("renewal and renew should stay apart")
	}
}

func stemPhrase(s string) string {
	var out []string
	for _, t := range tokenize(s) {
		out = append(out, t.stem)
	}
	return strings.Join(out, " ")
}

func TestVocabularyMatch(t *testing.T) {
	v := newVocabulary()
	v.add(0, "health score", matchStem)
	v.add(1, "tech-touch", matchStem)
	v.add(2, "MAP", matchExact)
	v.add(3, "churn", matchStem)
	v.add(4, "net revenue retention", matchStem)
	v.add(5, "revenue", matchStem)
	v.add(6, "bookings", matchLiteral)
	v.add(7, "CRO", matchExact)
	tests := []struct {
		in   string
		want []int
	}{
		{"Built health scores for 40 accounts", []int{0}},
		{"health scoring in Gainsight", []int{0}},
		{"health, score", nil}, // a comma breaks a phrase
		{"ran a tech touch program", []int{1}},
		{"ran a tech-touch program", []int{1}},
		{"built MAPs with each customer", []int{2}},
		{"updated the product roadmap", nil}, // "map" inside a word, and lower case
		{"a map of stakeholders", nil},
		{"churned accounts", []int{3}},
		{"NRR: net revenue retention of 112%", []int{4}}, // "revenue" inside it is not counted
		{"revenue grew", []int{5}},
		{"booked 20 meetings", nil},
		{"$12M in bookings", []int{6}},
		{"closed with the CRO's team", []int{7}}, // a possessive names the CRO
		{"closed with the CRO’s team", []int{7}},
		{"the cro's team", nil}, // exact phrases keep their case
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		var got []int
		for _, h := range v.match(toks, terms(toks)) {
			got = append(got, h.signal)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("match(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestFindTools(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Gainsight, Salesforce and Tableau", "Gainsight Salesforce Tableau"},
		{"Outreach to customers every week", ""},
		{"Tools: Outreach, Gong, Looker", "Looker Gong Outreach"},
		{"a catalyst for change", ""},
		{"Power BI dashboards and sfdc reports", "Salesforce Power BI"},
		{"Excel or Google Sheets", "Excel"},
		{"Onboarding projects run in Rocketlane; partner payouts in PartnerStack", "Rocketlane PartnerStack"},
		{"Customer.io journeys, Appcues tours and Productboard", "Appcues Productboard Customer.io"},
		{"Slack and Loom for async updates", "Slack Loom"},
		{"slack time and a loom of threads", ""},
		{"Fluency with Salesforce; Looker for dashboards", "Salesforce Looker"},
		{"Notion of ownership", ""},
		{"Hands-on with Kafka, Postgres and k8s", "Kafka PostgreSQL Kubernetes"},
		// Sales engagement and intelligence tools of BD and SDR seats.
		{"HubSpot or Salesforce, and Apollo for prospecting", "Salesforce HubSpot Apollo"},
		{"Sequences in Salesloft, data from ZoomInfo and Lusha, forecasts in Clari", "Salesloft ZoomInfo Lusha Clari"},
		{"Booked meetings through Chili Piper; prospect lists from Cognism and 6sense", "Cognism 6sense Chili Piper"},
		{"Apollo to the moon", ""},
		{"in the groove of weekly calls", ""},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		var names []string
		for _, i := range findTools(toks, terms(toks)) {
			names = append(names, tools[i].name)
		}
		if got := strings.Join(names, " "); got != tt.want {
			t.Errorf("findTools(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestToolAlternatives checks which tools of a job ad may stand in for one
// another: an "or" list makes alternatives, unless a tool is also named on
// its own elsewhere.
func TestToolAlternatives(t *testing.T) {
	name := func(ids []int) []string {
		var out []string
		for _, i := range ids {
			out = append(out, tools[i].name)
		}
		sort.Strings(out)
		return out
	}
	tests := []struct {
		in   string
		want map[string][]string
	}{
		{"Experience with Planhat or Gainsight.", map[string][]string{"Gainsight": {"Planhat"}, "Planhat": {"Gainsight"}}},
		{"Hands-on with Pendo, Vitally and HubSpot.", map[string][]string{}},
		{"Answer customer questions in Intercom. You've used a support tool like Intercom or Zendesk.", map[string][]string{"Zendesk": {"Intercom"}}},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		got := map[string][]string{}
		for tool, alts := range toolAlternatives(toks, terms(toks)) {
			got[tools[tool].name] = name(alts)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("toolAlternatives(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	in := "Grew NRR to 118% (e.g. via upsells). Cut churn from 8.5% to 4%! Worked with Acme Inc. on renewals. Next: Q3."
	want := []string{"Grew NRR to 118% (e.g. via upsells).", "Cut churn from 8.5% to 4%!", "Worked with Acme Inc. on renewals.", "Next: Q3."}
	if diff := cmp.Diff(want, splitSentences(in)); diff != "" {
		t.Errorf("splitSentences (-want +got):\n%s", diff)
	}
}

func TestTailor(t *testing.T) {
	tests := []struct{ firm, in, want string }{
		{"Acme", "Why this firm?", "Why Acme?"},
		{"Acme", "this firm's mid-market segment has GRR at 88%", "Acme's mid-market segment has GRR at 88%"},
		{"", "this firm's mid-market segment", "The company's mid-market segment"},
		{"", "A top-10 customer at this firm has gone red", "A top-10 customer at the company has gone red"},
		{"Acme", "firm-specific evidence", "firm-specific evidence"},
		{"Acme", "HOW the firm wins post-sale", "HOW Acme wins post-sale"},
	}
	for _, tt := range tests {
		if got := newFirm(tt.firm).tailorText(tt.in); got != tt.want {
			t.Errorf("tailor(%q, %q) = %q, want %q", tt.firm, tt.in, got, tt.want)
		}
	}
}
