package views

// ListQuery is what /forms shows of its query: the search and the filters with their
// choices, the sort of each column, the count of matches, the pages, and the exports of the
// same forms. Every link is a GET address that carries the whole query, so that a page of the
// list can be bookmarked and works without JavaScript.
type ListQuery struct {
	Search      string
	Unit        string // the id of the unit chosen; "" = every unit
	Grade, Flag string
	// The choices of the filters (the "every …" choice is the template's). Units is empty when
	// the person sees the forms of one unit only.
	Units, Grades, Flags []Option
	// Sort is the column sorted by, one of Sorts (a choice of the filter form too, for the
	// screens that show no table header), Desc its direction.
	Sort    string
	Sorts   []Option
	Desc    bool
	Columns map[string]SortLink // the header link of each sortable column, by column
	Matches int                 // the forms that match the query
	From    int                 // the first row shown, from 1 (0 when none)
	To      int                 // the last row shown
	Pages   []PageLink          // the page links, with gaps; empty when there is one page
	// Prev and Next are the neighbouring pages ("" when none).
	Prev, Next string
	// CSV and Summary are the exports of the same forms (every page).
	CSV, Summary string
	// Filtered is true when a search or a filter narrows the year's forms.
	Filtered bool
	// Clear is the list of the year without search or filter.
	Clear string
}

// SortLink is the header link of a sortable column.
type SortLink struct {
	Href string
	// Sort is the column's aria-sort: "ascending", "descending" or "none".
	Sort string
}

// Arrow is the mark shown beside a sorted column's header.
func (s SortLink) Arrow() string {
	switch s.Sort {
	case "ascending":
		return "▲"
	case "descending":
		return "▼"
	}
	return ""
}

// PageLink is one link of the pager: a page number, or a gap (Href "") between them.
type PageLink struct {
	Number  int
	Href    string
	Current bool
}

// Column returns the header link of column key (the zero value when the list has none).
func (q ListQuery) Column(key string) SortLink { return q.Columns[key] }
