package ingest

import "testing"

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  pro\uFB01le  ", "profile"},
		{"e\u0301cole", "école"},
		{"a\u00A0b\u2003c\td", "a b c d"},
		{"soft\u00ADhyphen", "softhyphen"},
		{"zero\u200Bwidth", "zerowidth"},
		{"", ""},
		{"Nguyễn Thị Lan", "Nguyễn Thị Lan"},
		{"line\u2028sep\u2029para\u0085nel\vvt\fff\u3000end", "line sep para nel vt ff end"},
		{"\u2029", ""},
	}
	for _, tt := range tests {
		if got := NormalizeText(tt.in); got != tt.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitBullet(t *testing.T) {
	tests := []struct {
		in, want string
		bullet   bool
	}{
		{"• Led renewals", "Led renewals", true},
		{"▪Led", "Led", true},
		{"➤ Led", "Led", true},
		{"– Led", "Led", true},
		{"- Led", "Led", true},
		{"* Led", "Led", true},
		{"\uF0DA Led", "Led", true},
		{"-5% churn", "-5% churn", false},
		{"*required", "*required", false},
		{"Led renewals", "Led renewals", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, b := SplitBullet(tt.in)
		if got != tt.want || b != tt.bullet {
			t.Errorf("SplitBullet(%q) = %q, %v; want %q, %v", tt.in, got, b, tt.want, tt.bullet)
		}
	}
}

func TestStripIcons(t *testing.T) {
	if got := StripIcons("\uF0E0 jane@example.com \uF095 +1 555"); got != "jane@example.com +1 555" {
		t.Errorf("StripIcons = %q", got)
	}
}
