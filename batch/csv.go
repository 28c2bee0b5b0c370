package batch

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// CSVName is the name of the scores file in reports.zip, in the CLI's
// output folder and on the email attachment.
const CSVName = "scores.csv"

// WriteCSV writes scores.csv: a header row, then one row per CV in the
// order of rows (Rank's order, best fit first). The columns are
//
//	rank, candidate, file, status, fit, pillar_mean, coverage,
//	one pillar_<id> column per pillar, gaps (ids, most serious first,
//	separated by "; "), pdf (the report's name in reports.zip and in the
//	CLI's reports folder), duplicate_of, error
//
// Numbers of rows that are not ready are left empty rather than written
// as zero. Cells a spreadsheet would run as a formula are quoted with a
// leading apostrophe (OWASP's advice on CSV injection): a candidate's name
// comes from their CV, not from us.
func WriteCSV(w io.Writer, rows []Row) error {
	pillars := Pillars(rows)
	cw := csv.NewWriter(w)
	header := []string{"rank", "candidate", "file", "status", "fit", "pillar_mean", "coverage"}
	for _, p := range pillars {
		header = append(header, "pillar_"+p.ID)
	}
	header = append(header, "gaps", "pdf", "duplicate_of", "error")
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, r := range rows {
		rec := []string{num(r.Rank, r.Rank > 0), cell(r.Name), cell(r.File), r.Status}
		if s := r.Score; s != nil && r.Status == StatusReady {
			rec = append(rec, strconv.Itoa(s.Fit), strconv.Itoa(s.Pillar), strconv.Itoa(s.Coverage))
			byID := map[string]int{}
			for _, p := range s.Pillars {
				byID[p.ID] = p.Score
			}
			for _, p := range pillars {
				v, ok := byID[p.ID]
				rec = append(rec, num(v, ok))
			}
			rec = append(rec, cell(strings.Join(s.Gaps, "; ")))
		} else {
			rec = append(rec, "", "", "")
			for range pillars {
				rec = append(rec, "")
			}
			rec = append(rec, "")
		}
		rec = append(rec, cell(r.PDF), cell(r.DuplicateOf), cell(r.Error))
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func num(n int, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.Itoa(n)
}

// cell neutralises text a spreadsheet would evaluate.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
