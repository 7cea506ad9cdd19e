package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"

	"selfeval/internal/form"
)

// The list's query: /forms searched, filtered, sorted and paged, and its exports, which read
// the same forms in the same order. Every value a person gives goes in as an argument of a
// placeholder; the ORDER BY is chosen from listSorts by name, never built from the request.

// ListPageSize is the number of forms on a page of the list.
const ListPageSize = 100

// The columns the list sorts by (ListQuery.Sort).
const (
	SortProject = "project"
	SortUnit    = "unit"
	SortStatus  = "status"
	SortRate    = "rate"
	SortTotal   = "total"
	SortGrade   = "grade"
	SortUpdated = "updated"
)

// DefaultSort is the sort of a query that names none, or one the list does not know.
const DefaultSort = SortUnit

// FlagAny is the flag filter that selects the forms with at least one flag.
const FlagAny = "any"

// decimalOrder orders a column of non-negative decimals written as text ("99.03", "100",
// "99.50", "" for none) by their value, without reading them as floating-point numbers:
// first by the number of digits before the point, then as text without the fraction's
// trailing zeros (which, for equally long whole parts, is the order of the values, and makes
// 99.5 and 99.50 equal). A blank sorts below every number.
func decimalOrder(col, dir string) string {
	return "length(" + col + ") - length(ltrim(" + col + ", '0123456789')) " + dir +
		", CASE WHEN instr(" + col + ", '.') > 0 THEN rtrim(rtrim(" + col + ", '0'), '.') ELSE " + col + " END " + dir
}

// listSorts are the ORDER BY terms of each sort column, in a direction ("ASC" or "DESC");
// the form's id, in the same direction, breaks ties, so that the order is total and a
// descending list is the ascending one reversed.
var listSorts = map[string]func(dir string) string{
	SortProject: func(dir string) string { return "f.project " + dir },
	SortUnit:    func(dir string) string { return "f.unit " + dir },
	// The order of the workflow: draft, submitted, returned, approved.
	SortStatus: func(dir string) string {
		return "CASE f.status WHEN 'draft' THEN 0 WHEN 'submitted' THEN 1 WHEN 'returned' THEN 2 ELSE 3 END " + dir
	},
	SortRate:  func(dir string) string { return decimalOrder("f.execution_rate", dir) },
	SortTotal: func(dir string) string { return decimalOrder("f.total", dir) },
	// From the lowest grade up, as the totals: none, 差, 中, 良, 优.
	SortGrade: func(dir string) string {
		return "CASE f.grade WHEN '差' THEN 1 WHEN '中' THEN 2 WHEN '良' THEN 3 WHEN '优' THEN 4 ELSE 0 END " + dir
	},
	SortUpdated: func(dir string) string { return "f.updated_at " + dir },
}

// KnownSort reports whether the list sorts by the column name.
func KnownSort(name string) bool { _, ok := listSorts[name]; return ok }

// ListQuery selects, orders and pages forms for the list and its exports. Its zero value
// (beside the ListFilter) is every form, sorted by DefaultSort, first page.
type ListQuery struct {
	ListFilter        // year, status, the units the person may see; Deleted is ignored (always false)
	UnitID     int64  // 0 = every unit ListFilter allows; else this unit only (none when not allowed)
	Grade      string // "" = any grade; else the stored grade (优, 良, 中, 差)
	Flag       string // "" = any; FlagAny = at least one flag; else a flag code (scoring.Problem.Code)
	// Search is what the person typed: each of its words (after form.Normalize, ignoring
	// case) must be in the project's or the unit's name, normalised in the same way and
	// without spaces, so that "培训 费" and "培训费" find each other (see SearchKey).
	Search string
	Sort   string // a sort column; "" or unknown = DefaultSort
	Desc   bool
	Page   int // from 1; below 1 = 1, beyond the last page = the last page
}

// ListResult is one page of a ListQuery.
type ListResult struct {
	Rows    []FormSummary
	Matches int // the forms that match, on every page
	Page    int // the page shown (ListQuery.Page brought into range)
	Pages   int // at least 1
}

// searchFunc is the SQL function that gives a name's SearchKey.
const searchFunc = "selfeval_search_key"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(searchFunc, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, _ := args[0].(string)
		return SearchKey(s), nil
	})
}

// SearchKey is what the list's search compares names by: ProjectKey (width and spaces
// normalised, then no space at all) in lower case.
func SearchKey(name string) string { return strings.ToLower(ProjectKey(name)) }

// maxSearchWords bounds the words of a search that count; the rest are ignored.
const maxSearchWords = 8

// SearchWords are the words of a search as the list compares them (SearchKey of each), at
// most maxSearchWords.
func SearchWords(search string) []string {
	words := strings.Fields(form.Normalize(search))
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	for i, w := range words {
		words[i] = SearchKey(w)
	}
	return words
}

// where is the WHERE clause of q (with its leading space) and its arguments.
func (q ListQuery) where() (string, []any) {
	lf := q.ListFilter
	lf.Deleted = false
	where, args := lf.where()
	var and []string
	if q.UnitID != 0 {
		and, args = append(and, "f.unit_id = ?"), append(args, q.UnitID)
	}
	if q.Grade != "" {
		and, args = append(and, "f.grade = ?"), append(args, q.Grade)
	}
	switch q.Flag {
	case "":
	case FlagAny:
		and = append(and, "f.flags <> ''")
	default:
		and, args = append(and, "instr(' ' || f.flags || ' ', ?) > 0"), append(args, " "+q.Flag+" ")
	}
	for _, w := range SearchWords(q.Search) {
		and = append(and, "(instr("+searchFunc+"(f.project), ?) > 0 OR instr("+searchFunc+"(f.unit), ?) > 0)")
		args = append(args, w, w)
	}
	if len(and) > 0 {
		where += " AND " + strings.Join(and, " AND ")
	}
	return where, args
}

// orderBy is the ORDER BY clause of q (with its leading space).
func (q ListQuery) orderBy() string {
	sortBy, ok := listSorts[q.Sort]
	if !ok {
		sortBy = listSorts[DefaultSort]
	}
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	return " ORDER BY " + sortBy(dir) + ", f.id " + dir
}

// none reports whether q cannot match any form: the person may see no unit, or not the one asked.
func (q ListQuery) none() bool {
	if q.UnitIDs == nil {
		return false
	}
	if len(q.UnitIDs) == 0 {
		return true
	}
	if q.UnitID == 0 {
		return false
	}
	for _, id := range q.UnitIDs {
		if id == q.UnitID {
			return false
		}
	}
	return true
}

// listColumns are the columns of a FormSummary of the list, in scanSummary's order.
const listColumns = `f.id, f.year, f.project, f.department, f.unit, f.unit_id, f.status, f.version,
	f.execution_rate, f.total, f.grade, f.flags, f.updated_at`

func scanSummary(rows *sql.Rows, f *FormSummary, more ...any) error {
	var at int64
	dest := append([]any{&f.ID, &f.Year, &f.Project, &f.Department, &f.Unit, &f.UnitID, &f.Status, &f.Version,
		&f.ExecutionRate, &f.Total, &f.Grade, &f.Flags, &at}, more...)
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	f.UpdatedAt = fromMillis(at)
	return nil
}

// ListPage returns the page of q (ListPageSize forms) and how many forms match, counted and
// read in one snapshot. A page beyond the last gives the last page.
func (s *Store) ListPage(ctx context.Context, q ListQuery) (ListResult, error) {
	res := ListResult{Page: 1, Pages: 1}
	if q.none() {
		return res, nil
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return res, fmt.Errorf("store: list page: %w", err)
	}
	defer tx.Rollback()
	where, args := q.where()
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM forms f"+where, args...).Scan(&res.Matches); err != nil {
		return res, fmt.Errorf("store: list page: count: %w", err)
	}
	res.Pages = max(1, (res.Matches+ListPageSize-1)/ListPageSize)
	res.Page = min(max(q.Page, 1), res.Pages)
	// The page's ids are sorted first, each with its sort keys alone, and its hundred rows read
	// after: sorting whole rows would carry every column of every match through the sort.
	order := q.orderBy()
	rows, err := tx.QueryContext(ctx, "SELECT "+listColumns+" FROM (SELECT f.id FROM forms f"+where+order+
		" LIMIT ? OFFSET ?) p CROSS JOIN forms f ON f.id = p.id"+order, append(args, ListPageSize, (res.Page-1)*ListPageSize)...)
	if err != nil {
		return res, fmt.Errorf("store: list page: %w", err)
	}
	defer rows.Close()
	res.Rows = make([]FormSummary, 0, min(res.Matches, ListPageSize))
	for rows.Next() {
		var f FormSummary
		if err := scanSummary(rows, &f); err != nil {
			return res, fmt.Errorf("store: list page: %w", err)
		}
		res.Rows = append(res.Rows, f)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: list page: %w", err)
	}
	return res, nil
}

// ListedForm is one form of an export of the list: its line of the list, and the total row
// of its funds and the workflow's times, read from the forms and transitions tables alone.
type ListedForm struct {
	FormSummary
	AmountUnit   form.AmountUnit // of Adjusted and Executed
	Adjusted     string          // 年度资金总额 · 全年预算数, as stored
	Executed     string          // 年度资金总额 · 全年执行数, as stored
	BudgetWeight string          // as stored; "" = the profile's
	Profile      string
	SubmittedAt  time.Time // the last transition to submitted; zero when none
	ApprovedAt   time.Time // the last transition to approved; zero when none
}

// lastTransition is the time of the last transition of form f to a state (its argument).
const lastTransition = "COALESCE((SELECT MAX(t.at) FROM transitions t WHERE t.form_id = f.id AND t.to_status = ?), 0)"

// EachListed calls fn with every form of q, on every page, in the list's order, as the rows
// come from the database: an export holds one form at a time, however many there are. An
// error of fn stops the reading and is returned as it is. fn must not keep lf past its call.
func (s *Store) EachListed(ctx context.Context, q ListQuery, fn func(lf *ListedForm) error) error {
	if q.none() {
		return nil
	}
	where, args := q.where()
	args = append([]any{"submitted", "approved"}, args...)
	rows, err := s.r.QueryContext(ctx, "SELECT "+listColumns+`, f.amount_unit, f.total_adjusted, f.total_executed,
		f.budget_weight, f.profile, `+lastTransition+", "+lastTransition+" FROM forms f"+where+q.orderBy(), args...)
	if err != nil {
		return fmt.Errorf("store: export list: %w", err)
	}
	defer rows.Close()
	var lf ListedForm
	for rows.Next() {
		var submitted, approved int64
		if err := scanSummary(rows, &lf.FormSummary, (*string)(&lf.AmountUnit), &lf.Adjusted, &lf.Executed,
			&lf.BudgetWeight, &lf.Profile, &submitted, &approved); err != nil {
			return fmt.Errorf("store: export list: %w", err)
		}
		lf.SubmittedAt, lf.ApprovedAt = time.Time{}, time.Time{}
		if submitted != 0 {
			lf.SubmittedAt = fromMillis(submitted)
		}
		if approved != 0 {
			lf.ApprovedAt = fromMillis(approved)
		}
		if err := fn(&lf); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: export list: %w", err)
	}
	return nil
}

// ListUnits returns the units that have forms (not deleted) in year among those lf allows
// (lf.Year and lf.UnitIDs; nil = every unit), by name: the choices of the list's unit filter.
func (s *Store) ListUnits(ctx context.Context, lf ListFilter) ([]Org, error) {
	if lf.UnitIDs != nil && len(lf.UnitIDs) == 0 {
		return nil, nil
	}
	lf.Status, lf.Deleted = "", false
	where, args := lf.where()
	rows, err := s.r.QueryContext(ctx, "SELECT o.id, o.name, COALESCE(o.parent_id, 0) FROM orgs o WHERE o.id IN (SELECT f.unit_id FROM forms f"+where+") ORDER BY o.name, o.id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: list units: %w", err)
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		var o Org
		if err := rows.Scan(&o.ID, &o.Name, &o.ParentID); err != nil {
			return nil, fmt.Errorf("store: list units: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list units: %w", err)
	}
	return out, nil
}

// listIndexes are the indexes the list's queries use (migration 13; a year of 5,000 forms is
// counted and paged in a third to a half of the time they take without them):
//   - forms_list: a year's forms by unit, state and grade, with deleted_at, so that counting
//     the matches of the filters, the units of the year and the years read the index alone;
//   - forms_list_unit: a year's forms (not deleted) in the list's default order, so that the
//     first pages of the list are read in order, without a sort;
//   - transitions_form_to: each form's transitions by their state, so that the exports find
//     the last submission and approval of each form in the index.
const listIndexes = `
CREATE INDEX forms_list ON forms(year, deleted_at, unit_id, status, grade);
CREATE INDEX forms_list_unit ON forms(year, unit, id) WHERE deleted_at IS NULL;
CREATE INDEX transitions_form_to ON transitions(form_id, to_status, at);
`
