package report

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"prep/match"
)

func BenchmarkRender(b *testing.B) {
	data, err := os.ReadFile("testdata/strong-enterprise.json")
	if err != nil {
		b.Fatal(err)
	}
	var a match.Analysis
	if err := json.Unmarshal(data, &a); err != nil {
		b.Fatal(err)
	}
	r := New(Options{Now: func() time.Time { return time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC) }})
	if _, err := r.Render(&a); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(&a); err != nil {
			b.Fatal(err)
		}
	}
}
