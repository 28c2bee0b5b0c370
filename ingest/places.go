package ingest

import "strings"

// knownCities are cities people write in CV
// headers, lower case. They settle one ambiguity only: "Redbrick Creative,
// Leeds" is a company and its city, "Austin, Texas" is a place, and the
// shape of the two is the same. A place not listed keeps the old reading.
var knownCities = set(
	// United Kingdom and Ireland
	"london", "manchester", "birmingham", "leeds", "liverpool", "bristol", "sheffield", "newcastle",
	"nottingham", "leicester", "edinburgh", "glasgow", "cardiff", "belfast", "dublin", "cork", "galway",
	"brighton", "oxford", "cambridge", "reading", "southampton", "york", "bath", "aberdeen", "coventry",
	"milton keynes", "swindon", "exeter", "plymouth", "norwich", "guildford", "salford", "bradford", "hull",
	"limerick", "dundee", "derby", "stoke", "wolverhampton", "sunderland", "preston", "bournemouth",
	// United States and Canada
	"new york", "new york city", "nyc", "los angeles", "san francisco", "chicago", "boston", "seattle",
	"austin", "dallas", "houston", "denver", "atlanta", "miami", "phoenix", "philadelphia", "washington",
	"san diego", "san jose", "portland", "minneapolis", "detroit", "nashville", "charlotte", "raleigh",
	"salt lake city", "pittsburgh", "columbus", "cleveland", "cincinnati", "indianapolis", "kansas city",
	"st. louis", "st louis", "tampa", "orlando", "baltimore", "las vegas", "sacramento", "oakland",
	"palo alto", "mountain view", "sunnyvale", "menlo park", "redwood city", "santa clara", "boulder",
	"brooklyn", "jersey city", "hoboken", "newark", "milwaukee", "madison", "omaha",
	"toronto", "montreal", "montréal", "vancouver", "calgary", "ottawa", "edmonton", "waterloo", "quebec city",
	// Europe
	"paris", "lyon", "marseille", "toulouse", "lille", "bordeaux", "nantes", "nice", "berlin", "munich",
	"münchen", "hamburg", "frankfurt", "cologne", "köln", "düsseldorf", "stuttgart", "leipzig", "dresden",
	"amsterdam", "rotterdam", "utrecht", "the hague", "eindhoven", "brussels", "antwerp", "ghent",
	"luxembourg", "zurich", "zürich", "geneva", "basel", "bern", "lausanne", "vienna", "wien", "salzburg",
	"madrid", "barcelona", "valencia", "seville", "sevilla", "bilbao", "malaga", "málaga", "lisbon",
	"lisboa", "porto", "rome", "roma", "milan", "milano", "turin", "torino", "florence", "bologna", "naples",
	"copenhagen", "aarhus", "stockholm", "gothenburg", "göteborg", "malmö", "oslo", "bergen", "helsinki",
	"espoo", "tampere", "reykjavik", "warsaw", "kraków", "krakow", "wrocław", "wroclaw", "gdańsk", "gdansk",
	"poznań", "poznan", "prague", "praha", "brno", "bratislava", "budapest", "bucharest", "cluj-napoca",
	"sofia", "athens", "thessaloniki", "belgrade", "zagreb", "ljubljana", "tallinn", "riga", "vilnius",
	"kyiv", "kiev", "lviv", "istanbul", "ankara", "izmir",
	// Middle East and Africa
	"dubai", "abu dhabi", "doha", "riyadh", "jeddah", "tel aviv", "jerusalem", "haifa", "amman", "beirut",
	"cairo", "lagos", "abuja", "nairobi", "accra", "johannesburg", "cape town", "durban", "pretoria",
	"casablanca", "tunis", "kigali", "addis ababa",
	// Asia and Oceania
	"singapore", "hong kong", "tokyo", "osaka", "kyoto", "yokohama", "seoul", "busan", "beijing",
	"shanghai", "shenzhen", "guangzhou", "hangzhou", "taipei", "bangkok", "kuala lumpur", "jakarta",
	"manila", "ho chi minh city", "hanoi", "bangalore", "bengaluru", "mumbai", "delhi", "new delhi",
	"gurgaon", "gurugram", "noida", "hyderabad", "chennai", "pune", "kolkata", "ahmedabad", "karachi",
	"lahore", "islamabad", "dhaka", "colombo", "sydney", "melbourne", "brisbane", "perth", "adelaide",
	"canberra", "auckland", "wellington", "christchurch",
	// Latin America
	"são paulo", "sao paulo", "rio de janeiro", "belo horizonte", "mexico city", "ciudad de méxico",
	"guadalajara", "monterrey", "buenos aires", "santiago", "bogotá", "bogota", "medellín", "medellin",
	"lima", "montevideo", "quito", "san juan",
)

// knownRegions are states, provinces and countries: what follows a city,
// however many words it has ("Port Moresby, Papua New Guinea").
var knownRegions = set(
	"alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
	"florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
	"louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri",
	"montana", "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "north carolina",
	"north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina",
	"south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "west virginia", "wisconsin",
	"wyoming", "ontario", "quebec", "british columbia", "alberta", "manitoba", "nova scotia",
	"england", "scotland", "wales", "northern ireland", "victoria", "queensland", "new south wales",
	"bavaria", "bayern", "catalonia", "catalunya", "andalusia", "lombardy", "île-de-france",
	"usa", "us", "u.s.", "u.s.a.", "united states", "uk", "u.k.", "united kingdom", "ireland", "canada",
	"germany", "deutschland", "france", "spain", "españa", "italy", "italia", "portugal", "netherlands",
	"the netherlands", "belgium", "switzerland", "austria", "denmark", "sweden", "norway", "finland",
	"iceland", "poland", "czechia", "czech republic", "slovakia", "hungary", "romania", "bulgaria",
	"greece", "croatia", "serbia", "slovenia", "estonia", "latvia", "lithuania", "ukraine", "turkey",
	"türkiye", "israel", "uae", "united arab emirates", "qatar", "saudi arabia", "egypt", "nigeria",
	"kenya", "ghana", "south africa", "morocco", "india", "pakistan", "bangladesh", "sri lanka", "china",
	"japan", "korea", "south korea", "s.korea", "republic of korea", "taiwan", "thailand", "malaysia",
	"indonesia", "philippines", "vietnam", "viet nam", "australia", "new zealand", "brazil", "brasil",
	"mexico", "méxico", "argentina", "chile", "colombia", "peru", "uruguay", "remote",
	"united states of america", "dominican republic", "bosnia and herzegovina",
	"trinidad and tobago", "papua new guinea",
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// companyAndCity splits "Redbrick Creative, Leeds" into the company and
// its city when the city is a known one and what comes before it is not a
// place itself ("Austin, Texas", "Leeds, UK" stay places).
func companyAndCity(s string) (company, city string, ok bool) {
	head, tail, found := strings.Cut(s, ", ")
	if !found || strings.Contains(tail, ",") {
		return "", "", false
	}
	head, tail = strings.TrimSpace(head), strings.TrimSpace(tail)
	h, t := strings.ToLower(head), strings.ToLower(tail)
	if !knownCities[t] || knownCities[h] || knownRegions[h] || !nameLike(head) || countRoleWords(head) > 0 {
		return "", "", false
	}
	return head, tail, true
}
