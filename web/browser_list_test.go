package web

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"selfeval/internal/decimal"
	"selfeval/internal/demo"
	"selfeval/internal/store"
)

// TestBrowserListQuery: in a real browser, staff with 150 forms in 2022 type into the search
// box and press the button, click a column header to sort and go to page 2; after each step the
// address holds the whole query (so that it can be bookmarked) and the rows are those it says.
// SELFEVAL_SCREENSHOTS=dir keeps a screenshot of the sorted list.
func TestBrowserListQuery(t *testing.T) {
	ctx := browser(t)
	base, pw, st := browserApp(t)
	unit, err := st.OrgByName(context.Background(), demo.Unit)
	if err != nil {
		t.Fatal(err)
	}
	forms := make([]store.NewForm, 140)
	for i := range forms {
		forms[i] = listSeed(i, 2022, []store.Org{unit}, demo.Department)
	}
	if _, err := st.CreateForms(context.Background(), forms, 0); err != nil {
		t.Fatal(err)
	}
	staff := signedInPerson(t, ctx, base, "staff", pw["staff"])
	query := func() url.Values {
		q, err := url.ParseQuery(strings.TrimPrefix(evalJS[string](t, staff, `location.search`), "?"))
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	cells := func(col int) []string {
		return evalJS[[]string](t, staff, `[...document.querySelectorAll('[data-testid="form-row"]')].map(r => r.cells[`+
			strconv.Itoa(col)+`].textContent.trim())`)
	}
	if got := evalJS[string](t, staff, `document.querySelector('[data-testid="list-count"]').textContent.trim()`); got != "共 150 张自评表，当前第 1–100 张" {
		t.Errorf("count %q", got)
	}

	// Search: type, press the button.
	if err := chromedp.Do(staff, chromedp.SendKeys(chromedp.CSS(`[data-testid="list-search"]`), "培训 费")); err != nil {
		t.Fatal(err)
	}
	clickTo(t, staff, `[data-testid="list-apply"]`, "/forms?")
	if q := query(); q.Get("q") != "培训 费" || q.Get("year") != "2022" {
		t.Errorf("after searching the address says %v", q)
	}
	if got := cells(0); !slices.Equal(slices.Sorted(slices.Values(got)), []string{"培训 费（第二期）", training}) {
		t.Errorf("found %q, want 培训费 and 培训 费（第二期）", got)
	}
	if got := evalJS[string](t, staff, `document.querySelector('[data-testid="list-search"]').value`); got != "培训 费" {
		t.Errorf("the search box holds %q", got)
	}

	// Sort by total: click its header, from the whole year.
	clickTo(t, staff, `[data-testid="list-clear"]`, "/forms?")
	clickTo(t, staff, `[data-testid="sort-total"]`, "sort=total")
	if q := query(); q.Get("sort") != "total" || q.Get("dir") != "" || q.Get("q") != "" {
		t.Errorf("after sorting the address says %v", q)
	}
	totals := cells(4)
	if len(totals) != 100 || !slices.IsSortedFunc(totals, decimalText) {
		t.Errorf("%d rows, totals not ascending: %q", len(totals), totals[:min(12, len(totals))])
	}
	if got := evalJS[string](t, staff, `document.querySelector('[data-testid="sort-total"]').parentElement.getAttribute('aria-sort')`); got != "ascending" {
		t.Errorf("the total's header says aria-sort=%q", got)
	}

	screenshot(t, staff, "list-query.png")

	// Page 2 keeps the sort and shows the rest.
	clickTo(t, staff, `[data-testid="page-next"]`, "page=2")
	if q := query(); q.Get("page") != "2" || q.Get("sort") != "total" || q.Get("year") != "2022" {
		t.Errorf("on page 2 the address says %v", q)
	}
	rest := cells(4)
	if len(rest) != 50 || !slices.IsSortedFunc(rest, decimalText) || decimalText(totals[99], rest[0]) > 0 {
		t.Errorf("page 2: %d rows from %q after %q", len(rest), rest[:min(3, len(rest))], totals[99])
	}
	if got := evalJS[string](t, staff, `document.querySelector('[data-testid="list-count"]').textContent.trim()`); got != "共 150 张自评表，当前第 101–150 张" {
		t.Errorf("count on page 2 %q", got)
	}
	// The address is the page: opening it afresh shows the same rows.
	openPage(t, staff, base, "/forms?"+query().Encode())
	if got := cells(4); !slices.Equal(got, rest) {
		t.Errorf("reopening the address shows other rows")
	}
}

// decimalText compares two totals as the list shows them ("" lowest).
func decimalText(a, b string) int {
	d := func(s string) decimal.Dec {
		if s == "" {
			return decimal.MustParse("-1")
		}
		return decimal.MustParse(s)
	}
	return d(a).Cmp(d(b))
}
