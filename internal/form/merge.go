package form

import "strings"

// Edit is what one person changed since the version their page was based on: a save made on
// an older version is merged with what others saved since (Merge).
type Edit struct {
	// Mine is the form as the person's page holds it now.
	Mine Form
	// Base holds, for each field the person changed since their base version, the value it
	// had then, by interchange path. A field not in Base was not touched by the person.
	Base map[string]string
	// RowsChanged says the person added, removed or moved indicator rows since the base;
	// BaseRows are then the rows as they were at the base.
	RowsChanged bool
	BaseRows    []Indicator
}

// Conflict is a field that both the person and someone else changed since their common
// version, to different values. The stored form keeps Theirs until the person chooses.
// Path "indicators" means the rows themselves: one side moved, added or removed rows while
// the other changed them.
type Conflict struct {
	Path, Base, Mine, Theirs string
}

// Merged is the result of a three-way merge.
type Merged struct {
	// Form is what to store: latest with the person's changes that conflict with nothing.
	Form Form
	// Theirs are the fields whose merged value differs from what the person's page shows:
	// someone else's changes, which the page should now show.
	Theirs []Field
	// Conflicts are the fields both changed; Form holds the other person's value there.
	Conflicts []Conflict
	// Rows says the indicator rows of Form are not those of the person's page (someone
	// else added, removed or moved rows): the page must show them anew.
	Rows bool
}

// conflictAt reports whether path is already a conflict.
func (m *Merged) conflictAt(path string) bool {
	for _, c := range m.Conflicts {
		if c.Path == path {
			return true
		}
	}
	return false
}

// Merge merges the person's edit into latest, the form as stored now, field by field.
// A field only the person changed takes their value; a field only others changed keeps
// latest's; a field both changed to the same value is no conflict; a field both changed to
// different values is a Conflict. Indicator rows are matched by position while neither side
// changed the rows themselves, and by name when only the other side did.
func Merge(e Edit, latest Form) Merged {
	e.Base = withoutReformatted(e.Base, &e.Mine)
	m := Merged{Form: latest}
	m.Form.Indicators = append([]Indicator(nil), latest.Indicators...)
	for _, fl := range Fields(&e.Mine) {
		if _, _, isRow := RowField(fl.Path); isRow {
			continue
		}
		theirs, _ := Get(&latest, fl.Path)
		m.field(e, fl.Path, fl.Path, fl.Value, theirs)
	}
	switch {
	case e.RowsChanged && rowsEqual(e.BaseRows, latest.Indicators):
		m.Form.Indicators = append([]Indicator(nil), e.Mine.Indicators...)
	case e.RowsChanged:
		m.conflict(Conflict{Path: "indicators"})
		m.Rows = true
	case len(e.Mine.Indicators) == len(latest.Indicators) && !moved(e, latest):
		for i := range e.Mine.Indicators {
			for _, name := range RowFieldNames {
				path := RowPath(i, name)
				mine, _ := Get(&e.Mine, path)
				theirs, _ := Get(&latest, path)
				m.field(e, path, path, mine, theirs)
			}
		}
	default:
		m.Rows = true
		m.byName(e, latest)
	}
	return m
}

// byName applies the person's row changes to latest's rows, which others restructured: each
// changed row is found by the name it had at the base.
func (m *Merged) byName(e Edit, latest Form) {
	used := map[int]bool{}
	target := map[int]int{}
	for path := range e.Base {
		i, _, ok := RowField(path)
		if !ok || i >= len(e.Mine.Indicators) {
			continue
		}
		if _, seen := target[i]; seen {
			continue
		}
		// A row is known by a name no other row has; a blank or repeated name says nothing
		// about where the row went, so the rows are then a conflict rather than a guess.
		target[i] = -1
		if j := uniqueRow(latest.Indicators, baseName(e, i)); j >= 0 && !used[j] {
			used[j], target[i] = true, j
		}
		if target[i] < 0 && !m.conflictAt("indicators") {
			m.conflict(Conflict{Path: "indicators"})
		}
	}
	for path, base := range e.Base {
		i, name, ok := RowField(path)
		if !ok || i >= len(e.Mine.Indicators) || target[i] < 0 {
			continue
		}
		to := RowPath(target[i], name)
		mine, _ := Get(&e.Mine, path)
		theirs, _ := Get(&latest, to)
		if theirs == base || theirs == mine {
			Set(&m.Form, to, mine)
		} else {
			m.conflict(Conflict{Path: to, Base: base, Mine: mine, Theirs: theirs})
		}
	}
}

// field merges one field: path in the person's form, to in the merged one.
func (m *Merged) field(e Edit, path, to, mine, theirs string) {
	base, changed := e.Base[path]
	switch {
	case !changed:
		if theirs != mine {
			m.Theirs = append(m.Theirs, Field{Path: to, Value: theirs})
		}
	case theirs == base || theirs == mine:
		Set(&m.Form, to, mine)
	default:
		m.conflict(Conflict{Path: to, Base: base, Mine: mine, Theirs: theirs})
	}
}

func (m *Merged) conflict(c Conflict) { m.Conflicts = append(m.Conflicts, c) }

// moved reports whether others moved rows: a row's base name, held by no other row, stands
// at another position of latest and not at its own. Blank and repeated names are no
// evidence either way.
func moved(e Edit, latest Form) bool {
	for i := range e.Mine.Indicators {
		name := baseName(e, i)
		if latest.Indicators[i].Name == name {
			continue
		}
		if j := uniqueRow(latest.Indicators, name); j >= 0 && j != i {
			return true
		}
	}
	return false
}

// baseName is the name row i of the person's form had at the base.
func baseName(e Edit, i int) string {
	if b, ok := e.Base[RowPath(i, "name")]; ok {
		return b
	}
	return e.Mine.Indicators[i].Name
}

// uniqueRow is the index of the one row named name, or -1 when name is blank or held by
// no row or by several.
func uniqueRow(rows []Indicator, name string) int {
	if strings.TrimSpace(name) == "" {
		return -1
	}
	found := -1
	for j := range rows {
		if rows[j].Name == name {
			if found >= 0 {
				return -1
			}
			found = j
		}
	}
	return found
}

func rowsEqual(a, b []Indicator) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// withoutReformatted is base without the amounts the person only reformatted (1234 shown as
// 1,234.00 when they left the field): that is no change of theirs to merge.
func withoutReformatted(base map[string]string, mine *Form) map[string]string {
	out := make(map[string]string, len(base))
	for path, was := range base {
		if IsFundsPath(path) {
			now, _ := Get(mine, path)
			a, errA := ParseAmountIn(was, mine.AmountUnit)
			b, errB := ParseAmountIn(now, mine.AmountUnit)
			if errA == nil && errB == nil && a.Cmp(b) == 0 {
				continue
			}
		}
		out[path] = was
	}
	return out
}
