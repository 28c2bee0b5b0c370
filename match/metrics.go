package match

import (
	"math"
	"strconv"
	"strings"
)

// Metric kinds (Metric.Kind).
const (
	MetricNRR              = "nrr"
	MetricGRR              = "grr"
	MetricChurnRate        = "churn_rate"
	MetricRenewalRate      = "renewal_rate"
	MetricExpansionRevenue = "expansion_revenue"
	MetricARRManaged       = "arr_managed"
	MetricAccountsManaged  = "accounts_managed"
	MetricACV              = "acv"
	MetricTTV              = "ttv"
	MetricAdoption         = "adoption"
	MetricNPS              = "nps"
	MetricCSAT             = "csat"
	MetricRevenue          = "revenue"
	MetricOther            = "other"
)

// MetricKinds lists every metric kind in the order the report shows them.
var MetricKinds = []string{
	MetricNRR, MetricGRR, MetricChurnRate, MetricRenewalRate, MetricExpansionRevenue,
	MetricARRManaged, MetricAccountsManaged, MetricACV, MetricTTV, MetricAdoption,
	MetricNPS, MetricCSAT, MetricRevenue, MetricOther,
}

// Metric units besides ISO currency codes.
const (
	UnitPercent = "%"
	UnitCount   = "count"
	UnitDays    = "days"
	UnitWeeks   = "weeks"
	UnitMonths  = "months"
	UnitHours   = "hours"
	UnitMinutes = "minutes"
	UnitSeconds = "seconds"
	UnitMillis  = "ms"
	UnitScore   = "score"
	UnitTimes   = "x" // a multiple: "3x pipeline"
)

// qclass is the shape of a quantity before it has a kind.
type qclass uint8

const (
	qBare     qclass = iota // a number alone
	qPercent                // 12%, 12 percent, 12 points
	qMoney                  // $3.3M, €2,5 Mio
	qMoneyAny               // 1.2m: a multiplier without a currency
	qCount                  // 52 accounts
	qDuration               // 8 weeks
	qScore                  // 4.8/5
	qTimes                  // 3x
	qRatio                  // 38 of 40 accounts
	qSkip                   // seen and rejected (a date, a version, a team)
)

// nounKind is what a counted noun counts.
type nounKind uint8

const (
	nounNone nounKind = iota
	nounAccount
	nounUser
	nounTeam
	nounOther
	nounYear
	// nounPlace counts a reach (countries, markets, languages): an
	// achievement when something was launched or opened there, a mere
	// description otherwise ("92 people in 4 countries").
	nounPlace
)

// countNouns maps stems of counted nouns to what they count. Team nouns are
// here so that "a team of 8 CSMs" is recognised and rejected, not read as
// a book of 8 accounts.
var countNouns = map[string]nounKind{}

func init() {
	for kind, words := range map[nounKind]string{
		// Accounts are whatever a book is made of: companies, and the
		// units a vertical sells to (fleets, chains, clinic groups,
		// workspaces, policyholders, school districts).
		nounAccount: "account acct client customer logo company firm merchant brand partner organisation organization enterprise business school hospital retailer restaurant store agency tenant institution bank carrier shipper hotel clinic practice distributor dealer venue property workspace chain fleet group policyholder district franchise operator insurer manufacturer wholesaler reseller studio authority council municipality",
		nounUser:    "user seat license licence learner subscriber",
		nounTeam:    "person people csm rep engineer fte agent specialist manager staff teammate hire associate analyst consultant colleague headcount sdr bdr ae contractor freelancer intern coordinator representative employee member team squad pod executive leader director salesperson seller advisor adviser surgeon nurse clinician doctor physician pharmacist dentist veterinarian therapist technician",
		// Activities and audiences: what was done, not a book. Teachers
		// or guests who attended are an audience reached.
		nounOther: "system tool app application service server cluster repository library environment device download install star follower ticket deal renewal onboarding implementation qbr ebr project integration escalation opportunity meeting call demo lead sql mql csql webinar article training session workshop case request feature release contract partnership campaign playbook event course module product territory launch migration deployment rollout program programme initiative survey review interview certification order shipment transaction invoice pilot proposal rfp sku location site visit admin conversation chat report article bug guide video template dashboard checklist runbook piece item idea journey workflow sequence play email attendee participant registrant delegate teacher student guest visitor patient parent proof database instance node tender bid pitch presentation record row document file contact pql fix hotfix patch enhancement improvement",
		nounPlace: "market country language region city state continent office",
		nounYear:  "year yr",
	} {
		for _, w := range strings.Fields(words) {
			countNouns[stem(w)] = kind
		}
	}
}

// compoundNouns are hyphenated activities counted as one noun, by their
// first word and the stem of their second.
var compoundNouns = map[string]bool{"go-liv": true, "kick-off": true, "roll-out": true, "check-in": true, "follow-up": true, "set-up": true, "sign-off": true, "deep-div": true}

// contextPrepositions before a number in words make it a description;
// "into" is a direction ("expansion into two new countries").
var contextPrepositions = map[string]bool{
	"in": true, "at": true, "across": true, "over": true, "within": true, "throughout": true,
	"between": true, "among": true, "through": true,
}

// numberWords are the counts CVs spell out. "One" is left out: "one of the
// largest accounts" is not a count.
var numberWords = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}

// durationUnits maps stems of time words to units.
var durationUnits = map[string]string{
	"day": UnitDays, "days": UnitDays, "d": UnitDays,
	"week": UnitWeeks, "wk": UnitWeeks, "wks": UnitWeeks, "w": UnitWeeks,
	"month": UnitMonths, "mo": UnitMonths, "mos": UnitMonths, "mth": UnitMonths,
	"hour": UnitHours, "hr": UnitHours, "h": UnitHours, "hrs": UnitHours,
	"minut": UnitMinutes, "min": UnitMinutes, "mins": UnitMinutes,
	"second": UnitSeconds, "sec": UnitSeconds, "secs": UnitSeconds,
	"millisecond": UnitMillis, "ms": UnitMillis,
	"year": "years", "yr": "years", "yrs": "years",
}

// rankWords before a number make it a name, a rank or a version, not a
// quantity: "Tier 1 accounts", "Fortune 500 customers", "ISO 27001".
var rankWords = map[string]bool{
	"tier": true, "level": true, "phase": true, "q": true, "p": true, "series": true,
	"top": true, "fortune": true, "inc": true, "global": true, "version": true, "v": true,
	"iso": true, "windows": true, "web": true, "gen": true, "step": true, "stage": true,
	"round": true, "no": true, "number": true, "grade": true, "room": true, "suite": true,
	"unit": true, "floor": true, "t": true, "fy": true, "cohort": true, "class": true,
	"section": true, "chapter": true, "page": true, "ftse": true, "soc": true, "pci": true,
	"covid": true, "office": true, "dynamics": true, "ios": true, "android": true,
	"python": true, "java": true, "html": true, "css": true, "ipv": true, "industry": true,
	"module": true, "release": true, "sprint": true, "day": true, "week": true, "month": true,
	"year": true, "jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"russell": true, "forbes": true, "ranked": true,
}

// countStop words end the look-ahead for a counted noun: "40 of our
// customers" is not "40 customers".
var countStop = map[string]bool{
	"of": true, "in": true, "to": true, "and": true, "or": true, "with": true, "for": true,
	"from": true, "across": true, "per": true, "by": true, "at": true, "on": true, "into": true,
	"over": true, "under": true, "than": true, "that": true, "which": true, "who": true,
	"while": true, "as": true, "the": true, "a": true, "an": true, "our": true, "my": true,
	"their": true, "its": true, "were": true, "was": true, "are": true, "is": true,
	// A pronoun or an auxiliary starts the next clause: "over four years
	// I have onboarded …" counts years, not onboardings.
	"i": true, "we": true, "they": true, "he": true, "she": true, "you": true, "have": true,
	"has": true, "had": true, "will": true, "be": true, "been": true, "but": true, "so": true,
	"after": true, "before": true, "until": true, "since": true, "during": true, "when": true,
}

// quantity is a number with what surrounds it, before it gets a kind.
type quantity struct {
	first, last int // token span, inclusive
	num         int // the number token
	value       float64
	before      *float64
	class       qclass
	unit        string // currency code, duration unit, "%" …
	noun        nounKind
	of          float64 // the whole of a ratio ("38 of 40")
	points      bool    // written as points ("+12 pts")
	all         bool    // "all 12 accounts"
	pastVerb    bool    // a word in -ed right before: "flagged 150 accounts"
	// verbAt is one more than the token of a verb in -ing or -ed before
	// an article before the number ("calling the 50 largest stores"),
	// else 0.
	verbAt      int
	ofAfter     bool // "of" right after: "80% of churned accounts"
	ofEnd       int  // the last token of what follows that "of"
	forActivity bool // "migration for 40 customers": an activity's count
	// forCount is set by "for" before a count: "renewals for 900+
	// customers" describes whom the work serves.
	forCount bool
	// participle is an action inside the counted phrase: "the 40 flagged
	// accounts", "12 churned customers" are a subset acted on, not a book.
	participle bool
	// verbAfter is a verb in -ed right after a bare number: "71
	// converted", "12 renewed".
	verbAfter bool
	// rate is a count per period: "15 cars a month", "420 a year".
	rate bool
	lead string // the word before the number, approximations skipped
	// adjective is a hyphenated duration ("30-day"): it qualifies the
	// measure after it and claims none of its keywords.
	adjective bool
	worded    bool // written in words: "eight accounts"
	// gapLo and gapHi bound the words between the two figures of a change
	// (exclusive of gapHi): a keyword there still names it ("72% of
	// managers are active weekly, up from 55%").
	gapLo, gapHi int
	negative     bool
	// stated is the share a ratio is restated as ("19 of the 23 partners
	// renewed (83%)"), or 0.
	stated float64
}

// determiners may stand between "of" and the whole of a ratio: "19 of
// the 23 partners".
var determiners = map[string]bool{"the": true, "our": true, "my": true, "their": true}

// approximations soften a number without changing what it counts:
// "roughly 200 policyholders", "averaging 250 attendees". approxPairs are
// the two-word ones, by their second word: "more than 300 accounts".
var (
	approximations = map[string]bool{
		"about": true, "around": true, "roughly": true, "approximately": true, "approx": true,
		"nearly": true, "almost": true, "over": true, "some": true, "circa": true, "ca": true,
		"averaging": true, "just": true,
	}
	approxPairs = map[string][]string{
		"than": {"more", "less", "fewer"}, "to": {"up", "close"}, "least": {"at"},
	}
)

// leadWord returns the index of the word before the number at i, skipping
// a currency sign, a tilde and approximations, or -1.
func leadWord(toks []token, i int) int {
	for p, skipped := i-1, 0; p >= 0 && skipped < 3; p-- {
		t := toks[p]
		switch {
		case t.kind == tokNum, t.hardBreak(), t.softBreak():
			return -1
		case t.kind == tokPunct:
			continue
		case approximations[t.lower]:
			skipped++
			continue
		case p > 0 && contains(approxPairs[t.lower], toks[p-1].lower):
			p--
			skipped++
			continue
		}
		return p
	}
	return -1
}

// participleExempt are words in -ed that describe accounts rather than an
// action on them: "12 named accounts" is a book.
var participleExempt = map[string]bool{
	"named": true, "dedicated": true, "assigned": true, "managed": true, "owned": true, "regulated": true,
	"listed": true, "based": true, "distributed": true, "mixed": true, "related": true, "unmanaged": true,
	"pooled": true, "tiered": true, "segmented": true, "sized": true, "established": true,
	"specialised": true, "specialized": true, "funded": true, "backed": true, "licensed": true,
}

// scanQuantities finds the numbers of a statement with their currency,
// multiplier, unit or counted noun.
func scanQuantities(toks []token) []quantity {
	var qs []quantity
	skipTo := -1
	for i := 0; i < len(toks); i++ {
		if i <= skipTo {
			continue
		}
		if v, ok := numberWords[toks[i].lower]; ok && toks[i].kind == tokWord {
			// "Managed five enterprise accounts": a count written in words;
			// "a four-stage plan" is an adjective.
			if i+1 < len(toks) && toks[i+1].text == "-" && glued(toks, i, i+1) {
				continue
			}
			if kind, last := nounAfter(toks, i+1); kind == nounAccount || kind == nounUser || kind == nounOther || kind == nounPlace {
				if selection(toks, i+1) || kind == nounOther && !phraseHead(toks, last) {
					// "our three largest partners" names which accounts;
					// "three templated onboarding tracks" counts tracks, a
					// noun we do not know: neither is a result.
					skipTo = last
					continue
				}
				q := quantity{first: i, last: last, num: i, value: v, class: qCount, noun: kind, worded: true}
				q.readLead(toks, i)
				if contextPrepositions[q.lead] {
					// "in two B2B SaaS companies", "across three renewal
					// cycles": a number in words after a preposition sets
					// the scene.
					skipTo = last
					continue
				}
				q.participle = participleIn(toks, i+1, last)
				qs = append(qs, q)
				skipTo = last
			}
			continue
		}
		if toks[i].kind != tokNum {
			continue
		}
		q, ok := parseQuantity(toks, i)
		skipTo = q.last
		if !ok {
			continue
		}
		qs = append(qs, q)
	}
	return qs
}

// selection reports whether the word at j, right after a number, picks
// accounts out by rank: "three largest", "two biggest", "five top".
func selection(toks []token, j int) bool {
	if j >= len(toks) || toks[j].kind != tokWord {
		return false
	}
	w := toks[j].lower
	return w == "top" || len(w) > 5 && strings.HasSuffix(w, "est") && w != "interest" && w != "harvest"
}

// phraseHead reports whether the noun at k ends its noun phrase: what
// follows is no further word of the phrase ("onboarding tracks").
func phraseHead(toks []token, k int) bool {
	if k+1 >= len(toks) {
		return true
	}
	t := toks[k+1]
	if t.kind != tokWord {
		return true
	}
	switch t.lower {
	case "worth", "each", "every", "per", "a", "an", "so", "together", "live", "weekly", "monthly", "quarterly", "annually", "yearly":
		return true
	}
	return countStop[t.lower] || prepositions[t.lower] || strings.HasSuffix(t.lower, "ed") || strings.HasSuffix(t.lower, "ly")
}

func glued(toks []token, a, b int) bool {
	return a >= 0 && b < len(toks) && toks[a].end == toks[b].start
}

// parseQuantity reads the quantity around the number token i. It returns
// false for numbers that are not quantities, with q.last set to the last
// token it consumed so the caller skips them.
func parseQuantity(toks []token, i int) (quantity, bool) {
	q := quantity{first: i, last: i, num: i}
	n := len(toks)

	// What comes before: a rank word, a currency, a sign.
	p := i - 1
	if p >= 0 && toks[p].kind == tokPunct && (toks[p].text == "#" || toks[p].text == "№") {
		return q, false
	}
	if p >= 1 && toks[p].text == "." && glued(toks, p, i) && glued(toks, p-1, p) {
		return q, false // the tail of a version: "v2.3"
	}
	if p >= 0 && (toks[p].text == "-" || toks[p].text == "–") && glued(toks, p, i) && p-1 >= 0 {
		// "T-90", "COVID-19", "2019-2020": a hyphen glued to a word or
		// number before it joins a name or a range.
		if glued(toks, p-1, p) && toks[p-1].kind != tokPunct {
			if toks[p-1].kind == tokWord {
				return q, false
			}
		}
	}
	if p >= 1 && (toks[p].text == "-" || toks[p].text == "–") && glued(toks, p, i) && glued(toks, p-1, p) && toks[p-1].kind == tokNum {
		// "teams of 5–50 seats", "40–60 orders a week": the top of a
		// range describes a size or a pace, not a result. A range of
		// accounts held is still a book ("a book of 40–50 accounts").
		if kind, _ := nounAfter(toks, i+1); kind != nounAccount {
			return q, false
		}
	}
	if randAt(toks, p, i) {
		q.unit, q.class, q.first = "ZAR", qMoney, p
		p--
	} else if p >= 0 && toks[p].kind == tokWord && currencyBefore[toks[p].text] != "" {
		// "Rs 4.2 crore", "Rs. 50 lakh", "RM2.5 million".
		q.unit, q.class, q.first = currencyBefore[toks[p].text], qMoney, p
		p--
	} else if p >= 1 && toks[p].text == "." && glued(toks, p-1, p) && toks[p-1].text == "Rs" {
		q.unit, q.class, q.first = "INR", qMoney, p-1
		p -= 2
	}
	if w := prevWord(toks, i); q.class != qMoney && w >= 0 && rankWords[toks[w].lower] {
		// "top 5%" too: a ranking among peers is an award, not a result.
		return q, false
	}
	if q.class != qMoney && p >= 0 && toks[p].kind == tokWord && glued(toks, p, i) && !currencyCodes[toks[p].text] {
		// A number glued to letters before it is part of a name: "Web2",
		// "G2" are single words already; "v2" ends up here.
		return q, false
	}
	if q.class != qMoney && p >= 0 && toks[p].kind == tokPunct {
		if code, ok := currencySymbols[toks[p].text]; ok {
			q.unit, q.class, q.first = code, qMoney, p
			if p-1 >= 0 && toks[p-1].kind == tokWord && glued(toks, p-1, p) {
				if c, ok := currencyPrefixes[toks[p-1].text]; ok && toks[p].text == "$" {
					q.unit, q.first = c, p-1
				}
			}
			p = q.first - 1
		}
	}
	if q.class != qMoney && p >= 0 && toks[p].kind == tokWord && currencyCodes[toks[p].text] {
		q.unit, q.class, q.first = toks[p].text, qMoney, p
		p--
	}
	if p >= 0 && (toks[p].text == "-" || toks[p].text == "−" || toks[p].text == "+") && glued(toks, p, q.first) && (p == 0 || !glued(toks, p-1, p)) {
		q.negative = toks[p].text != "+"
		q.first = p
	}

	q.readLead(toks, i)

	// What comes after: multiplier, currency, plus, unit or noun.
	j := i + 1
	mult := 0.0
	money := q.class == qMoney
	if j < n && toks[j].kind == tokWord {
		// "2,5 M€": the currency after the multiplier makes it money.
		moneyAfter := j+1 < n && glued(toks, j, j+1) && currencySymbols[toks[j+1].text] != ""
		if m := multiplier(toks[j].text, glued(toks, i, j), money || moneyAfter); m > 0 {
			mult = m
			j++
			// "Mio." and "Mrd." are abbreviations: the period is theirs.
			if j < n && toks[j].text == "." && glued(toks, j-1, j) && len(toks[j-1].text) > 1 {
				j++
			}
		} else if sc, ok := scaledCurrencies[toks[j].text]; ok && !money {
			// "12 MSEK": the multiplier and the currency in one word.
			mult, q.unit, q.class = sc.mult, sc.code, qMoney
			j++
		}
	}
	v, ok := parseNumber(toks[i].text, mult > 0)
	if !ok {
		return q, false
	}
	if mult > 0 {
		v *= mult
	}
	q.value = v
	q.last = j - 1
	if q.class != qMoney && j < n {
		if code, ok := currencySymbols[toks[j].text]; ok && toks[j].kind == tokPunct {
			q.unit, q.class, q.last = code, qMoney, j
			j++
		} else if toks[j].kind == tokWord && currencyCodes[toks[j].text] {
			q.unit, q.class, q.last = toks[j].text, qMoney, j
			j++
		} else if c, ok := currencyWords[toks[j].lower]; ok {
			q.unit, q.class, q.last = c, qMoney, j
			j++
		}
	}
	if j < n && toks[j].text == "+" && glued(toks, j-1, j) {
		q.last = j
		j++
	}
	if q.class == qMoney {
		return q, true
	}
	if j < n {
		t := toks[j]
		switch {
		case t.text == "%" || t.text == "％":
			q.class, q.unit, q.last = qPercent, UnitPercent, j
			q.ofAfter = j+1 < n && toks[j+1].lower == "of"
			if q.ofAfter {
				q.ofEnd = baseEnd(toks, j+2)
			}
			return q, true
		case t.kind == tokWord && (t.lower == "percent" || t.lower == "pct" || t.lower == "pp" || t.lower == "ppt" || t.lower == "ppts"):
			q.class, q.unit, q.last = qPercent, UnitPercent, j
			q.points = t.lower != "percent" && t.lower != "pct"
			return q, true
		case t.kind == tokWord && t.lower == "per" && j+1 < n && toks[j+1].lower == "cent":
			q.class, q.unit, q.last = qPercent, UnitPercent, j+1
			return q, true
		case t.kind == tokWord && (t.lower == "percentage" && j+1 < n && toks[j+1].stem == "point"):
			q.class, q.unit, q.last, q.points = qPercent, UnitPercent, j+1, true
			return q, true
		case t.kind == tokWord && (t.stem == "point" || t.lower == "pts" || t.lower == "pt"):
			q.class, q.unit, q.last, q.points = qPercent, UnitPercent, j, true
			return q, true
		case (t.lower == "x" || t.text == "×") && glued(toks, j-1, j) && mult == 0:
			q.class, q.unit, q.last = qTimes, UnitTimes, j
			if k := j + 1; k+1 < n && toks[k].text == "/" && periodWords[toks[k+1].stem] || periodRight(toks, k) {
				// "QBRs 2x/yr", "3x a week": a cadence, not a multiple.
				q.class = qSkip
			}
			return q, true
		case t.text == "/" && j+1 < n && toks[j+1].kind == tokNum && glued(toks, j-1, j) && glued(toks, j, j+1):
			den, ok := parseNumber(toks[j+1].text, false)
			q.last = j + 1
			if !ok {
				return q, false
			}
			if (den == 5 || den == 10 || den == 100) && q.value <= den && !(den == 100 && q.value == 0) {
				q.class, q.unit = qScore, UnitScore
				return q, true
			}
			if den > q.value && den < 1e7 {
				if k, last := nounAfter(toks, j+2); k == nounAccount || k == nounUser || k == nounOther {
					q.class, q.of, q.noun, q.last = qRatio, den, k, last
					return q, true
				}
			}
			return q, false // "24/7", "03/2021"
		}
	}
	// "38 of 40 accounts", "38 out of 40", "19 of the 23 partners".
	d := j + 1
	if d+1 < n && toks[j].lower == "of" && determiners[toks[d].lower] && toks[d+1].kind == tokNum {
		d++
	}
	if d < n && toks[j].lower == "of" && toks[d].kind == tokNum && mult == 0 {
		if den, ok := parseNumber(toks[d].text, false); ok && den >= q.value && den > 0 {
			q.class, q.of, q.last = qRatio, den, d
			if k, last := nounAfter(toks, d+1); k != nounNone && k != nounTeam && k != nounYear {
				q.noun, q.last = k, last
			}
			return q, true
		}
	}
	if j+2 < n && toks[j].lower == "out" && toks[j+1].lower == "of" && toks[j+2].kind == tokNum && mult == 0 {
		if den, ok := parseNumber(toks[j+2].text, false); ok && (den == 5 || den == 10) && q.value <= den {
			// "4.7 out of 5" is a rating.
			q.class, q.unit, q.last = qScore, UnitScore, j+2
			return q, true
		}
		if den, ok := parseNumber(toks[j+2].text, false); ok && den >= q.value && den > 0 {
			q.class, q.of, q.last = qRatio, den, j+2
			if k, last := nounAfter(toks, j+3); k != nounNone && k != nounTeam && k != nounYear {
				q.noun, q.last = k, last
			}
			return q, true
		}
	}
	// A duration: "8 weeks", "30-day", "45d", "business days".
	k := j
	if k < n && toks[k].text == "-" && glued(toks, k-1, k) {
		k++
	}
	if k < n && toks[k].kind == tokWord && (toks[k].lower == "business" || toks[k].lower == "working" || toks[k].lower == "calendar") {
		k++
	}
	if k < n && toks[k].kind == tokWord {
		w := toks[k].lower
		u, ok := durationUnits[toks[k].stem]
		if !ok {
			u, ok = durationUnits[w]
		}
		if ok && (len(w) > 1 || glued(toks, i, k)) && mult == 0 {
			q.class, q.unit, q.last = qDuration, u, k
			// "60-day adoption": a window that qualifies a measure.
			q.adjective = k == j+1 && toks[j].text == "-"
			if q.adjective && eventAfter(toks, k+1) {
				// "a 90-day adoption review", "30-day check-ins": when an
				// event happens, not how long anything took.
				q.class = qSkip
			}
			return q, true
		}
	}
	// A number glued to a word by a hyphen measures the noun after it:
	// "a 240-room hotel" is one hotel, "a 6-person team" one team.
	if j+1 < n && toks[j].text == "-" && glued(toks, j-1, j) && glued(toks, j, j+1) && toks[j+1].kind == tokWord && mult == 0 {
		// "a 60-person CS organisation" is one organisation of 60.
		if k, counted := countNouns[toks[j+1].stem]; !counted || k == nounTeam {
			q.class, q.last = qSkip, j+1
			return q, true
		}
		// "a 40-clinic customer", "a 12-hotel group": the size of one
		// account, not a book of 40.
		if k := countNouns[toks[j+1].stem]; k == nounAccount && j+2 < n && toks[j+2].kind == tokWord {
			if k2, ok := countNouns[toks[j+2].stem]; ok && k2 == nounAccount {
				q.class, q.last = qSkip, j+2
				return q, true
			}
		}
	}
	// A year is a date, not a quantity: "the 2024 roadmap items", "(2023:
	// 106 %)". Only a count of accounts or users keeps it ("2000 users").
	kind, last := nounAfter(toks, j)
	if isYear(toks[i].text) && mult == 0 && (kind != nounAccount && kind != nounUser || yearWords[q.lead]) {
		q.class = qSkip
		return q, true
	}
	// "a book of 48 general contractors", "portfolio of 27 local
	// authorities": what a book holds are accounts, whatever they are
	// called.
	if (kind == nounNone || kind == nounTeam || kind == nounPlace) && mult == 0 && bookOf(toks, i) {
		if end := phraseEnd(toks, j); end >= j {
			kind, last = nounAccount, end
		}
	}
	// A counted noun within the next words.
	if kind != nounNone {
		q.class, q.noun, q.last = qCount, kind, last
		q.participle = participleIn(toks, j, last)
		if kind == nounYear {
			q.class = qSkip
		}
		// "180 product-qualified accounts a quarter": a flow, not a book.
		q.rate = periodRight(toks, last+1)
		return q, true
	}
	if mult > 0 {
		q.class = qMoneyAny
		return q, true
	}
	q.class = qBare
	q.verbAfter = j < n && toks[j].kind == tokWord && strings.HasSuffix(toks[j].lower, "ed") && len(toks[j].lower) > 4 && !participleExempt[toks[j].lower]
	if q.verbAfter {
		q.last = j // "4 shipped"
	} else if end := rateAfter(toks, j); end > 0 {
		q.rate, q.last = true, end // "15 cars a month"
	}
	return q, true
}

// eventNouns are meetings and milestones a hyphenated duration may
// schedule: "a 90-day adoption review", "60-day check-in".
var eventNouns = map[string]bool{
	"review": true, "check": true, "checkpoint": true, "call": true, "survey": true, "meeting": true,
	"audit": true, "retro": true, "retrospective": true, "touchpoint": true, "notice": true,
	"report": true, "trial": true, "cadence": true, "mark": true, "milestone": true,
}

// eventAfter reports whether the noun phrase starting at j ends on an
// event noun ("adoption review", "check-in").
func eventAfter(toks []token, j int) bool {
	end := phraseEnd(toks, j)
	for k := end; k >= j; k-- {
		t := toks[k]
		if t.kind != tokWord {
			continue
		}
		if t.lower == "in" && k > j && toks[k-1].text == "-" {
			continue // "check-in"
		}
		return eventNouns[t.stem] || eventNouns[t.lower]
	}
	return false
}

// bookNouns name what a CSM or an account manager holds.
var bookNouns = map[string]bool{"book": true, "portfolio": true, "territory": true, "caseload": true}

// bookOf reports whether the number at i follows "book of", "portfolio
// of" or "Book:" ("a book of about 30 clinics", "Book: 40 contractors").
func bookOf(toks []token, i int) bool {
	w := leadWord(toks, i)
	if w < 0 {
		return false
	}
	if bookNouns[toks[w].stem] {
		return true
	}
	if w < 1 || toks[w].lower != "of" {
		return false
	}
	for p := w - 1; p >= 0 && p >= w-2; p-- {
		if bookNouns[toks[p].stem] {
			return true
		}
		if toks[p].kind != tokWord {
			return false
		}
	}
	return false
}

// phraseEnd returns the last word of the noun phrase starting at j: up to
// five words before a stop word, a number or punctuation other than a
// hyphen. It returns j-1 when there is none.
func phraseEnd(toks []token, j int) int {
	end, words := j-1, 0
	for k := j; k < len(toks) && words < 5; k++ {
		t := toks[k]
		if t.kind == tokPunct {
			if t.text == "-" && glued(toks, k-1, k) {
				continue
			}
			break
		}
		if t.kind != tokWord || countStop[t.lower] {
			break
		}
		words++
		end = k
	}
	return end
}

// periodRight reports whether "a month", "per quarter", "each year" or
// "weekly" comes right at token j.
func periodRight(toks []token, j int) bool {
	if j >= len(toks) || toks[j].kind != tokWord {
		return false
	}
	switch toks[j].lower {
	case "a", "an", "per", "each", "every":
		return j+1 < len(toks) && periodWords[toks[j+1].stem]
	case "daily", "weekly", "monthly", "quarterly", "yearly", "annually":
		return true
	}
	return false
}

// yearWords before a number make it a year: "in 2024", "since 2019".
var yearWords = map[string]bool{"in": true, "since": true, "from": true, "until": true, "during": true, "by": true, "of": true, "fy": true, "year": true}

// readLead reads what the words before the number at i say about it.
func (q *quantity) readLead(toks []token, i int) {
	w := leadWord(toks, i)
	if w < 0 {
		return
	}
	q.lead = toks[w].lower
	q.all = q.lead == "all"
	q.pastVerb = strings.HasSuffix(q.lead, "ed") && len(q.lead) > 4
	switch q.lead {
	case "the", "our", "my", "their", "its", "his", "her":
		// "calling the 50 largest stores": a verb before the article
		// acts on the accounts it names.
		if v := w - 1; v >= 0 && toks[v].kind == tokWord && len(toks[v].lower) > 4 && (strings.HasSuffix(toks[v].lower, "ing") || strings.HasSuffix(toks[v].lower, "ed")) {
			q.verbAt = v + 1
		}
	}
	if q.lead == "for" {
		q.forCount = true
		if w > 0 && toks[w-1].kind == tokWord {
			k, ok := countNouns[toks[w-1].stem]
			q.forActivity = ok && k == nounOther
		}
	}
}

// participleIn reports whether the counted phrase toks[a..b] holds an
// action in -ed before its head noun: "the 40 flagged accounts".
func participleIn(toks []token, a, b int) bool {
	for k := a; k < b && k < len(toks); k++ {
		w := toks[k].lower
		// "mid-sized", "VC-backed": the tail of a compound describes.
		compound := k > 0 && toks[k-1].text == "-" && glued(toks, k-1, k)
		if toks[k].kind == tokWord && strings.HasSuffix(w, "ed") && len(w) > 4 && !participleExempt[w] && !compound {
			return true
		}
	}
	return false
}

// isYear reports whether a number token is written like a year.
func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	y, err := strconv.Atoi(s)
	return err == nil && y >= 1950 && y <= 2100
}

// periodWords after a number make it a rate: "15 cars a month".
var periodWords = map[string]bool{"day": true, "week": true, "month": true, "quarter": true, "year": true, "yr": true, "annum": true}

// rateAfter returns the last token of "a month", "per year" or "each
// quarter" when it follows within a few words of token j, else 0.
func rateAfter(toks []token, j int) int {
	words := 0
	for k := j; k < len(toks) && words < 4; k++ {
		t := toks[k]
		if t.kind != tokWord {
			if t.hardBreak() || t.softBreak() || t.kind == tokNum {
				return 0
			}
			continue
		}
		switch t.lower {
		case "a", "per", "each", "every", "an":
			if k+1 < len(toks) && periodWords[toks[k+1].stem] {
				return k + 1
			}
		case "daily", "weekly", "monthly", "quarterly", "yearly", "annually":
			return k
		}
		words++
	}
	return 0
}

// baseEnd returns the last token of the noun phrase starting at j, what a
// share is a share of: "of [the 2024 expansion quota]", "of [renewing
// ARR] to multi-year terms", "of [churned accounts]".
func baseEnd(toks []token, j int) int {
	end, words := j-1, 0
	for k := j; k < len(toks) && words < 6; k++ {
		t := toks[k]
		if t.kind == tokPunct {
			if t.text == "-" || t.text == "/" {
				continue
			}
			break
		}
		switch t.lower {
		case "the", "our", "my", "their", "its", "a", "an", "all", "total":
			end = k
			continue
		}
		if t.kind == tokWord && countStop[t.lower] {
			break
		}
		words++
		end = k
	}
	return end
}

// prevWord returns the index of the word just before the number at i,
// skipping a currency sign and hyphen, or -1.
func prevWord(toks []token, i int) int {
	for p := i - 1; p >= 0 && p >= i-2; p-- {
		switch toks[p].kind {
		case tokWord:
			return p
		case tokNum:
			return -1
		}
		if toks[p].hardBreak() || toks[p].softBreak() {
			return -1
		}
	}
	return -1
}

// nounAfter looks up to four words ahead of token j for the head of a
// counted noun phrase: the last noun before a stop word, a number or a
// break, so "52 enterprise accounts" counts accounts, "120+ mid-market
// customers" customers and "3 customer success managers" managers (a team).
func nounAfter(toks []token, j int) (nounKind, int) {
	words := 0
	kind, at := nounNone, 0
	modifier := false // the noun found is the tail of a compound: "mid-market"
	for k := j; k < len(toks) && words < 5; k++ {
		t := toks[k]
		if t.kind == tokNum {
			break
		}
		if t.kind == tokPunct {
			// Markdown emphasis ("**1,400** workspaces") is no break.
			if t.text == "-" || t.text == "/" || t.text == "+" || t.text == "*" || t.text == "_" {
				continue
			}
			break
		}
		// "eleven of our largest fleets" counts fleets; "40 of 52" is a
		// ratio, read before this.
		if t.lower == "of" && words == 0 && kind == nounNone && k+1 < len(toks) {
			switch toks[k+1].lower {
			case "our", "the", "my", "their", "its":
				k++
				continue
			}
		}
		// "12 Fortune 500 customers": a ranked name inside the phrase.
		if rankWords[t.lower] && k+1 < len(toks) && toks[k+1].kind == tokNum {
			k++
			continue
		}
		if (t.lower == "and" || t.lower == "or") && words == 0 {
			// "from 22 to 47 and cut annual logo churn": "and" right
			// after the number joins the next clause, not a noun phrase.
			break
		}
		if (t.lower == "and" || t.lower == "or") && (kind == nounNone || modifier) {
			// "150 small and mid-sized customers"; "32 mid-market and
			// enterprise accounts": a compound before "and" describes.
			kind = nounNone
			continue
		}
		words++
		hyphenated := k+1 < len(toks) && toks[k+1].text == "-" && glued(toks, k, k+1)
		compound := k > 0 && toks[k-1].text == "-" && glued(toks, k-1, k)
		if compound && k > 1 && compoundNouns[toks[k-2].lower+"-"+t.stem] {
			// "35 go-lives", "12 kick-offs": a CS activity written as
			// one hyphenated noun.
			kind, at, modifier = nounOther, k, false
			continue
		}
		if t.lower == "and" || t.lower == "or" {
			break // a noun is found: "and" starts the next clause
		}
		if countStop[t.lower] && !hyphenated && !compound {
			break
		}
		if kind != nounNone && !modifier && !hyphenated && len(t.lower) > 4 && strings.HasSuffix(t.lower, "ed") && !participleExempt[t.lower] {
			// "120 PQLs converted last year": a verb after the noun
			// starts the clause's predicate.
			break
		}
		if k2, ok := countNouns[t.stem]; ok && !hyphenated {
			kind, at, modifier = k2, k, compound
			if t.stem == "report" && k > 0 && toks[k-1].lower == "direct" {
				kind = nounTeam // "6 direct reports"
			}
		} else if !ok && !hyphenated && segmentBefore(toks, k) && plural(t.lower) {
			// "260 mid-market builders", "80 SMB retailers": a segment
			// word names customers, whatever the vertical calls them.
			kind, at, modifier = nounAccount, k, false
		}
	}
	return kind, at
}

// segmentWords name a customer segment before a noun: "SMB", "mid-market".
var segmentWords = map[string]bool{"smb": true, "smbs": true, "sme": true, "midmarket": true, "enterprise": true}

// segmentBefore reports whether a segment word stands right before the
// word at k: "SMB", "enterprise", "mid-market", "mid-sized".
func segmentBefore(toks []token, k int) bool {
	if k < 1 || toks[k-1].kind != tokWord {
		return false
	}
	if segmentWords[toks[k-1].lower] {
		return true
	}
	switch toks[k-1].lower {
	case "market", "sized", "size":
		return k >= 3 && toks[k-2].text == "-" && toks[k-3].lower == "mid"
	}
	return false
}

// plural reports whether a word looks like a plural noun: "builders".
func plural(w string) bool {
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "ous")
}

// pairQuantities joins a start and an end value into one change: "from 8%
// to 4%", "8% → 4%", "4.5% (from 8%)", "51, up from 32".
func pairQuantities(toks []token, qs []quantity) []quantity {
	// A year between two figures is the date of one of them ("114 %
	// (2023: 106 %)"): it is read by pair, never output.
	kept := qs[:0:0]
	for _, q := range qs {
		if !(q.class == qSkip && isYear(toks[q.num].text)) {
			kept = append(kept, q)
		}
	}
	qs = kept
	out := qs[:0:0]
	for i := 0; i < len(qs); i++ {
		a := qs[i]
		if i+1 < len(qs) {
			b := qs[i+1]
			if m, ok := pair(toks, a, b); ok {
				out = append(out, m)
				i++
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

func compatible(a, b quantity) bool {
	if a.class == qSkip || b.class == qSkip || a.class == qRatio || b.class == qRatio {
		return false
	}
	if a.class == qBare || b.class == qBare {
		return true
	}
	if a.class != b.class {
		return a.class == qMoney && b.class == qMoneyAny || a.class == qMoneyAny && b.class == qMoney
	}
	return a.unit == b.unit || a.class == qCount || a.class == qDuration && toDays[a.unit] > 0 && toDays[b.unit] > 0
}

// toDays converts duration units, so "from 3 months to 6 weeks" can state
// its start in the unit of its end.
var toDays = map[string]float64{UnitMillis: 1.0 / 86_400_000, UnitSeconds: 1.0 / 86_400, UnitMinutes: 1.0 / 1440, UnitHours: 1.0 / 24, UnitDays: 1, UnitWeeks: 7, UnitMonths: 30.44}

// merge returns the change from start s to end e, spanning both.
func merge(s, e quantity, first, last int) quantity {
	m := e
	if m.class == qBare || m.class == qMoneyAny && s.class == qMoney {
		m.class, m.unit, m.noun = s.class, s.unit, s.noun
	}
	before := s.value
	if s.class == qDuration && s.unit != m.unit && toDays[s.unit] > 0 && toDays[m.unit] > 0 {
		before = math.Round(s.value*toDays[s.unit]/toDays[m.unit]*10) / 10
	}
	m.before = &before
	m.first, m.last = first, last
	m.gapLo, m.gapHi = e.last+1, s.first
	if s.last < e.first {
		m.gapLo, m.gapHi = s.last+1, e.first
	}
	return m
}

var changeVerbs = map[string]bool{
	"grew": true, "grow": true, "increas": true, "improv": true, "reduc": true, "cut": true,
	"lift": true, "rais": true, "decreas": true, "drop": true, "lower": true, "boost": true,
	"shorten": true, "mov": true, "took": true, "brought": true, "driv": true, "drove": true,
	"push": true, "accelerat": true, "went": true, "fell": true, "rose": true, "climb": true,
	"doubl": true, "halv": true, "slash": true, "expand": true, "scal": true, "went up": true,
}

func pair(toks []token, a, b quantity) (quantity, bool) {
	if !compatible(a, b) || a.points {
		// "grew NRR 12 pts to 114%": points are the change, not the start.
		return quantity{}, false
	}
	var between []string
	for k := a.last + 1; k < b.first; k++ {
		if toks[k].hardBreak() {
			return quantity{}, false
		}
		between = append(between, toks[k].lower)
	}
	if len(between) > 6 && !upFrom(between) {
		return quantity{}, false
	}
	// b is the start, a the end, compared: "21 days instead of 35", "118%
	// vs 109%", "114 % (2023: 106 %)", "93% (prior year: 88%)".
	if comparedWith(toks, a.last+1, b.first) {
		last := b.last
		if last+1 < len(toks) && toks[last+1].text == ")" && contains(between, "(") {
			last++
		}
		return merge(b, a, a.first, last), true
	}
	hasFrom := false
	for _, w := range between {
		if w == "from" {
			hasFrom = true
		}
	}
	// b is the start, a the end: "4.5% from 8%", "124% (from 101%)",
	// "94.5% in FY23, up from 89%".
	if hasFrom {
		if between[len(between)-1] != "from" {
			return quantity{}, false
		}
		// "by 50%, from 10 to 5 weeks": the "from" opens the next change.
		if k := b.last + 1; k+1 < len(toks) && (toks[k].lower == "to" || toks[k].isArrow()) {
			return quantity{}, false
		}
		last := b.last
		if last+1 < len(toks) && toks[last+1].text == ")" && contains(between, "(") {
			last++
		}
		return merge(b, a, a.first, last), true
	}
	// a is the start, b the end: "from 8% to 4%", "8%→4%", "101% to 124%".
	arrow := len(between) == 1 && (between[0] == "to" || isArrowText(between[0]))
	if !arrow {
		return quantity{}, false
	}
	first := a.first
	fromBefore := a.first > 0 && toks[a.first-1].lower == "from"
	if fromBefore {
		first = a.first - 1
	}
	if between[0] == "to" && !fromBefore {
		// "3 to 5 accounts" is a range; a change needs a verb of change.
		if !verbBefore(toks, a.first, 5, changeVerbs) {
			return quantity{}, false
		}
	}
	if a.class == qBare && b.class == qBare && !fromBefore && between[0] == "to" {
		return quantity{}, false
	}
	return merge(a, b, first, b.last), true
}

// upFrom reports whether the words between two figures end in ", up
// from" or ", down from": the second is the start of the first however
// long the clause between them ("72% of managers are active weekly at day
// 30, up from 55%"), within a sentence.
func upFrom(between []string) bool {
	n := len(between)
	return n <= 14 && n >= 3 && between[n-1] == "from" && (between[n-2] == "up" || between[n-2] == "down") && between[n-3] == ","
}

// compareWords may stand between a figure and the one it is compared
// with.
var compareWords = map[string]bool{
	"vs": true, "versus": true, "instead": true, "of": true, "compared": true, "with": true, "to": true,
	"prior": true, "previous": true, "last": true, "year": true, "py": true, "ly": true, "the": true,
	"in": true, "a": true,
}

// comparedWith reports whether toks[a:b], between two figures, compares
// the first with the second: a comparison word, or a parenthesis opening
// on a year ("(2023: 106 %)").
func comparedWith(toks []token, a, b int) bool {
	if a >= b {
		return false
	}
	marked, paren, year, was := false, false, false, false
	for k := a; k < b; k++ {
		t := toks[k]
		switch {
		case t.kind == tokNum && isYear(t.text):
			year = true
		case t.kind == tokNum:
			return false
		case t.kind == tokPunct:
			switch t.text {
			case "(":
				paren = true
			case ":", ".", ",", "=":
			default:
				return false
			}
		case t.lower == "vs" || t.lower == "versus" || t.lower == "instead" || t.lower == "compared" || t.lower == "prior" || t.lower == "previous":
			marked = true
		case t.lower == "was" || t.lower == "previously" || t.lower == "formerly":
			was = true // "6 weeks (was 12)"
		case strings.HasPrefix(t.lower, "fy") && len(t.lower) <= 6:
			year = true
		case !compareWords[t.lower]:
			return false
		}
	}
	return marked || paren && (year || was)
}

func isArrowText(s string) bool {
	return token{text: s, kind: tokPunct}.isArrow()
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// verbBefore reports whether a word whose stem is in verbs stands within
// the n words before token i, in its clause: "grew NRR 101% to 124%",
// "expanded the book by".
func verbBefore(toks []token, i, n int, verbs map[string]bool) bool {
	words := 0
	for k := i - 1; k >= 0 && words < n; k-- {
		if toks[k].hardBreak() {
			return false
		}
		if toks[k].kind == tokWord {
			words++
			if verbs[toks[k].stem] {
				return true
			}
		}
	}
	return false
}

// Keyword classes of the metric vocabulary: nouns that name a kind and
// verbs that colour an amount.
const (
	kwNRR = iota
	kwGRR
	kwChurn
	kwRenewal
	kwExpansion
	kwARR
	kwBook
	kwACV
	kwTTV
	kwAdoption
	kwNPS
	kwCSAT
	kwRevenue
	kwQuota
	kwNewBiz      // verbs of new business: closed, won, sourced
	kwSave        // verbs of saving: saved, rescued, retained
	kwBookVerb    // verbs of owning a book: managed, owned, covered
	kwOtherVerb   // verbs that make a count an activity: onboarded, trained
	kwTimeOther   // response time, resolution time, sales cycle
	kwCost        // costs, savings
	kwExclude     // 100% remote, 50% travel
	kwLost        // lost, churned (for ratios)
	kwUsers       // active users, DAU (counts of users)
	kwAcross      // "across 310 law firms": a book, but only before the count
	kwTTVWork     // onboarding, implementation, go-live: TTV for durations only
	kwPipeline    // pipeline: money that has not closed
	kwTarget      // target, goal, quota: a figure to reach, not a result
	kwNewLogo     // new logos, net-new business: revenue that is not expansion
	kwShare       // late renewals, renewing ARR: a share, not a renewal rate
	kwRamp        // ramp time, new hires: a team's onboarding, not a customer's
	kwDeals       // deals, contracts, orders, volume: revenue when in money
	kwOngoing     // support, renewals, account management: serving a book
	kwActivity    // onboarding, migration, rollout: a project per customer
	kwExcludeNext // "50% match": excluded only right after the number
	kwPrice       // price, uplift, discount: a price change, not retention
	kwModel       // AUC, F1: a model's score
	kwClasses
)

var metricKeywords = map[int]string{
	kwNRR:         "nrr|ndr|net revenue retention|net retention|net dollar retention|net revenue retention rate|net expansion rate|net retention rate",
	kwGRR:         "grr|gdr|gross revenue retention|gross retention|gross dollar retention|gross revenue retention rate|gross retention rate",
	kwChurn:       "churn|churn rate|attrition|logo churn|revenue churn|customer churn|cancellation|cancellation rate|churned",
	kwRenewal:     "renewal rate|renewal|renew|retention rate|retention|logo retention|customer retention|retain|renewal ratio",
	kwExpansion:   "expansion|expansion revenue|expansion arr|expansion mrr|upsell|up-sell|upsold|up-sold|cross-sell|cross-sold|upgrade|add-on|add-ons|expand|cs-sourced|cs sourced|csm-sourced|csql|existing customer|existing account|existing client|current customer|paid plan|annual plan|team plan|business plan|pro plan|premium plan|enterprise plan|higher tier|premium tier|tier upgrade|plan upgrade|upsell revenue|upsell arr|cross-sell revenue|whitespace|seat expansion|account growth|net new arr from existing|grew the account|grow the account|grew account|account base|range extension|wallet share|share of wallet|expanded licence|expanded license|new service line|new product line|grew retainer|retainer value|account value|grew the portfolio|grow the portfolio|grew the book|grew my book|grew the territory|grew a territory|grew my territory",
	kwARR:         "arr|mrr|annual recurring revenue|monthly recurring revenue|recurring revenue|in arr",
	kwBook:        "~book|~books|portfolio|book of business|territory|install base|installed base|combined contract value|combined value|book value|portfolio value",
	kwACV:         "acv|average contract value|annual contract value|average annual contract value|deal size|average deal|average deal size|aov|average order value",
	kwTTV:         "time to value|time-to-value|ttv|time to onboard|time-to-onboard|time to first value|time to first|first value|onboarding time|implementation time|time to go-live|time to live|activation time|time to launch|deployment time|onboarding cycle|launch time|setup time|time-to-first-value|time to deploy|time to full deployment|time to deployment|rollout time|go-live time|integration time|time to integrate|time to integration|integration timeline|set-up time|time from contract|time from signature|time from signing|time from kickoff|time from kick-off|contract to go-live|contract to live|signature to go-live",
	kwTTVWork:     "onboarding|implementation|go-live|go live|went live|gone live|deployment|rollout|roll-out|kickoff to go-live",
	kwAdoption:    "adoption|adoption rate|used in|used by|in use|usage|utilisation|utilization|activation|activation rate|engagement|feature adoption|seat utilisation|seat utilization|license utilisation|license utilization|login|logins|product usage|weekly active|monthly active|daily active|active usage|active rate|active weekly|active monthly|active daily|active every week|active each week|are active|were active|log in|logged in|logging in",
	kwNPS:         "nps|net promoter score|net promoter|promoter score",
	kwCSAT:        "csat|c-sat|customer satisfaction|satisfaction score|satisfaction|satisfaction rating|ces|customer effort score|review score|review rating|guest rating|guest score|customer rating|star rating|app store rating|g2 rating|trustpilot score|trustpilot rating",
	kwRevenue:     "revenue|sales|~bookings|new business|new arr|net new arr|gmv|turnover|deal value|tcv|acquisition revenue|commission revenue|new logo revenue|contract value|first-year contract value|total contract value|incremental revenue|incremental orders|incremental arr|incremental mrr",
	kwQuota:       "quota|quota attainment|target|of target|plan|attainment|conversion|conversion rate|converted|win rate|close rate|actuals|forecast accuracy|accuracy|hit rate|success rate|response rate|open rate|attendance|defect rate|error rate|resolution rate|first-contact resolution",
	kwNewBiz:      "closed|close|won|win|sourced|source|generated|generate|signed|sign|~booked|sold|brought in|landed|land|secured|negotiated|acquired|originated|prospected|created|converted",
	kwSave:        "saved|save|rescued|rescue|retained|protected|protect|prevented|recovered|recover|de-risked|salvaged|defended|at-risk|at risk|risk",
	kwBookVerb:    "managed|manage|managing|owned|own|owning|oversaw|oversee|responsible for|handled|handle|covered|cover|covering|served|serve|serving|~supported|~supporting|carried|carry|looked after|portfolio of|~book|portfolio|accountable for",
	kwAcross:      "across|spanning",
	kwOtherVerb:   "onboarded|onboard|implemented|launched|trained|train|migrated|hired|interviewed|ran|hosted|delivered|conducted|completed|resolved|handled tickets|answered|processed|shipped|built|wrote|published|created|led|facilitated|organised|organized|added|acquired|converted|activated|upsold|expanded|renewed|saved|rescued|closed|won|signed|~support|negotiated|co-termed|~booked|attended",
	kwTimeOther:   "response time|first response|first response time|resolution time|time to resolution|time to resolve|handle time|handling time|sales cycle|cycle time|turnaround|turnaround time|lead time|wait time|reply time|sla|time to close|deal cycle|ramp time|time to ramp|ramp-up time|time to productivity|latency|query latency|response latency|load time|page load|query time|processing time",
	kwCost:        "cost|costs|savings|saving|spend|budget|opex|cost reduction",
	kwExclude:     "remote|travel|travelling|traveling|commission|equity|on-site|onsite|in-office|office|fte|ownership|owned subsidiary|stake|tuition|scholarship|attendance",
	kwExcludeNext: "match|matching",
	kwLost:        "lost|lose|churned|cancelled|canceled|left|downgraded",
	kwUsers:       "active users|active user|users|user|dau|mau|wau|seats|seat|licenses|licences|learners|weekly active users|monthly active users|daily active users",
	kwPipeline:    "pipeline|expansion pipeline|qualified pipeline|pipeline coverage|sourced pipeline",
	kwTarget:      "target|targets|goal|goals|objective|objectives|quota|quotas",
	kwNewLogo:     "new logo|new logos|new business|net-new|net new business|new customer|new client|new account|hunting|outbound|prospecting|referral|referrals|referred",
	kwShare:       "late renewal|overdue renewal|missed renewal|delayed renewal|early renewal|auto-renewal|renewing arr|renewing revenue|renewing customer|renewing account",
	kwRamp:        "ramp|ramp-up|ramp time|time to ramp|time to productivity|new csm|new hire|new rep|new starter|new employee|new team member|new advisor|new agent",
	kwDeals:       "deals|deal|contracts|contract|orders|order|volume|freight volume|order volume|sales volume|purchases",
	kwOngoing:     "renewal|renewals|success|account management|relationship|coverage|servicing|care|looked after|look after|managed|manage|own|owned|responsible for|retention",
	kwPrice:       "price|pricing|price increase|price rise|price uplift|list price|list-price|uplift|discount|discounting|markup|mark-up|margin",
	kwModel:       "auc|roc auc|auc-roc|f1|f1 score|f1-score|rmse|mape|r-squared|r squared",
	kwActivity:    "onboarding|onboard|implementation|implement|migration|migrate|rollout|roll out|deployment|deploy|integration|training|train|launch|demo|project|pilot|webinar|workshop|session|kickoff|kick-off|go-live|setup|configuration|configure|proposal|rfp|audit|closed|won|signed|sourced",
}

// metricVocabulary is compiled once; it is read-only afterwards. A "~"
// marks a word matched as written, where a stem would collide ("bookings"
// and "booked" both stem to "book").
var metricVocabulary = func() *vocabulary {
	v := newVocabulary()
	for class := 0; class < kwClasses; class++ {
		for _, p := range strings.Split(metricKeywords[class], "|") {
			if lit, ok := strings.CutPrefix(p, "~"); ok {
				v.add(class, lit, matchLiteral)
			} else {
				v.add(class, p, matchStem)
			}
		}
	}
	return v
}()

// kwHit is a keyword near a quantity.
type kwHit struct {
	class    int
	first    int // token index
	last     int // token index
	distance int // words between the keyword and the quantity
	left     bool
}

// window is the part of a statement a quantity may draw keywords from: its
// clause, up to the neighbouring quantities.
type window struct{ lo, hi int } // token indexes, exclusive bounds

// findMetrics recognises the metrics of one statement. currency is the
// currency assumed for amounts written without one ("1.2m ARR"): the one
// the document uses elsewhere, else USD.
func findMetrics(src string, toks []token, currency string) []Metric {
	qs := scanQuantities(toks)
	if len(qs) == 0 {
		return nil
	}
	qs = pairQuantities(toks, qs)
	restatedShares(toks, qs)
	ts := terms(toks)
	// A term index for every token, to measure distances in words.
	termAt := make([]int, len(toks)+1)
	ti := 0
	for k := range toks {
		termAt[k] = ti
		if ti < len(ts) && ts[ti].tok == k {
			ti++
		}
	}
	termAt[len(toks)] = ti
	raw := metricVocabulary.match(toks, ts)
	hits := make([]kwHit, 0, len(raw))
	for _, h := range raw {
		hits = append(hits, kwHit{class: h.signal, first: ts[h.first].tok, last: ts[h.end-1].tok})
	}

	// dist is the number of words between a keyword and a quantity.
	dist := func(h kwHit, q quantity) int {
		switch {
		case h.last < q.first:
			return termAt[q.first] - termAt[h.last] - 1
		case h.first > q.last:
			return termAt[h.first] - termAt[q.last+1]
		}
		return 0
	}
	// What the whole statement is about: expansion money is often named
	// in one clause and counted in the next ("a joint expansion forecast;
	// CS-sourced pipeline reached $2.3M, of which $1.4M closed").
	var st statementContext
	for _, h := range hits {
		switch h.class {
		case kwExpansion:
			st.expansion = true
		case kwNewLogo:
			st.newLogo = true
		}
	}
	var out []Metric
	var from []int // the quantity of each metric
	for qi, q := range qs {
		if q.class == qSkip {
			continue
		}
		// The clause: from the last sentence break before the quantity to
		// the next one after it. A value alone in a table cell ("NRR |
		// 109%") belongs with the label in the cell before it.
		lo, hi := -1, len(toks)
		for k := q.first - 1; k >= 0; k-- {
			if toks[k].hardBreak() {
				if toks[k].text == "|" && k == q.first-1 && (q.last+1 >= len(toks) || toks[q.last+1].hardBreak()) {
					continue
				}
				lo = k
				break
			}
		}
		for k := q.last + 1; k < len(toks); k++ {
			if toks[k].hardBreak() {
				hi = k
				break
			}
		}
		// Nouns ("ARR", "churn") belong to the quantity they sit next to:
		// they are not looked for past a neighbouring quantity, nor taken
		// when they are closer to one. Verbs ("closed", "managed") colour
		// every amount of their clause.
		var near, clause []kwHit
		for _, h := range hits {
			inGap := h.first >= q.gapLo && h.last < q.gapHi
			// "3 of 40 customers churned": "customer churn" starts on the
			// ratio's noun and runs past it, and it is the ratio's verb.
			runsOn := q.class == qRatio && h.first == q.last && h.last > q.last && (h.class == kwChurn || h.class == kwRenewal || h.class == kwLost)
			if h.first <= lo || h.last >= hi || h.last >= q.first && h.first <= q.last && !inGap && !runsOn {
				continue
			}
			h.left = h.last < q.first
			h.distance = dist(h, q)
			if h.distance > 10 {
				continue
			}
			clause = append(clause, h)
			if h.distance > 8 {
				continue
			}
			// ", which …" opens a new clause: "sponsor engagement, which
			// flagged 80% of churned accounts" is not an engagement rate.
			if relativeBetween(toks, h, q) {
				continue
			}
			owned := false
			for qj, o := range qs {
				// A change in points is no barrier: "NRR 12 pts to 114%";
				// nor a quantity of another clause: "renewal rate of 93%;
				// logo churn down to 5.1%".
				if qj == qi || o.class == qSkip || o.points || o.adjective || o.first <= lo || o.last >= hi {
					continue
				}
				if o.class == qCount && o.noun == nounTeam {
					// A team's size is no metric and claims no keyword:
					// "Built CS from 3 to 45 people as ARR grew to $60M".
					continue
				}
				between := h.left && o.first > h.last && o.last < q.first || !h.left && o.first > q.last && o.last < h.first
				// A keyword cut off from o by a comma or a parenthesis but
				// not from q is q's: "£14m in annual sales, including two
				// chains".
				closer := dist(h, o) < h.distance && !(softBetween(toks, h, o) && !softBetween(toks, h, q))
				if between || closer {
					owned = true
					break
				}
			}
			if !owned {
				near = append(near, h)
			}
		}
		m, kw, ok := classify(toks, q, near, clause, st, currency)
		if !ok {
			continue
		}
		first, last := q.first, q.last
		if kw != nil && kw.distance <= 3 {
			first, last = min(first, kw.first), max(last, kw.last)
		}
		m.Text = metricText(src, toks, first, last)
		out = append(out, m)
		from = append(from, qi)
	}
	// "35 shippers with € 14,2 Mio yearly freight spend", "13 hospital
	// accounts (NHS trusts) with £6.4m annual sales": what a book's
	// accounts buy in a year is the book's value, its ARR outside SaaS.
	for k := 0; k+1 < len(out); k++ {
		b, v := out[k], &out[k+1]
		if b.Kind != MetricAccountsManaged || v.Kind != MetricRevenue && v.Kind != MetricOther || !currencyCodes[v.Unit] {
			continue
		}
		lo, hi := qs[from[k]].last+1, qs[from[k+1]].first
		if bookLink(toks, lo, hi) && (yearlyValueAfter(toks, qs[from[k+1]].last+1) || valueBefore(toks, lo, hi)) {
			v.Kind = MetricARRManaged
		}
	}
	return out
}

// restatedShares folds a percentage in parentheses that restates the
// ratio before it ("19 of the 23 partners renewed their agreement (83%)")
// into that ratio, so the share is stated once, as written.
func restatedShares(toks []token, qs []quantity) {
	for i := 0; i+1 < len(qs); i++ {
		r, p := &qs[i], &qs[i+1]
		if r.class != qRatio || p.class != qPercent || p.before != nil || r.of == 0 {
			continue
		}
		paren := false
		for k := r.last + 1; k < p.first; k++ {
			if toks[k].text == "(" {
				paren = true
			} else if toks[k].hardBreak() || toks[k].kind == tokNum {
				paren = false
				break
			}
		}
		if paren && math.Abs(r.value/r.of*100-p.value) <= 1 {
			r.stated, p.class = p.value, qSkip
			i++
		}
	}
}

// bookLinks join a book's accounts to what they are worth.
var bookLinks = map[string]bool{"with": true, "worth": true, "totalling": true, "totaling": true, "representing": true, "generating": true}

// bookLink reports whether toks[a:b], between a count of accounts and an
// amount, only links them: a link word, or a parenthesis opening on the
// amount. An aside in parentheses or between commas is skipped, and so is
// where the accounts are ("in food and beverage, worth …"). What a book's
// accounts buy a year is its value outside SaaS, labelled arr_managed as
// in the fixtures' non-SaaS account managers.
func bookLink(toks []token, a, b int) bool {
	depth, linked, aside, where := 0, false, false, false
	for k := a; k < b; k++ {
		t := toks[k]
		switch {
		case k == a && t.kind == tokWord && (t.lower == "in" || t.lower == "across" || t.lower == "spanning"):
			// "31 key accounts in automotive, medical devices and
			// aerospace (…), €18m in annual sales": where the accounts
			// are describes them, up to the comma before the amount.
			where = true
		case where && t.kind == tokWord:
			if bookLinks[t.lower] {
				linked = true
				where = false
			} else if strings.HasSuffix(t.lower, "ed") || strings.HasSuffix(t.lower, "ing") && len(t.lower) > 5 {
				return false // a verb: another clause, not a description
			}
		case where && t.text == "," && k == b-1 && depth == 0:
			linked = true
		case t.text == "(":
			depth++
			if k == b-1 {
				linked = true // "12 accounts (£3m annual sales)"
			}
		case t.text == ")":
			depth--
		case depth > 0:
		case where:
			if t.hardBreak() || t.kind == tokNum {
				return false
			}
		case t.text == "," && !linked:
			// "25 clients, mostly national brands, worth £1.4m": an
			// aside between commas describes the accounts.
			aside = !aside
		case t.kind == tokPunct:
			if t.hardBreak() {
				return false
			}
		case bookLinks[t.lower]:
			linked = true
		case aside:
		case linked && (valueWords[t.stem] || valueQualifiers[t.lower]):
			// "with combined annual purchases of USD 9.5 million": what
			// the accounts are worth, named before the amount.
		default:
			return false
		}
	}
	return linked && !aside
}

// valueQualifiers may stand in a value named before an amount: "combined
// annual purchases of".
var valueQualifiers = map[string]bool{
	"combined": true, "total": true, "aggregate": true, "annual": true, "yearly": true,
	"of": true, "in": true, "their": true, "a": true,
}

// valueBefore reports whether toks[a:b], between a book's accounts and an
// amount, names what the accounts buy ("with combined annual purchases
// of").
func valueBefore(toks []token, a, b int) bool {
	for k := a; k < b; k++ {
		if toks[k].kind == tokWord && valueWords[toks[k].stem] {
			return true
		}
	}
	return false
}

// valueWords are the stems of what accounts are worth a year to the
// seller: "annual sales", "yearly freight spend", "turnover".
var valueWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("sales revenue spend turnover volume billings fees retainers purchases") {
		m[stem(w)] = true
	}
	return m
}()

// yearlyValueAfter reports whether the words right after an amount (up to
// five) name what the accounts buy ("£6.4m annual sales", "€3,4m in room
// and event revenue a year"), or a year follows it ("worth €3,4m a year").
func yearlyValueAfter(toks []token, j int) bool {
	for k, words := j, 0; k < len(toks) && words < 5; k++ {
		t := toks[k]
		if t.kind != tokWord {
			return false
		}
		if valueWords[t.stem] {
			return true
		}
		if words == 0 && periodRight(toks, k) {
			return true // "worth €3,4m a year"
		}
		words++
	}
	return false
}

// statementContext is what a statement is about as a whole.
type statementContext struct {
	expansion bool // it names expansion, upsell, CS-sourced business
	newLogo   bool // it names new logos or new business
}

// softBetween reports whether a comma, a parenthesis or a break separates
// keyword h from quantity q.
func softBetween(toks []token, h kwHit, q quantity) bool {
	a, b := h.last+1, q.first
	if h.first > q.last {
		a, b = q.last+1, h.first
	}
	for k := a; k < b; k++ {
		if toks[k].softBreak() {
			return true
		}
	}
	return false
}

// relativeBetween reports whether a relative clause starts between a
// keyword and a quantity.
func relativeBetween(toks []token, h kwHit, q quantity) bool {
	a, b := h.last+1, q.first
	if !h.left {
		a, b = q.last+1, h.first
	}
	for k := a; k+1 < b; k++ {
		if toks[k].text == "," {
			switch toks[k+1].lower {
			case "which", "that", "who", "where", "while", "whereas":
				return true
			}
		}
	}
	return false
}

// metricText cuts the phrase of a metric from the source, with a closing
// parenthesis when it opened one.
func metricText(src string, toks []token, first, last int) string {
	open := 0
	for k := first; k <= last; k++ {
		switch toks[k].text {
		case "(":
			open++
		case ")":
			open--
		}
	}
	if open > 0 && last+1 < len(toks) && toks[last+1].text == ")" {
		last++
	}
	for first < last && toks[first].kind == tokPunct && toks[first].text == "(" {
		first++
	}
	return src[toks[first].start:toks[last].end]
}

// nearest returns the closest hit among the classes, preferring a keyword
// on the left on a tie ("NRR of 118% and GRR of 94%").
func nearest(near []kwHit, classes ...int) *kwHit {
	var best *kwHit
	for i := range near {
		h := &near[i]
		ok := false
		for _, c := range classes {
			if h.class == c {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		if best == nil || h.distance < best.distance || h.distance == best.distance && h.left && !best.left {
			best = h
		}
	}
	return best
}

// kindOf maps keyword classes naming a kind to the kind.
var kindOf = map[int]string{
	kwNRR: MetricNRR, kwGRR: MetricGRR, kwChurn: MetricChurnRate, kwRenewal: MetricRenewalRate,
	kwExpansion: MetricExpansionRevenue, kwARR: MetricRevenue, kwACV: MetricACV, kwTTV: MetricTTV,
	kwAdoption: MetricAdoption, kwNPS: MetricNPS, kwCSAT: MetricCSAT, kwRevenue: MetricRevenue,
	kwQuota: MetricOther, kwUsers: MetricAdoption, kwCost: MetricOther, kwTimeOther: MetricOther,
	kwPipeline: MetricOther, kwShare: MetricOther, kwPrice: MetricOther,
}

// classify gives a quantity its kind and unit from the keywords around it
// (near: nouns next to it; clause: every keyword of its clause, for verbs;
// st: what the whole statement is about), or rejects it. It returns the
// keyword that decided, if any.
func classify(toks []token, q quantity, near, clause []kwHit, st statementContext, currency string) (Metric, *kwHit, bool) {
	m := Metric{Value: round(q.value), Unit: q.unit}
	if q.before != nil {
		b := round(*q.before)
		m.Before = &b
	}
	if isTarget(toks, q, clause) {
		return m, nil, false
	}
	if (q.class == qPercent || q.class == qMoney || q.class == qMoneyAny) && customerOwned(toks, q) {
		// "a customer's 23% drop in attrition", "the client's 30% fuel
		// saving": the customer's business result, a story's outcome,
		// not a figure of the candidate's book.
		m.Kind = MetricOther
		if q.class == qMoneyAny {
			m.Unit = currency
		}
		return m, nil, true
	}
	switch q.class {
	case qPercent:
		if ex := nearest(near, kwExclude); ex != nil && !ex.left && ex.distance <= 1 {
			return m, nil, false
		}
		if predictionWords[stem(q.lead)] {
			// "flagged 75% of churned logos": a detector's hit rate, not
			// a churn rate.
			m.Kind = MetricOther
			return m, nil, true
		}
		if ex := nearest(near, kwExcludeNext); ex != nil && !ex.left && ex.distance == 0 {
			return m, nil, false
		}
		if q.ofAfter {
			for _, h := range near {
				if h.class == kwQuota && !h.left && h.last <= q.ofEnd {
					// "within 3% of actuals", "105% of renewal target": a
					// share of a forecast or a quota is an accuracy or an
					// attainment, whatever it forecast.
					m.Kind = MetricOther
					return m, &h, true
				}
			}
		}
		// "5.5% of ARR", "80% of churned accounts": what follows "of"
		// after a percentage is its base, not its kind; only "of quota"
		// or "of target" makes it an attainment.
		var cands []kwHit
		for _, h := range near {
			switch {
			case q.ofAfter && !h.left && h.last <= q.ofEnd:
				if h.class == kwQuota {
					cands = append(cands, h)
				}
			case h.class == kwARR && !h.left:
			default:
				cands = append(cands, h)
			}
		}
		// "a 6% price uplift on renewals" changes a price; it is no
		// renewal rate.
		kw := nearest(cands, kwNRR, kwGRR, kwChurn, kwRenewal, kwShare, kwExpansion, kwTTV, kwAdoption, kwNPS, kwCSAT, kwRevenue, kwARR, kwQuota, kwUsers, kwCost, kwTimeOther, kwPipeline, kwPrice)
		if kw == nil {
			m.Kind = MetricOther
			if kind := keptShare(toks, q); q.ofAfter && kind != "" {
				// "Kept 90 % of advertising clients year over year": the
				// share of a book kept is a renewal rate, the share lost
				// a churn rate.
				m.Kind = kind
			}
			return m, nil, true
		}
		m.Kind = kindOf[kw.class]
		if m.Kind == MetricNPS && q.points {
			m.Unit = UnitScore
		}
		if kw.class == kwRenewal && cohortBefore(toks, kw.first) {
			// "day-7 retention", "30-day retention": users coming back to
			// a product, not customers renewing.
			m.Kind = MetricOther
		}
		return m, kw, true

	case qMoney, qMoneyAny:
		if q.class == qMoneyAny {
			// "1.2m" alone is money only next to a money word, or right
			// after a verb of new business ("sourced 1.8m"): "a data
			// pipeline deployed across 50M+ devices" counts devices.
			v := nearest(near, kwNewBiz)
			if nearest(near, kwARR, kwBook, kwRevenue, kwExpansion, kwACV, kwCost, kwQuota) == nil && (v == nil || !v.left || v.distance > 2) {
				return m, nil, false
			}
			m.Unit = currency
		}
		if threshold(toks, q) {
			// "accounts under $15K ACV": a segment's bound, not a figure.
			return m, nil, false
		}
		nouns := near
		if v := nearest(clause, kwNewBiz); v != nil && v.left {
			// "Sold over $180,000 in bikes and service plans", "converted
			// $640k in plan upgrades": under a sales verb, money is what
			// was sold; "plan" and "converted" name no quota there.
			nouns = make([]kwHit, 0, len(near))
			for _, h := range near {
				if h.class != kwQuota {
					nouns = append(nouns, h)
				}
			}
		}
		noun := nearest(nouns, kwACV, kwExpansion, kwARR, kwBook, kwRevenue, kwRenewal, kwCost, kwQuota, kwPipeline, kwDeals)
		if noun == nil {
			// "Sourced 23 expansion opportunities, €520K closed": the
			// noun sits past another quantity of the clause.
			noun = nearest(clause, kwACV, kwExpansion)
		}
		if noun != nil && noun.class != kwPipeline {
			if p := nearest(nouns, kwPipeline); p != nil && !p.left && (p.distance == 0 || p.distance == 1 && (toks[q.last+1].lower == "in" || toks[q.last+1].lower == "of")) {
				// "sourced USD 5.8 million in expansion pipeline": money in
				// pipeline has not closed yet, whatever the verb or the
				// noun before it ("CSMs sourced" names CS-sourced work).
				noun = p
			}
		}
		if noun != nil && noun.class == kwPipeline && noun.left && softBetween(toks, *noun, q) {
			// "weekly pipeline review, A$1.1m in expansion ARR closed":
			// a pipeline named before a comma is another clause's when a
			// noun on the amount's side names it.
			var own []kwHit
			for _, h := range nouns {
				if h.class != kwPipeline && !softBetween(toks, h, q) {
					own = append(own, h)
				}
			}
			if o := nearest(own, kwACV, kwExpansion, kwARR, kwBook, kwRevenue, kwRenewal, kwCost, kwQuota, kwDeals); o != nil {
				noun = o
			}
		}
		if noun != nil && noun.class == kwACV && !noun.left && totalOf(toks, q, noun) {
			// "$12M in annual contract value across 18 clients" is a
			// total, a book; an ACV is an average per contract.
			noun.class = kwARR
		}
		if noun != nil && noun.class == kwBook {
			// "Average ACV across the book is about $760K": the average
			// names the figure, the book is where it was measured.
			if acv := nearest(near, kwACV); acv != nil && acv.left {
				noun = acv
			}
		}
		verb := nearest(clause, kwNewBiz, kwSave, kwBookVerb, kwExpansion)
		switch {
		case noun != nil && noun.class == kwPipeline:
			// Pipeline has not closed: it is neither revenue nor expansion.
			m.Kind = MetricOther
		case noun != nil && noun.class == kwACV:
			m.Kind = MetricACV
		case noun != nil && noun.class == kwExpansion:
			m.Kind = MetricExpansionRevenue
		case noun != nil && (noun.class == kwARR || noun.class == kwBook || noun.class == kwRenewal):
			switch {
			case noun.class != kwRenewal && q.lead == "by" && verbBefore(toks, q.first, 6, growthVerbs):
				// "Expanded the book by $1.1m", "grew ARR by $400K": the
				// amount a book grew by is expansion, not its size.
				m.Kind = MetricExpansionRevenue
			case (verb == nil || verb.class == kwNewBiz) && noun.class == kwRenewal && toks[noun.last].lower == "renewal" && nearest(clause, kwBook) == nil:
				// "a supply agreement renewal … worth £1.1m a year",
				// "signed a renewal worth $450K": what one contract is
				// worth, neither a book nor new business.
				m.Kind = MetricOther
			case verb != nil && verb.class == kwNewBiz:
				m.Kind = MetricRevenue
			case verb != nil && verb.class == kwSave:
				m.Kind = MetricOther
			case verb != nil && verb.class == kwExpansion:
				m.Kind = MetricExpansionRevenue
			default:
				m.Kind = MetricARRManaged
			}
		case noun != nil && (noun.class == kwRevenue || noun.class == kwDeals):
			m.Kind = MetricRevenue
			if verb != nil && verb.class == kwExpansion && verb.distance < noun.distance {
				m.Kind = MetricExpansionRevenue
			}
		case noun != nil:
			m.Kind = MetricOther
		case verb != nil && verb.class == kwNewBiz:
			m.Kind = MetricRevenue
		case verb != nil && verb.class == kwExpansion:
			m.Kind = MetricExpansionRevenue
		case verb != nil && verb.class == kwBookVerb:
			m.Kind = MetricARRManaged
		default:
			m.Kind = MetricOther
		}
		if m.Kind == MetricRevenue && st.expansion && !st.newLogo {
			// New ARR closed from existing customers is expansion: "sourced
			// expansion that closed as $1.1M in new ARR".
			m.Kind = MetricExpansionRevenue
		}
		if m.Kind != MetricExpansionRevenue && q.lead == "by" && accountsGrown(toks, q.first) {
			// "Grew spend from my top accounts by €600k", "Grew our three
			// largest partners by $450k": what existing accounts grew by
			// is expansion, whatever the noun before the amount.
			m.Kind = MetricExpansionRevenue
			if noun != nil && noun.class != kwExpansion {
				noun = nil // "spend" named the amount's base, not its kind
			}
		}
		if noun == nil {
			return m, verb, true
		}
		return m, noun, true

	case qCount:
		m.Unit = UnitCount
		switch q.noun {
		case nounYear:
			return m, nil, false
		case nounTeam:
			// "Trained 150 branch staff": people taught are an audience
			// reached; a team's size is not a metric.
			if v := nearest(clause, kwOtherVerb); v != nil && v.left && (teachingVerb(toks, v) || q.forCount && toks[v.first].stem == "support") {
				// "First-line support for 2,500 staff and students":
				// people served are an audience too.
				m.Kind = MetricOther
				return m, v, true
			}
			return m, nil, false
		case nounPlace:
			// "launched in 12 countries" is an achievement, "92 people in
			// 4 countries" a description.
			if v := nearest(clause, kwOtherVerb, kwNewBiz, kwExpansion); v != nil && v.left {
				m.Kind = MetricOther
				return m, v, true
			}
			return m, nil, false
		case nounAccount:
			return classifyAccounts(toks, q, m, near, clause)
		case nounUser:
			if verb := nearest(clause, kwOtherVerb, kwNewBiz); verb != nil && verb.distance <= 2 && verb.left {
				m.Kind = MetricOther
				return m, verb, true
			}
			if v := q.last + 1; v < len(toks) && toks[v].kind == tokWord && len(toks[v].lower) > 4 && strings.HasSuffix(toks[v].lower, "ed") && !participleExempt[toks[v].lower] && nearest(near, kwAdoption) == nil {
				// "2,000+ users attended": what the users did once is an
				// audience reached, not the product's usage.
				m.Kind = MetricOther
				return m, nil, true
			}
			if q.rate || q.pastVerb && !changeVerbs[stem(q.lead)] {
				// "Called 45 new trial users a week": users reached, not
				// a product's usage.
				m.Kind = MetricOther
				return m, nil, true
			}
			m.Kind = MetricAdoption
			return m, nearest(near, kwAdoption), true
		default:
			// "Own 420 renewals a year": renewals owned are a book of
			// renewing accounts.
			if head := toks[q.last].stem; head == "renewal" || head == "contract" || head == "subscription" {
				if v := nearest(clause, kwBookVerb, kwOtherVerb, kwNewBiz); v != nil && v.left && v.class == kwBookVerb {
					m.Kind = MetricAccountsManaged
					return m, v, true
				}
			}
			m.Kind = MetricOther
			return m, nil, true
		}

	case qRatio:
		pct := round(q.value / q.of * 100)
		if q.stated > 0 {
			pct = q.stated
		}
		verb := nearest(clause, kwLost, kwChurn, kwRenewal, kwSave)
		if verb == nil {
			// "38 of 40 accounts" with no verb: a count, not a rate; a
			// share restated beside it stays the figure it states.
			if q.stated > 0 {
				m.Kind, m.Value, m.Unit = MetricOther, q.stated, UnitPercent
				return m, nil, true
			}
			if q.noun == nounNone {
				return m, nil, false
			}
			m.Kind, m.Unit = MetricOther, UnitCount
			return m, nil, true
		}
		m.Value, m.Unit = pct, UnitPercent
		switch verb.class {
		case kwLost, kwChurn:
			m.Kind = MetricChurnRate
		default:
			m.Kind = MetricRenewalRate
		}
		return m, verb, true

	case qDuration:
		if m.Unit == "years" {
			return m, nil, false
		}
		kw := nearest(near, kwTTV, kwTTVWork, kwTimeOther, kwRenewal)
		if kw == nil {
			// "time-to-onboard by 50%, from 10 to 5 weeks": the measure
			// named before another figure of the clause.
			if t := nearest(clause, kwTTV, kwTimeOther); t != nil && t.left {
				kw = t
			}
		}
		if kw == nil || kw.class == kwRenewal {
			// "saving each CSM about 6 hours a week": time saved, even
			// in a clause about renewal work ("automated renewal notices,
			// saving …").
			if v := nearest(clause, kwCost, kwSave); v != nil && v.left && v.distance <= 4 && !periodWords[q.lead] && !contains([]string{"in", "over", "within", "during", "after", "for"}, q.lead) {
				m.Kind = MetricOther
				return m, v, true
			}
		}
		ttvClose := kw != nil && kw.left && kw.distance <= 2 && kw.class != kwTimeOther && kw.class != kwRenewal
		if !ttvClose && (kw == nil || kw.class != kwTimeOther) {
			// "fix shipped in 9 days", "workaround in 4 days": how fast a
			// remedy came; "cut admin time by 6 hours a week": time saved.
			if q.lead == "in" || q.lead == "within" {
				if deliveredBefore(toks, leadWord(toks, q.num)) {
					m.Kind = MetricOther
					return m, nil, true
				}
			}
			if q.lead == "by" && verbBefore(toks, q.first, 5, changeVerbs) && kw == nil {
				m.Kind = MetricOther
				return m, nil, true
			}
		}
		if kw == nil || kw.class == kwRenewal {
			return m, nil, false
		}
		if periodWords[q.lead] || q.lead == "in" || q.lead == "over" || q.lead == "within" || q.lead == "during" || q.lead == "after" {
			// "took GRR from 81% to 90% in 18 months by fixing onboarding":
			// the time a change took, unless the duration is what it
			// measures ("go-live in 6 weeks").
			if !(kw.left && kw.distance <= 2 && kw.class != kwTimeOther) {
				return m, nil, false
			}
		}
		m.Kind = kindOf[kw.class]
		if kw.class == kwTTVWork {
			m.Kind = MetricTTV
		}
		if m.Kind == MetricTTV && nearest(clause, kwRamp) != nil {
			// "Ramp time for new CSMs … onboarding curriculum": a team's
			// ramp, not a customer's time to value.
			m.Kind = MetricOther
		}
		return m, kw, true

	case qScore:
		kw := nearest(near, kwCSAT, kwNPS)
		if kw == nil {
			m.Kind = MetricOther
			return m, nil, true
		}
		m.Kind = kindOf[kw.class]
		return m, kw, true

	case qTimes:
		kw := nearest(near, kwNRR, kwExpansion, kwRevenue, kwARR, kwAdoption, kwQuota, kwUsers, kwPipeline)
		m.Kind = MetricOther
		if kw != nil {
			m.Kind = kindOf[kw.class]
		}
		return m, kw, true

	case qBare:
		if q.negative {
			m.Value = -m.Value
		}
		if kw := nearest(near, kwNPS); kw != nil && kw.distance <= 5 && q.value <= 100 {
			m.Kind, m.Unit = MetricNPS, UnitScore
			return m, kw, true
		}
		if kw := nearest(near, kwCSAT); kw != nil && kw.distance <= 3 {
			m.Kind = MetricCSAT
			m.Unit = UnitScore
			if q.value > 10 && q.value <= 100 {
				m.Unit = UnitPercent
			}
			return m, kw, true
		}
		if kw := nearest(near, kwModel); kw != nil && kw.left && kw.distance <= 1 {
			// "AUC 0.81": a model's score, a project figure.
			m.Kind, m.Unit = MetricOther, UnitScore
			return m, kw, true
		}
		if kw := nearest(near, kwNRR, kwGRR); kw != nil && kw.distance <= 2 && q.value >= 50 && q.value <= 250 {
			m.Kind, m.Unit = kindOf[kw.class], UnitPercent
			return m, kw, true
		}
		if kw := nearest(near, kwUsers); kw != nil && kw.distance <= 3 && q.before != nil {
			m.Kind, m.Unit = MetricAdoption, UnitCount
			return m, kw, true
		}
		if (q.rate || q.verbAfter) && q.before == nil && !q.negative {
			// "Sold 15 cars a month", "71 converted to annual plans": a
			// count of what was done.
			m.Kind, m.Unit = MetricOther, UnitCount
			return m, nil, true
		}
		return m, nil, false
	}
	return m, nil, false
}

// keepVerbs and loseVerbs are the stems of verbs that say what became of
// a share of a book: "kept 90% of clients", "lost 6% of customers".
var (
	keepVerbs = map[string]bool{"kept": true, "keep": true, "held": true, "hold": true, "retain": true}
	loseVerbs = map[string]bool{"lost": true, "los": true}
)

// keptShare returns renewal_rate or churn_rate when a percentage is the
// share of accounts kept or lost ("Kept 90 % of advertising clients"),
// else "". A share of a subset acted on ("80% of churned accounts") is
// not a book's.
func keptShare(toks []token, q quantity) string {
	w := leadWord(toks, q.num)
	if w < 0 {
		return ""
	}
	var kind string
	switch {
	case keepVerbs[toks[w].stem]:
		kind = MetricRenewalRate
	case loseVerbs[toks[w].stem]:
		kind = MetricChurnRate
	default:
		return ""
	}
	of := q.last + 1 // "of"
	for k := of + 1; k <= q.ofEnd && k < len(toks); k++ {
		if n, ok := countNouns[toks[k].stem]; ok && n == nounAccount && toks[k].kind == tokWord {
			if participleIn(toks, of+1, k) {
				return ""
			}
			return kind
		}
	}
	return ""
}

// deliveryWords are the stems of what is delivered or remedied "in N
// days": a duration after them measures the speed of the work.
var deliveryWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("shipped delivered fixed resolved restored released launched completed built answered workaround fix hotfix patch resolution solution turnaround") {
		m[stem(w)] = true
	}
	return m
}()

// deliveredBefore reports whether a delivery word stands within three
// words before token w, in its clause: "fix shipped in", "resolved the
// outage in".
func deliveredBefore(toks []token, w int) bool {
	for k, words := w-1, 0; k >= 0 && words < 3; k-- {
		t := toks[k]
		if t.kind == tokNum || t.softBreak() {
			return false
		}
		if t.kind != tokWord {
			continue
		}
		words++
		if deliveryWords[t.stem] {
			return true
		}
	}
	return false
}

// growthVerbs are the stems of verbs that make "by" an increase.
var growthVerbs = map[string]bool{
	"grew": true, "grow": true, "increas": true, "rais": true, "lift": true, "boost": true,
	"expand": true, "doubl": true, "rose": true, "climb": true, "enlarg": true,
}

// employerWords may name the candidate's own employer rather than
// accounts: "grew the business by $2M".
var employerWords = map[string]bool{"company": true, "business": true, "firm": true, "organisation": true, "organization": true, "enterprise": true}

// accountsGrown reports whether the words before "by" at token i, back to
// a verb of growth in the same clause, name accounts the candidate already
// had: "grew spend from my top accounts by", "grew our three largest
// partners by". New accounts ("grew new logos by") are new business.
func accountsGrown(toks []token, i int) bool {
	accounts := false
	for k, words := i-2, 0; k >= 0 && words < 8; k-- {
		t := toks[k]
		if t.hardBreak() {
			return false
		}
		if t.kind != tokWord {
			continue
		}
		words++
		if t.lower == "new" || t.stem == "prospect" {
			return false
		}
		// "the company's revenue" is the employer's, not a book's.
		if n, ok := countNouns[t.stem]; ok && n == nounAccount && possessiveBase(t.text) == t.text && !employerWords[t.stem] {
			accounts = true
		}
		if growthVerbs[t.stem] {
			return accounts
		}
	}
	return false
}

// customerOwned reports whether the word before a figure is the
// possessive of an account: "a customer's 23% drop", "clients' 12% growth".
func customerOwned(toks []token, q quantity) bool {
	w := leadWord(toks, q.num)
	if w < 0 || w >= q.first {
		return false
	}
	base := possessiveBase(toks[w].text)
	if base == toks[w].text && !(w+1 < q.first && (toks[w+1].text == "'" || toks[w+1].text == "’") && glued(toks, w, w+1) && strings.HasSuffix(toks[w].lower, "s")) {
		return false
	}
	k, ok := countNouns[stem(strings.ToLower(base))]
	return ok && k == nounAccount
}

// totalOf reports whether money is written as a total of what follows
// ("$12M in annual contract value"), not an average ("average ACV").
func totalOf(toks []token, q quantity, noun *kwHit) bool {
	if noun.first != q.last+2 {
		return false
	}
	switch toks[q.last+1].lower {
	case "in", "of":
	default:
		return false
	}
	for k := noun.first; k <= noun.last; k++ {
		if toks[k].lower == "average" || toks[k].lower == "avg" {
			return false
		}
	}
	return true
}

// newWithin reports whether "new" qualifies the quantity's noun ("40 new
// logos", "12 net-new customers").
func newWithin(toks []token, q quantity) bool {
	for k := q.first + 1; k < q.last && k < len(toks); k++ {
		if t := toks[k].text; t == "new" || t == "net-new" {
			return true
		}
	}
	return false
}

// classifyAccounts tells a book ("Own 18 enterprise accounts", "renewals
// for 900+ customers") from a count of accounts acted on ("Onboarded 60
// customers", "closed … across 19 logos", "the 40 flagged accounts").
func classifyAccounts(toks []token, q quantity, m Metric, near, clause []kwHit) (Metric, *kwHit, bool) {
	if q.all {
		// "all 12 accounts renewed", "retained all 22 accounts".
		if v := nearest(clause, kwRenewal, kwLost, kwChurn); v != nil {
			m.Value, m.Unit, m.Kind = 100, UnitPercent, MetricRenewalRate
			if v.class != kwRenewal {
				m.Value, m.Kind = 0, MetricChurnRate
			}
			return m, v, true
		}
	}
	m.Kind = MetricOther
	switch q.lead {
	case "including", "incl", "such", "like", "e.g":
		return m, nil, true // a subset named as an example
	}
	if held := nearest(clause, kwBookVerb); q.participle && held != nil && held.left && held.distance == 0 {
		// "Manage 25 retained clients": what one manages is a book,
		// whatever the word before its noun.
	} else if q.participle || q.rate {
		// "the 40 flagged accounts" are a subset acted on; "180 accounts
		// a quarter" pass through, a book is what one holds.
		return m, nil, true
	}
	// New business anywhere before the count: "Closed $2.6M in new ARR
	// across 19 logos" counts logos won, not a book.
	for _, h := range clause {
		if h.class == kwNewBiz && h.left {
			return m, &h, true
		}
	}
	if q.forCount {
		// "renewals for 900+ customers", "built onboarding, support and
		// renewals for 140 customers": whom ongoing work serves is a book;
		// "migration for 40 customers" is a project per customer.
		if ongoing := nearest(clause, kwOngoing, kwBookVerb); ongoing != nil {
			m.Kind = MetricAccountsManaged
			return m, ongoing, true
		}
		if activity := nearest(clause, kwActivity); activity != nil {
			return m, activity, true
		}
	}
	verb := nearest(clause, kwBookVerb, kwOtherVerb, kwSave, kwLost)
	if across := nearest(clause, kwAcross); across != nil && across.left && (verb == nil || across.distance < verb.distance) {
		verb = across
		verb.class = kwBookVerb
	}
	book := nearest(near, kwBook)
	if selection(toks, q.num+1) && (verb == nil || verb.class != kwBookVerb || !verb.left) && book == nil {
		// "reviews with the CFOs of my 15 largest accounts" picks
		// accounts out of a book; only a verb of holding ("managed the
		// 20 largest accounts") makes them the book.
		return m, nil, true
	}
	if q.verbAt > 0 && (verb == nil || !verb.left || verb.last != q.verbAt-1) {
		// "calling the 50 largest stores": a verb we do not know acts on
		// the accounts; "managed the 20 largest accounts" holds them.
		return m, nil, true
	}
	if q.pastVerb && (verb == nil || verb.distance > 0 || !verb.left) {
		// "Flagged 150 accounts": a verb we do not know, in the past
		// tense, right before the count makes it an activity.
		return m, nil, true
	}
	if verb != nil && verb.class != kwBookVerb && (book == nil || verb.distance < book.distance) {
		return m, verb, true
	}
	if verb == nil && newWithin(toks, q) {
		// "40 new logos in my first year": accounts won, not a book held.
		return m, nil, true
	}
	if verb == nil && book == nil && q.worded {
		// "founding member at two fintech companies": a number in words
		// with nothing that makes it a book is a mention, not a metric.
		return m, nil, false
	}
	m.Kind = MetricAccountsManaged
	if book != nil && (verb == nil || book.distance < verb.distance) {
		return m, book, true
	}
	return m, verb, true
}

// isTarget reports whether a figure is a goal rather than a result: a
// target word before it ("targets were 108% and 90%", "goal 90%", "Quota
// $2.8M") or right after it ("a 95% target"). "130% of target" and "beat
// quota by 20%" are results.
func isTarget(toks []token, q quantity, clause []kwHit) bool {
	if q.lead == "by" {
		return false
	}
	for _, h := range clause {
		if h.class != kwTarget {
			continue
		}
		if !h.left {
			// "a 95% target", "a 95% renewal target".
			if h.distance <= 2 && nounsOnly(toks, q.last+1, h.first) {
				return true
			}
			continue
		}
		if h.first > 0 {
			switch toks[h.first-1].lower {
			case "of", "beat", "exceeded", "hit", "above", "over":
				continue // "131% of quota) across 11 logos", "beat quota"
			}
		}
		if targetLinks(toks, h.last+1, q.first) {
			return true
		}
	}
	return false
}

// prepositions that countStop does not list.
var prepositions = map[string]bool{"against": true, "versus": true, "vs": true, "above": true, "below": true, "toward": true, "towards": true, "beyond": true, "despite": true}

// nounsOnly reports whether toks[a:b] are words of a noun phrase: no stop
// word, no verb in -ed, no punctuation.
func nounsOnly(toks []token, a, b int) bool {
	for k := a; k < b; k++ {
		t := toks[k]
		if t.kind != tokWord || countStop[t.lower] || strings.HasSuffix(t.lower, "ed") || prepositions[t.lower] {
			return false
		}
	}
	return true
}

// targetLinks reports whether toks[a:b] only links a target word to its
// figure: "target of", "targets were 108% and", "goal:", "quota $".
func targetLinks(toks []token, a, b int) bool {
	for k := a; k < b; k++ {
		t := toks[k]
		switch {
		case t.kind == tokNum:
		case t.kind == tokPunct:
			switch t.text {
			case ":", "=", "%", "$", "€", "£", ",", "~":
			default:
				if _, money := currencySymbols[t.text]; !money {
					return false
				}
			}
		default:
			switch t.lower {
			case "of", "was", "were", "is", "are", "at", "set", "and", "the", "a", "an", "for", "k", "m", "percent":
			default:
				if multiplier(t.text, true, true) == 0 && !currencyCodes[t.text] {
					return false
				}
			}
		}
	}
	return true
}

// threshold reports whether money bounds a group of accounts: "accounts
// under $15K ACV", "customers above $100K ARR".
func threshold(toks []token, q quantity) bool {
	p := q.first - 1
	for p >= 0 && toks[p].kind == tokPunct && !toks[p].softBreak() && !toks[p].hardBreak() {
		p-- // "~", a sign
	}
	if p < 1 {
		return false
	}
	switch toks[p].lower {
	case "under", "below", "over", "above", "beyond", "exceeding":
	case "than":
		if p < 2 || toks[p-1].lower != "more" && toks[p-1].lower != "less" {
			return false
		}
		p--
	default:
		return false
	}
	k, ok := countNouns[toks[p-1].stem]
	return ok && k == nounAccount
}

// cohortBefore reports whether a retention keyword at token i is a cohort
// measure: "day-7 retention", "D30 retention", "30-day retention".
func cohortBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		t := toks[k]
		if t.kind == tokWord && (t.stem == "day" || t.stem == "week" || t.stem == "month" || len(t.lower) >= 2 && (t.lower[0] == 'd' || t.lower[0] == 'w' || t.lower[0] == 'm') && isDigits(t.lower[1:])) {
			return true
		}
		if t.kind == tokWord && !(t.lower == "user" || t.lower == "users") {
			return false
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// teachingVerb reports whether the verb hit v teaches: trained, taught,
// certified, enabled.
func teachingVerb(toks []token, v *kwHit) bool {
	switch toks[v.first].stem {
	case "train", "taught", "teach", "certifi", "enabl", "educat":
		return true
	}
	return false
}

// round keeps two decimals: values are read from text, so anything finer is
// floating-point noise ("2,5 Mio" is 2500000, not 2499999.9999).
func round(v float64) float64 {
	return math.Round(v*100) / 100
}
