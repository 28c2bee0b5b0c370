package match

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep/ingest"
)

// TestRequirementBars checks that a requirement with a figure in it is
// covered only by a CV figure at or above it, and that coverage does not
// hinge on the ad's own words.
func TestRequirementBars(t *testing.T) {
	c := loadCatalog(t)
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	cv := textDoc(t, ex, `Dana Reyes
dana@example.com

Experience

Customer Success Manager, Acme Software
Jan 2018 - Dec 2024
- Managed 62 mid-market accounts ($3.1M ARR) on annual SaaS subscriptions.
- Renewal rate of 94% across the book.
- Cut time to value from 45 to 28 days with a standard onboarding plan.
- Ran quarterly business reviews with customer executives.

Skills
Gainsight, Salesforce, Zendesk
`)
	jd := textDoc(t, ex, `Customer Success Manager
Company: Brightline

Requirements
- Experience owning a book of 100+ accounts
- Experience owning a book of 40-60 accounts
- 3+ years in customer success
- 10+ years of experience
- A book of $2M+ ARR
- A track record of renewal rates above 95%
- Time to value under 30 days for new customers
- You have kept customers through retention conversations
- You have used a support tool like Intercom or Zendesk
`)
	a, err := c.Analyze(context.Background(), cv, jd, "csm")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range a.Job.Requirements {
		got[r.Text] = r.Status
	}
	want := map[string]string{
		"Experience owning a book of 100+ accounts":               Partial, // 62 is below the bar
		"Experience owning a book of 40-60 accounts":              Covered, // a range asks for its low end
		"3+ years in customer success":                            Covered, // 7 years
		"10+ years of experience":                                 Partial,
		"A book of $2M+ ARR":                                      Covered,
		"A track record of renewal rates above 95%":               Partial, // 94%
		"Time to value under 30 days for new customers":           Covered, // 28 days; less is better
		"You have kept customers through retention conversations": Covered, // renewals, in other words
		"You have used a support tool like Intercom or Zendesk":   Covered, // either will do
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requirement statuses (-want +got):\n%s", diff)
	}
}
