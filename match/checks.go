package match

import (
	"strings"
	"unicode"

	"prep/ingest"
)

// What a document is, judged by its words and structure.
const (
	docCV      = "cv"
	docJD      = "jd"
	docRecipe  = "recipe"
	docEmpty   = "empty"
	docUnknown = "unknown"
)

// minLetters is the least text a CV or a JD must have to be read at all.
const minLetters = 40

// jdPhrases are what job ads say and CVs do not.
var jdPhrases = []string{
	"we are looking for", "we're looking for", "you will", "you'll", "what you'll do", "what you will do",
	"responsibilities", "requirements", "qualifications", "about the role", "about us", "benefits",
	"apply", "we offer", "join our", "the ideal candidate", "your role", "nice to have", "who you are",
	"what we're looking for", "equal opportunity", "perks", "you have", "you are", "our team", "our customers",
}

// recipeWords are stems only recipes use together.
var recipeWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("ingredient tablespoon tbsp teaspoon tsp cup preheat oven bake simmer stir whisk serving chopped garlic salt pepper flour sugar butter onion boil saucepan skillet dough recipe sprinkle knead minced tomato olive") {
		recipeWords[stem(w)] = true
	}
}

// classifyDocument says what a document looks like.
func classifyDocument(doc *ingest.Document, cv *ingest.CV) string {
	text := doc.Text()
	if countLetters(text) < minLetters {
		return docEmpty
	}
	low := strings.ToLower(collapse(text))
	recipe := map[string]bool{}
	for _, t := range tokenize(low) {
		if recipeWords[t.stem] {
			recipe[t.stem] = true
		}
	}
	dated := 0
	for _, e := range cv.Experience {
		if e.Start != "" {
			dated++
		}
	}
	jd := 0
	for _, p := range jdPhrases {
		if strings.Contains(low, p) {
			jd++
		}
	}
	hasSection := false
	for _, s := range cv.Sections {
		switch s.Kind {
		case ingest.SectionExperience, ingest.SectionEducation, ingest.SectionSkills, ingest.SectionSummary:
			hasSection = true
		}
	}
	switch {
	case len(recipe) >= 5 && dated < 2:
		return docRecipe
	case jd >= 5 && dated == 0, jd >= 8 && dated <= 1:
		return docJD
	case dated == 0 && !hasSection && cv.Contact.Email == "":
		return docUnknown
	}
	return docCV
}

// checkInputs returns the warnings about the inputs and whether the CV can
// be quoted as the candidate's experience.
func checkInputs(cvDoc *ingest.Document, cv *ingest.CV, r *cvReading, jdDoc *ingest.Document, job *jobReading) (warnings []string, usable bool) {
	warnings = []string{}
	usable = true
	switch classifyDocument(cvDoc, cv) {
	case docEmpty:
		warnings = append(warnings, "The CV has no readable text. If it is a scan or a photo, export it as PDF or DOCX from the program you wrote it in and upload it again.")
		usable = false
	case docRecipe:
		warnings = append(warnings, "The file uploaded as the CV looks like a recipe, not a CV: nothing in it is read as your experience. Upload your CV to get an analysis of it.")
		usable = false
	case docJD:
		warnings = append(warnings, "The file uploaded as the CV looks like a job description (were the two files swapped?): nothing in it is read as your experience. Upload your CV in the CV field.")
		usable = false
	case docUnknown:
		warnings = append(warnings, "The CV has no experience, education or dates we could find: the analysis may miss your experience. Use headings such as Experience and Education, and give each role its dates.")
	}
	if usable {
		if lang := r.language; lang != "" {
			warnings = append(warnings, "The CV seems to be written in "+lang+"; this analysis reads English CVs, so evidence and metrics may be missing.")
		}
		if len(r.statements) == 0 {
			warnings = append(warnings, "No statement could be read from the CV's experience: questions come with what to prepare instead of your own examples.")
		}
	}

	jdText := jdDoc.Text()
	switch {
	case countLetters(jdText) < minLetters:
		warnings = append(warnings, "The job description has no readable text: paste the text of the job ad instead.")
	case looksLikeCV(jdDoc):
		warnings = append(warnings, "The job description looks like a CV (were the two files swapped?): the job's requirements and company are read from it as they are.")
	default:
		if lang := language(jdText); lang != "" {
			warnings = append(warnings, "The job description seems to be written in "+lang+"; the role packs cover English job descriptions, so the company, requirements and tailoring may be wrong.")
		}
		if job.job.Company == "" {
			warnings = append(warnings, "The job description does not name the company, so the questions say \"the company\". Add a line such as \"Company: Acme\" at the top of the text to tailor them.")
		}
	}
	return warnings, usable
}

// looksLikeCV reports whether a JD document is in fact a CV: dated roles
// and a contact email, and next to none of a job ad's phrases.
func looksLikeCV(doc *ingest.Document) bool {
	low := strings.ToLower(collapse(doc.Text()))
	jd := 0
	for _, p := range jdPhrases {
		if strings.Contains(low, p) {
			jd++
		}
	}
	if jd > 2 || !strings.Contains(low, "@") {
		return false // a job ad, or no contact email: no need to read it as a CV
	}
	cv := doc.CV()
	dated := 0
	for _, e := range cv.Experience {
		if e.Start != "" {
			dated++
		}
	}
	return dated >= 2 && cv.Contact.Email != ""
}

// stopwords of the languages a CV or JD may come in. English has to beat
// every other language for a text to count as English.
var stopwords = map[string]map[string]bool{}

var languageOrder = []string{"English", "Spanish", "German", "French", "Portuguese", "Italian", "Dutch"}

func init() {
	for lang, words := range map[string]string{
		"English":    "the and to of in for with you our we a is are will on as your be this that have an at by from or",
		"Spanish":    "de la el en y los las para con que del una por nuestro se su al es un lo como más sus nuestra",
		"German":     "und der die das mit für wir sie ist zu den von ein eine auf im dem des nicht auch sich bei als",
		"French":     "le la les des et pour avec nous vous est une dans du sur au en que qui pas ce plus par son",
		"Portuguese": "de e para com que os as uma não você nós em do da dos das no na por ao é seu sua",
		"Italian":    "di e il la che per con del della un una sono nel alla gli le dei è non si al",
		"Dutch":      "de het een en van in op voor met is je wij we zijn aan te niet bij ook als",
	} {
		stopwords[lang] = map[string]bool{}
		for _, w := range strings.Fields(words) {
			stopwords[lang][w] = true
		}
	}
}

// language returns the name of the text's language when it is not English
// (CJK scripts included), or "" for English or too little text to say.
func language(text string) string {
	cjk, letters := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				cjk++
			}
		}
	}
	if letters > 0 && cjk*3 > letters {
		return "Chinese, Japanese or Korean"
	}
	counts := map[string]int{}
	total := 0
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		total++
		for _, lang := range languageOrder {
			if stopwords[lang][f] {
				counts[lang]++
			}
		}
	}
	if total < 30 {
		return ""
	}
	best, n := "English", counts["English"]
	for _, lang := range languageOrder[1:] {
		if counts[lang] > n {
			best, n = lang, counts[lang]
		}
	}
	if best == "English" || n < 8 {
		return ""
	}
	return best
}
