package pipeline

import (
	"context"
	"testing"

	"prep"
	"prep/ingest"
	"prep/match"
	"prep/templates"
)

// TestErrorsNameTheFile checks that a user-facing error says which upload
// it is about.
func TestErrorsNameTheFile(t *testing.T) {
	catalog, err := match.LoadCatalog(templates.Packs())
	if err != nil {
		t.Fatal(err)
	}
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	p := New(ex, catalog)
	cv := []byte("Jane Doe\nCustomer Success Manager\n\nExperience\nCSM, Acme, 2020 - Present\n- Owned 40 accounts\n")
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"empty cv", Input{CV: nil, JDText: "Customer Success Manager at Acme"}, "your CV: the file is empty"},
		{"empty jd", Input{CV: cv, JD: []byte{}}, "the job description: the file is empty"},
		{"image as jd", Input{CV: cv, JD: []byte("\x89PNG\r\n\x1a\n0000")}, "the job description: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Analyze(context.Background(), tt.in, nil)
			if err == nil {
				t.Fatal("no error")
			}
			got := prep.ErrorMessage(err)
			if len(got) < len(tt.want) || got[:len(tt.want)] != tt.want {
				t.Errorf("message = %q, want it to start with %q", got, tt.want)
			}
			if !prep.Permanent(err) {
				t.Errorf("%v is not permanent", err)
			}
		})
	}
}
