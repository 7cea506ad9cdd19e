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

// maxRows bounds the indicator rows read from a request, so a crafted body cannot make the
// server allocate without end (the body limit bounds the rest).
const maxRows = 500

// posted is a form as the page posts it, with the fields that steer the save.
type posted struct {
	Form      form.Form
	Version   string // the version the person's page was based on
	Overwrite string // set when the person chose to save over a newer version
	Op        string // a row operation: "add:3", "del:3", "up:3", "down:3"
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
	f := &p.Form
	switch key {
	case "version":
		p.Version = val
	case "overwrite":
		p.Overwrite = val
	case "op":
		p.Op = val
	case "project":
		f.Project = val
	case "budget_weight":
		f.BudgetWeight = val
	case "goals.expected":
		f.Goals.Expected = val
	case "goals.achieved":
		f.Goals.Achieved = val
	}
	if rest, ok := strings.CutPrefix(key, "funds."); ok {
		name, col, _ := strings.Cut(rest, ".")
		if row := f.Funds.Row(name); row != nil {
			switch col {
			case "initial":
				row.Initial = val
			case "adjusted":
				row.Adjusted = val
			case "executed":
				row.Executed = val
			}
		}
		return
	}
	rest, ok := strings.CutPrefix(key, "indicators.")
	if !ok {
		return
	}
	idx, name, _ := strings.Cut(rest, ".")
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= maxRows {
		return
	}
	for len(f.Indicators) <= i {
		f.Indicators = append(f.Indicators, form.Indicator{})
	}
	in := &f.Indicators[i]
	switch name {
	case "level1":
		in.Level1 = val
	case "level2":
		in.Level2 = val
	case "name":
		in.Name = val
	case "target":
		in.Target = val
	case "actual":
		in.Actual = val
	case "weight":
		in.Weight = val
	case "score":
		in.Score = val
	case "deviation":
		in.Deviation = val
	case "achievement":
		in.Achievement = form.Achievement(val)
	}
}

// applyRowOp applies a row operation posted by a button ("add:3", "del:3", "up:3", "down:3")
// and returns the row to show afterwards. A new row takes the labels of the row above it.
func applyRowOp(f *form.Form, op string) int {
	verb, idx, ok := strings.Cut(op, ":")
	i, err := strconv.Atoi(idx)
	if !ok || err != nil || i < -1 || i >= len(f.Indicators) {
		return -1
	}
	rows := f.Indicators
	switch verb {
	case "add":
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
