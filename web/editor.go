package web

import (
	"errors"
	"io"
	"net/url"
	"strings"

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
	// Merge is set by the page's script, which sends what the person changed since the
	// version (base.PATH = the value then; rows_changed with the base rows as
	// base.indicators.N.FIELD): a save on an older version is then merged field by field.
	Merge       bool
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
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return p, err
	}
	err = scanPairs(string(body), p.set)
	return p, err
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
func scanPairs(body string, set func(k, v string)) error {
	for body != "" {
		var pair string
		pair, body, _ = strings.Cut(body, "&")
		k, v, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return err
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return err
		}
		set(key, val)
	}
	return nil
}

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
	form.Set(&p.Form, key, val)
}

// edit is the person's change as form.Merge takes it.
func (p *posted) edit() form.Edit {
	return form.Edit{Mine: p.Form, Base: p.Base, RowsChanged: p.RowsChanged, BaseRows: p.BaseRows.Indicators}
}
