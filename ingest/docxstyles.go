package ingest

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// The parts of styles.xml and numbering.xml that extraction needs:
// paragraph style names, bold and size through the basedOn chain, list
// numbering and outline levels, paragraph spacing.

// xVal is an element whose meaning is its w:val attribute.
type xVal struct {
	Val string `xml:"val,attr"`
}

// on reads an OOXML on/off property: present without a value means on.
func (v *xVal) on() bool {
	switch strings.ToLower(v.Val) {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

type xNumPr struct {
	NumID *xVal `xml:"numId"`
	Ilvl  *xVal `xml:"ilvl"`
}

type xSpacing struct {
	Before string `xml:"before,attr"`
	After  string `xml:"after,attr"`
}

// xPPr is a paragraph's properties. Tracked changes (w:pPrChange) hold the
// old properties; they are not fields here, so the decoder skips them.
type xPPr struct {
	Style           *xVal     `xml:"pStyle"`
	NumPr           *xNumPr   `xml:"numPr"`
	OutlineLvl      *xVal     `xml:"outlineLvl"`
	Spacing         *xSpacing `xml:"spacing"`
	PageBreakBefore *xVal     `xml:"pageBreakBefore"`
	SectPr          *xSectPr  `xml:"sectPr"`
}

// xRPr is a run's properties; w:rPrChange is skipped like w:pPrChange.
type xRPr struct {
	Style  *xVal `xml:"rStyle"`
	B      *xVal `xml:"b"`
	Sz     *xVal `xml:"sz"`
	Vanish *xVal `xml:"vanish"`
}

type xHdrRef struct {
	Type string `xml:"type,attr"`
	ID   string `xml:"id,attr"`
}

// xSectPr is a section's properties: which headers and footers it shows.
type xSectPr struct {
	Headers []xHdrRef `xml:"headerReference"`
	Footers []xHdrRef `xml:"footerReference"`
	TitlePg *xVal     `xml:"titlePg"`
}

type xStyle struct {
	Type    string `xml:"type,attr"`
	ID      string `xml:"styleId,attr"`
	Default string `xml:"default,attr"`
	Name    *xVal  `xml:"name"`
	BasedOn *xVal  `xml:"basedOn"`
	PPr     *xPPr  `xml:"pPr"`
	RPr     *xRPr  `xml:"rPr"`
}

type xDocDefaults struct {
	RPr *xRPr `xml:"rPrDefault>rPr"`
	PPr *xPPr `xml:"pPrDefault>pPr"`
}

// docxStyles resolves style properties through basedOn chains.
type docxStyles struct {
	byID        map[string]*xStyle
	defaultPara string
	defaultChar string
	defaults    xDocDefaults
}

// maxStyleChain bounds basedOn chains, which a damaged file may make
// circular.
const maxStyleChain = 16

// parseStyles reads styles.xml. A damaged styles part is no reason to
// fail: the text is in the document part.
func parseStyles(r io.Reader) (*docxStyles, error) {
	st := &docxStyles{byID: map[string]*xStyle{}}
	dec := newXMLDecoder(r)
	for {
		tok, err := dec.Token()
		if err != nil {
			return st, ignoreXMLError(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "docDefaults":
			if err := dec.DecodeElement(&st.defaults, &se); err != nil {
				return st, ignoreXMLError(err)
			}
		case "style":
			s := new(xStyle)
			if err := dec.DecodeElement(s, &se); err != nil {
				return st, ignoreXMLError(err)
			}
			if _, dup := st.byID[s.ID]; s.ID == "" || dup {
				continue
			}
			st.byID[s.ID] = s
			if s.Default == "1" || strings.EqualFold(s.Default, "true") {
				switch s.Type {
				case "paragraph":
					st.defaultPara = s.ID
				case "character":
					st.defaultChar = s.ID
				}
			}
		}
	}
}

// ignoreXMLError drops syntax errors of optional parts and keeps the
// errors that must stop extraction: limits and the end of the stream.
func ignoreXMLError(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return nil
	}
	if errors.Is(err, errPartTooLarge) {
		return err
	}
	// Other decoder errors (unknown encodings, bad UTF-8) are like syntax
	// errors for an optional part.
	return nil
}

// chain calls fn for the style and its ancestors, nearest first, until fn
// returns true.
func (st *docxStyles) chain(id string, fn func(*xStyle) bool) {
	for range maxStyleChain {
		s := st.byID[id]
		if s == nil || fn(s) || s.BasedOn == nil {
			return
		}
		id = s.BasedOn.Val
	}
}

// name returns the display name of a paragraph style without spaces, in
// the form Word uses for English style ids: "heading 1" → "Heading1",
// "List Paragraph" → "ListParagraph". Built-in styles keep their English
// name in w:name whatever the language of Word, so this is stable across
// locales where the id ("berschrift1") is not.
func (st *docxStyles) name(id string) string {
	s := st.byID[id]
	if s == nil {
		return id
	}
	if s.Name == nil || s.Name.Val == "" {
		return s.ID
	}
	var b strings.Builder
	for _, w := range strings.Fields(s.Name.Val) {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// paraStyle returns the paragraph's style id, the default when unset.
func (st *docxStyles) paraStyle(p *xPPr) string {
	if p != nil && p.Style != nil && p.Style.Val != "" {
		return p.Style.Val
	}
	return st.defaultPara
}

// runBold, runSize and runHidden resolve a run property: the run's own
// value, then its character style, the paragraph style, the document
// defaults.
func (st *docxStyles) runBold(r *xRPr, paraStyle string) bool {
	get := func(r *xRPr) *xVal { return r.B }
	if v := st.runProp(r, paraStyle, get); v != nil {
		return v.on()
	}
	return false
}

func (st *docxStyles) runHidden(r *xRPr, paraStyle string) bool {
	get := func(r *xRPr) *xVal { return r.Vanish }
	if v := st.runProp(r, paraStyle, get); v != nil {
		return v.on()
	}
	return false
}

// runSize returns the font size in points; Word draws text without any
// size at 10 points.
func (st *docxStyles) runSize(r *xRPr, paraStyle string) float64 {
	get := func(r *xRPr) *xVal { return r.Sz }
	if v := st.runProp(r, paraStyle, get); v != nil {
		if hp, err := strconv.ParseFloat(v.Val, 64); err == nil && hp > 0 && hp < 4000 {
			return hp / 2
		}
	}
	return 10
}

func (st *docxStyles) runProp(r *xRPr, paraStyle string, get func(*xRPr) *xVal) *xVal {
	if r != nil {
		if v := get(r); v != nil {
			return v
		}
	}
	var found *xVal
	look := func(s *xStyle) bool {
		if s.RPr != nil {
			found = get(s.RPr)
		}
		return found != nil
	}
	charStyle := st.defaultChar
	if r != nil && r.Style != nil {
		charStyle = r.Style.Val
	}
	if st.chain(charStyle, look); found != nil {
		return found
	}
	if st.chain(paraStyle, look); found != nil {
		return found
	}
	if st.defaults.RPr != nil {
		return get(st.defaults.RPr)
	}
	return nil
}

// numbering returns the numbering of a paragraph: from its own properties,
// else from its style. numID "0" removes numbering a style gave.
func (st *docxStyles) numbering(p *xPPr, paraStyle string) (numID string, ilvl int) {
	var np *xNumPr
	if p != nil && p.NumPr != nil && p.NumPr.NumID != nil {
		np = p.NumPr
	} else {
		st.chain(paraStyle, func(s *xStyle) bool {
			if s.PPr != nil && s.PPr.NumPr != nil && s.PPr.NumPr.NumID != nil {
				np = s.PPr.NumPr
			}
			return np != nil
		})
	}
	if np == nil {
		return "", 0
	}
	if np.Ilvl != nil {
		ilvl, _ = strconv.Atoi(np.Ilvl.Val)
	}
	return np.NumID.Val, ilvl
}

// outline returns the paragraph's outline level (0 for a top heading) or
// -1 for body text.
func (st *docxStyles) outline(p *xPPr, paraStyle string) int {
	v := (*xVal)(nil)
	if p != nil && p.OutlineLvl != nil {
		v = p.OutlineLvl
	} else {
		st.chain(paraStyle, func(s *xStyle) bool {
			if s.PPr != nil && s.PPr.OutlineLvl != nil {
				v = s.PPr.OutlineLvl
			}
			return v != nil
		})
	}
	if v == nil {
		return -1
	}
	n, err := strconv.Atoi(v.Val)
	if err != nil || n < 0 || n > 8 {
		return -1
	}
	return n
}

// spacing returns the space before and after the paragraph in twips.
func (st *docxStyles) spacing(p *xPPr, paraStyle string) (before, after int) {
	before, after = -1, -1
	take := func(sp *xSpacing) {
		if sp == nil {
			return
		}
		if n, err := strconv.Atoi(sp.Before); err == nil && before < 0 {
			before = n
		}
		if n, err := strconv.Atoi(sp.After); err == nil && after < 0 {
			after = n
		}
	}
	if p != nil {
		take(p.Spacing)
	}
	st.chain(paraStyle, func(s *xStyle) bool {
		if s.PPr != nil {
			take(s.PPr.Spacing)
		}
		return before >= 0 && after >= 0
	})
	if st.defaults.PPr != nil {
		take(st.defaults.PPr.Spacing)
	}
	return max(before, 0), max(after, 0)
}

// docxNumbering knows which list levels show a marker.
type docxNumbering struct {
	abstract map[string]map[int]xLvl // abstractNumId → ilvl → level
	nums     map[string]docxNum
}

// docxNum is a list instance: its abstract list and the levels it
// overrides.
type docxNum struct {
	abstract  string
	overrides map[int]xLvl
}

type xLvl struct {
	Ilvl    string `xml:"ilvl,attr"`
	NumFmt  *xVal  `xml:"numFmt"`
	LvlText *xVal  `xml:"lvlText"`
}

type xAbstractNum struct {
	ID   string `xml:"abstractNumId,attr"`
	Lvls []xLvl `xml:"lvl"`
}

type xNum struct {
	ID        string `xml:"numId,attr"`
	Abstract  *xVal  `xml:"abstractNumId"`
	Overrides []struct {
		Ilvl string `xml:"ilvl,attr"`
		Lvl  *xLvl  `xml:"lvl"`
	} `xml:"lvlOverride"`
}

func parseNumbering(r io.Reader) (*docxNumbering, error) {
	n := &docxNumbering{abstract: map[string]map[int]xLvl{}, nums: map[string]docxNum{}}
	dec := newXMLDecoder(r)
	for {
		tok, err := dec.Token()
		if err != nil {
			return n, ignoreXMLError(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "abstractNum":
			var a xAbstractNum
			if err := dec.DecodeElement(&a, &se); err != nil {
				return n, ignoreXMLError(err)
			}
			lv := map[int]xLvl{}
			for _, l := range a.Lvls {
				i, _ := strconv.Atoi(l.Ilvl)
				lv[i] = l
			}
			n.abstract[a.ID] = lv
		case "num":
			var x xNum
			if err := dec.DecodeElement(&x, &se); err != nil {
				return n, ignoreXMLError(err)
			}
			num := docxNum{overrides: map[int]xLvl{}}
			if x.Abstract != nil {
				num.abstract = x.Abstract.Val
			}
			for _, o := range x.Overrides {
				if i, err := strconv.Atoi(o.Ilvl); err == nil && o.Lvl != nil {
					num.overrides[i] = *o.Lvl
				}
			}
			n.nums[x.ID] = num
		}
	}
}

// marked reports whether list numID shows a marker (a bullet or a number)
// at level ilvl. Unknown lists count as marked: the paragraph asked for
// numbering, and Word shows a marker when it cannot resolve one.
func (n *docxNumbering) marked(numID string, ilvl int) bool {
	if numID == "" || numID == "0" {
		return false
	}
	if n == nil {
		return true
	}
	num, ok := n.nums[numID]
	if !ok {
		return true
	}
	lvl, found := num.overrides[ilvl]
	if !found {
		lvl, found = n.abstract[num.abstract][ilvl]
	}
	if !found {
		return true
	}
	if lvl.NumFmt != nil && lvl.NumFmt.Val == "none" {
		return false
	}
	return lvl.LvlText == nil || lvl.LvlText.Val != ""
}
