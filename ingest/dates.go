package ingest

import (
	"regexp"
	"strconv"
	"strings"
)

// months maps month names and abbreviations in the languages our corpus
// holds (English, Spanish, German, French) to their number.
var months = map[string]int{
	"jan": 1, "january": 1, "janv": 1, "janvier": 1, "ene": 1, "enero": 1, "januar": 1, "jän": 1,
	"feb": 2, "february": 2, "febr": 2, "fév": 2, "février": 2, "febrero": 2, "februar": 2,
	"mar": 3, "march": 3, "mars": 3, "marzo": 3, "mär": 3, "märz": 3, "maerz": 3,
	"apr": 4, "april": 4, "avr": 4, "avril": 4, "abr": 4, "abril": 4,
	"may": 5, "mai": 5, "mayo": 5,
	"jun": 6, "june": 6, "juin": 6, "junio": 6, "juni": 6,
	"jul": 7, "july": 7, "juil": 7, "juillet": 7, "julio": 7, "juli": 7,
	"aug": 8, "august": 8, "août": 8, "ago": 8, "agosto": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9, "set": 9,
	"oct": 10, "october": 10, "octobre": 10, "octubre": 10, "okt": 10, "oktober": 10,
	"nov": 11, "november": 11, "novembre": 11, "noviembre": 11,
	"spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 1,
	"dec": 12, "december": 12, "déc": 12, "décembre": 12, "dic": 12, "diciembre": 12, "dez": 12, "dezember": 12,
}

// presentWords say an engagement is ongoing.
var presentWords = []string{"present", "current", "currently", "now", "today", "to date", "ongoing",
	"date", "actualidad", "presente", "actual", "heute", "aujourd'hui", "至今", "现在", "今"}

const (
	monthAlt   = `(?:jan(?:uary)?|feb(?:ruary)?|febr|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|ene(?:ro)?|abr(?:il)?|ago(?:sto)?|dic(?:iembre)?|okt(?:ober)?|dez(?:ember)?|mai|märz?|juni|juli|janv(?:ier)?|févr?(?:ier)?|avr(?:il)?|juin|juil(?:let)?|août|déc(?:embre)?|enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|noviembre|diciembre)`
	yearAlt    = `(?:19[5-9]\d|20[0-4]\d)`
	dateAlt    = `(?:` + monthAlt + `\.?,?\s*(?:'\d\d|` + yearAlt + `)|(?:0?[1-9]|1[0-2])[/.](?:` + yearAlt + `)|` + yearAlt + `[-/.](?:0[1-9]|1[0-2])|` + yearAlt + `(?:\s*年\s*\d{1,2}\s*月)?)`
	presentAlt = `(?:present|current(?:ly)?|now|today|to date|ongoing|date|actualidad|presente|actual|heute|aujourd'hui|至今|现在)`
	sepAlt     = `(?:\s*(?:[-–—−~]|to|until|till|bis|a|hasta|au|à)\s*)`
)

var (
	// expAlt is the "Exp." or "expected" before an end date still ahead.
	expAlt   = `(?:exp(?:ected)?\.?\s*)?`
	rangeRE  = regexp.MustCompile(`(?i)(?:\b|^)(` + dateAlt + `)` + sepAlt + expAlt + `(` + dateAlt + `|` + presentAlt + `)(?:\b|$)`)
	monthsRE = regexp.MustCompile(`(?i)(?:\b|^)(` + monthAlt + `)\.?` + sepAlt + `(` + monthAlt + `)\.?,?\s*(` + yearAlt + `)(?:\b|$)`)
	sinceRE  = regexp.MustCompile(`(?i)\b(?:since|seit|desde|depuis)\s+(` + dateAlt + `)`)
	// singleRE finds a lone date ("Jun 2021", "Summer 2022") used as a
	// one-off entry date.
	singleRE = regexp.MustCompile(`(?i)(?:\b|^)((?:` + monthAlt + `|spring|summer|fall|autumn|winter)\.?,?\s*` + yearAlt + `)(?:\b|$)`)
	yearRE   = regexp.MustCompile(yearAlt)
	numRE    = regexp.MustCompile(`\d{1,2}`)
	monthRE  = regexp.MustCompile(`^\s*(\d{1,2})\s*$`)
)

// mayHoldDate reports whether s holds a year the expressions above accept
// (1950-2049) or the "'19" of "Jun '19": every date they match has one,
// and most lines of a CV have neither. The check spares those lines the
// regexps, which were the largest cost of analysing a CV.
func mayHoldDate(s string) bool {
	digit := func(i int) bool { return i < len(s) && '0' <= s[i] && s[i] <= '9' }
	for i := 0; i+2 < len(s); i++ {
		switch {
		case s[i] == '\'' && digit(i+1) && digit(i+2):
			return true
		case s[i] == '1' && s[i+1] == '9' && '5' <= s[i+2] && s[i+2] <= '9' && digit(i+3),
			s[i] == '2' && s[i+1] == '0' && '0' <= s[i+2] && s[i+2] <= '4' && digit(i+3):
			return true
		}
	}
	return false
}

// DateRange is a span of time found in a line.
type DateRange struct {
	Text    string // as written
	Start   string // "YYYY-MM" or "YYYY"
	End     string // "YYYY-MM" or "YYYY"; empty when current
	Current bool
}

// FindDateRange returns the first date range in s ("Jan 2020 – Present",
// "2018-2021", "03/2019 to 05/2021", "since 2020"), if any.
func FindDateRange(s string) (DateRange, bool) {
	if !mayHoldDate(s) {
		return DateRange{}, false
	}
	if m := rangeRE.FindStringSubmatchIndex(s); m != nil {
		start := parseDate(s[m[2]:m[3]])
		endText := s[m[4]:m[5]]
		dr := DateRange{Text: strings.TrimSpace(s[m[0]:m[1]]), Start: start}
		if isPresent(endText) {
			dr.Current = true
		} else {
			dr.End = parseDate(endText)
			// "Jan – Mar 2020" is not matched by rangeRE; "2019 - 05/2021" is.
		}
		if dr.Start != "" && (dr.End != "" || dr.Current) {
			return dr, true
		}
	}
	// "June – August 2023": the year is written once, after both months.
	if m := monthsRE.FindStringSubmatchIndex(s); m != nil {
		y := s[m[6]:m[7]]
		start, end := parseDate(s[m[2]:m[3]]+" "+y), parseDate(s[m[4]:m[5]]+" "+y)
		if start != "" && end != "" && start <= end {
			return DateRange{Text: strings.TrimSpace(s[m[0]:m[1]]), Start: start, End: end}, true
		}
	}
	if m := sinceRE.FindStringSubmatchIndex(s); m != nil {
		return DateRange{Text: s[m[0]:m[1]], Start: parseDate(s[m[2]:m[3]]), Current: true}, true
	}
	return DateRange{}, false
}

// FindSingleDate returns a lone "Month Year" date in s.
func FindSingleDate(s string) (DateRange, bool) {
	if !mayHoldDate(s) {
		return DateRange{}, false
	}
	if m := singleRE.FindStringSubmatchIndex(s); m != nil {
		d := parseDate(s[m[2]:m[3]])
		return DateRange{Text: s[m[0]:m[1]], Start: d, End: d}, d != ""
	}
	return DateRange{}, false
}

func isPresent(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, w := range presentWords {
		if s == w {
			return true
		}
	}
	return false
}

// parseDate normalises one date to "YYYY-MM" or "YYYY".
func parseDate(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	y := yearRE.FindString(s)
	if y == "" {
		// "Jun '19"
		if i := strings.Index(s, "'"); i >= 0 && len(s) >= i+3 {
			if n, err := strconv.Atoi(s[i+1 : i+3]); err == nil {
				y = strconv.Itoa(2000 + n)
				if n > 50 {
					y = strconv.Itoa(1900 + n)
				}
			}
		}
		if y == "" {
			return ""
		}
	}
	rest := strings.Replace(s, y, " ", 1)
	for _, f := range strings.FieldsFunc(rest, func(r rune) bool {
		return r == ' ' || r == '.' || r == ',' || r == '/' || r == '-' || r == '\''
	}) {
		if m, ok := months[f]; ok {
			return y + "-" + twoDigits(m)
		}
		if len(f) > 3 {
			if m, ok := months[f[:3]]; ok {
				return y + "-" + twoDigits(m)
			}
		}
	}
	if strings.Contains(s, "年") {
		if m := numRE.FindAllString(strings.SplitN(rest, "年", 2)[1], 1); len(m) == 1 {
			if n, _ := strconv.Atoi(m[0]); n >= 1 && n <= 12 {
				return y + "-" + twoDigits(n)
			}
		}
	}
	// numeric month: "03/2019", "2019-03", "3.2019"
	if m := monthRE.FindStringSubmatch(strings.Trim(rest, " /.-")); m != nil {
		if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= 12 {
			return y + "-" + twoDigits(n)
		}
	}
	return y
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
