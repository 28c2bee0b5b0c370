package report

import (
	"testing"
)

// BenchmarkRender renders whole reports: a typical one (bd-cs, 11 pages;
// strong-enterprise, 13 pages, the full csm pack) and the longest fixture.
func BenchmarkRender(b *testing.B) {
	for _, name := range []string{"bd-cs", "strong-enterprise", "match-hannah-cobalt", "long"} {
		b.Run(name, func(b *testing.B) {
			a := loadFixture(b, name)
			r := New(Options{Now: clock})
			if _, err := r.Render(a); err != nil { // loads the shared font tables
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Render(a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
