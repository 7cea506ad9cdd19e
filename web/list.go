package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
	"selfeval/views"
)

// visibleUnits lists the units whose forms p may see; nil means every unit. A page asks
// for them more than once (its list, the navigation's counts), so they are read once a request.
func (s *Server) visibleUnits(c echo.Context, p auth.Principal) ([]int64, error) {
	if units, ok := c.Get(unitsKey).([]int64); ok {
		return units, nil
	}
	units, err := s.app.VisibleUnits(c.Request().Context(), p)
	if err == nil {
		c.Set(unitsKey, units)
	}
	return units, err
}

// unitsKey keeps a request's visible units in its context.
const unitsKey = "selfeval.units"

// nav counts what waits for p: drafts to fill in, returned forms, forms to review.
func (s *Server) nav(c echo.Context, p auth.Principal) views.NavCounts {
	if p.Role != auth.RoleStaff && p.Role != auth.RoleSupervisor {
		return views.NavCounts{} // nothing waits for them: no need to count every form
	}
	units, err := s.visibleUnits(c, p)
	if err != nil {
		return views.NavCounts{}
	}
	counts, err := s.store.StatusCounts(c.Request().Context(), store.ListFilter{UnitIDs: units})
	if err != nil {
		return views.NavCounts{}
	}
	switch p.Role {
	case auth.RoleStaff:
		return views.NavCounts{ToFill: counts["draft"], Returned: counts["returned"], Deadline: s.navDeadline(c, p)}
	case auth.RoleSupervisor:
		return views.NavCounts{ToReview: counts["submitted"]}
	}
	return views.NavCounts{}
}

// listForms is /forms: the forms p may see of a year, searched, filtered, sorted and paged
// as the address says (listParams); /forms?deleted=1 is the deleted forms for
// administrators and auditors.
func (s *Server) listForms(c echo.Context) error {
	p, _ := principal(c)
	if c.QueryParam("deleted") == "1" && (p.Role == auth.RoleAdmin || p.Role == auth.RoleAuditor) {
		return s.deletedList(c, p)
	}
	page, x, err := s.listPageOf(c, p, parseListParams(c.QueryParams()))
	if err != nil {
		return err
	}
	page.Message = s.listMessage(c, page.Page, p)
	return render(c, http.StatusOK, views.ListView(page, x))
}

// listPage builds the list of year (0 = the newest year with forms) and status for p, the
// rest of the query as the address says, with the delete action on the drafts p may delete.
func (s *Server) listPage(c echo.Context, p auth.Principal, year int, status string) (views.ListPage, views.ListExtra, error) {
	lp := parseListParams(c.QueryParams())
	lp.year, lp.status = year, status
	return s.listPageOf(c, p, lp)
}

// listYears returns the years that have forms, newest first, with year among them, and year
// itself, the newest year with forms (or this year) when it is 0.
func (s *Server) listYears(c echo.Context, year int) ([]int, int, error) {
	years, err := s.store.Years(c.Request().Context())
	if err != nil {
		return nil, 0, err
	}
	if year == 0 {
		year = s.cfg.Now().Year()
		if len(years) > 0 {
			year = years[0] // newest first
		}
	}
	if !containsInt(years, year) {
		years = append(years, year)
		sort.Sort(sort.Reverse(sort.IntSlice(years)))
	}
	return years, year, nil
}

// listQuery is the store's query of lp for p, with the year resolved (listYears), and the
// units of that year p may see (the unit filter's choices): a unit filter that is not one of
// them is dropped.
func (s *Server) listQuery(c echo.Context, p auth.Principal, lp *listParams) (store.ListQuery, []int, []store.Org, error) {
	visible, err := s.visibleUnits(c, p)
	if err != nil {
		return store.ListQuery{}, nil, nil, err
	}
	years, year, err := s.listYears(c, lp.year)
	if err != nil {
		return store.ListQuery{}, nil, nil, err
	}
	lp.year = year
	units, err := s.store.ListUnits(c.Request().Context(), store.ListFilter{Year: year, UnitIDs: visible})
	if err != nil {
		return store.ListQuery{}, nil, nil, err
	}
	if !slices.ContainsFunc(units, func(o store.Org) bool { return o.ID == lp.unit }) {
		lp.unit = 0
	}
	return store.ListQuery{
		ListFilter: store.ListFilter{Year: lp.year, Status: lp.status, UnitIDs: visible},
		UnitID:     lp.unit, Grade: lp.grade, Flag: lp.flag, Search: lp.search,
		Sort: lp.sort, Desc: lp.desc, Page: lp.page,
	}, years, units, nil
}

// listPageOf builds the list page of lp for p.
func (s *Server) listPageOf(c echo.Context, p auth.Principal, lp listParams) (views.ListPage, views.ListExtra, error) {
	ctx := c.Request().Context()
	q, years, units, err := s.listQuery(c, p, &lp)
	if err != nil {
		return views.ListPage{}, views.ListExtra{}, err
	}
	res, err := s.store.ListPage(ctx, q)
	if err != nil {
		return views.ListPage{}, views.ListExtra{}, err
	}
	lp.page = res.Page
	page := views.ListPage{Page: s.page(c), Year: lp.year, Years: years, Status: lp.status, CanCreate: p.Role == auth.RoleStaff}
	page.Nav = s.nav(c, p)
	page.Query = listView(page.Page, lp, units, res)
	x := views.ListExtra{ShowDeleted: p.Role == auth.RoleAdmin || p.Role == auth.RoleAuditor, Rows: map[int64]views.RowExtra{}}
	for _, r := range res.Rows {
		page.Rows = append(page.Rows, listRow(page.Page, r, p.Role == auth.RoleStaff))
		if app.CanDelete(p, r.UnitID, r.Status) {
			x.Rows[r.ID] = views.RowExtra{CanDelete: true, ConfirmDelete: page.T("list.delete_confirm", r.Project),
				DeleteLabel: page.T("list.delete_label", r.Project)}
		}
	}
	return page, x, nil
}

// listMessage is the notice of the list after an import, a copy, a deletion or a restore.
func (s *Server) listMessage(c echo.Context, pg views.Page, p auth.Principal) string {
	q := c.QueryParam
	num := func(k string) (int, bool) { n, err := strconv.Atoi(q(k)); return n, err == nil }
	if n, ok := num("created"); ok {
		if r, ok := num("replaced"); ok {
			k, _ := num("skipped")
			return pg.T("import.result", n, r, k)
		}
		return pg.T("import.created", n)
	}
	if n, ok := num("copied_all"); ok {
		if k, ok := num("skipped"); ok {
			return pg.T("list.copied_skipped", n, k)
		}
		return pg.T("list.copied_all", n)
	}
	if id, err := strconv.ParseInt(q("removed"), 10, 64); err == nil {
		if project := s.deletedProject(c, p, id); project != "" {
			return pg.T("list.deleted_one", project)
		}
	}
	return ""
}

func listRow(pg views.Page, r store.FormSummary, canCopy bool) views.ListRow {
	row := views.ListRow{
		ID: r.ID, Project: r.Project, Unit: r.Unit, Status: r.Status, StatusLabel: pg.T("status." + r.Status),
		ExecutionRate: percent(r.ExecutionRate), Total: r.Total, Grade: gradeLabel(pg, r.Grade), UpdatedAt: stamp(r.UpdatedAt),
		CanCopy: canCopy,
	}
	for code := range strings.FieldsSeq(r.Flags) {
		row.Flags = append(row.Flags, views.Option{Value: code, Label: flagLabel(pg.Lang, code)})
	}
	return row
}

func percent(rate string) string {
	if rate == "" {
		return ""
	}
	return rate + "%"
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// createForm starts a new draft for the person's unit with the usual indicator skeleton.
func (s *Server) createForm(c echo.Context) error {
	p, _ := principal(c)
	if p.Role != auth.RoleStaff {
		return echo.ErrForbidden
	}
	year, err := strconv.Atoi(c.FormValue("year"))
	project := strings.TrimSpace(c.FormValue("project"))
	if err != nil || year < 2000 || year > 2100 || project == "" {
		return fail(http.StatusBadRequest, "list.new_invalid")
	}
	f := form.Form{Year: year, Project: project, Indicators: scoring.Default.Skeleton()}
	return s.createFor(c, p, f)
}

// copyForm starts next year's draft from a form (form.NextYear). When next year already has
// the form, it asks what to do (open the existing one, replace it if a draft, keep both),
// and does it when on_duplicate (replace, keep or skip) and target say.
func (s *Server) copyForm(c echo.Context) error {
	l, err := s.loadForm(c)
	if err != nil {
		return err
	}
	if !auth.CanEdit(l.p, l.a.UnitID) {
		return echo.ErrForbidden
	}
	asked := c.FormValue("on_duplicate")
	ch, ok := parseChoice(asked, c.FormValue("target"))
	if !ok {
		return fail(http.StatusBadRequest, "copy.bad_choice", asked)
	}
	next := form.NextYear(l.rec.Form)
	outs, err := s.importDrafts(c, l.p, []form.Form{next}, []choice{ch})
	if msg := refusal(s.page(c), err); msg != "" {
		return s.copyQuestion(c, l, next, http.StatusConflict, msg)
	}
	if err != nil {
		return err
	}
	o := outs[0]
	switch {
	case o.Action == store.Skipped && asked == "":
		return s.copyQuestion(c, l, next, http.StatusOK, "")
	case o.Action == store.Skipped:
		return c.Redirect(http.StatusSeeOther, "/forms/"+strconv.FormatInt(o.Duplicates[0].ID, 10))
	}
	return c.Redirect(http.StatusSeeOther, "/forms/"+strconv.FormatInt(o.Record.ID, 10)+"?done=copied")
}

// copyQuestion is the page that asks what to do with a copy next year already has.
func (s *Server) copyQuestion(c echo.Context, l loaded, next form.Form, code int, msg string) error {
	dups, err := s.store.FindDuplicates(c.Request().Context(), l.p.OrgID, next.Year, next.Project)
	if err != nil {
		return err
	}
	if len(dups) == 0 { // gone meanwhile: nothing to ask about
		return c.Redirect(http.StatusSeeOther, "/forms?year="+strconv.Itoa(next.Year))
	}
	d := dups[0]
	for _, x := range dups {
		if x.Replaceable() {
			d = x
			break
		}
	}
	pg := views.CopyDuplicatePage{Page: s.page(c), SourceID: l.id, Year: next.Year, Project: d.Project,
		ExistingID: d.ID, Status: s.page(c).T("status." + d.Status), CanReplace: d.Replaceable(), Error: msg}
	pg.Nav = s.nav(c, l.p)
	return render(c, code, views.CopyDuplicateView(pg))
}

// createFor stores f as a new draft of p's unit and shows it.
func (s *Server) createFor(c echo.Context, p auth.Principal, f form.Form) error {
	outs, err := s.app.CreateDrafts(c.Request().Context(), p, []app.Draft{{Form: f}})
	if err != nil {
		return appError(err)
	}
	return c.Redirect(http.StatusSeeOther, "/forms/"+strconv.FormatInt(outs[0].Record.ID, 10))
}

// The values the list's filters take besides "" (every one).
var (
	listStatuses = []string{"draft", "submitted", "returned", "approved"}
	listGrades   = []string{"优", "良", "中", "差"}
	// listFlags are the codes of the reviewer's flags (the problems scoring marks as flags),
	// in the order the filter offers them.
	listFlags = []string{"funds.low_execution", "funds.over_budget", "funds.rows_mismatch",
		"indicator.above_suggested", "indicator.over_achieved"}
)

// maxSearchRunes bounds the search of the list; what is longer is cut.
const maxSearchRunes = 100

// listParams is the query of the list as its address says it (year, status, unit, grade,
// flag, q, sort, dir, page), each value checked: one the list does not know is the default
// (the newest year, every state, unit, grade and flag, store.DefaultSort ascending, the first
// page), never an error.
type listParams struct {
	year   int // 0 = the newest year with forms
	status string
	unit   int64 // 0 = every unit
	grade  string
	flag   string // "", store.FlagAny or a code of listFlags
	search string
	sort   string
	desc   bool
	page   int // from 1
}

func parseListParams(v url.Values) listParams {
	lp := listParams{sort: store.DefaultSort, page: 1}
	if y, err := strconv.Atoi(v.Get("year")); err == nil && y >= form.MinYear && y <= form.MaxYear {
		lp.year = y
	}
	if st := v.Get("status"); slices.Contains(listStatuses, st) {
		lp.status = st
	}
	if id, err := strconv.ParseInt(v.Get("unit"), 10, 64); err == nil && id > 0 {
		lp.unit = id
	}
	if g := v.Get("grade"); slices.Contains(listGrades, g) {
		lp.grade = g
	}
	if f := v.Get("flag"); f == store.FlagAny || slices.Contains(listFlags, f) {
		lp.flag = f
	}
	lp.search = form.Normalize(v.Get("q"))
	if r := []rune(lp.search); len(r) > maxSearchRunes {
		lp.search = strings.TrimSpace(string(r[:maxSearchRunes]))
	}
	if so := v.Get("sort"); store.KnownSort(so) {
		lp.sort = so
	}
	lp.desc = v.Get("dir") == "desc"
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 {
		lp.page = n
	}
	return lp
}

// filtered reports whether a search or a filter narrows the year's forms.
func (lp listParams) filtered() bool {
	return lp.status != "" || lp.unit != 0 || lp.grade != "" || lp.flag != "" || lp.search != ""
}

// values is the address query of lp: the year, and what differs from the defaults.
func (lp listParams) values() url.Values {
	v := url.Values{}
	if lp.year != 0 {
		v.Set("year", strconv.Itoa(lp.year))
	}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("status", lp.status)
	if lp.unit != 0 {
		v.Set("unit", strconv.FormatInt(lp.unit, 10))
	}
	set("grade", lp.grade)
	set("flag", lp.flag)
	set("q", lp.search)
	if lp.sort != store.DefaultSort || lp.desc {
		v.Set("sort", lp.sort)
	}
	if lp.desc {
		v.Set("dir", "desc")
	}
	if lp.page > 1 {
		v.Set("page", strconv.Itoa(lp.page))
	}
	return v
}

// href is the address path with the query lp.
func (lp listParams) href(path string) string {
	if q := lp.values().Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

// listColumns are the sortable columns of the list, in its order, and listColumnLabels their
// headers' catalog keys.
var (
	listColumns = []string{store.SortProject, store.SortUnit, store.SortStatus, store.SortRate,
		store.SortTotal, store.SortGrade, store.SortUpdated}
	listColumnLabels = map[string]string{store.SortProject: "form.project", store.SortUnit: "form.unit",
		store.SortStatus: "list.status", store.SortRate: "form.execution_rate", store.SortTotal: "form.total",
		store.SortGrade: "form.grade", store.SortUpdated: "list.updated"}
)

// listView is what the page shows of the query lp and its result: the filters' choices (of
// units, those of the year the person may see), the header links, the count, the pager and
// the exports.
func listView(pg views.Page, lp listParams, units []store.Org, res store.ListResult) views.ListQuery {
	v := views.ListQuery{Search: lp.search, Grade: lp.grade, Flag: lp.flag, Matches: res.Matches,
		Filtered: lp.filtered(), Columns: make(map[string]views.SortLink, len(listColumns))}
	if lp.unit != 0 {
		v.Unit = strconv.FormatInt(lp.unit, 10)
	}
	if len(units) > 1 || lp.unit != 0 {
		for _, u := range units {
			v.Units = append(v.Units, views.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
		}
	}
	for _, g := range listGrades {
		v.Grades = append(v.Grades, views.Option{Value: g, Label: gradeLabel(pg, g)})
	}
	v.Flags = append(v.Flags, views.Option{Value: store.FlagAny, Label: pg.T("listq.flag_any")})
	for _, code := range listFlags {
		v.Flags = append(v.Flags, views.Option{Value: code, Label: flagLabel(pg.Lang, code)})
	}
	v.Sort, v.Desc = lp.sort, lp.desc
	for _, col := range listColumns {
		v.Sorts = append(v.Sorts, views.Option{Value: col, Label: pg.T(listColumnLabels[col])})
		link := lp
		link.page, link.sort, link.desc = 1, col, false
		sorted := "none"
		if col == lp.sort {
			link.desc = !lp.desc
			sorted = "ascending"
			if lp.desc {
				sorted = "descending"
			}
		}
		v.Columns[col] = views.SortLink{Href: link.href("/forms"), Sort: sorted}
	}
	if len(res.Rows) > 0 {
		v.From = (res.Page-1)*store.ListPageSize + 1
		v.To = v.From + len(res.Rows) - 1
	}
	at := func(n int) string { l := lp; l.page = n; return l.href("/forms") }
	if res.Pages > 1 {
		v.Pages = pageLinks(res.Page, res.Pages, at)
		if res.Page > 1 {
			v.Prev = at(res.Page - 1)
		}
		if res.Page < res.Pages {
			v.Next = at(res.Page + 1)
		}
	}
	all := lp
	all.page = 1
	v.CSV, v.Summary = all.href("/forms.csv"), all.href("/forms-summary.xlsx")
	v.Clear = listParams{year: lp.year, sort: lp.sort, desc: lp.desc, page: 1}.href("/forms")
	return v
}

// pageLinks are the links of the pager on page current of pages: the first and the last
// page, and the two pages either side of the current one, with a gap where pages are left out.
func pageLinks(current, pages int, at func(int) string) []views.PageLink {
	var out []views.PageLink
	prev := 0
	for _, n := range []int{1, current - 2, current - 1, current, current + 1, current + 2, pages} {
		if n <= prev || n < 1 || n > pages {
			continue
		}
		if n > prev+1 {
			out = append(out, views.PageLink{}) // a gap
		}
		out = append(out, views.PageLink{Number: n, Href: at(n), Current: n == current})
		prev = n
	}
	return out
}

// flagLabel names a flag by its code in lang (the code itself when the catalog has no name).
func flagLabel(lang i18n.Lang, code string) string {
	if key := "listq.flag." + code; i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return code
}
