package xlsx

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
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
// The workbook is bounded before anything is read (see the limits in limits.go): its size, its
// parts and what they unzip to, its sheets, and the rows, columns, cells, merged ranges and
// text of each sheet. Read parses the sheets itself, as a stream, keeping only the cells that
// hold a value; excelize opens the workbook within those limits, to show numbers with their
// formats, and never writes a temporary file.
//
// Read returns the first error and no forms: a *CellError when a cell is at fault (an
// amount that does not parse, a sheet without an indicator table), ErrNoForm when no sheet
// holds a form, a *FileError naming the limit for a file past one, another *FileError when
// the file is no workbook or a sheet cannot be read.
func Read(r io.Reader) ([]form.Form, error) {
	data, err := readFile(r)
	if err != nil {
		return nil, err
	}
	bk, err := readBook(data)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipBytes, UnzipXMLSizeLimit: maxPartBytes})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, &diag.FileError{Code: diag.FileNotWorkbook, Err: err}
	}
	defer f.Close()
	fm := &formatter{f: f, styles: &bk.styles, memo: map[cell]string{}}
	var forms []form.Form
	for _, sh := range bk.sheets {
		if sh.err != nil {
			return nil, &diag.FileError{Code: diag.FileSheetUnreadable, Args: []string{sh.name}, Err: sh.err}
		}
		g := newGrid(sh, fm)
		if g.empty() || g.isSummary() {
			continue
		}
		one, err := g.form()
		if err != nil {
			return nil, err
		}
		if len(one.Indicators) > form.MaxRows {
			return nil, &diag.FileError{Code: diag.FileTooManyIndicators, Args: []string{strconv.Itoa(len(forms) + 1), strconv.Itoa(form.MaxRows)}}
		}
		forms = append(forms, one)
	}
	if len(forms) == 0 {
		return nil, ErrNoForm
	}
	return forms, nil
}

// grid is one sheet: its cells and merged ranges, 0-based [row][col].
type grid struct {
	sh     *worksheet
	fm     *formatter
	sheet  string
	cells  [][]cell
	labels [][]string // the label of each cell of a row, made when the row is first asked for one
	width  int
	tl     map[[2]int][2]int // a cell covered by a merged range → the range's top-left cell
	br     map[[2]int][2]int // the top-left cell of a merged range → its bottom-right cell
	tops   map[[2]int]string // the text of a top-left cell read by merged, by cell
}

func newGrid(sh *worksheet, fm *formatter) *grid {
	g := &grid{sh: sh, fm: fm, sheet: sh.name, cells: sh.rows, labels: make([][]string, len(sh.rows)),
		tl: map[[2]int][2]int{}, br: map[[2]int][2]int{}, tops: map[[2]int]string{}}
	for _, row := range sh.rows {
		g.width = max(g.width, len(row))
	}
	// The ranges do not overlap (see disjoin): filling them costs at most the cells of the grid.
	for _, m := range sh.merges {
		top := [2]int{m.r1 - 1, m.c1 - 1}
		g.br[top] = [2]int{m.r2 - 1, m.c2 - 1}
		// Only the cells that hold data matter: whole-row or whole-column merges are clipped.
		for r := m.r1 - 1; r < min(m.r2, len(sh.rows)); r++ {
			for c := m.c1 - 1; c < min(m.c2, g.width); c++ {
				g.tl[[2]int{r, c}] = top
			}
		}
	}
	return g
}

// cellAt returns cell (r, c), the zero cell outside the grid.
func (g *grid) cellAt(r, c int) cell {
	if r < 0 || r >= len(g.cells) || c < 0 || c >= len(g.cells[r]) {
		return cell{}
	}
	return g.cells[r][c]
}

func (g *grid) rawAt(r, c int) string { return g.cellAt(r, c).v }

// style returns the style of cell (r, c) as excelize's GetCellStyle does: the cell's own,
// else its row's, else its column's.
func (g *grid) style(r, c int) int {
	if s := g.cellAt(r, c).s; s != 0 {
		return s
	}
	if s := g.sh.rowS[r]; s != 0 {
		return s
	}
	if c >= 0 && c < maxCols {
		return g.sh.colS[c]
	}
	return 0
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
// The labels of a row are made once: reading a form asks for most of them several times.
func (g *grid) label(r, c int) string {
	if r < 0 || r >= len(g.cells) || c < 0 || c >= len(g.cells[r]) {
		return ""
	}
	if g.labels[r] == nil {
		g.labels[r] = make([]string, len(g.cells[r]))
		for i, cl := range g.cells[r] {
			g.labels[r][i] = label(cl.v)
		}
	}
	return g.labels[r][c]
}

// label is a cell as the reader matches labels: normalised, squeezed, and in the words the
// text reader matches too (form.CanonicalLabel: 权重 is 分值, 完成值 实际完成值 …).
func label(s string) string {
	return form.CanonicalLabel(form.Squeeze(form.Normalize(s)))
}

func (g *grid) empty() bool {
	for _, row := range g.cells {
		for _, cl := range row {
			if form.TrimCell(cl.v) != "" {
				return false
			}
		}
	}
	return true
}

// isSummary reports the summary sheet of Write: its first text is a title ending in 汇总表.
func (g *grid) isSummary() bool {
	for r, row := range g.cells {
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

// text returns the value of (r, c) as people see it, trimmed (see Read). As excelize's cell
// functions do, it takes the type and the shown value of a cell covered by a merged range
// from the range's top-left cell, and the number format from the cell itself.
func (g *grid) text(r, c int, kind kind) string {
	raw := g.rawAt(r, c)
	if form.TrimCell(raw) == "" {
		return ""
	}
	top := g.cellAt(g.topLeft(r, c))
	switch top.t {
	case "b", "d":
		return form.TrimCell(g.fm.value(top))
	case "e", "s", "str", "inlineStr":
	default: // "", "n" or unknown: a number
		if d, ok := parseRaw(raw); ok {
			return g.numberText(r, c, top, d, kind)
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

// numberText shows the number d of cell (r, c) as its number format shows it, when the format
// is one of grouping and fixed decimals (or a percentage, for text cells) and shows d exactly;
// else d in its shortest form, or for text cells with another format (a date) the rendering
// of the cell top, which shows it (see text).
func (g *grid) numberText(r, c int, top cell, d decimal.Dec, kind kind) string {
	code := g.fm.styles.code(g.style(r, c))
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
		if v := form.TrimCell(g.fm.value(top)); v != "" {
			return v
		}
	}
	return d.String()
}

// builtinCodes are the codes of the built-in number formats styles.code understands.
var builtinCodes = map[int]string{0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%"}

// formatter shows cell values as excelize does, their number formats applied, by setting
// each on a scratch sheet of the workbook, which is never saved: excelize formats with the
// workbook's styles and date system, and never parses one of its sheets.
type formatter struct {
	f       *excelize.File
	styles  *styles
	scratch string // the scratch sheet, "" until needed
	broken  bool   // the scratch sheet could not be made
	memo    map[cell]string
}

// value returns cell c as excelize's GetCellValue shows it: a boolean as TRUE or FALSE, a
// date or a number in its number format (a number without one in its shortest form, "0.3"
// for "0.30000000000000004"); c.v when the format is longer than Excel allows (maxFormatLen),
// or when excelize cannot show it.
func (fm *formatter) value(c cell) string {
	switch {
	case c.t == "b" && c.v == "1":
		return "TRUE"
	case c.t == "b" && c.v == "0":
		return "FALSE"
	case c.t == "b", fm.styles.formatLen(c.s) > maxFormatLen:
		return c.v
	}
	when, isDate := dateOf(c)
	if c.t == "d" && !isDate {
		return c.v
	}
	if v, ok := fm.memo[c]; ok {
		return v
	}
	v := fm.format(c, when, isDate)
	fm.memo[c] = v
	return v
}

// format sets c on the scratch sheet, as the time when for a date, and returns it as
// excelize shows it. A cell with a style is set on A1, which takes each style in turn; one
// without on A2 and, a date, on A3 (excelize gives a date a style of its own), which keep none.
func (fm *formatter) format(c cell, when time.Time, isDate bool) string {
	if !fm.sheet() {
		return c.v
	}
	ref := "A1"
	switch {
	case isDate && c.s == 0:
		ref = "A3"
	case c.s == 0:
		ref = "A2"
	}
	var err error
	if isDate {
		err = fm.f.SetCellValue(fm.scratch, ref, when)
	} else {
		err = fm.f.SetCellDefault(fm.scratch, ref, c.v)
	}
	if err != nil {
		return c.v
	}
	if isDate && c.s == 0 { // a date without a style: excelize shows its serial number
		v, err := fm.f.GetCellValue(fm.scratch, ref, excelize.Options{RawCellValue: true})
		if n, perr := strconv.ParseFloat(v, 64); err == nil && perr == nil {
			return strconv.FormatFloat(n, 'G', 15, 64)
		}
		return c.v
	}
	if c.s != 0 {
		if err := fm.f.SetCellStyle(fm.scratch, ref, ref, c.s); err != nil {
			return c.v // no such style: excelize shows the value as stored
		}
	}
	if v, err := fm.f.GetCellValue(fm.scratch, ref); err == nil {
		return v
	}
	return c.v
}

// sheet makes the scratch sheet, with a name no sheet of the workbook has, and reports
// whether there is one.
func (fm *formatter) sheet() bool {
	for i := 0; fm.scratch == "" && !fm.broken; i++ {
		name := "selfeval-format-" + strconv.Itoa(i)
		idx, err := fm.f.GetSheetIndex(name)
		switch {
		case err != nil:
			fm.broken = true
		case idx < 0:
			if _, err := fm.f.NewSheet(name); err != nil {
				fm.broken = true
			} else {
				fm.scratch = name
			}
		}
	}
	return fm.scratch != ""
}

// dateOf reads the ISO 8601 date of a date cell (t="d") as excelize does; ok is false for
// another cell, or a date excelize does not read and shows as stored.
func dateOf(c cell) (t time.Time, ok bool) {
	if c.t != "d" {
		return time.Time{}, false
	}
	layout := "20060102T150405.999"
	if strings.HasSuffix(c.v, "Z") {
		layout = "20060102T150405Z"
		if strings.Contains(c.v, "-") {
			layout = "2006-01-02T15:04:05Z"
		}
	} else if strings.Contains(c.v, "-") {
		layout = "2006-01-02 15:04:05Z"
	}
	t, err := time.Parse(layout, strings.ReplaceAll(c.v, ",", "."))
	return t, err == nil
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
	for r := 0; r < min(limit, len(g.cells)); r++ {
		for c := range g.cells[r] {
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
		for c := 0; c < len(g.cells[r]) && !found; c++ {
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
	for r := range g.cells {
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

// amountUnit is the unit of amounts a sheet states at or above the funds header row fh:
// "项目资金（万元）", "（单位：万元）", "金额单位：万元". A sheet that states none is in 元, and
// so is a form in 元 (the empty unit), so that a form read back equals the form written.
func (g *grid) amountUnit(fh int) form.AmountUnit {
	for r := fh; r >= 0; r-- {
		for c := range g.cells[r] {
			l := g.label(r, c)
			if l == "" || utf8.RuneCountInString(l) > 24 {
				continue
			}
			u, ok := form.UnitInLabel(l)
			if !ok {
				u, ok = form.ParseAmountUnit(l)
			}
			if ok {
				if u == form.Yuan {
					return ""
				}
				return u
			}
		}
	}
	return ""
}

// fundsRowOf returns the index in form.FundsRowNames of a funds row label, or -1.
func fundsRowOf(l string) int {
	if utf8.RuneCountInString(l) > 16 {
		return -1 // prose, not a label
	}
	switch {
	case strings.Contains(l, "资金总额") || l == "总额":
		return 0
	case strings.Contains(l, "财政拨款") || strings.HasSuffix(l, "财政资金"):
		return 1
	case strings.Contains(l, "结转"):
		return 2
	case strings.Contains(l, "其他资金"):
		return 3
	case strings.Contains(l, "财政专户"):
		return 4
	case strings.Contains(l, "单位资金"):
		return 5
	}
	return -1
}

// funds reads the funds header and the funds rows under it, above row limit.
func (g *grid) funds(fm *form.Form, limit int) error {
	fh := -1
	for r := 0; r < min(limit, len(g.cells)); r++ {
		if (g.rowHas(r, "全年预算") || g.rowHas(r, "调整后预算")) && (g.rowHas(r, "全年执行") || g.rowHas(r, "执行数")) {
			fh = r
			break
		}
	}
	if fh < 0 {
		return nil
	}
	fm.AmountUnit = g.amountUnit(fh)
	initial, adjusted, executed, weight := -1, -1, -1, -1
	first := g.width // the leftmost amount column: labels stand left of it
	for c := range g.cells[fh] {
		if !g.own(fh, c) {
			continue
		}
		l := g.label(fh, c)
		switch {
		case strings.Contains(l, "年初预算") && initial < 0:
			initial = c
		case (strings.Contains(l, "全年预算") || strings.Contains(l, "调整后预算")) && adjusted < 0:
			adjusted = c
		case (strings.Contains(l, "全年执行") || strings.HasSuffix(l, "执行数")) && executed < 0:
			executed = c
		case (strings.Contains(l, "分值") || l == "权重") && weight < 0:
			weight = c
		default:
			continue
		}
		first = min(first, c)
	}
	seen := [len(form.FundsRowNames)]bool{}
	for r := fh + 1; r < min(limit, len(g.cells)); r++ {
		k := -1
		for c := 0; c < min(first, len(g.cells[r])) && k < 0; c++ {
			if g.own(r, c) {
				k = fundsRowOf(g.label(r, c))
			}
		}
		if k < 0 || seen[k] {
			continue
		}
		seen[k] = true
		if k >= 4 { // a row only Sichuan's template has
			fm.Template = form.TemplateSichuan2023.Name
		}
		row := fm.Funds.Row(form.FundsRowNames[k])
		for _, it := range []struct {
			dst *string
			col int
		}{{&row.Initial, initial}, {&row.Adjusted, adjusted}, {&row.Executed, executed}} {
			v, err := g.amount(r, it.col, fm.AmountUnit.Unit())
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
func (g *grid) amount(r, c int, u form.AmountUnit) (string, error) {
	if c < 0 || !g.own(r, c) {
		return "", nil
	}
	v := g.text(r, c, kindAmount)
	if v == "" || dash(v) {
		return "", nil
	}
	_, err := form.ParseAmountIn(v, u)
	if err == nil || errors.Is(err, form.ErrEmpty) {
		return v, nil
	}
	e := &diag.CellError{Code: diag.CellAmountSyntax, Sheet: g.sheet, Cell: cellRef(c+1, r+1), Value: v}
	switch {
	case errors.Is(err, form.ErrTooPrecise) && u == form.WanYuan:
		e.Code = diag.CellAmountPrecisionWan
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
	nature, unit                                          int // Sichuan's split target: 指标性质 (≥, =, ≤) and 度量单位, joined to 指标值
}

// indicators reads the indicator rows under the header row hr until the 总分 row. Level-1 and
// level-2 cells merged over several rows apply to each of them; an empty level-1 cell takes the
// label of the row above, and so does an empty level-2 cell under the same level 1. Blank rows
// and repeated header rows are skipped.
func (g *grid) indicators(hr int) ([]form.Indicator, error) {
	ic := indCols{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}
	start := hr + 1
	for c := range g.cells[hr] {
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
		case strings.Contains(l, "实际完成") || l == "完成值" || l == "全年实际值" || l == "实际值":
			dst = &ic.actual
		case strings.Contains(l, "指标值"):
			dst = &ic.target
		case l == "指标性质" || l == "指标方向":
			dst = &ic.nature
		case l == "度量单位" || l == "计量单位":
			dst = &ic.unit
		case strings.Contains(l, "分值") || l == "权重":
			dst = &ic.weight
		case strings.Contains(l, "得分"):
			dst = &ic.score
		case strings.Contains(l, "偏差") || strings.Contains(l, "未完成原因"):
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
	for r := start; r < len(g.cells); r++ {
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
			Target:    g.target(r, &ic),
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

// target reads the target of row r: the 指标值 cell, or Sichuan's split target joined
// ("≥" "95" "%" → "≥95%"); a dash of "not applicable" in a part is left out.
func (g *grid) target(r int, ic *indCols) string {
	if ic.nature < 0 && ic.unit < 0 {
		return g.cellText(r, ic.target, kindText)
	}
	var b strings.Builder
	for _, c := range []int{ic.nature, ic.target, ic.unit} {
		if v := g.cellText(r, c, kindText); !dash(v) {
			b.WriteString(v)
		}
	}
	return b.String()
}

// isTotalRow reports the 总分 row: a label starting with 总分 left of or in column name.
func (g *grid) isTotalRow(r, name int) bool {
	last := len(g.cells[r]) - 1
	if name >= 0 {
		last = min(last, name)
	}
	for c := 0; c <= last; c++ {
		if l := g.label(r, c); g.own(r, c) && (strings.HasPrefix(l, "总分") || l == "合计") {
			return true
		}
	}
	return false
}

// merged returns the text of (r, c), or of the merged range covering it; a range's text is
// read once, however many rows it covers.
func (g *grid) merged(r, c int) string {
	if c < 0 {
		return ""
	}
	tr, tc := g.topLeft(r, c)
	top := [2]int{tr, tc}
	if v, ok := g.tops[top]; ok {
		return v
	}
	v := g.text(tr, tc, kindText)
	g.tops[top] = v
	return v
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
