package match

import (
	"strings"

	"prep/ingest"
)

// Word-processor tables reach match marked with ingest.RegionTable, either
// as one line per row with its cells ("Net revenue retention | 109%", as
// DOCX data tables are read) or as one line per cell, in reading order
// ("Net revenue retention", "109%", as ODT tables are). A CV puts its key
// figures in such tables, so they are read as rows: a label cell gives the
// value next to it its kind, a header row names the columns ("Fiscal year
// | Quota | Attainment"), and a header of periods ("Metric | 2022 |
// 2023") makes each row a change from the first period to the last.

// tableBlock is one table: its cells and the rows read from them.
type tableBlock struct {
	cells []string // trimmed, in reading order
	rows  []tableRow
}

// tableRow is one data row. Its text is the row's line as written, or its
// cells joined by spaces, which is the CV's own text with white space
// collapsed: either can be quoted.
type tableRow struct {
	text   string
	cells  []string
	header []string // the header row, when the table has one with 3+ columns
	// series holds the column indexes of the earliest and the latest
	// period when the header's columns are periods ("2022", "FY24").
	series *[2]int
}

// block is a run of lines: a table, or plain lines.
type block struct {
	lines []ingest.Line
	table *tableBlock // nil for plain lines
}

// splitTables cuts lines into runs of table cells and runs of other lines,
// in order. A run of cells whose columns cannot be told stays plain.
func splitTables(lines []ingest.Line) []block {
	var out []block
	start := 0
	for start < len(lines) {
		end := start
		inTable := lines[start].Region == ingest.RegionTable
		for end < len(lines) && (lines[end].Region == ingest.RegionTable) == inTable {
			end++
		}
		run := lines[start:end]
		if inTable && rowLine(run[0]) {
			// Rows ingest has read whole: a run of them is one table.
			end = start + 1
			for end < len(lines) && lines[end].Region == ingest.RegionTable && rowLine(lines[end]) {
				end++
			}
			out = append(out, block{lines: lines[start:end], table: readRows(lines[start:end])})
			start = end
			continue
		}
		if inTable {
			// Cells up to the next row read whole.
			for k := start; k < end; k++ {
				if rowLine(lines[k]) {
					end = k
					break
				}
			}
			run = lines[start:end]
		}
		if inTable {
			if t := readTable(run); t != nil {
				out = append(out, block{lines: run, table: t})
				start = end
				continue
			}
		}
		if n := len(out); n > 0 && out[n-1].table == nil {
			out[n-1].lines = append(out[n-1].lines[:len(out[n-1].lines):len(out[n-1].lines)], run...)
		} else {
			out = append(out, block{lines: run})
		}
		start = end
	}
	return out
}

// readTable reads the rows of a run of cells. The number of columns is the
// number of bold cells that open it (a header row), else two (label and
// value); a run that does not divide into rows is not read as a table.
func readTable(run []ingest.Line) *tableBlock {
	t := &tableBlock{}
	for _, l := range run {
		t.cells = append(t.cells, strings.TrimSpace(l.Text))
	}
	bold := 0
	for bold < len(run) && run[bold].Bold {
		bold++
	}
	cols, header := 2, 0
	if bold >= 2 && bold < len(run) && len(run)%bold == 0 {
		cols, header = bold, bold
	}
	if len(run) < cols || len(run)%cols != 0 {
		return nil
	}
	var head []string
	if header > 0 && cols >= 3 {
		head = t.cells[:header]
	}
	for i := header; i+cols <= len(t.cells); i += cols {
		cells := t.cells[i : i+cols]
		t.rows = append(t.rows, tableRow{text: strings.Join(cells, " "), cells: cells, header: head})
	}
	return t
}

// rowLine reports whether a table line is a whole row: two cells or more.
func rowLine(l ingest.Line) bool { return len(l.Cells) >= 2 }

// readRows reads a run of whole rows. The first row is a header when it
// is bold, or when it has three columns or more and says no figure (its
// cells are words or periods: "Metric | 2022 | 2023").
func readRows(run []ingest.Line) *tableBlock {
	t := &tableBlock{}
	for _, l := range run {
		t.cells = append(t.cells, strings.TrimSpace(l.Text))
	}
	first := run[0].Cells
	// A plain two-column first row is only read as a header when it is
	// bold: "CS platforms | Totango, Salesforce, Jira" says no figure and
	// is still content, and a two-column header names no columns to use.
	header := len(run) > 1 && (run[0].Bold || len(first) >= 3 && headerCells(first))
	var head []string
	var series *[2]int
	if header && len(first) >= 3 {
		head = first
		series = periodColumns(first)
	}
	for i, l := range run {
		if header && i == 0 {
			continue
		}
		row := tableRow{text: strings.TrimSpace(l.Text), cells: l.Cells}
		if len(l.Cells) == len(head) {
			row.header, row.series = head, series
		}
		t.rows = append(t.rows, row)
	}
	return t
}

// headerCells reports whether a row's cells only name things: no cell has
// a figure other than a period.
func headerCells(cells []string) bool {
	for _, c := range cells {
		if strings.ContainsAny(c, "0123456789") && period(c) < 0 {
			return false
		}
	}
	return true
}

// periodColumns returns the columns of the earliest and the latest period
// when every column after the first names one, else nil. Years order the
// columns; other periods ("H1", "H2") are taken left to right.
func periodColumns(head []string) *[2]int {
	lo, hi := 1, len(head)-1
	for j := 1; j < len(head); j++ {
		if period(head[j]) < 0 {
			return nil
		}
	}
	if len(head) < 3 {
		return nil
	}
	for j := 1; j < len(head); j++ {
		if p := period(head[j]); p > 0 {
			if period(head[lo]) <= 0 || p < period(head[lo]) {
				lo = j
			}
			if period(head[hi]) <= 0 || p > period(head[hi]) {
				hi = j
			}
		}
	}
	if lo == hi {
		return nil
	}
	return &[2]int{lo, hi}
}

// period reads a column heading that names a period: its year ("2023",
// "FY24" is 2024, "FY 2023/24" is 2024), 0 for a period without a year
// ("H1", "Q3", "YTD"), or -1 when it names none.
func period(s string) int {
	w := strings.ToLower(strings.Join(strings.Fields(s), ""))
	w = strings.NewReplacer("'", "", "’", "").Replace(w)
	for _, p := range []string{"fy", "cy"} {
		w = strings.TrimPrefix(w, p)
	}
	if y, rest, ok := strings.Cut(w, "/"); ok && isDigits(rest) && len(rest) <= 4 {
		w = y
		if len(rest) == 2 || len(rest) == 4 {
			w = rest
		}
	}
	switch {
	case w == "ytd":
		return 0
	case len(w) == 2 && (w[0] == 'h' || w[0] == 'q') && w[1] >= '1' && w[1] <= '4':
		return 0
	case len(w) == 2 && isDigits(w):
		return 2000 + int(w[0]-'0')*10 + int(w[1]-'0')
	case len(w) == 4 && isYear(w):
		y := 0
		for _, c := range w {
			y = y*10 + int(c-'0')
		}
		return y
	}
	return -1
}

// metrics reads the row's figures. With a header of three or more columns
// each value is read under its column's name ("Attainment" 104%, "Quota"
// $2.8M, a target); otherwise the row reads as one phrase, label first.
func (row tableRow) metrics(currency string) []Metric {
	out := []Metric{}
	if sr := row.series; sr != nil {
		// "ARR | $1.3M | $2.2M" under "Metric | 2022 | 2023" is the ARR
		// of the last period, up from that of the first.
		last := cellMetrics(row.cells[0], row.cells[sr[1]], currency)
		first := cellMetrics(row.cells[0], row.cells[sr[0]], currency)
		if len(last) != 1 {
			return out
		}
		m := last[0]
		if len(first) == 1 && first[0].Kind == m.Kind && first[0].Unit == m.Unit && first[0].Before == nil {
			v := first[0].Value
			m.Before = &v
		}
		m.Text = row.text
		return append(out, m)
	}
	if row.header == nil {
		out = append(out, findMetrics(row.text, tokenize(row.text), currency)...)
		return out
	}
	for j, c := range row.cells {
		if !strings.ContainsAny(c, "0123456789") {
			continue
		}
		phrase := c
		if j > 0 {
			phrase = row.header[j] + " " + c
		}
		for _, m := range findMetrics(phrase, tokenize(phrase), currency) {
			m.Text = c // as written in the cell
			out = append(out, m)
		}
	}
	return out
}

// cellMetrics reads a value cell under its row's label: label first, as
// "Net dollar retention 109%" reads; or the value first when the label is
// what is counted: "140 Customers".
func cellMetrics(label, value, currency string) []Metric {
	if !strings.ContainsAny(value, "0123456789") {
		return nil
	}
	for _, phrase := range []string{label + " " + value, value + " " + label} {
		if ms := findMetrics(phrase, tokenize(phrase), currency); len(ms) > 0 {
			return ms
		}
	}
	return nil
}
