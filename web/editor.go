package web

import (
	"errors"
	"io"
	"net/url"
	"strconv"
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

// readPosted reads the posted form. Field names are interchange paths; the header fields a
// person does not edit (year, department, unit) come from base. The body is scanned once,
// without building a map, because this runs on every keystroke; when a middleware has already
// parsed it, the parsed values are used.
func readPosted(c echo.Context, base *form.Form) (posted, error) {
	p := posted{Form: form.Form{Year: base.Year, Department: base.Department, Unit: base.Unit}}
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

// applyRowOp applies a row operation posted by a button ("add:3", "del:3", "up:3", "down:3")
// and returns the row to show afterwards. A new row takes the labels of the row above it.
// The page's script also sends "keep:N" (keep the first N rows: undoing a paste that added
// rows) and "paste" (rows were added by posting their fields: nothing to do).
func applyRowOp(f *form.Form, op string) int {
	verb, idx, ok := strings.Cut(op, ":")
	switch {
	case op == "paste":
		return -1
	case verb == "keep":
		if n, err := strconv.Atoi(idx); err == nil && n >= 0 && n < len(f.Indicators) {
			f.Indicators = f.Indicators[:n]
		}
		return -1
	}
	i, err := strconv.Atoi(idx)
	if !ok || err != nil || i < -1 || i >= len(f.Indicators) {
		return -1
	}
	rows := f.Indicators
	switch verb {
	case "add":
		if len(rows) >= form.MaxRows {
			return -1
		}
		var row form.Indicator
		if i >= 0 {
			row.Level1, row.Level2 = rows[i].Level1, rows[i].Level2
		}
		rows = append(rows[:i+1], append([]form.Indicator{row}, rows[i+1:]...)...)
		i++
	case "del":
		if i < 0 {
			return -1
		}
		rows = append(rows[:i], rows[i+1:]...)
		i = min(i, len(rows)-1)
	case "up":
		if i > 0 {
			rows[i-1], rows[i] = rows[i], rows[i-1]
			i--
		}
	case "down":
		if i >= 0 && i+1 < len(rows) {
			rows[i], rows[i+1] = rows[i+1], rows[i]
			i++
		}
	default:
		return -1
	}
	f.Indicators = rows
	return i
}

// keepTypedAmounts keeps the stored text of an amount when the posted text is the same
// amount written differently ("195000" shown as "195,000.00"), so formatting is not a change.
func keepTypedAmounts(stored, posted *form.Funds) {
	for _, name := range form.FundsRowNames {
		s, p := stored.Row(name), posted.Row(name)
		for _, pair := range [3][2]*string{{&s.Initial, &p.Initial}, {&s.Adjusted, &p.Adjusted}, {&s.Executed, &p.Executed}} {
			if *pair[0] == *pair[1] {
				continue
			}
			a, errA := form.ParseAmount(*pair[0])
			b, errB := form.ParseAmount(*pair[1])
			if errA == nil && errB == nil && a.Cmp(b) == 0 {
				*pair[1] = *pair[0]
			}
		}
	}
}
