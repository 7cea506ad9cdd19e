package xlsx

import (
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/decimal"
	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
)

// Read reads every form sheet of a workbook, in sheet order; the summary sheet written by
// Write and empty sheets are skipped. Cells are found by their labels, not by position, so
// workbooks made by hand from the usual template are read too (see grid.form).
//
// Values are the text people see, trimmed of surrounding white space: a text cell as written;
// a number as its exact decimal, shown with the cell's number format when that format only
// groups thousands and fixes the decimals (#,##0, 0.00, #,##0.00, … — so "70,000" written by
// Write comes back as "70,000"), else in its shortest form ("9.9", never
// "9.9000000000000004"); a formula as its cached value. Amount cells holding only a dash
// ("—", "-", "/") are read as empty.
//
// Read returns the first error and no forms: a *CellError when a cell is at fault (an
// amount that does not parse, a sheet without an indicator table), ErrNoForm when no sheet
// holds a form, another *FileError when the file is no workbook or a sheet cannot be loaded.
func Read(r io.Reader) ([]form.Form, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, &diag.FileError{Code: diag.FileNotWorkbook, Err: err}
	}
	defer f.Close()
	var forms []form.Form
	for _, name := range f.GetSheetList() {
		g, err := load(f, name)
		if err != nil {
			return nil, &diag.FileError{Code: diag.FileSheetUnreadable, Args: []string{name}, Err: err}
		}
		if g.empty() || g.isSummary() {
			continue
		}
		fm, err := g.form()
		if err != nil {
			return nil, err
		}
		forms = append(forms, fm)
	}
	if len(forms) == 0 {
		return nil, ErrNoForm
	}
	return forms, nil
}

// grid is one sheet: raw cell values and merged ranges, 0-based [row][col].
type grid struct {
	f     *excelize.File
	sheet string
	raw   [][]string
	width int
	tl    map[[2]int][2]int // a cell covered by a merged range → the range's top-left cell
	br    map[[2]int][2]int // the top-left cell of a merged range → its bottom-right cell
	fmts  map[int]string    // style id → number format code
}

func load(f *excelize.File, sheet string) (*grid, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	g := &grid{f: f, sheet: sheet, raw: rows, tl: map[[2]int][2]int{}, br: map[[2]int][2]int{}, fmts: map[int]string{}}
	for _, row := range rows {
		g.width = max(g.width, len(row))
	}
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, err
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		top := [2]int{r1 - 1, c1 - 1}
		g.br[top] = [2]int{r2 - 1, c2 - 1}
		// Only the cells that hold data matter: whole-row or whole-column merges are clipped.
		for r := r1 - 1; r < min(r2, len(rows)); r++ {
			for c := c1 - 1; c < min(c2, g.width); c++ {
				g.tl[[2]int{r, c}] = top
			}
		}
	}
	return g, nil
}

func (g *grid) rawAt(r, c int) string {
	if r < 0 || r >= len(g.raw) || c < 0 || c >= len(g.raw[r]) {
		return ""
	}
	return g.raw[r][c]
}

// topLeft returns the top-left cell of the merged range covering (r, c), or (r, c).
func (g *grid) topLeft(r, c int) (int, int) {
	if t, ok := g.tl[[2]int{r, c}]; ok {
		return t[0], t[1]
	}
	return r, c
}

// extent returns the bottom-right cell of the merged range whose top-left is (r, c), or (r, c).
func (g *grid) extent(r, c int) (int, int) {
	if b, ok := g.br[[2]int{r, c}]; ok {
		return b[0], b[1]
	}
	return r, c
}

// own reports whether (r, c) holds its own value: it is not inside a merged range started
// by another cell.
func (g *grid) own(r, c int) bool {
	tr, tc := g.topLeft(r, c)
	return tr == r && tc == c
}

// label returns the text of (r, c) for matching labels: width-normalised, without any white
// space and without trailing colons ("年度\n指标值" → "年度指标值", "项目名称：" → "项目名称").
func (g *grid) label(r, c int) string { return label(g.rawAt(r, c)) }

func label(s string) string {
	return strings.TrimRight(form.Squeeze(form.Normalize(s)), ":")
}

func (g *grid) empty() bool {
	for _, row := range g.raw {
		for _, v := range row {
			if form.TrimCell(v) != "" {
				return false
			}
		}
	}
	return true
}

// isSummary reports the summary sheet of Write: its first text is a title ending in 汇总表.
func (g *grid) isSummary() bool {
	for r, row := range g.raw {
		for c := range row {
			if l := g.label(r, c); l != "" {
				return strings.HasSuffix(l, "汇总表")
			}
		}
	}
	return false
}

// Kinds of value cells, for how a number is shown.
type kind uint8

const (
	kindText   kind = iota // any text: a number is shown as its format shows it
	kindNumber             // a weight or score: exact decimal, format only for grouping/decimals
	kindAmount             // an amount: as kindNumber
)

// text returns the value of (r, c) as people see it, trimmed (see Read).
func (g *grid) text(r, c int, kind kind) string {
	raw := g.rawAt(r, c)
	if form.TrimCell(raw) == "" {
		return ""
	}
	ref := cellRef(c+1, r+1)
	typ, err := g.f.GetCellType(g.sheet, ref)
	if err != nil {
		return form.TrimCell(raw)
	}
	switch typ {
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		if d, ok := parseRaw(raw); ok {
			return g.numberText(ref, d, kind)
		}
	case excelize.CellTypeBool, excelize.CellTypeDate:
		if v, err := g.f.GetCellValue(g.sheet, ref); err == nil {
			return form.TrimCell(v)
		}
	}
	return form.TrimCell(raw)
}

// parseRaw reads the stored text of a number exactly, or, when it carries binary noise or an
// exponent ("0.30000000000000004", "1E-3"), rounded to the six places of a decimal.Dec.
func parseRaw(raw string) (decimal.Dec, bool) {
	raw = strings.TrimSpace(raw)
	if d, err := decimal.Parse(raw); err == nil {
		return d, true
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return decimal.Zero, false
	}
	d, err := decimal.Parse(strconv.FormatFloat(v, 'f', decimal.Places, 64))
	return d, err == nil
}

// numberText shows the number d of cell ref as its number format shows it, when the format is
// one of grouping and fixed decimals (or a percentage, for text cells) and shows d exactly;
// else d in its shortest form, or for text cells with another format (a date) excelize's
// rendering of it.
func (g *grid) numberText(ref string, d decimal.Dec, kind kind) string {
	code := g.numFmt(ref)
	grouped, places, percent, ok := parseFormat(code)
	switch {
	case ok && percent:
		if kind == kindText {
			p := d.Mul(decimal.Hundred, decimal.Places, decimal.HalfUp)
			if p.Round(places, decimal.HalfUp).Cmp(p) == 0 {
				return p.Fixed(places) + "%"
			}
		}
	case ok:
		if d.Round(places, decimal.HalfUp).Cmp(d) == 0 {
			if grouped {
				return d.Grouped(places)
			}
			return d.Fixed(places)
		}
	case code != "General" && kind == kindText:
		if v, err := g.f.GetCellValue(g.sheet, ref); err == nil && form.TrimCell(v) != "" {
			return form.TrimCell(v)
		}
	}
	return d.String()
}

// builtinCodes are the codes of the built-in number formats numFmt understands.
var builtinCodes = map[int]string{0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%"}

// numFmt returns the number format code of cell ref: "General", a code, or "?" for a built-in
// format other than those of builtinCodes.
func (g *grid) numFmt(ref string) string {
	id, err := g.f.GetCellStyle(g.sheet, ref)
	if err != nil || id == 0 {
		return "General"
	}
	if code, ok := g.fmts[id]; ok {
		return code
	}
	code := "?"
	if st, err := g.f.GetStyle(id); err == nil {
		switch {
		case st.CustomNumFmt != nil:
			code = *st.CustomNumFmt
		default:
			if c, ok := builtinCodes[st.NumFmt]; ok {
				code = c
			}
		}
	}
	g.fmts[id] = code
	return code
}

// parseFormat understands the positive section of number formats that only group thousands,
// fix the decimals and maybe show a percentage: 0, 0.00, #,##0, #,##0.00, 0%, 0.00%,
// "#,##0.00_ " and the like.
func parseFormat(code string) (grouped bool, places int, percent, ok bool) {
	sec, _, _ := strings.Cut(code, ";")
	for {
		t := strings.TrimRight(sec, " ")
		if strings.HasSuffix(t, "_)") || strings.HasSuffix(t, "_ ") {
			t = t[:len(t)-2]
		} else if strings.HasSuffix(t, "_") {
			t = t[:len(t)-1]
		}
		if t == sec {
			break
		}
		sec = t
	}
	if strings.HasSuffix(sec, "%") {
		percent = true
		sec = sec[:len(sec)-1]
	}
	switch {
	case strings.HasPrefix(sec, "#,##0"):
		grouped = true
		sec = sec[len("#,##0"):]
	case strings.HasPrefix(sec, "0"):
		sec = sec[1:]
	default:
		return false, 0, false, false
	}
	if sec == "" {
		return grouped, 0, percent, true
	}
	if sec[0] != '.' || strings.Trim(sec[1:], "0") != "" || len(sec) == 1 || len(sec)-1 > decimal.Places {
		return false, 0, false, false
	}
	return grouped, len(sec) - 1, percent, true
}

// knownLabels are labels that end a search for the value right of or below another label.
var knownLabels = map[string]bool{
	"项目名称": true, "主管部门": true, "主管部门名称": true, "实施单位": true, "实施单位名称": true,
	"年度总体目标": true, "预期目标": true, "实际完成情况": true, "绩效指标": true,
}

// valueRight returns the first value right of the label at (r, c) (after its merged range),
// or "" when another label comes first.
func (g *grid) valueRight(r, c int) string {
	_, endC := g.extent(r, c)
	for cc := endC + 1; cc < g.width; cc++ {
		if !g.own(r, cc) {
			continue
		}
		if knownLabels[g.label(r, cc)] {
			return ""
		}
		if v := g.text(r, cc, kindText); v != "" {
			return v
		}
	}
	return ""
}

// valueBelowOrRight returns the value under the label at (r, c) (the official layout of the
// goals) when there is one above row limit, else the value right of it.
func (g *grid) valueBelowOrRight(r, c, limit int) string {
	endR, _ := g.extent(r, c)
	if rr := endR + 1; rr < limit && g.own(rr, c) {
		if v := g.text(rr, c, kindText); v != "" && !knownLabels[label(v)] {
			return v
		}
	}
	return g.valueRight(r, c)
}

// find returns the first own cell above row limit whose label satisfies ok, or -1, -1.
func (g *grid) find(limit int, ok func(string) bool) (int, int) {
	for r := 0; r < min(limit, len(g.raw)); r++ {
		for c := range g.raw[r] {
			if g.own(r, c) && ok(g.label(r, c)) {
				return r, c
			}
		}
	}
	return -1, -1
}

func is(names ...string) func(string) bool {
	return func(l string) bool {
		for _, n := range names {
			if l == n {
				return true
			}
		}
		return false
	}
}

// rowHas reports whether some own cell of row r has a label containing each of subs.
func (g *grid) rowHas(r int, subs ...string) bool {
	for _, s := range subs {
		found := false
		for c := 0; c < len(g.raw[r]) && !found; c++ {
			found = g.own(r, c) && strings.Contains(g.label(r, c), s)
		}
		if !found {
			return false
		}
	}
	return true
}

var yearRe = regexp.MustCompile(`^\(?(\d{4})年度?\)?$`)

// form reads the form of the sheet: the indicator header row first (三级指标 with 一级指标,
// 二级指标 or 指标值), then, above it, 项目名称, 主管部门, 实施单位 and the year, the funds header
// (全年预算数, 全年执行数) and the funds rows by their labels in any order, and the goals
// (预期目标 and 实际完成情况, their values under or right of them); then the indicator rows
// until 总分.
func (g *grid) form() (form.Form, error) {
	var fm form.Form
	hr := -1
	for r := range g.raw {
		if g.rowHas(r, "三级指标") && (g.rowHas(r, "一级指标") || g.rowHas(r, "二级指标") || g.rowHas(r, "指标值")) {
			hr = r
			break
		}
	}
	if hr < 0 {
		return fm, &diag.CellError{Code: diag.CellIndicatorTable, Sheet: g.sheet, Cell: "A1"}
	}
	fm.Year = g.year(hr)
	for _, it := range []struct {
		dst   *string
		names []string
	}{
		{&fm.Project, []string{"项目名称"}},
		{&fm.Department, []string{"主管部门", "主管部门名称"}},
		{&fm.Unit, []string{"实施单位", "实施单位名称"}},
	} {
		if r, c := g.find(hr, is(it.names...)); r >= 0 {
			*it.dst = g.valueRight(r, c)
		}
	}
	goalsRow := hr
	if r, c := g.find(hr, is("预期目标")); r >= 0 {
		fm.Goals.Expected = g.valueBelowOrRight(r, c, hr)
		goalsRow = min(goalsRow, r)
	}
	if r, c := g.find(hr, is("实际完成情况")); r >= 0 {
		fm.Goals.Achieved = g.valueBelowOrRight(r, c, hr)
		goalsRow = min(goalsRow, r)
	}
	if r, c := g.find(hr, is("年度总体目标")); r >= 0 {
		if fm.Goals.Expected == "" && fm.Goals.Achieved == "" {
			fm.Goals.Expected = g.valueRight(r, c)
		}
		goalsRow = min(goalsRow, r)
	}
	if err := g.funds(&fm, goalsRow); err != nil {
		return fm, err
	}
	var err error
	fm.Indicators, err = g.indicators(hr)
	return fm, err
}

// year reads the year from "(2022 年度)", or from a title such as "2022年度财政项目支出绩效自评表".
func (g *grid) year(limit int) int {
	if r, c := g.find(limit, yearRe.MatchString); r >= 0 {
		y, _ := strconv.Atoi(yearRe.FindStringSubmatch(g.label(r, c))[1])
		return y
	}
	if r, c := g.find(limit, func(l string) bool { return strings.Contains(l, "自评表") }); r >= 0 {
		if y, ok := form.YearIn(g.label(r, c)); ok {
			return y
		}
	}
	return 0
}

// fundsRowOf returns the index in form.FundsRowNames of a funds row label, or -1.
func fundsRowOf(l string) int {
	if utf8.RuneCountInString(l) > 16 {
		return -1 // prose, not a label
	}
	switch {
	case strings.Contains(l, "资金总额"):
		return 0
	case strings.Contains(l, "财政拨款"):
		return 1
	case strings.Contains(l, "结转"):
		return 2
	case strings.Contains(l, "其他资金"):
		return 3
	}
	return -1
}

// funds reads the funds header and the funds rows under it, above row limit.
func (g *grid) funds(fm *form.Form, limit int) error {
	fh := -1
	for r := 0; r < min(limit, len(g.raw)); r++ {
		if g.rowHas(r, "全年预算") && (g.rowHas(r, "全年执行") || g.rowHas(r, "执行数")) {
			fh = r
			break
		}
	}
	if fh < 0 {
		return nil
	}
	initial, adjusted, executed, weight := -1, -1, -1, -1
	first := g.width // the leftmost amount column: labels stand left of it
	for c := range g.raw[fh] {
		if !g.own(fh, c) {
			continue
		}
		l := g.label(fh, c)
		switch {
		case strings.Contains(l, "年初预算") && initial < 0:
			initial = c
		case strings.Contains(l, "全年预算") && adjusted < 0:
			adjusted = c
		case (strings.Contains(l, "全年执行") || strings.HasSuffix(l, "执行数")) && executed < 0:
			executed = c
		case strings.Contains(l, "分值") && weight < 0:
			weight = c
		default:
			continue
		}
		first = min(first, c)
	}
	seen := [4]bool{}
	for r := fh + 1; r < min(limit, len(g.raw)); r++ {
		k := -1
		for c := 0; c < min(first, len(g.raw[r])) && k < 0; c++ {
			if g.own(r, c) {
				k = fundsRowOf(g.label(r, c))
			}
		}
		if k < 0 || seen[k] {
			continue
		}
		seen[k] = true
		row := fm.Funds.Row(form.FundsRowNames[k])
		for _, it := range []struct {
			dst *string
			col int
		}{{&row.Initial, initial}, {&row.Adjusted, adjusted}, {&row.Executed, executed}} {
			v, err := g.amount(r, it.col)
			if err != nil {
				return err
			}
			*it.dst = v
		}
		if k == 0 && weight >= 0 {
			if v := g.text(r, weight, kindNumber); !dash(v) {
				fm.BudgetWeight = v
			}
		}
	}
	return nil
}

// dash reports a cell holding only dashes or a slash, "not applicable" in Chinese tables.
func dash(s string) bool {
	return s != "" && strings.Trim(s, "-—–－―/／ ") == ""
}

// amount reads the amount at (r, c): "" when blank or a dash, the text people see when it
// parses as an amount, else a *CellError.
func (g *grid) amount(r, c int) (string, error) {
	if c < 0 || !g.own(r, c) {
		return "", nil
	}
	v := g.text(r, c, kindAmount)
	if v == "" || dash(v) {
		return "", nil
	}
	_, err := form.ParseAmount(v)
	if err == nil || errors.Is(err, form.ErrEmpty) {
		return v, nil
	}
	e := &diag.CellError{Code: diag.CellAmountSyntax, Sheet: g.sheet, Cell: cellRef(c+1, r+1), Value: v}
	switch {
	case errors.Is(err, form.ErrTooPrecise):
		e.Code = diag.CellAmountPrecision
	case errors.Is(err, form.ErrNegative):
		e.Code = diag.CellAmountNegative
	case errors.Is(err, form.ErrTooLarge):
		e.Code = diag.CellAmountRange
	}
	return "", e
}

// indCols are the columns of the indicator table, -1 when absent.
type indCols struct {
	l1, l2, name, target, actual, weight, score, dev, ach int
}

// indicators reads the indicator rows under the header row hr until the 总分 row. Level-1 and
// level-2 cells merged over several rows apply to each of them; an empty level-1 cell takes the
// label of the row above, and so does an empty level-2 cell under the same level 1. Blank rows
// and repeated header rows are skipped.
func (g *grid) indicators(hr int) ([]form.Indicator, error) {
	ic := indCols{-1, -1, -1, -1, -1, -1, -1, -1, -1}
	start := hr + 1
	for c := range g.raw[hr] {
		if !g.own(hr, c) {
			continue
		}
		l := g.label(hr, c)
		var dst *int
		switch {
		case strings.Contains(l, "一级指标"):
			dst = &ic.l1
		case strings.Contains(l, "二级指标"):
			dst = &ic.l2
		case strings.Contains(l, "三级指标"):
			dst = &ic.name
		case strings.Contains(l, "实际完成"):
			dst = &ic.actual
		case strings.Contains(l, "指标值"):
			dst = &ic.target
		case strings.Contains(l, "分值"):
			dst = &ic.weight
		case strings.Contains(l, "得分"):
			dst = &ic.score
		case strings.Contains(l, "偏差"):
			dst = &ic.dev
		case strings.Contains(l, "达成"):
			dst = &ic.ach
		}
		if dst != nil && *dst < 0 {
			*dst = c
			endR, _ := g.extent(hr, c)
			start = max(start, endR+1) // a header cell two rows high
		}
	}
	var out []form.Indicator
	var prev1, prev2 string
	for r := start; r < len(g.raw); r++ {
		if g.isTotalRow(r, ic.name) {
			break
		}
		if ic.name >= 0 && strings.Contains(g.label(r, ic.name), "三级指标") {
			continue // the header repeated, as on a printed page
		}
		l1, l2 := g.merged(r, ic.l1), g.merged(r, ic.l2)
		if l1 == "" {
			l1 = prev1
		}
		if l2 == "" && l1 == prev1 {
			l2 = prev2
		}
		prev1, prev2 = l1, l2
		in := form.Indicator{
			Level1:    l1,
			Level2:    l2,
			Name:      g.cellText(r, ic.name, kindText),
			Target:    g.cellText(r, ic.target, kindText),
			Actual:    g.cellText(r, ic.actual, kindText),
			Weight:    g.cellText(r, ic.weight, kindNumber),
			Score:     g.cellText(r, ic.score, kindNumber),
			Deviation: g.cellText(r, ic.dev, kindText),
		}
		in.Achievement = achievementOf(g.cellText(r, ic.ach, kindText))
		if in.Name == "" && in.Target == "" && in.Actual == "" && in.Weight == "" && in.Score == "" &&
			in.Deviation == "" && in.Achievement == "" {
			continue // a blank row, or labels only
		}
		out = append(out, in)
	}
	return out, nil
}

// isTotalRow reports the 总分 row: a label starting with 总分 left of or in column name.
func (g *grid) isTotalRow(r, name int) bool {
	last := len(g.raw[r]) - 1
	if name >= 0 {
		last = min(last, name)
	}
	for c := 0; c <= last; c++ {
		if g.own(r, c) && strings.HasPrefix(g.label(r, c), "总分") {
			return true
		}
	}
	return false
}

// merged returns the text of (r, c), or of the merged range covering it.
func (g *grid) merged(r, c int) string {
	if c < 0 {
		return ""
	}
	tr, tc := g.topLeft(r, c)
	return g.text(tr, tc, kindText)
}

// cellText returns the text of (r, c) when the cell holds its own value, else "".
func (g *grid) cellText(r, c int, kind kind) string {
	if c < 0 || !g.own(r, c) {
		return ""
	}
	return g.text(r, c, kind)
}

// achievementOf reads a chosen grade: its Chinese name or its code; other text is kept.
func achievementOf(s string) form.Achievement {
	if s == "" {
		return ""
	}
	for a, zh := range achievementLabels {
		if s == zh || s == string(a) {
			return a
		}
	}
	return form.Achievement(s)
}
