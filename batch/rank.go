package batch

import (
	"cmp"
	"slices"
	"strings"
)

// Rank numbers the ready rows by fit, best first, and sorts rows in that
// order: ready rows by rank, then rows still queued or processing, then
// failures, each group in upload order. Ties in fit go to the higher pillar
// mean, then the higher coverage, then the earlier upload, so the order is
// stable from one request to the next. A copy of another file is the same
// candidate: it follows its twin and takes no rank of its own.
func Rank(rows []Row) {
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return compareRank(&rows[i], &rows[j]) })
	rank := make([]int, len(rows))
	n := 0
	for _, i := range order {
		if rows[i].Status == StatusReady && rows[i].Score != nil && rows[i].DuplicateOf == "" {
			n++
			rank[i] = n
		}
	}
	for i := range rows {
		rows[i].Rank = rank[i]
	}
	sorted := make([]Row, len(rows))
	for k, i := range order {
		sorted[k] = rows[i]
	}
	copy(rows, sorted)
}

func compareRank(a, b *Row) int {
	if c := cmp.Compare(group(a), group(b)); c != 0 || group(a) != 0 {
		return c
	}
	if c := cmp.Compare(b.Score.Fit, a.Score.Fit); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Score.Pillar, a.Score.Pillar); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Score.Coverage, a.Score.Coverage); c != 0 {
		return c
	}
	return cmp.Compare(boolInt(a.DuplicateOf != ""), boolInt(b.DuplicateOf != ""))
}

// group orders rows by what is known of them: scored, waiting, failed.
func group(r *Row) int {
	switch {
	case r.Status == StatusReady && r.Score != nil:
		return 0
	case r.Status == StatusFailed:
		return 2
	}
	return 1
}

// Sort keys a table may be sorted by, besides a pillar's id.
const (
	SortFit      = "fit"
	SortName     = "name"
	SortFile     = "file"
	SortCoverage = "coverage"
	SortStatus   = "status"
)

// Sort orders rows that Rank has numbered by key: fit (the rank), name,
// file, coverage, status, or the id of a pillar. desc reverses the order of
// the rows that have a value; rows without one (not scored yet, failed)
// stay at the end either way. An unknown key sorts by fit.
func Sort(rows []Row, key string, desc bool) {
	value := func(r *Row) (int, bool) {
		if r.Score == nil {
			return 0, false
		}
		switch key {
		case SortCoverage:
			return r.Score.Coverage, true
		case SortFit, SortName, SortFile, SortStatus, "":
			return r.Score.Fit, true
		}
		for _, p := range r.Score.Pillars {
			if p.ID == key {
				return p.Score, true
			}
		}
		return 0, false
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		var c int
		switch key {
		case SortName:
			if a.Name == "" || b.Name == "" {
				return cmp.Compare(boolInt(a.Name == ""), boolInt(b.Name == ""))
			}
			c = compareText(a.Name, b.Name)
		case SortFile:
			c = compareText(a.File, b.File)
		case SortStatus:
			c = cmp.Compare(statusOrder(a.Status), statusOrder(b.Status))
		case SortFit, "":
			// Rank's order, with its tie-breaks; rows not scored keep
			// their place after the scored ones.
			if ga, gb := group(&a), group(&b); ga != 0 || gb != 0 {
				return cmp.Compare(ga, gb)
			}
			c = -compareRank(&a, &b) // ascending is the lowest fit first
		default:
			va, oka := value(&a)
			vb, okb := value(&b)
			if !oka || !okb {
				return cmp.Compare(boolInt(!oka), boolInt(!okb))
			}
			c = cmp.Compare(va, vb)
		}
		if desc {
			c = -c
		}
		return c
	})
}

func compareText(a, b string) int {
	return cmp.Compare(strings.ToLower(a), strings.ToLower(b))
}

func statusOrder(s string) int {
	switch s {
	case StatusReady:
		return 0
	case StatusProcessing:
		return 1
	case StatusQueued:
		return 2
	}
	return 3
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
