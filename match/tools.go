package match

import "strings"

// tool is a product a CS or sales team works in. Names that are also
// English words ("Catalyst", "Outreach", "Heap", "Gong") only match as
// written and capitalised, and not at the start of a sentence when a
// preposition or an article follows, so "a catalyst for change" and
// "Outreach to customers" are not tools.
type tool struct {
	name    string
	phrases []string // matched on stems, case-insensitive
	exact   []string // matched as written
	// word marks a name that is also a common English word and so may
	// open a sentence as the word ("Outreach to customers"); "Looker for
	// self-serve reporting" after a semicolon is the tool.
	word bool
	// skill marks a language or a general skill that job ads list next to
	// tools ("Strong SQL"): it counts for requirement coverage but a job
	// naming it is not a tool gap.
	skill bool
	// tech marks the platform a technical seat works on (Kafka,
	// Kubernetes, AWS): a job names it as a tool only when it is a
	// technical role (TAM, solutions, support engineer) and asks for it
	// in its requirements; "without running Kafka themselves" in the
	// company blurb of a CSM ad is the product's context.
	tech bool
}

// tools is the list the JD and the CV are read against, in the order the
// analysis lists them when several are found: CS platforms, CRM, support
// desks, onboarding and project tools, product analytics and in-app
// guidance, BI and data, sales engagement and revenue intelligence,
// partner platforms, lifecycle messaging, billing and contracts, surveys,
// enablement. Names that are also English words are matched as written.
var tools = []tool{
	{name: "Gainsight", phrases: []string{"gainsight"}},
	{name: "Totango", phrases: []string{"totango"}},
	{name: "ChurnZero", phrases: []string{"churnzero", "churn zero"}},
	{name: "Vitally", exact: []string{"Vitally"}, word: true},
	{name: "Planhat", phrases: []string{"planhat"}},
	{name: "Catalyst", exact: []string{"Catalyst"}, word: true},
	{name: "ClientSuccess", phrases: []string{"clientsuccess"}},
	{name: "Custify", phrases: []string{"custify"}},
	{name: "Staircase AI", phrases: []string{"staircase ai"}},
	{name: "Velaris", phrases: []string{"velaris"}},
	{name: "SmartKarrot", phrases: []string{"smartkarrot"}},
	{name: "Churn360", phrases: []string{"churn360"}},
	{name: "Salesforce", phrases: []string{"salesforce", "sfdc", "sales cloud", "service cloud"}},
	{name: "HubSpot", phrases: []string{"hubspot"}},
	{name: "Microsoft Dynamics", phrases: []string{"microsoft dynamics", "dynamics 365", "dynamics crm"}},
	{name: "Pipedrive", phrases: []string{"pipedrive"}},
	{name: "Zoho CRM", phrases: []string{"zoho"}},
	{name: "Attio", phrases: []string{"attio"}},
	{name: "Zendesk", phrases: []string{"zendesk"}},
	{name: "Intercom", exact: []string{"Intercom"}, word: true},
	{name: "Freshdesk", phrases: []string{"freshdesk", "freshworks"}},
	{name: "ServiceNow", phrases: []string{"servicenow"}},
	{name: "Help Scout", phrases: []string{"help scout", "helpscout"}},
	{name: "Kustomer", phrases: []string{"kustomer"}},
	{name: "Gorgias", phrases: []string{"gorgias"}},
	{name: "Jira Service Management", phrases: []string{"jira service management", "jira service desk"}},
	{name: "Jira", phrases: []string{"jira"}},
	{name: "Confluence", exact: []string{"Confluence"}, word: true},
	{name: "Rocketlane", phrases: []string{"rocketlane"}},
	{name: "GUIDEcx", phrases: []string{"guidecx", "guide cx"}},
	{name: "Kantata", phrases: []string{"kantata", "mavenlink"}},
	{name: "Smartsheet", phrases: []string{"smartsheet"}},
	{name: "Wrike", phrases: []string{"wrike"}},
	{name: "ClickUp", phrases: []string{"clickup"}},
	{name: "Trello", phrases: []string{"trello"}},
	{name: "Pendo", phrases: []string{"pendo"}},
	{name: "WalkMe", phrases: []string{"walkme"}},
	{name: "Whatfix", phrases: []string{"whatfix"}},
	{name: "Appcues", phrases: []string{"appcues"}},
	{name: "Userpilot", phrases: []string{"userpilot"}},
	{name: "Productboard", phrases: []string{"productboard"}},
	{name: "Canny", exact: []string{"Canny"}, word: true},
	{name: "UserVoice", phrases: []string{"uservoice"}},
	{name: "Amplitude", exact: []string{"Amplitude"}, word: true},
	{name: "Mixpanel", phrases: []string{"mixpanel"}},
	{name: "Heap", exact: []string{"Heap"}, word: true},
	{name: "FullStory", phrases: []string{"fullstory"}},
	{name: "PostHog", phrases: []string{"posthog"}},
	{name: "Looker", exact: []string{"Looker"}},
	{name: "Tableau", phrases: []string{"tableau"}},
	{name: "Power BI", phrases: []string{"power bi", "powerbi"}},
	{name: "Metabase", phrases: []string{"metabase"}},
	{name: "Domo", exact: []string{"Domo"}},
	{name: "Qlik", phrases: []string{"qlik"}},
	{name: "BigQuery", phrases: []string{"bigquery"}},
	{name: "dbt", exact: []string{"dbt"}},
	{name: "Gong", exact: []string{"Gong", "Gong.io"}, word: true},
	{name: "Chorus", exact: []string{"Chorus.ai", "Chorus"}, word: true},
	{name: "Outreach", exact: []string{"Outreach.io", "Outreach"}, word: true},
	{name: "Salesloft", phrases: []string{"salesloft"}},
	{name: "ZoomInfo", phrases: []string{"zoominfo"}},
	{name: "Apollo", exact: []string{"Apollo.io", "Apollo"}, word: true},
	{name: "Lusha", phrases: []string{"lusha"}},
	{name: "Cognism", phrases: []string{"cognism"}},
	{name: "Seamless.AI", phrases: []string{"seamless.ai"}},
	{name: "Clearbit", phrases: []string{"clearbit"}},
	{name: "UserGems", phrases: []string{"usergems"}},
	{name: "6sense", phrases: []string{"6sense"}},
	{name: "Demandbase", phrases: []string{"demandbase"}},
	{name: "Lemlist", phrases: []string{"lemlist"}},
	{name: "Reply.io", phrases: []string{"reply.io"}},
	{name: "Mixmax", phrases: []string{"mixmax"}},
	{name: "Groove", exact: []string{"Groove"}, word: true},
	{name: "Vidyard", phrases: []string{"vidyard"}},
	{name: "Chili Piper", phrases: []string{"chili piper", "chilipiper"}},
	{name: "People.ai", phrases: []string{"people.ai"}},
	{name: "Avoma", phrases: []string{"avoma"}},
	{name: "BoostUp", phrases: []string{"boostup"}},
	{name: "Aviso", exact: []string{"Aviso"}},
	{name: "Highspot", phrases: []string{"highspot"}},
	{name: "Seismic", exact: []string{"Seismic"}, word: true},
	{name: "PartnerStack", phrases: []string{"partnerstack"}},
	{name: "Crossbeam", phrases: []string{"crossbeam"}},
	{name: "Impartner", phrases: []string{"impartner"}},
	{name: "Allbound", phrases: []string{"allbound"}},
	{name: "PartnerPage", phrases: []string{"partnerpage"}},
	{name: "Impact.com", phrases: []string{"impact.com"}},
	{name: "LinkedIn Sales Navigator", phrases: []string{"sales navigator"}},
	{name: "Marketo", phrases: []string{"marketo"}},
	{name: "Customer.io", phrases: []string{"customer.io"}},
	{name: "Braze", exact: []string{"Braze"}, word: true},
	{name: "Iterable", exact: []string{"Iterable"}, word: true},
	{name: "Mailchimp", phrases: []string{"mailchimp"}},
	{name: "Zuora", phrases: []string{"zuora"}},
	{name: "Chargebee", phrases: []string{"chargebee"}},
	{name: "Recurly", phrases: []string{"recurly"}},
	{name: "Stripe", exact: []string{"Stripe"}, word: true},
	{name: "DocuSign", phrases: []string{"docusign"}},
	{name: "PandaDoc", phrases: []string{"pandadoc"}},
	{name: "Qualtrics", phrases: []string{"qualtrics"}},
	{name: "SurveyMonkey", phrases: []string{"surveymonkey"}},
	{name: "Delighted", exact: []string{"Delighted"}, word: true},
	{name: "Medallia", phrases: []string{"medallia"}},
	{name: "Skilljar", phrases: []string{"skilljar"}},
	{name: "WorkRamp", phrases: []string{"workramp"}},
	{name: "Slack", exact: []string{"Slack"}, word: true},
	{name: "Loom", exact: []string{"Loom"}, word: true},
	{name: "Calendly", phrases: []string{"calendly"}},
	{name: "Clari", exact: []string{"Clari"}},
	{name: "Asana", exact: []string{"Asana"}, word: true},
	{name: "Monday.com", phrases: []string{"monday.com"}},
	{name: "Notion", exact: []string{"Notion"}, word: true},
	{name: "SQL", exact: []string{"SQL"}, skill: true},
	{name: "Excel", exact: []string{"Excel"}, word: true},
	{name: "Snowflake", exact: []string{"Snowflake"}, word: true},
	// Platforms of technical seats.
	{name: "Kafka", phrases: []string{"kafka"}, tech: true},
	{name: "PostgreSQL", phrases: []string{"postgresql", "postgres"}, tech: true},
	{name: "MySQL", phrases: []string{"mysql"}, tech: true},
	{name: "MongoDB", phrases: []string{"mongodb"}, tech: true},
	{name: "Redis", exact: []string{"Redis"}, tech: true},
	{name: "Elasticsearch", phrases: []string{"elasticsearch", "opensearch"}, tech: true},
	{name: "Kubernetes", phrases: []string{"kubernetes", "k8s"}, tech: true},
	{name: "Docker", exact: []string{"Docker"}, tech: true},
	{name: "Terraform", phrases: []string{"terraform"}, tech: true},
	{name: "AWS", exact: []string{"AWS", "Amazon Web Services"}, tech: true},
	{name: "Azure", exact: []string{"Azure"}, tech: true},
	{name: "Google Cloud", phrases: []string{"google cloud"}, exact: []string{"GCP"}, tech: true},
	{name: "Datadog", phrases: []string{"datadog"}, tech: true},
	{name: "Grafana", phrases: []string{"grafana"}, tech: true},
	{name: "Prometheus", exact: []string{"Prometheus"}, tech: true},
	{name: "Splunk", phrases: []string{"splunk"}, tech: true},
	{name: "New Relic", phrases: []string{"new relic", "newrelic"}, tech: true},
	{name: "PagerDuty", phrases: []string{"pagerduty"}, tech: true},
	{name: "Databricks", phrases: []string{"databricks"}, tech: true},
	{name: "Apache Spark", phrases: []string{"apache spark", "pyspark"}, tech: true},
	{name: "Airflow", exact: []string{"Airflow"}, tech: true},
	{name: "Okta", phrases: []string{"okta"}, tech: true},
	{name: "GitHub", phrases: []string{"github"}, tech: true},
	{name: "GitLab", phrases: []string{"gitlab"}, tech: true},
	{name: "Jenkins", exact: []string{"Jenkins"}, tech: true},
	{name: "Linux", exact: []string{"Linux"}, tech: true},
	{name: "Cloudflare", phrases: []string{"cloudflare"}, tech: true},
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
		if t.word && sentenceInitial(toks, ts[h.first].tok) && last+1 < len(toks) && toks[last+1].kind == tokWord && toks[last+1].lower == toks[last+1].text && wordFollowers[toks[last+1].lower] {
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

// wordFollowers are what follows a tool's name when it is the English word
// instead: "Outreach to customers", "a catalyst for change", "Notion of".
// "Looker is a plus" and "Gong experience" name the tools.
var wordFollowers = map[string]bool{
	"to": true, "for": true, "of": true, "in": true, "on": true, "with": true, "that": true, "the": true,
	"a": true, "an": true, "at": true, "from": true, "into": true, "across": true, "by": true, "about": true,
	"towards": true, "toward": true, "through": true, "our": true, "their": true, "your": true,
}

// sentenceInitial reports whether token i starts a sentence or a line,
// where a capital says nothing about a name. findTools skips such a word
// when a preposition or an article follows it, as in "Outreach to
// customers".
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
