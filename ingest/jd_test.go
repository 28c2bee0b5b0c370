package ingest

import (
	"context"
	"strings"
	"testing"
)

func TestJDCompany(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"LinkedIn paste", "About the job\n\nAt Driftwood, we build inventory software for mid-market brands.\n\nCustomer Success Manager, Mid-Market (EMEA)\n\nWhat you will do\n- Own retention for 70 accounts\n", "Driftwood"},
		{"about the position", "About the position\nNorthwind is hiring a Customer Success Manager.\n", "Northwind"},
		{"name under the title", "Director of Customer Success\nPalisade Health\nNashville, TN\n\nPalisade Health sells practice-management software to clinics.\n", "Palisade Health"},
		{"segment after a dash", "Account Manager – Mid-Market\n\nJoin Canopy! Canopy is a social-media management platform.\n", "Canopy"},
		{"location under the title", "Customer Success Manager\nRemote\n\nAt Quarry, we build tools for geologists.\n", "Quarry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := New(Limits{}).Extract(context.Background(), []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.JD().Company; got != tt.want {
				t.Errorf("company = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJDTitlePrefix(t *testing.T) {
	doc, err := New(Limits{}).Extract(context.Background(), []byte("About Fernhill\nFernhill is a payroll platform.\n\nThe role: Customer Success Manager (Mid-Market)\nYou will own a book of 60 accounts.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.JD().Title, "Customer Success Manager"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}

func TestJDHiringPrefix(t *testing.T) {
	doc, err := New(Limits{}).Extract(context.Background(), []byte("We're hiring: Customer Success Associate (SMB) at Tidepool\n\nTidepool is the scheduling app for small clinics.\n"))
	if err != nil {
		t.Fatal(err)
	}
	jd := doc.JD()
	if jd.Title != "Customer Success Associate" || jd.Company != "Tidepool" {
		t.Errorf("title, company = %q, %q; want Customer Success Associate, Tidepool", jd.Title, jd.Company)
	}
}

func TestJDLowerCaseHeadings(t *testing.T) {
	text := "Customer Success Manager\nAcme — Remote\n\nWhat you'll do\n- Own renewals for 40 accounts\n- Run QBRs\n\nWhat we're looking for\n- 3+ years in customer success\n\nNice to have\n- Gainsight\n"
	doc, err := New(Limits{}).Extract(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range doc.JD().Sections {
		got = append(got, string(s.Kind)+":"+s.Heading)
	}
	want := "responsibilities:What you'll do requirements:What we're looking for nice_to_have:Nice to have"
	if strings.Join(got, " ") != want {
		t.Errorf("sections = %q, want %q", strings.Join(got, " "), want)
	}
}
