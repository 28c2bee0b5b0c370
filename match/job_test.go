package match

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"prep/ingest"
)

// TestReadJobToolsAndMotions checks which tools and motions a job names:
// the platforms of a technical seat count when a technical role asks for
// them, and "self-serve" describing a feature is no product-led motion.
func TestReadJobToolsAndMotions(t *testing.T) {
	ex := ingest.New(ingest.Limits{})
	defer ex.Close()
	tests := []struct {
		name    string
		jd      string
		tools   []string
		motions []string
	}{
		{
			name: "technical seat asks for its platforms",
			jd: "Technical Account Manager - Streamhold\n\nAbout Streamhold\nWe run managed Kafka for banks.\n\n" +
				"What you'll need\n- Hands-on experience with Kafka and Kubernetes.\n- Salesforce for account notes.\n",
			tools:   []string{"Salesforce", "Kafka", "Kubernetes"},
			motions: []string{},
		},
		{
			name: "platform named only in the company blurb",
			jd: "Customer Success Manager (Technical) - Streamhold\n\nAbout Streamhold\nTeams ship apps without running Kafka themselves.\n\n" +
				"Requirements\n- Three years in customer success.\n- Salesforce and Vitally experience.\n",
			tools:   []string{"Vitally", "Salesforce"},
			motions: []string{},
		},
		{
			name: "platform in a non-technical job",
			jd: "Customer Success Manager - Streamhold\n\nRequirements\n- Three years in customer success.\n- Some exposure to Kafka.\n" +
				"- Gainsight; Looker for self-serve reporting.\n",
			tools:   []string{"Gainsight", "Looker"},
			motions: []string{},
		},
		{
			name:    "self-serve plans are product-led",
			jd:      "Customer Success Manager - Streamhold\n\nThe role\n- Grow accounts that start on our self-serve plans.\n- Three years in customer success.\n",
			tools:   []string{},
			motions: []string{MotionPLG},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ex.Extract(context.Background(), []byte(tt.jd))
			if err != nil {
				t.Fatal(err)
			}
			r := readJob(doc, doc.JD())
			if diff := cmp.Diff(tt.tools, r.job.Tools); diff != "" {
				t.Errorf("tools (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.motions, r.job.Motions); diff != "" {
				t.Errorf("motions (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNegatedMotionsAndSegments checks that a motion or a segment said in
// the negative, or set aside as the alternative, is not what the job
// names.
func TestNegatedMotionsAndSegments(t *testing.T) {
	tests := []struct {
		text     string
		motions  []string
		segments []string
	}{
		{"Customers meet you through webinars and a tech-touch program rather than one-to-one calls.", []string{MotionTechTouch}, nil},
		{"Instead of a handful of named accounts, you will own a pooled SMB segment.", []string{MotionTechTouch}, []string{SegmentSMB}},
		{"This is not a high-touch role: you cover 800 SMB customers.", nil, []string{SegmentSMB}},
		{"You like running experiments more than managing a handful of large accounts at our mid-market customers.", nil, []string{SegmentMidMarket}},
		{"Own more than 40 enterprise accounts in a high-touch model.", []string{MotionHighTouch}, []string{SegmentEnterprise}},
		{"Not only strategic accounts: you also run our one-to-many program.", []string{MotionHighTouch, MotionTechTouch}, []string{SegmentEnterprise}},
		{"We don't do tech-touch; every customer has a dedicated CSM.", []string{MotionHighTouch}, nil},
		{"There are no named accounts here: you cover a pooled book of SMB customers.", []string{MotionTechTouch}, []string{SegmentSMB}},
		{"You won't manage strategic accounts one-to-one; you will scale through webinars in our tech-touch program.", []string{MotionTechTouch}, nil},
		// An exception to a model is not the model.
		{"Our CS team runs a pooled, tech-touch model: each CSM covers a large book with automated journeys, and steps in one-to-one when the data says so.", []string{MotionTechTouch}, nil},
		{"A scaled CS program with occasional one-to-one calls.", []string{MotionTechTouch}, nil},
		{"Offer one-to-one sessions where needed to our tech-touch customers.", []string{MotionTechTouch}, nil},
		{"Every customer gets a dedicated CSM and one-to-one onboarding.", []string{MotionHighTouch}, nil},
	}
	for _, tt := range tests {
		toks := tokenize(tt.text)
		ts := terms(toks)
		found := map[int]bool{}
		for _, h := range motionHits(motionVocabulary, toks, ts) {
			found[h.signal] = true
		}
		var motions []string
		for c, name := range motionNames {
			if found[c] {
				motions = append(motions, name)
			}
		}
		if diff := cmp.Diff(tt.motions, motions); diff != "" {
			t.Errorf("motions of %q (-want +got):\n%s", tt.text, diff)
		}
		_, segments := jobSegment(nil, toks, ts)
		if diff := cmp.Diff(tt.segments, segments); diff != "" {
			t.Errorf("segments of %q (-want +got):\n%s", tt.text, diff)
		}
	}
}
