package ingest

import "testing"

func TestCompanyAndCity(t *testing.T) {
	tests := []struct {
		in, company, city string
	}{
		{"Redbrick Creative, Leeds", "Redbrick Creative", "Leeds"},
		{"Tarifa Telecom, Hamburg", "Tarifa Telecom", "Hamburg"},
		{"Acme, São Paulo", "Acme", "São Paulo"},
		// Places stay places.
		{"Austin, Texas", "", ""},
		{"Leeds, UK", "", ""},
		{"San Francisco, CA", "", ""},
		{"Toronto, Ontario", "", ""},
		// An unknown city keeps the old reading; so does a title.
		{"Redbrick Creative, Wakefield", "", ""},
		{"Account Manager, London", "", ""},
		{"Acme Analytics, Chicago, IL", "", ""},
		{"marketing agency, Leeds", "", ""},
	}
	for _, tt := range tests {
		company, city, ok := companyAndCity(tt.in)
		if company != tt.company || city != tt.city || ok != (tt.company != "") {
			t.Errorf("companyAndCity(%q) = %q, %q, %v; want %q, %q", tt.in, company, city, ok, tt.company, tt.city)
		}
	}
}
