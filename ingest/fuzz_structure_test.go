package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"prep/internal/testenv"
)

// FuzzStructure reads arbitrary text as a CV and as a job description:
// the structure pass (headings, contact, entries, companies) must not
// panic or take long on any input, and what it returns must come from the
// text.
func FuzzStructure(f *testing.F) {
	for _, s := range []string{
		"Jane Doe\njane@example.com\n\nExperience\nCSM — Acme · Jan 2020 – present\n- Owned 40 accounts.\n",
		"JORDAN ELLIS — CSM\nACME (SaaS) | CSM, SMB | 2019–now\n- GRR 94%\n",
		"Customer Success Manager | Tinplate | Detroit, MI\nAbout Tinplate\nTinplate is supply-chain software.\n",
		"Our client, a Series B fintech, is hiring a VP Customer Success (London).",
		"E X P E R I E N C E\n2019 - 2021 2019 - 2021 2019 - 2021\n(((((((\n| | | |\n",
	} {
		f.Add([]byte(s))
	}
	root := testenv.ModuleRoot(f)
	for _, pattern := range []string{"ingest/testdata/structure/*.txt", "testdata/jd/*.txt", "match/testdata/fixtures/*/cv.txt", "match/testdata/fixtures/*/jd.txt"} {
		paths, _ := filepath.Glob(filepath.Join(root, pattern))
		for _, p := range paths {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		doc, err := extractText(ctx, data, FormatMarkdown)
		if err != nil || doc == nil {
			return
		}
		start := time.Now()
		cv := doc.CV()
		jd := doc.JD()
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("structure took %v on %d lines", took, len(doc.Lines))
		}
		if cv == nil || jd == nil {
			t.Fatal("nil view")
		}
		for _, e := range cv.Experience {
			for _, b := range e.Bullets {
				if b == "" {
					t.Errorf("empty bullet in %+v", e)
				}
			}
		}
	})
}
