package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Office Open XML packaging (OPC): content types, relationships and the
// main part, shared by detection and DOCX extraction.

// relationship is one entry of a .rels part, its target resolved to a part
// name unless it is external.
type relationship struct {
	ID       string
	Type     string // the last path segment of the type URI, e.g. "header"
	Target   string
	External bool
}

type xmlRelationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
		Mode   string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// relsPart is the name of the relationships part of a part.
func relsPart(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// readRels reads the relationships of source ("" for the package). A
// missing .rels part is no error: Word opens files without one, and so do
// we, with the parts at their usual names.
func readRels(a *archive, source string) (map[string]relationship, error) {
	name := relsPart(source)
	if source == "" {
		name = "_rels/.rels"
	}
	rels := map[string]relationship{}
	if !a.has(name) {
		return rels, nil
	}
	data, err := a.readSmall(name, maxMetaPartBytes)
	if err != nil {
		return nil, err
	}
	var x xmlRelationships
	if err := newXMLDecoder(bytes.NewReader(data)).Decode(&x); err != nil {
		// A damaged .rels costs us headers and styles, not the text.
		return rels, nil
	}
	for _, r := range x.Rels {
		rel := relationship{ID: r.ID, Type: path.Base(r.Type), Target: r.Target, External: strings.EqualFold(r.Mode, "External")}
		if !rel.External {
			rel.Target = resolvePart(source, r.Target)
		}
		if _, dup := rels[r.ID]; !dup {
			rels[r.ID] = rel
		}
	}
	return rels, nil
}

// relOfType returns the target of the first relationship of the given type
// that names a part in the archive, in id order for stable results.
func relOfType(a *archive, rels map[string]relationship, typ string) string {
	var best relationship
	for _, r := range rels {
		if r.Type == typ && !r.External && a.has(r.Target) && (best.ID == "" || r.ID < best.ID) {
			best = r
		}
	}
	return best.Target
}

type xmlContentTypes struct {
	Defaults []struct {
		Ext  string `xml:"Extension,attr"`
		Type string `xml:"ContentType,attr"`
	} `xml:"Default"`
	Overrides []struct {
		Part string `xml:"PartName,attr"`
		Type string `xml:"ContentType,attr"`
	} `xml:"Override"`
}

// ooxmlMain finds the main part of an OOXML package and its content type:
// the officeDocument relationship of _rels/.rels first, then a content
// type override naming a main part, then Word's usual name. main is ""
// when the package has none.
func ooxmlMain(a *archive) (main, ctype string, err error) {
	var types xmlContentTypes
	if a.has("[Content_Types].xml") {
		data, err := a.readSmall("[Content_Types].xml", maxMetaPartBytes)
		if err != nil {
			return "", "", err
		}
		// Undecodable content types only cost us the type of the main
		// part; the folder names still tell.
		_ = newXMLDecoder(bytes.NewReader(data)).Decode(&types)
	}
	typeOf := func(part string) string {
		for _, o := range types.Overrides {
			if partKey(o.Part) == partKey(part) {
				return o.Type
			}
		}
		ext := strings.TrimPrefix(path.Ext(part), ".")
		for _, d := range types.Defaults {
			if strings.EqualFold(d.Ext, ext) {
				return d.Type
			}
		}
		return ""
	}
	rels, err := readRels(a, "")
	if err != nil {
		return "", "", err
	}
	if m := relOfType(a, rels, "officeDocument"); m != "" {
		return m, typeOf(m), nil
	}
	for _, o := range types.Overrides {
		if strings.Contains(o.Type, ".main+xml") && a.has(o.Part) {
			return partKey(o.Part), o.Type, nil
		}
	}
	if a.has("word/document.xml") {
		return "word/document.xml", typeOf("word/document.xml"), nil
	}
	for _, o := range types.Overrides {
		if strings.Contains(o.Type, ".main+xml") {
			return "", o.Type, nil // named but missing
		}
	}
	return "", "", nil
}

// newXMLDecoder returns a streaming decoder that reads the encodings a
// package part may declare. OPC allows UTF-16 parts; those are transcoded
// here, after which their declaration is taken as UTF-8.
func newXMLDecoder(r io.Reader) *xml.Decoder {
	br := &peekReader{r: r}
	head := br.peek(2)
	transcoded := false
	switch {
	case bytes.Equal(head, bomUTF16LE), bytes.Equal(head, bomUTF16BE):
		r = transform.NewReader(br, xunicode.BOMOverride(xunicode.UTF8.NewDecoder()))
		transcoded = true
	default:
		r = br
	}
	dec := xml.NewDecoder(r)
	dec.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		l := strings.ToLower(label)
		if transcoded || l == "utf-8" || l == "utf8" || l == "us-ascii" || l == "ascii" {
			return input, nil
		}
		enc, err := htmlindex.Get(l)
		if err != nil {
			return nil, errors.New("unsupported XML encoding " + label)
		}
		return transform.NewReader(input, enc.NewDecoder()), nil
	}
	return dec
}

// peekReader lets newXMLDecoder look at the first bytes of a stream
// without buffering the whole part.
type peekReader struct {
	r   io.Reader
	buf []byte
}

func (p *peekReader) peek(n int) []byte {
	for len(p.buf) < n {
		b := make([]byte, n-len(p.buf))
		m, err := p.r.Read(b)
		p.buf = append(p.buf, b[:m]...)
		if err != nil || m == 0 {
			break
		}
	}
	return p.buf[:min(n, len(p.buf))]
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}
