package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"testing"

	"prep/pipeline"
)

// Fictional people for the batch tests: a seed makes one person, the same
// every run, with a Customer Success career of two or three roles whose
// bullets are drawn from pools of strong and weak evidence, so the fit
// scores of a batch spread out. No real person, firm or address.
var (
	firstNames = []string{"Amara", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Idris", "Jana",
		"Kofi", "Lena", "Mateo", "Noor", "Oskar", "Paloma", "Quentin", "Rosa", "Sven", "Tariq", "Ulla", "Viktor",
		"Wanjiru", "Xavier", "Yara", "Zeynep", "Anouk", "Bilal", "Camille", "Dario"}
	lastNames = []string{"Achterberg", "Brennan", "Castellano", "Dufresne", "Eriksen", "Fonseca", "Grünwald", "Hallström",
		"Ibáñez", "Jovanović", "Kowalski", "Lindgren", "Moreau", "Nakamura", "Okafor", "Petrov", "Quint", "Rasmussen",
		"Sørensen", "Tanaka", "Urquhart", "Valdés", "Whitfield", "Xu", "Yilmaz", "Zimmermann", "Abbasi", "Bergqvist"}
	firms = []string{"Corvalis Software", "Brightline Health Tech", "Nimbus Ledger", "Quarry Analytics", "Tessellate HR",
		"Orchard Payments", "Loomwise", "Fieldnote CRM", "Harbourview Logistics", "Pinecrest Learning", "Saltmarsh Security",
		"Kestrel Billing"}
	cities = []string{"Lisbon", "Rotterdam", "Austin", "Leeds", "Dublin", "Toronto", "Munich", "Warsaw", "Denver", "Malmö"}
	titles = []string{"Customer Success Manager", "Senior Customer Success Manager", "Account Manager",
		"Onboarding Specialist", "Customer Support Lead", "Implementation Consultant", "Renewals Manager"}
	strong = []string{
		"Owned a book of %d mid-market accounts worth $%d.%dM ARR; delivered %d%% gross revenue retention and %d%% net revenue retention.",
		"Built a customer health score in Gainsight from product usage, support tickets and sponsor engagement that flagged %d%% of churn risks %d days ahead.",
		"Ran %d quarterly business reviews a year with VP-level sponsors, tying adoption to each customer's goals.",
		"Negotiated %d multi-year renewals and sourced $%dK in expansion handed to Account Executives.",
		"Led the escalation playbook for %d at-risk enterprise accounts; saved %d of them and cut time-to-resolution from %d to %d days.",
		"Partnered with Product on %d roadmap requests from customer feedback; %d shipped within two quarters.",
		"Cut time-to-value for new customers from %d to %d days with a structured onboarding plan.",
		"Reduced logo churn from %d%% to %d%% across a segment of %d SMB customers with a tech-touch programme.",
	}
	weak = []string{
		"Answered customer questions by email and phone, about %d tickets a day.",
		"Helped organise %d internal events and kept the team calendar.",
		"Updated account notes in the CRM and prepared %d weekly reports.",
		"Supported the sales team with demos and %d product presentations.",
		"Trained %d new colleagues on internal tools.",
	}
	skills = []string{"Gainsight", "Salesforce", "HubSpot", "Zendesk", "Looker", "SQL basics", "ChurnZero", "Intercom",
		"renewal forecasting", "QBR facilitation", "stakeholder mapping", "onboarding design", "Jira", "Excel"}
)

// person is one fictional candidate.
type person struct {
	Name, Headline, City, Email string
	Summary                     string
	Roles                       []role
	Education                   string
	Skills                      []string
}

type role struct {
	Title, Firm, Dates string
	Bullets            []string
}

// fictionalPerson makes the person of seed. A random share of their
// bullets is strong evidence, so a batch holds a spread of fits.
func fictionalPerson(seed uint64) person {
	r := rand.New(rand.NewPCG(seed, seed*2654435761+1))
	first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	strength := r.Float64()
	p := person{
		Name:     first + " " + last,
		Headline: titles[r.IntN(len(titles))] + " · B2B SaaS",
		City:     cities[r.IntN(len(cities))],
		Email:    strings.ToLower(asciiOnly(first)+"."+asciiOnly(last)) + fmt.Sprintf("%d@example.com", seed),
	}
	years := 3 + r.IntN(10)
	p.Summary = fmt.Sprintf("%s with %d years in customer-facing roles at software companies. I look after customers from onboarding to renewal and work closely with Sales and Product.", strings.Split(p.Headline, " · ")[0], years)
	end := 2026
	for i := range 2 + r.IntN(2) {
		start := end - 1 - r.IntN(3)
		dates := fmt.Sprintf("Mar %d – Present", start)
		if i > 0 {
			dates = fmt.Sprintf("Jan %d – Feb %d", start, end)
		}
		ro := role{Title: titles[r.IntN(len(titles))], Firm: firms[r.IntN(len(firms))], Dates: dates}
		for range 3 + r.IntN(3) {
			pool := weak
			if r.Float64() < strength {
				pool = strong
			}
			ro.Bullets = append(ro.Bullets, fillNumbers(pool[r.IntN(len(pool))], r))
		}
		p.Roles = append(p.Roles, ro)
		end = start
	}
	p.Education = fmt.Sprintf("B.A. Economics, University of %s, %d", cities[r.IntN(len(cities))], end-1)
	for range 5 + r.IntN(4) {
		p.Skills = append(p.Skills, skills[r.IntN(len(skills))])
	}
	return p
}

func fillNumbers(format string, r *rand.Rand) string {
	n := strings.Count(format, "%d")
	args := make([]any, n)
	for i := range args {
		args[i] = 2 + r.IntN(97)
	}
	return fmt.Sprintf(format, args...)
}

func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && r != ' ' {
			return r
		}
		return -1
	}, s)
}

// text is the person's CV as plain text: the light CV of the fairness test.
func (p person) text() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n%s · %s\n\nSUMMARY\n%s\n\nEXPERIENCE\n", p.Name, p.Headline, p.City, p.Email, p.Summary)
	for _, ro := range p.Roles {
		fmt.Fprintf(&b, "%s, %s\t%s\n", ro.Title, ro.Firm, ro.Dates)
		for _, bl := range ro.Bullets {
			fmt.Fprintf(&b, "• %s\n", bl)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "EDUCATION\n%s\n\nSKILLS\n%s\n", p.Education, strings.Join(p.Skills, " · "))
	return []byte(b.String())
}

// docx is the person's CV as a Word document: a title, section headings
// in Heading 1, bulleted experience, as Word writes a plain CV.
func (p person) docx(tb testing.TB) []byte {
	tb.Helper()
	var body strings.Builder
	para := func(style, text string, bold bool) {
		body.WriteString("<w:p>")
		if style != "" {
			body.WriteString(`<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
		}
		body.WriteString("<w:r>")
		if bold {
			body.WriteString("<w:rPr><w:b/></w:rPr>")
		}
		body.WriteString(`<w:t xml:space="preserve">` + html.EscapeString(text) + "</w:t></w:r></w:p>")
	}
	para("Title", p.Name, false)
	para("", p.Headline, false)
	para("", p.City+" · "+p.Email, false)
	para("Heading1", "Summary", false)
	para("", p.Summary, false)
	para("Heading1", "Experience", false)
	for _, ro := range p.Roles {
		body.WriteString(`<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + html.EscapeString(ro.Title+", "+ro.Firm) +
			`</w:t></w:r><w:r><w:tab/><w:t>` + html.EscapeString(ro.Dates) + `</w:t></w:r></w:p>`)
		for _, bl := range ro.Bullets {
			para("ListBullet", bl, false)
		}
	}
	para("Heading1", "Education", false)
	para("", p.Education, false)
	para("Heading1", "Skills", false)
	para("", strings.Join(p.Skills, " · "), false)

	const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`},
		{"word/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ` + ns + `>` +
			`<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>` +
			`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>` +
			`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
			`</w:styles>`},
		{"word/numbering.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ` + ns + `>` +
			`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>` +
			`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + ns + `><w:body>` + body.String() +
			`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range parts {
		w, err := zw.Create(part.name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(part.body)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestFictionalPeople checks the generator: distinct people, DOCX files
// the real pipeline reads with the right name.
func TestFictionalPeople(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(40) {
		p := fictionalPerson(seed)
		if seen[string(p.text())] {
			t.Fatalf("seed %d repeats a CV", seed)
		}
		seen[string(p.text())] = true
	}
	in := testInputs(t)
	requirePipeline(t, in.cv, in.jd)
	p := fictionalPerson(7)
	a := &app{cfg: &config{MaxUpload: 10 << 20}}
	pl, release, err := a.newPipeline()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	for _, kind := range []string{"docx", "text"} {
		cv := p.text()
		if kind == "docx" {
			cv = p.docx(t)
		}
		res, err := pl.Analyze(t.Context(), pipeline.Input{CV: cv, JDText: in.jd}, nil)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if res.Analysis.Candidate.Name != p.Name {
			t.Errorf("%s: candidate %q, want %q", kind, res.Analysis.Candidate.Name, p.Name)
		}
	}
}
