package match

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep/ingest"
)

// TestEntryContext checks which lines of a role's header are read as its
// context: what the company line or the dates line says about the business,
// not the title, the company's name or the dates alone.
func TestEntryContext(t *testing.T) {
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	tests := []struct {
		name string
		cv   string
		want [][]string
	}{
		{
			name: "descriptor after the company, two roles at one company",
			cv: "Ana Lima\nana@example.com\n\nEXPERIENCE\n\n" +
				"Senior Support Engineer    Jan 2021 - present\n" +
				"Cloudmoor - payroll SaaS for mid-market employers\n" +
				"- Resolved 900 tickets a quarter.\n- Ran onboarding calls.\n\n" +
				"Support Engineer    Jun 2019 - Dec 2020\n" +
				"Cloudmoor\n" +
				"- Handled phone support.\n",
			want: [][]string{{"Cloudmoor - payroll SaaS for mid-market employers"}, nil},
		},
		{
			name: "descriptor on the dates line",
			cv: "Ana Lima\nana@example.com\n\nEXPERIENCE\n\n" +
				"Customer Success Manager | Fennick Labs\n" +
				"Scheduling software for dental groups · March 2020 - present\n" +
				"- Own 40 accounts.\n",
			want: [][]string{{"Scheduling software for dental groups · March 2020 - present"}},
		},
		{
			name: "title, company and dates only",
			cv: "Ana Lima\nana@example.com\n\nEXPERIENCE\n\n" +
				"Customer Success Manager | Fennick Labs | 2019 - 2023\n" +
				"- Own 40 accounts.\n",
			want: [][]string{nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ex.Extract(context.Background(), []byte(tt.cv))
			if err != nil {
				t.Fatal(err)
			}
			got := entryContext(doc.CV())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("entryContext (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDropWishes checks that what a candidate wants is not read as what
// they did, and that the rest of the statement still is.
func TestDropWishes(t *testing.T) {
	tests := []struct {
		in, want string // want: the words left for evidence
	}{
		{"I run a pooled book, and I want to grow into strategic accounts.", "I run a pooled book and ."},
		{"Looking to bring my skills to a SaaS company. Ran QBRs with sponsors.", ". Ran QBRs with sponsors ."},
		{"Aspiring Customer Success Manager", ""},
		{"Keen to learn Gainsight", ""},
		{"Hungry to grow into enterprise accounts; ran 30 QBRs.", "ran 30 QBRs ."},
		{"Ran 30 QBRs. Excited to move into a strategic seat.", "Ran 30 QBRs . ."},
		{"Own 40 strategic accounts", "Own 40 strategic accounts"},
		{"Reviewed usage looking for drops", "Reviewed usage looking for drops"},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		ts, _, _ := dropWishes(toks, terms(toks))
		var words []string
		next := 0
		for _, x := range ts {
			// Sentence ends kept between kept words show where the cut is.
			for k := next; k < x.tok; k++ {
				if toks[k].text == "." {
					words = append(words, ".")
				}
			}
			words = append(words, toks[x.tok].text)
			next = x.tok + 1
		}
		for k := next; k < len(toks); k++ {
			if toks[k].text == "." {
				words = append(words, ".")
			}
		}
		if got := strings.Join(words, " "); got != tt.want {
			t.Errorf("dropWishes(%q) leaves %q, want %q", tt.in, got, tt.want)
		}
	}
}
