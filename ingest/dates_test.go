package ingest

import (
	"context"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep/internal/testenv"
)

func TestFindDateRange(t *testing.T) {
	tests := []struct {
		in   string
		want DateRange
		ok   bool
	}{
		{"Jan 2020 – Present", DateRange{Text: "Jan 2020 – Present", Start: "2020-01", Current: true}, true},
		{"Senior CSM, Acme (March 2018 - June 2021)", DateRange{Text: "March 2018 - June 2021", Start: "2018-03", End: "2021-06"}, true},
		{"Jul. 2019 – Current", DateRange{Text: "Jul. 2019 – Current", Start: "2019-07", Current: true}, true},
		{"2016–2019", DateRange{Text: "2016–2019", Start: "2016", End: "2019"}, true},
		{"03/2019 to 05/2021", DateRange{Text: "03/2019 to 05/2021", Start: "2019-03", End: "2021-05"}, true},
		{"2019-03 – 2021-11", DateRange{Text: "2019-03 – 2021-11", Start: "2019-03", End: "2021-11"}, true},
		{"January 2019 to Present", DateRange{Text: "January 2019 to Present", Start: "2019-01", Current: true}, true},
		{"May 2023 - Present", DateRange{Text: "May 2023 - Present", Start: "2023-05", Current: true}, true},
		{"Sept 2015 — Aug 2017", DateRange{Text: "Sept 2015 — Aug 2017", Start: "2015-09", End: "2017-08"}, true},
		{"since 2021", DateRange{Text: "since 2021", Start: "2021", Current: true}, true},
		{"2015 年 3 月 – 2015 年 5 月", DateRange{Text: "2015 年 3 月 – 2015 年 5 月", Start: "2015-03", End: "2015-05"}, true},
		{"2013 – 至今", DateRange{Text: "2013 – 至今", Start: "2013", Current: true}, true},
		{"ene. 2019 – dic. 2020", DateRange{Text: "ene. 2019 – dic. 2020", Start: "2019-01", End: "2020-12"}, true},
		{"Aug. 2014 - Exp. Apr. 2016", DateRange{Text: "Aug. 2014 - Exp. Apr. 2016", Start: "2014-08", End: "2016-04"}, true},
		{"Denver · June – August 2023", DateRange{Text: "June – August 2023", Start: "2023-06", End: "2023-08"}, true},
		{"Call 555-123-4567", DateRange{}, false},
		{"Managed 2000 accounts", DateRange{}, false},
		{"Grew ARR 20-30%", DateRange{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := FindDateRange(tt.in)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (got %+v)", ok, tt.ok, got)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestDatesNeedYears checks what FindDateRange and FindSingleDate rely on
// to skip lines: the date expressions never match a line mayHoldDate
// rejects. It runs them over every line of the corpus and over spellings
// close to dates.
func TestDatesNeedYears(t *testing.T) {
	lines := []string{
		"Jan – Present", "since January", "seit März", "Summer – Fall", "present - current",
		"Jun '", "Jun '1", "to date", "२०१९ – २०२१", "２０１９ – ２０２１", "二〇一九年 – 至今",
		"1949 – 1950", "2049-2050", "Jan 195 – 205", "03/19 – 05/21", "Call 555-123-4567",
	}
	ex := newTestExtractor(t, Limits{})
	files := append(testenv.CorpusFiles(t, "cv"), testenv.CorpusFiles(t, "jd")...)
	for _, f := range append(files, syntheticPDFs(t)...) {
		doc, err := ex.Extract(context.Background(), readFile(t, f))
		if err != nil {
			continue // scans and other refused files have no lines
		}
		for _, l := range doc.Lines {
			lines = append(lines, l.Text)
		}
	}
	for _, s := range lines {
		if mayHoldDate(s) {
			continue
		}
		for _, re := range []*regexp.Regexp{rangeRE, monthsRE, sinceRE, singleRE} {
			if loc := re.FindStringIndex(s); loc != nil {
				t.Errorf("%q: %v matches %q, which mayHoldDate rejects", s, re, s[loc[0]:loc[1]])
			}
		}
	}
}
