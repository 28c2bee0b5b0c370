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
	"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₣": "CHF",
}

// currencyPrefixes qualify "$": "US$", "A$", "C$".
var currencyPrefixes = map[string]string{
	"US": "USD", "A": "AUD", "AU": "AUD", "C": "CAD", "CA": "CAD", "NZ": "NZD",
	"S": "SGD", "SG": "SGD", "HK": "HKD", "R": "BRL", "MX": "MXN",
}

// currencyCodes are ISO codes written as words before or after an amount.
var currencyCodes = map[string]bool{
	"USD": true, "EUR": true, "GBP": true, "CHF": true, "CAD": true, "AUD": true,
	"SEK": true, "NOK": true, "DKK": true, "INR": true, "JPY": true, "SGD": true,
	"PLN": true, "ZAR": true, "NZD": true, "HKD": true, "BRL": true, "MXN": true,
	"CZK": true, "AED": true, "ILS": true,
}

// currencyWords are currency names written after an amount.
var currencyWords = map[string]string{
	"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD",
	"pound": "GBP", "pounds": "GBP", "francs": "CHF",
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
	}
	switch strings.ToLower(w) {
	case "mio", "mln", "million", "millions":
		return 1e6
	case "thousand", "tsd":
		return 1e3
	case "billion", "billions", "mrd", "bln":
		return 1e9
	}
	return 0
}
