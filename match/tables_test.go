package match

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep/ingest"
)

func TestTableRows(t *testing.T) {
	cell := func(text string, bold bool) ingest.Line {
		return ingest.Line{Text: text, Bold: bold, Region: ingest.RegionTable}
	}
	row := func(bold bool, cells ...string) ingest.Line {
		return ingest.Line{Text: strings.Join(cells, " | "), Cells: cells, Bold: bold, Region: ingest.RegionTable}
	}
	tests := []struct {
		name  string
		lines []ingest.Line
		want  []string // row text, then its metrics in brief
	}{
		{
			name: "label and value pairs under a two-column header",
			lines: []ingest.Line{
				cell("Figure", true), cell("FY24", true),
				cell("Book", false), cell("185 practices, £2.4m ARR", false),
				cell("Net revenue retention", false), cell("109%", false),
				cell("NPS of my book", false), cell("41", false),
			},
			want: []string{
				"Book 185 practices, £2.4m ARR", "accounts_managed 185 count | arr_managed 2400000 GBP",
				"Net revenue retention 109%", "nrr 109 %",
				"NPS of my book 41", "nps 41 score",
			},
		},
		{
			name: "values read under their column; quotas are targets",
			lines: []ingest.Line{
				cell("Fiscal year", true), cell("Quota", true), cell("Attainment", true),
				cell("FY22", false), cell("$2.8M", false), cell("104%", false),
				cell("FY23", false), cell("$3.2M", false), cell("118%", false),
			},
			want: []string{
				"FY22 $2.8M 104%", "other 104 %",
				"FY23 $3.2M 118%", "other 118 %",
			},
		},
		{
			name: "rows read whole: a label gives its value a kind",
			lines: []ingest.Line{
				row(true, "Figure", "FY24"),
				row(false, "Book", "185 practices, £2.4m ARR"),
				row(false, "Net revenue retention", "109%"),
				row(false, "NPS of my book", "41"),
			},
			want: []string{
				"Book | 185 practices, £2.4m ARR", "accounts_managed 185 count | arr_managed 2400000 GBP",
				"Net revenue retention | 109%", "nrr 109 %",
				"NPS of my book | 41", "nps 41 score",
			},
		},
		{
			name: "a header of years makes each row a change",
			lines: []ingest.Line{
				row(false, "Metric", "2022", "2023"),
				row(false, "Customers", "90", "140"),
				row(false, "ARR", "$1.3M", "$2.2M"),
				row(false, "Net dollar retention", "101%", "109%"),
				row(false, "Gross revenue retention", "88%", "93%"),
			},
			want: []string{
				"Customers | 90 | 140", "accounts_managed 140 count <90",
				"ARR | $1.3M | $2.2M", "arr_managed 2200000 USD <1300000",
				"Net dollar retention | 101% | 109%", "nrr 109 % <101",
				"Gross revenue retention | 88% | 93%", "grr 93 % <88",
			},
		},
		{
			name: "years in either order; the latest is the value",
			lines: []ingest.Line{
				row(true, "KPI", "FY2024", "FY2023"),
				row(false, "NRR", "112%", "104%"),
			},
			want: []string{"NRR | 112% | 104%", "nrr 112 % <104"},
		},
		{
			name: "values read under their column in rows read whole",
			lines: []ingest.Line{
				row(true, "Fiscal year", "Quota", "Attainment"),
				row(false, "FY22", "$2.8M", "104%"),
			},
			want: []string{"FY22 | $2.8M | 104%", "other 104 %"},
		},
		{
			name: "a plain two-column first row without a figure is content",
			lines: []ingest.Line{
				row(false, "CS platforms", "Totango, Salesforce, Jira"),
				row(false, "Analytics", "Tableau, Excel, SQL basics"),
			},
			want: []string{
				"CS platforms | Totango, Salesforce, Jira", "",
				"Analytics | Tableau, Excel, SQL basics", "",
			},
		},
		{
			name:  "an odd run of cells is left as lines",
			lines: []ingest.Line{cell("NRR", false), cell("109%", false), cell("GRR", false)},
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, b := range splitTables(tt.lines) {
				if b.table == nil {
					continue
				}
				for _, row := range b.table.rows {
					got = append(got, row.text, brief(row.metrics("USD")))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}
