package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func extractFile(t *testing.T, path string) *Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ex := New(Limits{})
	t.Cleanup(func() { ex.Close() })
	doc, err := ex.Extract(context.Background(), data)
	if err != nil {
		t.Fatalf("extract %s: %v", path, err)
	}
	return doc
}

func TestCVPlainText(t *testing.T) {
	cv := extractFile(t, filepath.Join("testdata", "structure", "csm-plain.txt")).CV()
	wantContact := Contact{
		Name: "Maria Okafor", Email: "maria.okafor@example.com", Phone: "(512) 555-0199",
		LinkedIn: "linkedin.com/in/maria-okafor-cs", Location: "Austin, TX", Headline: "Senior Customer Success Manager",
	}
	if diff := cmp.Diff(wantContact, cv.Contact); diff != "" {
		t.Errorf("contact (-want +got)\n%s", diff)
	}
	var kinds []SectionKind
	for _, s := range cv.Sections {
		kinds = append(kinds, s.Kind)
	}
	wantKinds := []SectionKind{SectionContact, SectionSummary, SectionExperience, SectionEducation, SectionSkills}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("sections (-want +got)\n%s", diff)
	}
	type head struct{ Title, Company, Start, End string }
	var got []head
	for _, e := range cv.Experience {
		got = append(got, head{e.Title, e.Company, e.Start, e.End})
	}
	want := []head{
		{"Senior Customer Success Manager", "Northwind Analytics", "2021-01", ""},
		{"Customer Success Manager", "Contoso Cloud", "2017-03", "2020-12"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got)\n%s", diff)
	}
}

func TestClassifyCVHeading(t *testing.T) {
	tests := []struct {
		in   string
		want SectionKind
		ok   bool
	}{
		{"EXPERIENCE", SectionExperience, true},
		{"E X P E R I E N C E", SectionExperience, true},
		{"C O N T A C T  M E", SectionContact, true},
		{"TECHNICALCOMPETENCIES", SectionSkills, true},
		{"Work Experience:", SectionExperience, true},
		{"Professional Summary", SectionSummary, true},
		{"Skills & Tools", SectionSkills, true},
		{"1 教育背景", SectionEducation, true},
		{"Formación académica", SectionEducation, true},
		{"Licenses & Certifications", SectionCertifications, true},
		{"Employment History", SectionExperience, true},
		{"Berufserfahrung / Experience", SectionExperience, true},
		{"Led the renewal of 40 accounts", "", false},
		{"Acme Corp", "", false},
	}
	for _, tt := range tests {
		got, ok := ClassifyCVHeading(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ClassifyCVHeading(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFindCompany(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"header line", []string{"Customer Success Manager", "shiphero — Remote", "About ShipHero", "ShipHero is building the best"}, "ShipHero"},
		{"at in title", []string{"Senior CSM at Brightwave Labs", "We are hiring."}, "Brightwave Labs"},
		{"company field", []string{"Role: Customer Success Lead", "Company: Fernhill Health", "Location: Leeds"}, "Fernhill Health"},
		{"about heading", []string{"Customer Success Manager", "About Quillstack", "Quillstack is a platform for legal teams."}, "Quillstack"},
		{"at we", []string{"Customer Success Manager (Remote)", "At Orbital Freight, we move goods faster."}, "Orbital Freight"},
		{"join", []string{"Account Manager", "Join Peachtree Payroll and help small businesses."}, "Peachtree Payroll"},
		{"spanish", []string{"Puesto de trabajo: Product Manager", "En BBVA, nos dedicamos a transformar la banca"}, "BBVA"},
		{"none", []string{"Customer Success Manager", "You will own renewals."}, ""},
		{"place line under the title", []string{"Customer Success Manager", "Porto or Remote (Portugal) · Full-time", "## About Gullwing", "Gullwing makes rota software."}, "Gullwing"},
		{"company first in the title line", []string{"Brisket — Customer Success Manager, Scaled", "Remote (US) · Full-time"}, "Brisket"},
		{"pipes", []string{"Account Manager | Ironbark | Leeds, UK (Hybrid)", "Ironbark sells tooling."}, "Ironbark"},
		{"segment after a dash", []string{"SENIOR CSM — ENTERPRISE", "About the company", "Heronsgate is the billing platform for clinics."}, "Heronsgate"},
		{"name above the title", []string{"Quayside Labs", "Director of Customer Success", "New York, NY · Full-time"}, "Quayside Labs"},
		{"field table", []string{"Job Description: Renewals Manager", "Company", "Marlpit", "Location", "Cork"}, "Marlpit"},
		{"at without a comma", []string{"Customer Success Manager (Technical)", "At Stonechat Data we build pipelines."}, "Stonechat Data"},
		{"team at", []string{"Customer Success Associate", "You'll join the customer team at Wagtail, where we help schools."}, "Wagtail"},
		{"recruiter", []string{"VP CUSTOMER SUCCESS — FINTECH SCALE-UP — LONDON (HYBRID)", "Our client, a Series B fintech, is hiring."}, ""},
		{"title then at", []string{"Business Development Manager - Strategic Partnerships at Kestrel Pay", "We are growing."}, "Kestrel Pay"},
		{"appositive", []string{"## Head of Customer Success", "*Oslo · Hybrid*", "Clinics run on Bramble, the scheduling platform for dentists.", "### Why join", "Equity."}, "Bramble"},
		{"we are", []string{"Account Executive", "We're Tarnwick. We sell payroll to restaurants."}, "Tarnwick"},
		{"legal form dropped as the text drops it", []string{"Customer Success Manager — Kettleworks B.V.", "Kettleworks ships freight software.", "At Kettleworks, we care."}, "Kettleworks"},
		{"field table rows", []string{"Job Description: Customer Success Manager", "Field | Detail", "Company | Marlpit", "Location | Cork"}, "Marlpit"},
		{"company with a suffix", []string{"Customer Success Manager", "Intellum, Inc. — Atlanta, Georgia, United States"}, "Intellum, Inc."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &Document{}
			for _, s := range tt.lines {
				doc.Lines = append(doc.Lines, Line{Text: s})
			}
			if got := doc.JD().Company; got != tt.want {
				t.Errorf("company = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCVWithoutExperienceHeading reads a terse CV whose roles start right
// under the contact lines.
func TestCVWithoutExperienceHeading(t *testing.T) {
	text := "RILEY MORGAN — CUSTOMER SUCCESS MANAGER\n" +
		"Denver CO · riley@example.com · 303.555.0188\n\n" +
		"ORCHARDLY (B2B SaaS for farms) | CSM, Mid-Market | 2020–now\n" +
		"- Book of 45 accounts, 2.1m ARR.\n- GRR 93%.\n\n" +
		"PLOTWISE | CSM, SMB | 2018–2020\n- 160 SMB accounts.\n\n" +
		"SKILLS: Gainsight, HubSpot\n"
	doc, err := New(Limits{}).Extract(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	cv := doc.CV()
	if cv.Contact.Name != "Riley Morgan" || cv.Contact.Headline != "Customer Success Manager" {
		t.Errorf("name, headline = %q, %q", cv.Contact.Name, cv.Contact.Headline)
	}
	type head struct{ Title, Company, Start string }
	var got []head
	for _, e := range cv.Experience {
		got = append(got, head{e.Title, e.Company, e.Start})
	}
	want := []head{{"CSM, Mid-Market", "ORCHARDLY (B2B SaaS for farms)", "2020"}, {"CSM, SMB", "PLOTWISE", "2018"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got)\n%s", diff)
	}
}

func TestSplitTitleLine(t *testing.T) {
	tests := []struct{ in, title, company string }{
		{"Business Development Manager - Strategic Partnerships at Ardent Pay", "Business Development Manager - Strategic Partnerships", "Ardent Pay"},
		{"Senior CSM — Acme (Remote)", "Senior CSM", "Acme"},
		{"Customer Success Manager | Tinplate | Detroit, MI (Hybrid)", "Customer Success Manager", "Tinplate"},
		{"Sprocketry — Customer Success Manager, Scaled", "Customer Success Manager, Scaled", "Sprocketry"},
		{"TECHNICAL ACCOUNT MANAGER — ENTERPRISE", "TECHNICAL ACCOUNT MANAGER", ""},
		{"Customer Success Manager (Technical) | Careers at Tandem Ridge", "Customer Success Manager", "Tandem Ridge"},
		{"Customer Success Manager", "Customer Success Manager", ""},
	}
	for _, tt := range tests {
		title, company := splitTitleLine(tt.in)
		if title != tt.title || company != tt.company {
			t.Errorf("splitTitleLine(%q) = %q, %q; want %q, %q", tt.in, title, company, tt.title, tt.company)
		}
	}
}

// TestEntryMetaLineWithPlace: a role whose date line also names the
// company's sector and a place is an entry like its neighbours.
func TestEntryMetaLineWithPlace(t *testing.T) {
	text := "# Kari Nord\n\nkari@example.com\n\n## Experience\n\n**Senior CSM — Acme Systems**\n" +
		"Supply-chain SaaS · March 2020 – present · Oslo\n- Owned 40 accounts.\n\n" +
		"**Customer Success Manager — Beta Software**\nProcurement SaaS · June 2016 – February 2020\n- Renewed 95%.\n"
	doc, err := New(Limits{}).Extract(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	type head struct{ Title, Company, Start string }
	var got []head
	for _, e := range doc.CV().Experience {
		got = append(got, head{e.Title, e.Company, e.Start})
	}
	want := []head{{"Senior CSM", "Acme Systems", "2020-03"}, {"Customer Success Manager", "Beta Software", "2016-06"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got)\n%s", diff)
	}
}

// TestEntryShapes covers header shapes seen in real CVs: months sharing a
// year, a note about the terms of the job, and a title under a sentence
// about the company.
func TestEntryShapes(t *testing.T) {
	text := "Sam Reyes\nsam@example.com\n\nExperience\n\n" +
		"Customer Success Intern — Ledgerly\nSaaS for bakeries · Austin · June – August 2023\n- Called 40 trial users a week.\n\n" +
		"Sales Associate — Bluebonnet Cycles\nBike shop · Austin · 2021 – 2024 (part-time during school)\n- Sold bikes.\n\n" +
		"Northgate Data, Dublin      2018 - 2021\nRuns managed databases for retailers.\nTechnical Account Manager\n- Advised 9 accounts.\n"
	doc, err := New(Limits{}).Extract(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	type head struct{ Title, Company, Start, End string }
	var got []head
	for _, e := range doc.CV().Experience {
		got = append(got, head{e.Title, e.Company, e.Start, e.End})
	}
	want := []head{
		{"Customer Success Intern", "Ledgerly", "2023-06", "2023-08"},
		{"Sales Associate", "Bluebonnet Cycles", "2021", "2024"},
		{"Technical Account Manager", "Northgate Data", "2018", "2021"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got)\n%s", diff)
	}
}

// TestEntryHeaderLines covers header lines a parser tends to misread: a
// long line cut by separators, a description line under "Title — Company",
// a company that ends in "Inc." under the title, and a place alone.
func TestEntryHeaderLines(t *testing.T) {
	text := "# Jane Doe\n\n## Experience\n\n" +
		"**Team Lead, SMB Customer Success** · Quayside Software (restaurant operations SaaS: POS, inventory, staff scheduling) · Lyon · *Mar 2021 – present*\n\n" +
		"1. Lead 7 CSMs covering 1,150 SMB restaurants.\n\n" +
		"**Customer Success Manager — Fennick Labs**\nScheduling software for dental groups · March 2017 – February 2021\n- Owned 60 accounts.\n\n" +
		"**Account Manager** March 2014 – January 2017\nArdent Clinical, Inc.\n- Renewed 90%.\n\n" +
		"**Business Development Manager — Nordlys Medtech**\nOslo · 2011 – 2014\n- Opened distributors.\n"
	doc, err := New(Limits{}).Extract(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	type head struct{ Title, Company, Start string }
	var got []head
	for _, e := range doc.CV().Experience {
		got = append(got, head{e.Title, e.Company, e.Start})
	}
	want := []head{
		{"Team Lead, SMB Customer Success", "Quayside Software (restaurant operations SaaS: POS, inventory, staff scheduling)", "2021-03"},
		{"Customer Success Manager", "Fennick Labs", "2017-03"},
		{"Account Manager", "Ardent Clinical, Inc.", "2014-03"},
		{"Business Development Manager", "Nordlys Medtech", "2011"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got)\n%s", diff)
	}
}

// TestEntryShapesMore covers a bracketed employer description that makes
// the header line long, job titles set in capitals like the section
// headings, and a sentence describing the employer under the header.
func TestEntryShapesMore(t *testing.T) {
	text := "# Bea Lozano\n\nbea@example.es\n\n## Experience\n\n" +
		"**Customer Support Associate**, Quizzly (edtech SaaS sold to schools on annual subscriptions) — Remote\nOctober 2023 – present\n\n" +
		"- Answer 60 chats a day.\n\n" +
		"**Teacher**, IES Noves — Sagunto\nSeptember 2015 – July 2023\n\n" +
		"Noves is a public secondary school for 900 pupils.\n\n- Raised the pass rate from 71% to 88%.\n"
	caps := "HANNAH BELL\nhannah@example.co.uk\n\nPROFILE\nClient services manager at an agency.\n\nEXPERIENCE\n\n" +
		"CLIENT SERVICES MANAGER\nNorthern Quarter Digital (paid social and search agency), Manchester\nApril 2019 - present\n- Manage 25 retained clients.\n\n" +
		"ACCOUNT EXECUTIVE\nRedbrick Creative (branding agency), Leeds\nSeptember 2015 - March 2019\n- Day-to-day contact for 10 clients.\n\n" +
		"SALES ASSISTANT\nBoots, Leeds\nJune 2013 - August 2015\n- Served customers.\n\n" +
		"EDUCATION\nBA Marketing, 2015\n"
	type head struct{ Title, Company, Start, About, First string }
	read := func(text string) (got []head, kinds []SectionKind) {
		doc, err := New(Limits{}).Extract(context.Background(), []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		cv := doc.CV()
		for _, e := range cv.Experience {
			h := head{e.Title, e.Company, e.Start, e.About, ""}
			if len(e.Bullets) > 0 {
				h.First = e.Bullets[0]
			}
			got = append(got, h)
		}
		for _, s := range cv.Sections {
			kinds = append(kinds, s.Kind)
		}
		return got, kinds
	}
	got, _ := read(text)
	want := []head{
		{"Customer Support Associate", "Quizzly (edtech SaaS sold to schools on annual subscriptions)", "2023-10", "", "Answer 60 chats a day."},
		{"Teacher", "IES Noves", "2015-09", "Noves is a public secondary school for 900 pupils.", "Raised the pass rate from 71% to 88%."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("markdown entries (-want +got)\n%s", diff)
	}
	got, kinds := read(caps)
	want = []head{
		{"CLIENT SERVICES MANAGER", "Northern Quarter Digital (paid social and search agency)", "2019-04", "", "Manage 25 retained clients."},
		{"ACCOUNT EXECUTIVE", "Redbrick Creative (branding agency)", "2015-09", "", "Day-to-day contact for 10 clients."},
		{"SALES ASSISTANT", "Boots", "2013-06", "", "Served customers."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("capitals entries (-want +got)\n%s", diff)
	}
	wantKinds := []SectionKind{SectionContact, SectionSummary, SectionExperience, SectionEducation}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("capitals sections (-want +got)\n%s", diff)
	}
}

// TestInlineHeadingKeptWhole checks that a line opening with a heading
// word and a colon stays whole when it is not a heading: "Portfolio: 55
// clinic groups" is a statement, quoted verbatim downstream.
func TestInlineHeadingKeptWhole(t *testing.T) {
	text := "Ana Ruiz\nana@example.com\n\nExperience\n\nCustomer Success Manager — Carewell\nAug 2020 – Present\n" +
		"Portfolio: 55 mid-market clinic groups, $4.8M ARR.\nRenewal rate of 96%.\n\nSkills: Gainsight, Salesforce\n"
	doc, err := New(Limits{}).Extract(context.Background(), []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	cv := doc.CV()
	if len(cv.Experience) != 1 {
		t.Fatalf("%d entries, want 1", len(cv.Experience))
	}
	want := []string{"Portfolio: 55 mid-market clinic groups, $4.8M ARR.", "Renewal rate of 96%."}
	if diff := cmp.Diff(want, cv.Experience[0].Bullets); diff != "" {
		t.Errorf("bullets (-want +got)\n%s", diff)
	}
	var headings []string
	for _, s := range cv.Sections {
		headings = append(headings, s.Heading)
	}
	// "Skills:" alone on its line, content after the colon, is a heading.
	if diff := cmp.Diff([]string{"", "Experience", "Skills"}, headings); diff != "" {
		t.Errorf("headings (-want +got)\n%s", diff)
	}
}

func TestJDTitleFromSentence(t *testing.T) {
	doc := &Document{Lines: []Line{{Text: "About the job"}, {Text: "At Pennwick, we help tutoring centres run their business."},
		{Text: "We're looking for a Customer Success Associate to join our SMB team in Valencia."}}}
	if got := doc.JD().Title; got != "Customer Success Associate" {
		t.Errorf("title = %q", got)
	}
}
