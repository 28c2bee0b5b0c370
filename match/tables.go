package match

import (
	"strings"

	"prep/ingest"
)

// Word-processor tables reach match as one line per cell, in reading
// order, marked with ingest.RegionTable: "Net revenue retention", "109%",
// "NPS of my book", "41". A CV puts its key figures in such tables, so the
// cells are read back as rows: a label cell gives the value next to it its
// kind, and a header row names the columns ("Fiscal year | Quota |
// Attainment").

// tableBlock is one table: its cells and the rows read from them.
type tableBlock struct {
	cells []string // trimmed, in reading order
	rows  []tableRow
}

// tableRow is one data row. Its text is the cells joined by spaces, which
// is the CV's own text with white space collapsed, so it can be quoted.
type tableRow struct {
	text   string
	cells  []string
	header []string // the header row, when the table has one with 3+ columns
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

// metrics reads the row's figures. With a header of three or more columns
// each value is read under its column's name ("Attainment" 104%, "Quota"
// $2.8M, a target); otherwise the row reads as one phrase, label first.
func (row tableRow) metrics(currency string) []Metric {
	out := []Metric{}
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
