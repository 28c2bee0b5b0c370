package ingest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExtractHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Line
	}{{
		name: "page with head, scripts and styles",
		in: `<!DOCTYPE html><html><head><title>Jobs at Acme</title><meta charset="utf-8"><style>p { color: red }</style>` +
			`<script>var x = "<p>not text</p>";</script></head><body><noscript>Enable JavaScript</noscript>` +
			`<h1>Customer Success Manager</h1><p>Acme &mdash; Lisbon &amp; remote</p><template><p>hidden</p></template></body></html>`,
		want: []Line{{Text: "Customer Success Manager", Style: "Heading1"}, {Text: "Acme — Lisbon & remote", GapBefore: 1}, {Text: "Jobs at Acme", Style: StyleHTMLTitle, Region: RegionHeader, GapBefore: 1}},
	}, {
		name: "lists keep their bullets, nested lists too",
		in:   `<h2>Requirements</h2><ul><li>Five years in SaaS</li><li><p>Fluent <b>German</b></p><ul><li>and English</li></ul></li></ul><ol><li>Numbered</li></ol><p>After</p>`,
		want: []Line{
			{Text: "Requirements", Style: "Heading2"},
			{Text: "Five years in SaaS", Bullet: true, GapBefore: 1}, {Text: "Fluent German", Bullet: true},
			{Text: "and English", Bullet: true, GapBefore: 1}, {Text: "Numbered", Bullet: true, GapBefore: 1}, {Text: "After", GapBefore: 1},
		},
	}, {
		name: "breaks, divs, bold lines, entities",
		in:   `<div><strong>About us</strong></div><div>We&#8217;re a team<br>of 40 &lt;people&gt;<br/>in &quot;Berlin&quot;&nbsp;&nbsp;today</div><p>Drive <b>adoption</b></p>`,
		want: []Line{{Text: "About us", Bold: true}, {Text: "We’re a team"}, {Text: "of 40 <people>"}, {Text: `in "Berlin" today`}, {Text: "Drive adoption", GapBefore: 1}},
	}, {
		name: "Google Docs wraps everything in a bold tag of normal weight",
		in:   `<b style="font-weight:normal;" id="docs-internal-guid-1"><p dir="ltr"><span>Plain text</span></p><p><b>Real bold</b></p></b>`,
		want: []Line{{Text: "Plain text"}, {Text: "Real bold", Bold: true, GapBefore: 1}},
	}, {
		name: "table cells joined on their row",
		in:   "<table>\n<tr>\n<th>Salary</th>\n<th>Location</th>\n</tr>\n<tr><td>€50k</td><td>Remote</td></tr></table>",
		want: []Line{{Text: "Salary | Location"}, {Text: "€50k | Remote"}},
	}, {
		name: "pre keeps its lines",
		in:   "<pre>line one\n  line two\n</pre><p>x</p>",
		want: []Line{{Text: "line one"}, {Text: "line two"}, {Text: "x", GapBefore: 1}},
	}, {
		name: "bullet glyphs and unclosed tags",
		in:   "<p>&bull; Own renewals<p>&#x2022; Run QBRs<li>Unclosed item",
		want: []Line{{Text: "Own renewals", Bullet: true}, {Text: "Run QBRs", Bullet: true, GapBefore: 1}, {Text: "Unclosed item", Bullet: true}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := extractHTML(context.Background(), []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, doc.Lines); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}
