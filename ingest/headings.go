package ingest

import (
	"sort"
	"strings"
	"unicode"
)

// cvHeadings maps section headings as people write them — lower case,
// letters and spaces only — to their kind. Keys cover English variants and
// the other languages of the corpus (Spanish, German, French, Chinese,
// Japanese).
var cvHeadings = map[string]SectionKind{}

func init() {
	add := func(kind SectionKind, names ...string) {
		for _, n := range names {
			cvHeadings[headingKey(n)] = kind
		}
	}
	add(SectionSummary, "summary", "professional summary", "career summary", "executive summary",
		"profile", "professional profile", "personal profile", "career profile", "profile summary",
		"about", "about me", "objective", "career objective", "objectives", "personal statement",
		"overview", "introduction", "qualifications summary", "summary of qualifications", "highlights",
		"career highlights", "experience summary", "resumen", "perfil", "perfil profesional", "profil", "zusammenfassung",
		"à propos", "个人简介", "自我评价", "个人总结", "prole")
	add(SectionExperience, "experience", "work experience", "professional experience", "employment",
		"employment history", "work history", "career history", "relevant experience", "experiences",
		"professional background", "work", "career", "positions", "positions held", "job history",
		"experience history", "industry experience", "customer success experience", "leadership experience",
		"internships", "internship", "internship experience", "work and leadership experience",
		"experiencia", "experiencia laboral", "experiencia profesional", "berufserfahrung", "berufliche erfahrung",
		"expérience", "expérience professionnelle", "expériences professionnelles",
		"工作经历", "工作经验", "实习经历", "实习/项目经历", "实习项目经历", "职业经历", "職歴", "学歴・職歴")
	add(SectionEducation, "education", "edu", "academic background", "education and training", "education & training",
		"academic qualifications", "educational background", "academic history", "studies", "degrees",
		"education and certifications", "education and courses", "education & courses", "formación", "formación académica", "educación", "ausbildung",
		"bildung", "formation", "教育背景", "教育经历", "学歴")
	add(SectionSkills, "skills", "technical skills", "key skills", "core skills", "core competencies",
		"competencies", "skills and competencies", "areas of expertise", "expertise", "tools", "technologies",
		"tools and technologies", "tech stack", "skills summary", "skill set", "skillset", "strengths",
		"professional skills", "hard skills", "soft skills", "skills & tools", "skills and tools",
		"technical competencies", "core strengths", "key strengths", "tools and tech", "tools & tech", "competencies and tools", "habilidades", "competencias", "kenntnisse", "fähigkeiten", "compétences", "专业技能", "技能", "技能清单")
	add(SectionCertifications, "certifications", "certification", "certificates", "licenses and certifications",
		"licenses & certifications", "courses", "training", "professional development", "certifications and training",
		"certificaciones", "zertifikate", "证书")
	add(SectionProjects, "projects", "project examples", "portfolio", "personal projects", "key projects", "selected projects", "project experience",
		"side projects", "proyectos", "projekte", "projets", "项目经历", "项目经验")
	add(SectionOther, "awards", "honors", "honours", "honors and awards", "awards and honors", "achievements",
		"accomplishments", "publications", "languages", "language", "interests", "hobbies", "volunteer",
		"volunteering", "volunteer experience", "references", "activities", "extracurricular activities",
		"affiliations", "memberships", "additional information", "personal information", "personal details",
		"presentation", "presentations", "patents", "board and advisory", "board & advisory", "advisory",
		"advisory roles", "advisory boards", "board memberships", "boards", "speaking", "talks", "leadership", "community", "personal qualities",
		"idiomas", "sprachen", "langues", "intereses", "获奖情况", "其他", "语言")
	add(SectionContact, "contact me at", "get in touch", "details", "personal details and contact", "contact", "contact me", "contact information", "contact details", "contacts", "links",
		"profiles", "social", "kontakt", "contacto")
}

// jdHeadingPhrases map job-description headings to their kind by the first
// phrase a heading contains: JD headings are free-form ("What you'll bring",
// "The Best Applicants:"), so a whole-heading table would miss most.
var jdHeadingPhrases = []struct {
	phrase string
	kind   SectionKind
}{
	// Order matters: the first phrase found wins, so specific before general.
	{"nice to have", SectionNiceToHave}, {"nice-to-have", SectionNiceToHave}, {"bonus", SectionNiceToHave},
	{"preferred", SectionNiceToHave}, {"pluses", SectionNiceToHave}, {"plus if", SectionNiceToHave},
	{"extra credit", SectionNiceToHave}, {"not required", SectionNiceToHave}, {"desirable", SectionNiceToHave},
	{"would be great", SectionNiceToHave}, {"deseable", SectionNiceToHave}, {"wünschenswert", SectionNiceToHave},
	{"von vorteil", SectionNiceToHave}, {"souhaité", SectionNiceToHave},
	{"benefit", SectionBenefits}, {"perks", SectionBenefits}, {"what we offer", SectionBenefits},
	{"our offer", SectionBenefits}, {"why us", SectionBenefits}, {"why join", SectionBenefits},
	{"in it for you", SectionBenefits}, {"compensation", SectionBenefits}, {"what you get", SectionBenefits},
	{"we offer", SectionBenefits}, {"salary", SectionBenefits}, {"beneficios", SectionBenefits},
	{"ofrecemos", SectionBenefits}, {"wir bieten", SectionBenefits}, {"avantages", SectionBenefits},
	{"responsibilit", SectionResponsibilities}, {"responsabilidades", SectionResponsibilities},
	{"funciones", SectionResponsibilities}, {"aufgaben", SectionResponsibilities}, {"missions", SectionResponsibilities},
	{"descripción", SectionResponsibilities}, {"what you will do", SectionResponsibilities},
	{"what you'll do", SectionResponsibilities}, {"what you’ll do", SectionResponsibilities},
	{"what you will work on", SectionResponsibilities}, {"what you'll work on", SectionResponsibilities},
	{"what you’ll work on", SectionResponsibilities}, {"you will", SectionResponsibilities},
	{"your role", SectionResponsibilities}, {"the role", SectionResponsibilities},
	{"about the role", SectionResponsibilities}, {"duties", SectionResponsibilities},
	{"day to day", SectionResponsibilities}, {"day-to-day", SectionResponsibilities},
	{"our mission", SectionAbout}, {"your mission", SectionResponsibilities}, {"mission", SectionResponsibilities},
	{"goals", SectionResponsibilities}, {"job description", SectionResponsibilities},
	{"in this position", SectionResponsibilities}, {"in this role", SectionResponsibilities},
	{"your journey", SectionResponsibilities}, {"challenges", SectionResponsibilities},
	{"within", SectionResponsibilities}, {"what you'll be doing", SectionResponsibilities},
	{"the job", SectionResponsibilities}, {"description", SectionResponsibilities},
	{"what?", SectionResponsibilities}, {"the detail", SectionResponsibilities},
	{"requirement", SectionRequirements}, {"qualification", SectionRequirements},
	{"what you bring", SectionRequirements}, {"what you'll bring", SectionRequirements},
	{"what you’ll bring", SectionRequirements}, {"who you are", SectionRequirements},
	{"about you", SectionRequirements}, {"your profile", SectionRequirements},
	{"looking for", SectionRequirements}, {"must have", SectionRequirements},
	{"must-have", SectionRequirements}, {"skills", SectionRequirements}, {"experience", SectionRequirements},
	{"you have", SectionRequirements}, {"you are", SectionRequirements}, {"best applicants", SectionRequirements},
	{"ideal candidate", SectionRequirements}, {"competences", SectionRequirements},
	{"you've done", SectionRequirements}, {"you’ve done", SectionRequirements},
	{"who?", SectionRequirements}, {"background", SectionRequirements}, {"requisitos", SectionRequirements},
	{"anforderungen", SectionRequirements}, {"profil", SectionRequirements}, {"perfil", SectionRequirements},
	{"about", SectionAbout}, {"who we are", SectionAbout}, {"company", SectionAbout},
	{"our story", SectionAbout}, {"what we do", SectionAbout}, {"the team", SectionAbout},
	{"why?", SectionAbout}, {"sobre nosotros", SectionAbout},
	{"what is", SectionAbout}, {"why you matter", SectionResponsibilities},
}

// headingKey reduces a heading to lower-case letters and single spaces:
// icons, numbering, punctuation and trailing colons go; letter-spaced
// forms ("E X P E R I E N C E") are joined back.
func headingKey(s string) string {
	s = strings.ToLower(StripIcons(s))
	s = joinLetterSpacing(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || r == '/' && b.Len() > 0:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '&':
			if b.Len() > 0 {
				b.WriteString(" and")
			}
			space = true
		default:
			space = true
		}
	}
	return b.String()
}

// joinLetterSpacing turns "e x p e r i e n c e" into "experience" and
// "c o n t a c t  m e" into "contact me": designed templates space the
// letters of headings, and extraction gives one word per letter.
func joinLetterSpacing(s string) string {
	fields := strings.Fields(s)
	if len(fields) < 4 {
		return s
	}
	single := 0
	for _, f := range fields {
		if len([]rune(f)) == 1 {
			single++
		}
	}
	if single*10 < len(fields)*8 {
		return s
	}
	// Double spaces mark word boundaries when the extractor kept them.
	words := strings.Split(s, "  ")
	for i, w := range words {
		words[i] = strings.ReplaceAll(strings.TrimSpace(w), " ", "")
	}
	return strings.Join(words, " ")
}

// compactKeys maps a heading key with its spaces removed to the key, so a
// letter-spaced heading whose word gaps were lost ("contactme") still
// matches. It is filled by init after cvHeadings: a package variable's
// initialiser would run before init and see an empty vocabulary.
var compactKeys = map[string]string{}

func init() {
	keys := make([]string, 0, len(cvHeadings))
	for k := range cvHeadings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		compactKeys[strings.ReplaceAll(k, " ", "")] = k
	}
}

// ClassifyCVHeading returns the kind of a CV section heading and whether
// the text is a known heading at all.
func ClassifyCVHeading(s string) (SectionKind, bool) {
	k := headingKey(s)
	if k == "" || len(k) > 48 {
		return "", false
	}
	if kind, ok := cvHeadings[k]; ok {
		return kind, true
	}
	if full, ok := compactKeys[strings.ReplaceAll(k, " ", "")]; ok {
		return cvHeadings[full], true
	}
	// A bilingual heading: "Berufserfahrung / Experience".
	if strings.Contains(k, "/") {
		for _, part := range strings.Split(k, "/") {
			if kind, ok := cvHeadings[strings.TrimSpace(part)]; ok {
				return kind, true
			}
		}
	}
	return "", false
}

// classifyJDHeading returns the kind of a JD heading from the first
// vocabulary phrase it contains, or SectionOther.
func classifyJDHeading(s string) SectionKind {
	low := strings.ToLower(strings.TrimSpace(StripIcons(s)))
	low = strings.Trim(low, "#*_: ")
	for _, p := range jdHeadingPhrases {
		if strings.Contains(low, p.phrase) {
			return p.kind
		}
	}
	return SectionOther
}
