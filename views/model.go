// Package views holds the templ components of selfeval and the plain view models they render.
// Views format no figures themselves: handlers hand them strings ready to show (a scoring
// result as scoring.Figures formats it), and the views only put labels to them.
package views

import (
	"encoding/json"
	"strconv"
	"strings"

	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
)

// Page is what every page needs: language, who is signed in, the CSRF token and the counts
// the navigation shows.
type Page struct {
	Lang     i18n.Lang
	Username string
	Role     string
	CSRF     string
	Path     string
	Nav      NavCounts
}

// NavCounts are what waits for the signed-in person.
type NavCounts struct {
	ToFill, ToReview, Returned int
	// Deadline says, to staff, the due date of their department's open self-assessment and
	// the days left ("" when none is open).
	Deadline string
}

// T returns the catalog message key in the page's language.
func (p Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// HTMLLang is the lang attribute of the page.
func (p Page) HTMLLang() string {
	if p.Lang == i18n.En {
		return "en"
	}
	return "zh-CN"
}

// CSRFHeaders is the hx-headers value that makes htmx send the CSRF token.
func (p Page) CSRFHeaders() string {
	b, _ := json.Marshal(map[string]string{"X-CSRF-Token": p.CSRF})
	return string(b)
}

// SignedIn reports whether someone is signed in.
func (p Page) SignedIn() bool { return p.Username != "" }

// ListPage is /forms.
type ListPage struct {
	Page
	Year      int
	Years     []int
	Status    string
	Rows      []ListRow
	CanCreate bool
	Message   string
	Query     ListQuery // the search, filters, sort and page (list_query.go)
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
}

// ListRow is one form in the list.
type ListRow struct {
	ID                   int64
	Project, Unit        string
	Status, StatusLabel  string
	ExecutionRate, Total string
	Grade, UpdatedAt     string
	CanCopy              bool
	Flags                []Option // the form's flags for the reviewer: code and label
}

// FormPage is /forms/{id}: the whole form as the official table, editable or not.
type FormPage struct {
	Page
	ID          int64
	Version     int
	Status      string
	StatusLabel string
	Editable    bool
	Form        form.Form
	Calc        Calc
	Level1      []string // vocabulary for the datalists
	Level2      []string
	Conflict    *Conflict
	Notice      string
	SavedAt     string
	Workflow    Workflow
	// Groups is the signature of the rows' grouping (level 1 and level 2 of every row); a
	// recalculation posts the page's, and Restructure says the rows must be shown anew.
	Groups      string
	Restructure bool
	// CanDelete says the person may delete the form (staff of its unit, a draft).
	CanDelete bool
}

// Conflict tells the person that someone saved the form first; what they typed is still on the page.
type Conflict struct {
	Latest int
	By, At string
}

// Calc is every computed figure of a form as scoring.Figures formats it, with what only the
// page adds: the reader's language for the labels, where the groups open, and the problems
// by field.
type Calc struct {
	scoring.Figures
	Lang     i18n.Lang
	Rows     []RowCalc
	Problems []ProblemView
	Blocking int // number of error-severity problems
	// Digest names the problems shown (their codes, fields and arguments, and the language):
	// a keystroke's answer leaves them be when the page's digest is still theirs.
	Digest string
}

// RowCalc is what the page knows of one indicator row beyond its figures.
type RowCalc struct {
	L1Start int // index into Subtotals of the level-1 group this row opens, or -1
	L2Start int // likewise for level 2
	// NeedsGrade says the person must choose the row's achievement grade (rule 4).
	NeedsGrade bool
}

// Figure is one computed figure the form page shows: the id and test id of its element and
// its text.
type Figure struct{ ID, TestID, Text string }

// Shown lists every computed figure the form page shows, as a recalculation answers them;
// without the rows' suggested scores and the subtotals when the indicator block is drawn
// anew (rows, true), since the block carries those.
func (c Calc) Shown(rows bool) []Figure {
	out := make([]Figure, 0, 10+len(c.Indicators)+2*len(c.Subtotals))
	rate, grade := c.Rate(), c.GradeName()
	out = append(out,
		Figure{"bar-rate", "bar-rate", rate}, Figure{"bar-budget", "bar-budget", c.BudgetScore},
		Figure{"bar-total", "bar-total", c.Total}, Figure{"bar-grade", "bar-grade", grade},
		Figure{"execution-rate", "execution-rate", rate}, Figure{"budget-score", "budget-score", c.BudgetScore},
		Figure{"weight-sum", "weight-sum", c.WeightSum}, Figure{"total-score", "total-score", c.Total},
		Figure{"grade", "grade", grade}, Figure{"indicator-score", "indicator-score", c.IndicatorScore})
	if rows {
		return out
	}
	for i := range c.Indicators {
		out = append(out, Figure{indexed("suggested-", i), indexed("suggested-score-", i), c.Suggested(i)})
	}
	for k, st := range c.Subtotals {
		out = append(out, Figure{indexed("subtotal-w-", k), indexed("subtotal-weight-", k), st.Weight},
			Figure{indexed("subtotal-s-", k), indexed("subtotal-score-", k), st.Score})
	}
	return out
}

// indexedIDs holds the ids of the rows' and subtotals' figures for the first rows, made once:
// a keystroke's answer names each of them.
var indexedIDs = func() map[string][]string {
	m := map[string][]string{}
	for _, prefix := range []string{"suggested-", "suggested-score-", "subtotal-w-", "subtotal-weight-", "subtotal-s-", "subtotal-score-"} {
		ids := make([]string, 100)
		for i := range ids {
			ids[i] = prefix + strconv.Itoa(i)
		}
		m[prefix] = ids
	}
	return m
}()

// indexed is prefix followed by i: "suggested-3".
func indexed(prefix string, i int) string {
	if ids := indexedIDs[prefix]; i < len(ids) {
		return ids[i]
	}
	return prefix + strconv.Itoa(i)
}

// Rate is the execution rate as shown: "98.32%".
func (c Calc) Rate() string { return c.ExecutionRate + "%" }

// GradeName is the grade in the reader's language: "Excellent" for 优 in English.
func (c Calc) GradeName() string { return i18n.GradeLabel(c.Lang, c.Grade) }

// Suggested is row i's suggested score, or "—" when the person grades the row.
func (c Calc) Suggested(i int) string {
	if i < len(c.Indicators) && c.Indicators[i].Suggested != "" {
		return c.Indicators[i].Suggested
	}
	return "—"
}

// Level1 is the level-1 label of subtotal k as its row shows it (GroupLabel).
func (c Calc) Level1(k int) string { return GroupLabel(c.Lang, c.Subtotals[k].Level1) }

// Level2 is the level-2 label of subtotal k as its row shows it (GroupLabel).
func (c Calc) Level2(k int) string { return GroupLabel(c.Lang, c.Subtotals[k].Level2) }

// GroupLabel is a level-1 or level-2 label as a subtotal row shows it: in English, a label
// of the vocabulary is its gloss followed by the label itself, "Output (产出指标)", so that it
// still matches the Chinese labels of the rows above; any other label is shown as stored.
func GroupLabel(lang i18n.Lang, label string) string {
	if gloss := i18n.LevelLabel(lang, label); gloss != label {
		return gloss + " (" + strings.TrimSpace(label) + ")"
	}
	return label
}

// ProblemView is a problem ready to show: the field it belongs to and its message.
type ProblemView struct {
	Field    string
	Severity string
	Flag     bool
	Message  string
}

// FirstBlocking is the field of the first problem that blocks submission, or "".
func (c Calc) FirstBlocking() string {
	for _, p := range c.Problems {
		if p.Severity == "error" {
			return p.Field
		}
	}
	return ""
}

// ProblemsFor returns the problems of one field.
func (c Calc) ProblemsFor(field string) []ProblemView {
	var out []ProblemView
	for _, p := range c.Problems {
		if p.Field == field {
			out = append(out, p)
		}
	}
	return out
}

// FieldID turns an interchange path into an element id: "indicators.3.actual" → "f-indicators-3-actual".
func FieldID(path string) string {
	if id, ok := fieldIDs[path]; ok {
		return id
	}
	return "f-" + strings.ReplaceAll(path, ".", "-")
}

// fieldIDs holds the ids of the fields of a form with up to 100 rows, made once: a form page
// names each of them several times.
var fieldIDs = func() map[string]string {
	f := form.Form{Indicators: make([]form.Indicator, 100)}
	m := map[string]string{}
	for _, fv := range form.Fields(&f) {
		m[fv.Path] = "f-" + strings.ReplaceAll(fv.Path, ".", "-")
	}
	for i := range f.Indicators {
		m[form.RowPrefix(i)] = "f-" + strings.ReplaceAll(form.RowPrefix(i), ".", "-")
	}
	return m
}()

// LoginPage is /login. Replay carries a save that arrived after the session expired, so that
// signing in again completes it instead of losing it.
type LoginPage struct {
	Page
	Next     string
	Replay   string
	Username string
	Error    string
}

// ErrorPage is shown for any failure a person can meet.
type ErrorPage struct {
	Page
	Code    int
	Message string
}

// clientMessageKeys are the catalog messages that the page's script shows.
var clientMessageKeys = []string{"save.unsaved", "save.saving", "save.failed", "save.failed_final", "save.offline", "save.busy",
	"save.session", "save.leave", "form.conflict.mine", "form.conflict.theirs", "form.conflict.pending",
	"form.pasted", "form.undo", "explain.failed"}

// ClientMessages are the messages of the page's script in the page's language, by key.
func (p Page) ClientMessages() map[string]string {
	m := make(map[string]string, len(clientMessageKeys))
	for _, k := range clientMessageKeys {
		m[k] = p.T(k)
	}
	return m
}
