package match

import "strings"

// tool is a product a CS or sales team works in. Names that are also
// English words ("Catalyst", "Outreach", "Heap", "Gong") only match as
// written, capitalised and not at the start of a sentence, so "a catalyst
// for change" and "Outreach to customers" are not tools.
type tool struct {
	name    string
	phrases []string // matched on stems, case-insensitive
	exact   []string // matched as written
}

// tools is the list the JD and the CV are read against, in the order the
// analysis lists them when several are found.
var tools = []tool{
	{name: "Gainsight", phrases: []string{"gainsight"}},
	{name: "Totango", phrases: []string{"totango"}},
	{name: "ChurnZero", phrases: []string{"churnzero", "churn zero"}},
	{name: "Vitally", exact: []string{"Vitally"}},
	{name: "Planhat", phrases: []string{"planhat"}},
	{name: "Catalyst", exact: []string{"Catalyst"}},
	{name: "ClientSuccess", phrases: []string{"clientsuccess"}},
	{name: "Custify", phrases: []string{"custify"}},
	{name: "Staircase AI", phrases: []string{"staircase ai"}},
	{name: "Salesforce", phrases: []string{"salesforce", "sfdc", "sales cloud", "service cloud"}},
	{name: "HubSpot", phrases: []string{"hubspot"}},
	{name: "Microsoft Dynamics", phrases: []string{"microsoft dynamics", "dynamics 365", "dynamics crm"}},
	{name: "Pipedrive", phrases: []string{"pipedrive"}},
	{name: "Zoho CRM", phrases: []string{"zoho"}},
	{name: "Zendesk", phrases: []string{"zendesk"}},
	{name: "Intercom", exact: []string{"Intercom"}},
	{name: "Freshdesk", phrases: []string{"freshdesk", "freshworks"}},
	{name: "ServiceNow", phrases: []string{"servicenow"}},
	{name: "Jira", phrases: []string{"jira"}},
	{name: "Confluence", exact: []string{"Confluence"}},
	{name: "Pendo", phrases: []string{"pendo"}},
	{name: "WalkMe", phrases: []string{"walkme"}},
	{name: "Amplitude", exact: []string{"Amplitude"}},
	{name: "Mixpanel", phrases: []string{"mixpanel"}},
	{name: "Heap", exact: []string{"Heap"}},
	{name: "FullStory", phrases: []string{"fullstory"}},
	{name: "Looker", exact: []string{"Looker"}},
	{name: "Tableau", phrases: []string{"tableau"}},
	{name: "Power BI", phrases: []string{"power bi", "powerbi"}},
	{name: "Metabase", phrases: []string{"metabase"}},
	{name: "Gong", exact: []string{"Gong", "Gong.io"}},
	{name: "Chorus", exact: []string{"Chorus.ai", "Chorus"}},
	{name: "Outreach", exact: []string{"Outreach.io", "Outreach"}},
	{name: "Salesloft", phrases: []string{"salesloft"}},
	{name: "ZoomInfo", phrases: []string{"zoominfo"}},
	{name: "LinkedIn Sales Navigator", phrases: []string{"sales navigator"}},
	{name: "Marketo", phrases: []string{"marketo"}},
	{name: "Zuora", phrases: []string{"zuora"}},
	{name: "Chargebee", phrases: []string{"chargebee"}},
	{name: "DocuSign", phrases: []string{"docusign"}},
	{name: "Clari", exact: []string{"Clari"}},
	{name: "Asana", exact: []string{"Asana"}},
	{name: "Monday.com", phrases: []string{"monday.com"}},
	{name: "Notion", exact: []string{"Notion"}},
	{name: "SQL", exact: []string{"SQL"}},
	{name: "Excel", exact: []string{"Excel"}},
	{name: "Snowflake", exact: []string{"Snowflake"}},
}

// toolVocabulary matches tool names; the signal of a hit is the tool index.
var toolVocabulary = func() *vocabulary {
	v := newVocabulary()
	for i, t := range tools {
		for _, p := range t.phrases {
			v.add(i, p, matchStem)
		}
		for _, p := range t.exact {
			v.add(i, p, matchExact)
		}
	}
	return v
}()

// findTools returns the indexes of the tools named in toks, in tool order.
func findTools(toks []token, ts []term) []int {
	found := make([]bool, len(tools))
	for _, h := range toolVocabulary.match(toks, ts) {
		t := tools[h.signal]
		last := ts[h.end-1].tok
		if len(t.phrases) == 0 && sentenceInitial(toks, ts[h.first].tok) && last+1 < len(toks) && toks[last+1].kind == tokWord && toks[last+1].lower == toks[last+1].text && !conjunctions[toks[last+1].lower] {
			continue
		}
		found[h.signal] = true
	}
	var out []int
	for i, ok := range found {
		if ok {
			out = append(out, i)
		}
	}
	return out
}

var conjunctions = map[string]bool{"and": true, "or": true, "nor": true, "plus": true}

// sentenceInitial reports whether token i starts a sentence or a line,
// where a capital says nothing about a name. findTools skips such a word
// when a lower-case word follows it, as in "Outreach to customers".
func sentenceInitial(toks []token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		t := toks[k]
		if t.kind == tokPunct {
			if t.hardBreak() {
				return true
			}
			if strings.ContainsAny(t.text, "-–—*•(\"“") {
				continue
			}
			return false
		}
		return false
	}
	return true
}
