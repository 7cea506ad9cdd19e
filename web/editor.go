package web

import (
	"bytes"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"selfeval/internal/form"
)

// posted is a form as the page posts it, with the fields that steer the save.
type posted struct {
	Form      form.Form
	Version   string // the version the person's page was based on
	Overwrite string // set when the person chose to save over a newer version
	Op        string // a row operation: "add:3", "del:3", "up:3", "down:3"
	Groups    string // the grouping signature of the page's rows (a recalculation)
	Digest    string // the digest of the problems the page shows (a keystroke's figures)
	// RowsPosted is one more than the highest row index posted, also past form.MaxRows
	// (those rows are not read: a save of them is refused, never cut).
	RowsPosted int
	// Merge is set by the page's script, which sends what the person changed since the
	// version (base.PATH = the value then; rows_changed with the base rows as
	// base.indicators.N.FIELD): a save on an older version is then merged field by field.
	Merge       bool
	Figure      string // the figure a person asks about (POST /forms/{id}/explain)
	Base        map[string]string
	RowsChanged bool
	BaseRows    form.Form
}

// readPosted reads the posted form. Field names are interchange paths; the form's year, which
// a person does not edit, is given (a save takes the stored header fields in app.Save). The
// body is scanned once, without building a map, because this runs on every keystroke; when a
// middleware has already parsed it, the parsed values are used.
func readPosted(c echo.Context, year int) (posted, error) {
	p := posted{Form: form.Form{Year: year}}
	req := c.Request()
	if req.PostForm != nil {
		for k, v := range req.PostForm {
			if len(v) > 0 {
				p.set(k, v[0])
			}
		}
		return p, nil
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			buffers.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(req.Body); err != nil {
		return p, err
	}
	return p, scanPairs(buf.Bytes(), p.set)
}

// badBody keeps the status of a body that could not be read (413 from the body limit, for
// one) and calls anything else a bad request.
func badBody(err error) error {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	return echo.ErrBadRequest
}

// scanPairs calls set for each key=value pair of an application/x-www-form-urlencoded body.
// Keys and values are unescaped into one buffer and handed out as parts of one string: a body
// of hundreds of fields costs one allocation, not one for each field with Chinese text.
func scanPairs(body []byte, set func(k, v string)) error {
	sc := scanners.Get().(*scanner)
	defer scanners.Put(sc)
	buf, ends := sc.buf[:0], sc.ends[:0]
	for len(body) > 0 {
		var pair []byte
		pair, body, _ = bytes.Cut(body, []byte("&"))
		if len(pair) == 0 {
			continue // "a=1&&b=2" sets two fields
		}
		k, v, _ := bytes.Cut(pair, []byte("="))
		var err error
		if buf, err = unescape(buf, k); err != nil {
			return err
		}
		ends = append(ends, len(buf))
		if buf, err = unescape(buf, v); err != nil {
			return err
		}
		ends = append(ends, len(buf))
	}
	if cap(buf) <= 1<<20 {
		sc.buf, sc.ends = buf, ends
	}
	all, start := string(buf), 0
	for i := 0; i < len(ends); i += 2 {
		set(all[start:ends[i]], all[ends[i]:ends[i+1]])
		start = ends[i+1]
	}
	return nil
}

// scanner is the reusable state of scanPairs.
type scanner struct {
	buf  []byte
	ends []int
}

var scanners = sync.Pool{New: func() any { return new(scanner) }}

// unescape appends s with its query escapes undone ("+" is a space, "%E5" a byte), as
// url.QueryUnescape reads it; a malformed escape is an error.
func unescape(dst, s []byte) ([]byte, error) {
	n := len(dst)
	dst = slices.Grow(dst, len(s))
	out := dst[n : n+len(s)] // the unescaped text is never longer
	j := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			out[j] = ' '
		case '%':
			if i+2 >= len(s) || hexValue[s[i+1]] < 0 || hexValue[s[i+2]] < 0 {
				return dst[:n+j], url.EscapeError(s[i:min(i+3, len(s))])
			}
			out[j] = byte(hexValue[s[i+1]])<<4 | byte(hexValue[s[i+2]])
			i += 2
		default:
			out[j] = c
		}
		j++
	}
	return dst[:n+j], nil
}

// hexValue is the value of a hexadecimal digit, or -1.
var hexValue = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = int8(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c], t[c-'a'+'A'] = int8(c-'a'+10), int8(c-'a'+10)
	}
	return t
}()

// set puts one posted field in its place; unknown names are ignored.
func (p *posted) set(key, val string) {
	switch key {
	case "version":
		p.Version = val
	case "overwrite":
		p.Overwrite = val
	case "op":
		p.Op = val
	case "groups":
		p.Groups = val
	case "digest":
		p.Digest = val
	case "figure":
		p.Figure = val
	case "merge":
		p.Merge = val != ""
	case "rows_changed":
		p.RowsChanged = val != ""
	}
	if path, ok := strings.CutPrefix(key, "base."); ok {
		if !form.Known(path) {
			return
		}
		if p.Base == nil {
			p.Base = map[string]string{}
		}
		p.Base[path] = val
		form.Set(&p.BaseRows, path, val)
		return
	}
	if !form.Set(&p.Form, key, val) {
		if rest, ok := strings.CutPrefix(key, form.PathIndicators+"."); ok {
			idx, _, _ := strings.Cut(rest, ".")
			if i, err := strconv.Atoi(idx); err == nil && i >= form.MaxRows && i < 1<<30 {
				p.RowsPosted = max(p.RowsPosted, i+1)
			}
		}
	}
}

// edit is the person's change as form.Merge takes it.
func (p *posted) edit() form.Edit {
	return form.Edit{Mine: p.Form, Base: p.Base, RowsChanged: p.RowsChanged, BaseRows: p.BaseRows.Indicators}
}
