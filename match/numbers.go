package match

import (
	"strconv"
	"strings"
)

// parseNumber reads a number as CVs write it in the US and in Europe:
// "1,200", "1,200.50", "2,5", "1.234,56", "1.200.000". A single separator
// followed by exactly three digits is a thousands separator ("1,200",
// "2.500") unless a multiplier follows ("1.200 Mio" is rare; "1.2M" has one
// digit), which the caller signals with hasMult.
func parseNumber(s string, hasMult bool) (float64, bool) {
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	var clean string
	switch {
	case dots > 0 && commas > 0:
		// The later separator is the decimal one.
		if lastDot > lastComma {
			clean = strings.ReplaceAll(s, ",", "")
		} else {
			clean = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
		}
	case commas > 1:
		clean = strings.ReplaceAll(s, ",", "")
	case dots > 1:
		clean = strings.ReplaceAll(s, ".", "")
	case commas == 1:
		if len(s)-lastComma-1 == 3 && !hasMult {
			clean = strings.ReplaceAll(s, ",", "")
		} else {
			clean = strings.ReplaceAll(s, ",", ".")
		}
	case dots == 1:
		if len(s)-lastDot-1 == 3 && !hasMult && lastDot > 0 && s[0] != '0' {
			clean = strings.ReplaceAll(s, ".", "")
		} else {
			clean = s
		}
	default:
		clean = s
	}
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// currencySymbols maps a currency sign to its ISO code. "$" alone is USD.
var currencySymbols = map[string]string{
	"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₣": "CHF", "₩": "KRW",
	"₺": "TRY", "₽": "RUB", "₦": "NGN", "₪": "ILS", "₫": "VND", "฿": "THB",
}

// currencyPrefixes qualify "$": "US$", "A$", "C$", "R$" (the Brazilian
// real).
var currencyPrefixes = map[string]string{
	"US": "USD", "A": "AUD", "AU": "AUD", "C": "CAD", "CA": "CAD", "NZ": "NZD",
	"S": "SGD", "SG": "SGD", "HK": "HKD", "R": "BRL", "MX": "MXN", "NT": "TWD",
}

// currencyCodes are ISO codes written as words before or after an amount.
// Every unit an amount can get is one of them, so a unit is money exactly
// when it is listed here. PHP is left out: "PHP 8" is a language.
var currencyCodes = map[string]bool{
	"USD": true, "EUR": true, "GBP": true, "CHF": true, "CAD": true, "AUD": true,
	"SEK": true, "NOK": true, "DKK": true, "ISK": true, "INR": true, "JPY": true, "SGD": true,
	"PLN": true, "ZAR": true, "NZD": true, "HKD": true, "BRL": true, "MXN": true,
	"CZK": true, "AED": true, "ILS": true, "SAR": true, "QAR": true, "KWD": true, "BHD": true,
	"OMR": true, "CNY": true, "RMB": true, "KRW": true, "TWD": true, "TRY": true, "THB": true,
	"MYR": true, "IDR": true, "VND": true, "NGN": true, "KES": true, "EGP": true, "HUF": true,
	"RON": true, "BGN": true, "CLP": true, "COP": true, "ARS": true, "PEN": true, "RUB": true,
	"UAH": true,
}

// currencyWords are currency names written after an amount.
var currencyWords = map[string]string{
	"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD",
	"pound": "GBP", "pounds": "GBP", "francs": "CHF", "rand": "ZAR", "rupees": "INR",
	"yen": "JPY", "yuan": "CNY", "zł": "PLN", "zloty": "PLN", "złoty": "PLN", "złotych": "PLN",
	"dirhams": "AED", "dirham": "AED", "riyals": "SAR", "riyal": "SAR", "reais": "BRL",
	"kronor": "SEK", "ringgit": "MYR", "pesos": "MXN", "lira": "TRY", "shekels": "ILS",
}

// currencyBefore are signs written as words before an amount that are no
// ISO code: "Rs 4.2 crore", "RM2.5 million". "R" before a number is the
// rand only in the form randAt accepts.
var currencyBefore = map[string]string{"Rs": "INR", "RM": "MYR"}

// scaledCurrencies are a multiplier and a currency in one word after an
// amount, as Nordic CVs write them: "12 MSEK", "2,5 MNOK".
var scaledCurrencies = map[string]struct {
	mult float64
	code string
}{
	"MSEK": {1e6, "SEK"}, "MNOK": {1e6, "NOK"}, "MDKK": {1e6, "DKK"}, "MEUR": {1e6, "EUR"},
	"MUSD": {1e6, "USD"}, "kSEK": {1e3, "SEK"}, "KSEK": {1e3, "SEK"}, "kEUR": {1e3, "EUR"},
	"KEUR": {1e3, "EUR"}, "kUSD": {1e3, "USD"}, "TSEK": {1e3, "SEK"}, "Mkr": {1e6, "SEK"},
	"mkr": {1e6, "SEK"}, "MKR": {1e6, "SEK"},
}

// multiplier returns the factor a word after a number stands for. glued is
// set when the word touches the number ("3.3M", "750k"): lone letters only
// count then, or after a currency.
func multiplier(w string, glued, money bool) float64 {
	switch w {
	case "k", "K":
		if glued || money {
			return 1e3
		}
	case "m", "M", "mm", "MM", "mn", "Mn":
		if glued || money {
			return 1e6
		}
	case "b", "B", "bn", "Bn", "BN":
		if glued || money {
			return 1e9
		}
	case "cr", "Cr", "CR", "L", "Lac", "lac":
		// Indian abbreviations: "₹4.2 Cr", "INR 35 L" name money only.
		if money {
			if strings.ToLower(w) == "cr" {
				return 1e7
			}
			return 1e5
		}
	}
	switch strings.ToLower(w) {
	case "mio", "mln", "million", "millions", "milhões", "milhão", "millones", "millón", "miljoen", "millionen":
		return 1e6
	case "thousand", "tsd":
		return 1e3
	case "billion", "billions", "mrd", "bln":
		return 1e9
	case "crore", "crores":
		// The Indian numbering system: a crore is ten million, a lakh a
		// hundred thousand ("INR 4.2 crore" is 42,000,000).
		return 1e7
	case "lakh", "lakhs", "lacs":
		return 1e5
	}
	return 0
}

// randAt reports whether the word "R" at p, right before the number at i,
// is the South African rand. A bare "R" is too common a name ("R2"
// releases, "R 4.2" the language) to be money on its own: it is the rand
// when a multiplier follows the number ("R18 million", "R2.3m") or the
// number is grouped in thousands ("R250,000").
func randAt(toks []token, p, i int) bool {
	if p < 0 || p != i-1 || toks[p].kind != tokWord || toks[p].text != "R" {
		return false
	}
	if thousandsGrouped(toks[i].text) {
		return true
	}
	j := i + 1
	return j < len(toks) && toks[j].kind == tokWord && multiplier(toks[j].text, glued(toks, i, j), false) > 0
}

// thousandsGrouped reports whether a number is written with comma
// thousands separators: "250,000", "1,250,000".
func thousandsGrouped(s string) bool {
	parts := strings.Split(s, ",")
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 || !isDigits(p) {
			return false
		}
	}
	return isDigits(parts[0])
}
