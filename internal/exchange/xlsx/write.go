// Package xlsx writes forms as an Excel workbook, one sheet a form laid out as the official
// table, with a summary sheet (write.go), and reads such workbooks back (read.go).
//
// A form sheet is the official printed table, nine columns A–I (1-based rows):
//
//	row 1    A1:I1 merged   财政项目支出绩效自评表
//	row 2    A2:I2 merged   (2022 年度)
//	row 3    A3 项目名称     B3:I3 merged project
//	row 4    A4 主管部门     B4:D4 merged department   E4 实施单位   F4:I4 merged unit
//	row 5    A5:A9 merged 项目资金（元 or 万元）B5 —  C5 年初预算数  D5 全年预算数  E5 全年执行数
//	         F5 分值  G5 执行率  H5:I5 得分
//	rows 6–9 B 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金, C–E the three amounts;
//	         row 6 only: F6 budget weight, G6 execution rate (formula), H6:I6 budget score (formula);
//	         F7:F9 "—"
//	row 10   A10:A11 merged 年度总体目标  B10:D10 预期目标  E10:I10 实际完成情况
//	row 11   B11:D11 goals.expected  E11:I11 goals.achieved
//	row 12   A 绩效指标 (merged down over the indicator rows)  B 一级指标  C 二级指标  D 三级指标
//	         E 年度指标值  F 实际完成值  G 分值  H 得分  I 偏差原因分析及改进措施
//	         [J 达成情况, only when a row has a chosen grade; outside the print area]
//	rows 13… one indicator per row; B and C merged vertically over consecutive equal labels
//	         (C only within one B group)
//	row T    A:F merged 总分  G = budget weight + SUM(weights)  H = budget score + SUM(scores)
//
// Formulas keep the workbook live and carry the rules of the form's profile (rules 1, 2, 8,
// 13: its rounding and places, budget weight, rate bands, caps, deductions and grade bands),
// each with the cached value scoring.Score computed, for readers that do not recalculate:
//
//	G6  =IF(D6=0,0,ROUNDUP(MAX(0,E6*10000/D6-1E-9),0)/100)  shown as 99.03%  (ROUNDDOWN/ROUND per
//	    profile; E6*100/D6 and no /100 for a profile of whole percents, shown as 99%)
//	H6  =ROUND(MIN(G6,100)*IF(ISNUMBER(F6),F6,10)+1E-9,0)/100  (the profile's rounding and places;
//	    rate bands: the weight times a nested IF of shares)
//	GT  =IF(ISNUMBER(F6),F6,10)+SUM(G13:G…)
//	HT  =H6+SUM(H13:H…)[+IF(ISNUMBER(Hn),0,suggested) for a blank score the rules suggest, the
//	    suggestion written MAX(0,Gn-2) where the profile deducts 2 points from it]
//	    (wrapped in MIN(…,IF(G6<50,59,IF(G6<60,69,…,1E+300))) when the profile caps the total)
//
// Every rounding is computed on a whole number of the last place kept (hundredths of a percent,
// hundredths of a point) with an epsilon of 1E-9, so that binary floating-point noise cannot
// round an exact 99.03 up to 99.04 nor 9.705 down to 9.70 (see roundScaled).
//
// How amounts, weights and scores keep the text people typed: a value that parses
// (form.ParseAmount, form.ParseNumber) is written as a number, so that the formulas work, and
// its number format is chosen to show the text exactly as typed when the text has the usual
// shape — ASCII digits, optionally grouped by commas in threes, optionally a point and decimals:
// "70,000" is 70000 shown with #,##0, "71200.00" is 71200 with 0.00, "9.9" is 9.9 with 0.0,
// "0" is 0 with 0. The reader turns the value and that format back into the same text, so such
// values round-trip exactly. A value that parses but is typed otherwise ("７００００",
// "70，000", "70000元", "7,0000", " 5") is written as a number with #,##0.00 (amounts) or General
// (weights, scores): its value is kept, its typing is not ("70,000.00"). Text that does not
// parse is written as text, nothing lost.
package xlsx

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/decimal"
	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

// ErrNoForm is returned by Read when no sheet of the workbook holds a form.
var ErrNoForm error = &diag.FileError{Code: diag.FileNoWorkbookForm}

// Labels and geometry of the layout described at the top of this file.
const (
	title        = "财政项目支出绩效自评表"
	summaryTitle = "财政项目支出绩效自评汇总表"
	summarySheet = "汇总"

	rowTitle     = 1
	rowYear      = 2
	rowProject   = 3
	rowOrg       = 4
	rowFundsHead = 5
	rowFunds     = 6 // the funds rows of the template: rows 6–9 in Shanghai's, 6–10 in Sichuan's
	rowGoalsHead = 10
	rowGoals     = 11
	rowIndHead   = 12
	rowInd       = 13 // first indicator row; the 总分 row follows the last one
	// The rows from rowGoalsHead down are those of a form with four funds rows: a template
	// with more (Sichuan's five) moves them down by as many (sheet.below).

	numCols = 9 // A–I; J is the optional 达成情况 column

	maxCellChars = 32767 // Excel's limit of characters in one cell
)

// indHeader is the indicator header row, columns A–I, then the optional J.
var indHeader = [...]string{"绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "达成情况"}

// sichuanHeader are the labels Sichuan's 2023 template gives the indicator columns that it
// words its own way (its target, split into 指标性质 / 指标值 / 度量单位, is one column here).
var sichuanHeader = map[string]string{"实际完成值": "完成值", "分值": "权重", "偏差原因分析及改进措施": "未完成原因分析"}

// headerLabel is the label of indicator column c (from 0) in the form's template.
func headerLabel(template string, c int) string {
	if l, ok := sichuanHeader[indHeader[c]]; ok && template == form.TemplateSichuan2023.Name {
		return l
	}
	return indHeader[c]
}

// achievementLabels are the Chinese names of the grades a person chooses (rule 4).
var achievementLabels = map[form.Achievement]string{
	form.Achieved: "达成年度指标",
	form.Partial:  "部分达成",
	form.Missed:   "未达成",
}

// widths are the column widths A–J, in Excel's units (about one digit each; a Chinese
// character takes about two).
var widths = [...]float64{9, 14, 16, 24, 16, 15, 9, 9, 28, 12}

// Number formats.
const (
	fmtGeneral = "General"
	fmtAmount  = "#,##0.00"
	fmtScore   = "0.00"
	fmtRate    = `0.00"%"`
	fmtWhole   = "0"    // scores of a profile that prints whole points
	fmtWholeRt = `0"%"` // rates of a profile that prints whole percents
)

// rateFmt is the number format of the execution rate under the profile being written.
func (xw *writer) rateFmt() string {
	if xw.p.RatePlaces == 0 {
		return fmtWholeRt
	}
	return fmtRate
}

// scoreFmt is the number format of computed scores under the profile being written.
func (xw *writer) scoreFmt() string {
	if xw.p.ScorePlaces == 0 {
		return fmtWhole
	}
	return fmtScore
}

// Write writes the forms as a workbook: one sheet per form in the official layout, plus a
// summary sheet (项目, 实施单位, 执行率, 总分, 等级 …) when there is more than one form. Figures
// are computed with profile p (scoring.Default when nil), as live formulas with cached values.
func Write(w io.Writer, forms []form.Form, p *scoring.Profile) error {
	profiles := make([]*scoring.Profile, len(forms))
	for i := range profiles {
		profiles[i] = p
	}
	return WriteProfiles(w, forms, profiles)
}

// WriteProfiles is Write with each form's own profile (profiles[i] for forms[i];
// scoring.Default where nil): the formulas of a form's sheet and of its summary row follow
// the rules it was scored with. It writes through a Workbook, as an export that reads its
// forms one by one does.
func WriteProfiles(w io.Writer, forms []form.Form, profiles []*scoring.Profile) error {
	if len(forms) == 0 {
		return errors.New("xlsx: no form to write")
	}
	if len(profiles) != len(forms) {
		return fmt.Errorf("xlsx: %d profiles for %d forms", len(profiles), len(forms))
	}
	book, err := NewWorkbook(len(forms) > 1)
	if err != nil {
		return err
	}
	defer book.Close()
	for i := range forms {
		if err := book.Add(&forms[i], profiles[i]); err != nil {
			return err
		}
	}
	_, err = book.WriteTo(w)
	return err
}

// checkLengths refuses text that a cell cannot hold rather than truncating it.
func checkLengths(f *form.Form) error {
	for _, fd := range form.Fields(f) {
		if n := utf8.RuneCountInString(fd.Value); n > maxCellChars {
			return fmt.Errorf("xlsx: form %q, %s: %d characters, more than an Excel cell holds (%d)", f.Project, fd.Path, n, maxCellChars)
		}
	}
	for _, s := range []string{f.Department, f.Unit} {
		if n := utf8.RuneCountInString(s); n > maxCellChars {
			return fmt.Errorf("xlsx: form %q: %d characters, more than an Excel cell holds (%d)", f.Project, n, maxCellChars)
		}
	}
	return nil
}

// sheetName makes a project name a valid, unique sheet name: no []:*?/\, no apostrophe at
// either end, at most 31 UTF-16 units, unique ignoring case. used is updated.
func sheetName(project string, i int, used map[string]bool) string {
	base := strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			return '_'
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, project)
	base = strings.Trim(strings.TrimSpace(base), "'")
	if base == "" || strings.EqualFold(base, "History") {
		base = "表" + strconv.Itoa(i+1)
	}
	for n := 1; ; n++ {
		suffix := ""
		if n > 1 {
			suffix = "(" + strconv.Itoa(n) + ")"
		}
		name := truncate(base, 31-len(suffix)) + suffix
		name = strings.TrimRight(name, "'")
		if key := strings.ToLower(name); !used[key] {
			used[key] = true
			return name
		}
	}
}

// truncate cuts s to at most n UTF-16 units, as Excel counts sheet-name length.
func truncate(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i]
		}
	}
	return s
}

// quote quotes a sheet name for a formula: 'name' with ' doubled.
func quote(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'" }

// cellRef returns the A1 reference of a 1-based column and row.
func cellRef(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// colName returns the letters of a 1-based column.
func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

type styleKind uint8

const (
	stTitle  styleKind = iota // big bold centred, no border
	stYear                    // centred, no border
	stLabel                   // bold centred, bordered, wrapped
	stText                    // left, bordered, wrapped
	stCenter                  // centred, bordered, wrapped (labels of the indicator tree, "—")
	stNumber                  // right, bordered, with a number format
	stPlain                   // no border (summary title)
)

type styleKey struct {
	kind   styleKind
	numFmt string
}

// builtinFormats are number formats Excel knows by id.
var builtinFormats = map[string]int{fmtGeneral: 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}

type writer struct {
	f      *excelize.File
	p      *scoring.Profile // the profile of the form being written
	styles map[styleKey]int
	names  []definedName // the print areas and titles, given to the workbook at the end
}

// style returns the id of a style of the given kind and number format, made once per workbook.
func (xw *writer) style(kind styleKind, numFmt string) (int, error) {
	key := styleKey{kind, numFmt}
	if id, ok := xw.styles[key]; ok {
		return id, nil
	}
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	st := &excelize.Style{
		Font:      &excelize.Font{Family: "宋体", Size: 10},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    border,
	}
	switch kind {
	case stTitle:
		st.Font = &excelize.Font{Family: "宋体", Size: 16, Bold: true}
		st.Alignment.Horizontal = "center"
		st.Border = nil
	case stYear:
		st.Alignment.Horizontal = "center"
		st.Border = nil
	case stPlain:
		st.Font = &excelize.Font{Family: "宋体", Size: 14, Bold: true}
		st.Alignment.Horizontal = "center"
		st.Border = nil
	case stLabel:
		st.Font.Bold = true
		st.Alignment.Horizontal = "center"
	case stCenter:
		st.Alignment.Horizontal = "center"
	case stText:
		st.Alignment.Horizontal = "left"
	case stNumber:
		st.Alignment.Horizontal = "right"
		st.Alignment.WrapText = false
	}
	if numFmt != "" {
		if id, ok := builtinFormats[numFmt]; ok {
			st.NumFmt = id
		} else {
			code := numFmt
			st.CustomNumFmt = &code
		}
	}
	id, err := xw.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	xw.styles[key] = id
	return id, nil
}

// row is one row being built: cells A… as excelize.Cell values, and merges to make.
type row struct {
	xw    *writer
	cells []any
	err   error
}

func (xw *writer) newRow(cols int) *row {
	return &row{xw: xw, cells: make([]any, cols)}
}

// set puts a value (nil for none) with a style in 1-based column col.
func (r *row) set(col int, kind styleKind, numFmt string, value any) {
	id, err := r.xw.style(kind, numFmt)
	if err != nil && r.err == nil {
		r.err = err
	}
	if s, ok := value.(string); ok && s == "" {
		value = nil
	}
	r.cells[col-1] = excelize.Cell{StyleID: id, Value: value}
}

// formula puts a formula with its cached value in column col.
func (r *row) formula(col int, numFmt, formula string, cached any) {
	id, err := r.xw.style(stNumber, numFmt)
	if err != nil && r.err == nil {
		r.err = err
	}
	r.cells[col-1] = excelize.Cell{StyleID: id, Formula: formula, Value: cached}
}

// fill gives the empty cells of columns from–to (1-based) a style, so that borders of merged
// ranges are drawn.
func (r *row) fill(from, to int, kind styleKind) {
	for c := from; c <= to; c++ {
		if r.cells[c-1] == nil {
			r.set(c, kind, "", nil)
		}
	}
}

// text puts a text value (or nothing for "") in column col.
func (r *row) text(col int, kind styleKind, s string) { r.set(col, kind, "", s) }

// number puts an amount (amount true) or a weight or score as a number when it parses, with
// a format that shows it as typed (see the top of this file), else as text.
func (r *row) number(col int, s string, amount bool) {
	v, numFmt := number(s, amount)
	r.typed(col, v, numFmt)
}

// typed puts what number or amountIn made of a typed value: a number with its format, or text.
func (r *row) typed(col int, v any, numFmt string) {
	if _, isText := v.(string); isText {
		r.set(col, stText, "", v)
		return
	}
	r.set(col, stNumber, numFmt, v)
}

// amount puts an amount in unit u as a number when it parses, else as text.
func (r *row) amount(col int, s string, u form.AmountUnit) {
	v, numFmt := amountIn(s, u)
	r.typed(col, v, numFmt)
}

// fmtAmountWan shows an amount in 万元 with the places it has, two to six.
const fmtAmountWan = "#,##0.00####"

// amountIn is number for an amount in unit u: in 万元 up to six decimals, and #,##0.00####
// when the typing is unusual.
func amountIn(s string, u form.AmountUnit) (any, string) {
	if u.Unit() == form.Yuan {
		return number(s, true)
	}
	return typedNumber(s, func(s string) (decimal.Dec, error) { return form.ParseAmountIn(s, u) }, fmtAmountWan)
}

// number returns the cell value and number format of a typed amount or number: a float64
// and a format that shows the typed text when the text parses (the format of the typed
// shape, or #,##0.00 / General when the typing is unusual), else the text itself.
func number(s string, amount bool) (any, string) {
	if amount {
		return typedNumber(s, form.ParseAmount, fmtAmount)
	}
	return typedNumber(s, form.ParseNumber, fmtGeneral)
}

// typedNumber is the cell of s read by parse: the number with the format of its typed shape
// (unusual when the typing has none), or the text itself when it does not parse.
func typedNumber(s string, parse func(string) (decimal.Dec, error), unusual string) (any, string) {
	if s == "" {
		return nil, ""
	}
	d, err := parse(s)
	if err != nil {
		return s, ""
	}
	v, ok := float(d)
	if !ok {
		return s, ""
	}
	if code, ok := shape(s); ok {
		return v, code
	}
	return v, unusual
}

// float returns d as a float64 when that is exact as Excel stores numbers: at most 15
// significant digits, so that the shortest text of the float is the decimal itself.
func float(d decimal.Dec) (float64, bool) {
	s := d.String()
	digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(s), "0")
	if len(digits) > 15 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// shape returns the number format that shows s exactly when s has the usual shape: ASCII
// digits without leading zeros, grouped by commas in threes or not at all, optionally a point
// and 1–6 decimals ("70,000" → #,##0; "71200.00" → 0.00; "0" → 0).
func shape(s string) (string, bool) {
	ip, frac, point := strings.Cut(s, ".")
	if point && (frac == "" || len(frac) > decimal.Places || !digits(frac)) {
		return "", false
	}
	code := "0"
	if strings.Contains(ip, ",") {
		groups := strings.Split(ip, ",")
		first := groups[0]
		if first == "" || len(first) > 3 || first[0] == '0' || !digits(first) {
			return "", false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || !digits(g) {
				return "", false
			}
		}
		code = "#,##0"
	} else if ip == "" || !digits(ip) || (len(ip) > 1 && ip[0] == '0') {
		return "", false
	}
	if point {
		code += "." + strings.Repeat("0", len(frac))
	}
	return code, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// decFloat is the cached value of a computed figure.
func decFloat(d decimal.Dec) float64 {
	v, _ := strconv.ParseFloat(d.String(), 64)
	return v
}

// lineCount estimates how many lines s takes in a wrapped cell width units wide.
func lineCount(s string, width float64) int {
	if s == "" {
		return 1
	}
	n := 0
	for _, para := range strings.Split(s, "\n") {
		w := 0.0
		for _, r := range para {
			if r < 0x1100 {
				w++
			} else {
				w += 2
			}
		}
		lines := int(w/(width-1.5)) + 1
		if w > 0 && w/(width-1.5) == float64(int(w/(width-1.5))) {
			lines--
		}
		n += max(lines, 1)
	}
	return n
}

// height is the height in points of a row whose cells hold texts in widths.
func height(least float64, cells ...any) float64 {
	lines := 1
	for i := 0; i+1 < len(cells); i += 2 {
		lines = max(lines, lineCount(cells[i].(string), cells[i+1].(float64)))
	}
	return max(least, min(409, float64(lines)*13.5+5))
}

// span is the width of columns from–to (1-based).
func span(from, to int) float64 {
	w := 0.0
	for c := from; c <= to; c++ {
		w += widths[c-1]
	}
	return w
}

// formSheet writes one form on sheet name, the index-th of the workbook, and returns the
// number of its 总分 row: the title,
// the header (project, department, unit), the funds, the goals, the indicators and the total,
// each a section of its own, then the merged cells they asked for.
func (xw *writer) formSheet(name string, index int, f *form.Form, res *scoring.Result) (int, error) {
	n := len(f.Indicators)
	fundsRows := form.TemplateOf(f.Template).RowsOf(&f.Funds)
	below := len(fundsRows) - 4
	totalRow := rowInd + below + n
	cols := numCols
	for _, in := range f.Indicators {
		if in.Achievement != "" {
			cols = numCols + 1
			break
		}
	}
	if err := xw.pageSetup(name, index, numCols, totalRow, rowIndHead+below); err != nil {
		return 0, err
	}
	sw, err := xw.f.NewStreamWriter(name)
	if err != nil {
		return 0, err
	}
	// The stream writer puts each new column first: set them from the last so that the
	// <col> elements come out in ascending order, as Excel wants them.
	for c := cols; c >= 1; c-- {
		if err := sw.SetColWidth(c, c, widths[c-1]); err != nil {
			return 0, err
		}
	}
	s := &sheet{writer: xw, sw: sw, cols: cols, totalRow: totalRow, fundsRows: fundsRows, below: below}
	for _, section := range []func(*form.Form, *scoring.Result) error{s.title, s.header, s.funds, s.goals, s.indicators, s.total} {
		if err := section(f, res); err != nil {
			return 0, err
		}
	}
	for _, m := range s.merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return 0, err
		}
	}
	return totalRow, sw.Flush()
}

// sheet is one form's sheet being written, row by row, by the sections of formSheet.
type sheet struct {
	*writer
	sw       *excelize.StreamWriter
	merges   [][2]string
	cols     int // 9, or 10 when a row has a chosen grade
	totalRow int
	// fundsRows are the funds rows of the form's template (and any other that holds an
	// amount); below is how many more than four they are: the rows under them move down by it.
	fundsRows []form.TemplateRow
	below     int
}

// merge asks for the cells c1:r1 … c2:r2 to be merged once the rows are written.
func (xw *sheet) merge(c1, r1, c2, r2 int) {
	xw.merges = append(xw.merges, [2]string{cellRef(c1, r1), cellRef(c2, r2)})
}

// put writes row rowNo.
func (xw *sheet) put(rowNo int, r *row, height float64) error {
	if r.err != nil {
		return r.err
	}
	return xw.sw.SetRow(cellRef(1, rowNo), r.cells, excelize.RowOpts{Height: height})
}

// title writes the title and the year.
func (xw *sheet) title(f *form.Form, _ *scoring.Result) error {
	r := xw.newRow(numCols)
	r.text(1, stTitle, title)
	r.fill(2, numCols, stTitle)
	xw.merge(1, rowTitle, numCols, rowTitle)
	if err := xw.put(rowTitle, r, 30); err != nil {
		return err
	}
	year := "    "
	if f.Year != 0 {
		year = strconv.Itoa(f.Year)
	}
	r = xw.newRow(numCols)
	r.text(1, stYear, "("+year+" 年度)")
	r.fill(2, numCols, stYear)
	xw.merge(1, rowYear, numCols, rowYear)
	if err := xw.put(rowYear, r, 20); err != nil {
		return err
	}

	return nil
}

// header writes the project, the department and the unit.
func (xw *sheet) header(f *form.Form, _ *scoring.Result) error {
	r := xw.newRow(numCols)
	r.text(1, stLabel, "项目名称")
	r.text(2, stText, f.Project)
	r.fill(3, numCols, stText)
	xw.merge(2, rowProject, numCols, rowProject)
	if err := xw.put(rowProject, r, height(20, f.Project, span(2, numCols))); err != nil {
		return err
	}
	r = xw.newRow(numCols)
	r.text(1, stLabel, "主管部门")
	r.text(2, stText, f.Department)
	r.fill(3, 4, stText)
	r.text(5, stLabel, "实施单位")
	r.text(6, stText, f.Unit)
	r.fill(7, numCols, stText)
	xw.merge(2, rowOrg, 4, rowOrg)
	xw.merge(6, rowOrg, numCols, rowOrg)
	if err := xw.put(rowOrg, r, height(20, f.Department, span(2, 4), f.Unit, span(6, numCols))); err != nil {
		return err
	}

	return nil
}

// funds writes the funds grid with the execution rate and the budget score.
func (xw *sheet) funds(f *form.Form, res *scoring.Result) error {
	r := xw.newRow(numCols)
	t := form.TemplateOf(f.Template)
	r.text(1, stLabel, t.FundsLabel+"（"+string(f.AmountUnit.Unit())+"）")
	for i, h := range []string{"", t.Columns[0], t.Columns[1], t.Columns[2], "分值", "执行率", "得分"} {
		r.text(2+i, stLabel, h)
	}
	r.fill(9, 9, stLabel)
	xw.merge(1, rowFundsHead, 1, rowFunds+len(xw.fundsRows)-1)
	xw.merge(8, rowFundsHead, 9, rowFundsHead)
	if err := xw.put(rowFundsHead, r, 20); err != nil {
		return err
	}
	w := xw.weightExpr()
	for i, fr := range xw.fundsRows {
		row := f.Funds.Row(fr.Key)
		rowNo := rowFunds + i
		r = xw.newRow(numCols)
		r.fill(1, 1, stLabel)
		r.text(2, stCenter, fr.Label)
		r.amount(3, row.Initial, f.AmountUnit)
		r.amount(4, row.Adjusted, f.AmountUnit)
		r.amount(5, row.Executed, f.AmountUnit)
		if i == 0 {
			r.number(6, f.BudgetWeight, false)
			r.formula(7, xw.rateFmt(), xw.rateFormula(), decFloat(res.ExecutionRate))
			r.formula(8, xw.scoreFmt(), xw.budgetFormula(w), decFloat(res.BudgetScore))
		} else {
			r.text(6, stCenter, "—")
		}
		r.fill(3, numCols, stCenter)
		xw.merge(8, rowNo, 9, rowNo)
		if err := xw.put(rowNo, r, 20); err != nil {
			return err
		}
	}

	return nil
}

// goals writes the annual goals.
func (xw *sheet) goals(f *form.Form, _ *scoring.Result) error {
	r := xw.newRow(numCols)
	r.text(1, stLabel, "年度总体目标")
	r.text(2, stLabel, "预期目标")
	r.fill(3, 4, stLabel)
	r.text(5, stLabel, "实际完成情况")
	r.fill(6, numCols, stLabel)
	head, goals := rowGoalsHead+xw.below, rowGoals+xw.below
	xw.merge(1, head, 1, goals)
	xw.merge(2, head, 4, head)
	xw.merge(5, head, numCols, head)
	if err := xw.put(head, r, 20); err != nil {
		return err
	}
	r = xw.newRow(numCols)
	r.fill(1, 1, stLabel)
	r.text(2, stText, f.Goals.Expected)
	r.fill(3, 4, stText)
	r.text(5, stText, f.Goals.Achieved)
	r.fill(6, numCols, stText)
	xw.merge(2, goals, 4, goals)
	xw.merge(5, goals, numCols, goals)
	if err := xw.put(goals, r, height(40, f.Goals.Expected, span(2, 4), f.Goals.Achieved, span(5, numCols))); err != nil {
		return err
	}

	return nil
}

// indicators writes the indicator table, its labels merged over their runs.
func (xw *sheet) indicators(f *form.Form, _ *scoring.Result) error {
	cols, n := xw.cols, len(f.Indicators)
	rowIndHead, rowInd := rowIndHead+xw.below, rowInd+xw.below
	r := xw.newRow(cols)
	for c := 1; c <= cols; c++ {
		r.text(c, stLabel, headerLabel(f.Template, c-1))
	}
	if n > 0 {
		xw.merge(1, rowIndHead, 1, rowInd+n-1)
	}
	if err := xw.put(rowIndHead, r, 28); err != nil {
		return err
	}
	for i := range f.Indicators {
		in := &f.Indicators[i]
		rowNo := rowInd + i
		// A label stands in the first row of its group only: the others are covered by the
		// merged cell made below.
		l1, l2 := in.Level1, in.Level2
		if i > 0 && f.Indicators[i-1].Level1 == in.Level1 {
			l1 = ""
			if f.Indicators[i-1].Level2 == in.Level2 {
				l2 = ""
			}
		}
		r = xw.newRow(cols)
		r.fill(1, 1, stLabel)
		r.text(2, stCenter, l1)
		r.text(3, stCenter, l2)
		r.text(4, stText, in.Name)
		r.text(5, stCenter, in.Target)
		r.text(6, stCenter, in.Actual)
		r.number(7, in.Weight, false)
		r.number(8, in.Score, false)
		r.text(9, stText, in.Deviation)
		if cols > numCols {
			a := string(in.Achievement)
			if zh, ok := achievementLabels[in.Achievement]; ok {
				a = zh
			}
			r.text(10, stCenter, a)
		}
		r.fill(1, cols, stCenter)
		h := height(20, in.Level1, widths[1], in.Level2, widths[2], in.Name, widths[3],
			in.Target, widths[4], in.Actual, widths[5], in.Deviation, widths[8])
		if err := xw.put(rowNo, r, h); err != nil {
			return err
		}
	}
	// Level-1 and level-2 cells merged over consecutive equal labels (level 2 within level 1).
	for _, r1 := range form.LabelRuns(f.Indicators) {
		if r1.Label != "" && r1.To-r1.From > 1 {
			xw.merge(2, rowInd+r1.From, 2, rowInd+r1.To-1)
		}
		for _, r2 := range r1.Sub {
			if r2.Label != "" && r2.To-r2.From > 1 {
				xw.merge(3, rowInd+r2.From, 3, rowInd+r2.To-1)
			}
		}
	}

	return nil
}

// total writes the total row: the weight sum and the total as formulas over the rows.
func (xw *sheet) total(f *form.Form, res *scoring.Result) error {
	n, totalRow, w := len(f.Indicators), xw.totalRow, xw.weightExpr()
	rowInd := rowInd + xw.below
	r := xw.newRow(numCols)
	r.text(1, stLabel, "总分")
	r.fill(2, 6, stLabel)
	xw.merge(1, totalRow, 6, totalRow)
	wsum, tsum := w, "H"+strconv.Itoa(rowFunds)
	if n > 0 {
		wsum += fmt.Sprintf("+SUM(G%d:G%d)", rowInd, totalRow-1)
		tsum += fmt.Sprintf("+SUM(H%d:H%d)", rowInd, totalRow-1)
	}
	// A blank score counts as the score the rules suggest (DOMAIN.md: an empty score means
	// "take the suggested score"), until someone types one.
	// A deduction (指标偏离) shows in the suggestion as the full weight less its points.
	for i, in := range f.Indicators {
		if in.Score == "" && i < len(res.Indicators) && res.Indicators[i].HasSuggested {
			ir := &res.Indicators[i]
			suggested := ir.Suggested.String()
			if d := xw.p.Deduction; d != nil && !ir.Deducted.IsZero() {
				suggested = fmt.Sprintf("MAX(0,%s-%s)", ir.Suggested.Add(ir.Deducted).String(), d.Points.String())
			}
			tsum += fmt.Sprintf("+IF(ISNUMBER(H%d),0,%s)", rowInd+i, suggested)
		}
	}
	if caps := xw.p.Caps; len(caps) > 0 {
		limit := "1E+300"
		for i := len(caps) - 1; i >= 0; i-- {
			limit = fmt.Sprintf("IF(G%d<%s,%s,%s)", rowFunds, caps[i].RateBelow.String(), caps[i].Max.String(), limit)
		}
		tsum = "MIN(" + tsum + "," + limit + ")"
	}
	r.formula(7, fmtGeneral, wsum, decFloat(res.WeightSum))
	r.formula(8, xw.scoreFmt(), tsum, decFloat(res.Total))
	r.fill(9, numCols, stCenter)
	if err := xw.put(totalRow, r, 22); err != nil {
		return err
	}
	return nil
}

// weightExpr is the budget weight of the total funds row, or the profile's when it is not a number.
func (xw *writer) weightExpr() string {
	return fmt.Sprintf("IF(ISNUMBER(F%d),F%d,%s)", rowFunds, rowFunds, xw.p.BudgetWeight.String())
}

// rateFormula is rule 1 with the profile's rounding and places, computed on a whole number
// of the last place kept: ROUNDUP(E6/D6*100, 2) is ROUNDUP(E6*10000/D6−1E-9, 0)/100, without
// the binary noise that turns an exact 98.84 into 98.84000000000001 and so into 98.85 (1E-9 is
// far above that noise and far below the smallest step a real budget gives; the cached value
// is scoring's exact figure anyway).
func (xw *writer) rateFormula() string {
	row := strconv.Itoa(rowFunds)
	scaled := "E" + row + "*" + pow10(xw.p.RatePlaces+2) + "/D" + row
	return "IF(D" + row + "=0,0," + roundScaled(scaled, xw.p.RateRounding, xw.p.RatePlaces) + ")"
}

// budgetFormula is rule 2, or the profile's rate bands, with the profile's score rounding.
func (xw *writer) budgetFormula(w string) string {
	rate := fmt.Sprintf("MIN(G%d,100)", rowFunds)
	places := xw.p.ScorePlaces
	if len(xw.p.RateBands) == 0 {
		// rate × w ÷ 100 in units of the last place kept: × 10^places ÷ 100.
		scaled := rate + "*" + w
		if places != 2 {
			scaled += "*" + pow10(places) + "/100"
		}
		return roundScaled(scaled, xw.p.ScoreRounding, places)
	}
	share := "0"
	for i := len(xw.p.RateBands) - 1; i >= 0; i-- {
		b := xw.p.RateBands[i]
		share = "IF(" + rate + ">=" + b.From.String() + "," + b.Share.String() + "," + share + ")"
	}
	return roundScaled(w+"*"+share+"*"+pow10(places), xw.p.ScoreRounding, places)
}

// roundScaled rounds scaled, a value in units of 10^-places, to a whole number with mode r
// and brings it back to places places. The epsilon of 1E-9 keeps binary noise (970.4999999999999
// for an exact 970.5) from deciding the rounding.
func roundScaled(scaled string, r decimal.Rounding, places int) string {
	var whole string
	switch r {
	case decimal.Up:
		whole = "ROUNDUP(MAX(0," + scaled + "-1E-9),0)"
	case decimal.Down:
		whole = "ROUNDDOWN(" + scaled + "+1E-9,0)"
	default:
		whole = "ROUND(" + scaled + "+1E-9,0)"
	}
	if places == 0 {
		return whole
	}
	return whole + "/" + pow10(places)
}

// pow10 is 10^n written out: "1", "100", "10000".
func pow10(n int) string { return "1" + strings.Repeat("0", n) }

// pageSetup prints columns A to lastCol of sheet name, the index-th of the workbook (from 0),
// on A4 landscape, one page wide, repeating row titleRow (0: none) on every page, with page
// numbers in the footer. It must run before the stream writer.
func (xw *writer) pageSetup(name string, index, lastCol, lastRow, titleRow int) error {
	size, orient, one, auto := 9, "landscape", 1, 0
	fit := true
	if err := xw.f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &auto,
	}); err != nil {
		return err
	}
	if err := xw.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	lr, tb, hf := 0.5, 0.6, 0.3
	center := true
	if err := xw.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Left: &lr, Right: &lr, Top: &tb, Bottom: &tb, Header: &hf, Footer: &hf, Horizontally: &center,
	}); err != nil {
		return err
	}
	if err := xw.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	q := quote(name)
	if titleRow > 0 {
		xw.names = append(xw.names, definedName{name: "_xlnm.Print_Titles", sheet: name, index: index,
			refersTo: fmt.Sprintf("%s!$%d:$%d", q, titleRow, titleRow)})
	}
	xw.names = append(xw.names, definedName{name: "_xlnm.Print_Area", sheet: name, index: index,
		refersTo: fmt.Sprintf("%s!$A$1:$%s$%d", q, colName(lastCol), lastRow)})
	return nil
}

// definedName is a name local to one sheet (its print area or titles).
type definedName struct {
	name, refersTo string
	sheet          string // the sheet's name
	index          int    // the sheet's position in the workbook, from 0
}

// defineNames gives the workbook the names pageSetup collected. excelize's SetDefinedName
// compares a new name with every one before it, looking up each one's sheet by position in a
// list of all the sheets it builds anew each time: for n sheets and their 2n names that is n³
// steps, 30 s and 67 GB for 1,000 sheets. So only the first name goes through it, which makes
// the workbook's list of names; the others join that list as copies of the first with their
// own name, reference and sheet. They are unique by construction: one of each kind a sheet.
func (xw *writer) defineNames() error {
	if len(xw.names) == 0 {
		return nil
	}
	first := xw.names[0]
	if err := xw.f.SetDefinedName(&excelize.DefinedName{Name: first.name, RefersTo: first.refersTo, Scope: first.sheet}); err != nil {
		return err
	}
	list := &xw.f.WorkBook.DefinedNames.DefinedName
	proto := (*list)[len(*list)-1]
	if proto.LocalSheetID == nil || *proto.LocalSheetID != first.index {
		return fmt.Errorf("xlsx: the first print area is not on sheet %d", first.index)
	}
	for _, n := range xw.names[1:] {
		d := proto
		d.Name, d.Data = n.name, n.refersTo
		d.LocalSheetID = &n.index
		*list = append(*list, d)
	}
	return nil
}

// summaryHeader is the header row of the summary sheet.
var summaryHeader = []string{"序号", "项目名称", "主管部门", "实施单位", "全年预算数（元）", "全年执行数（元）", "执行率", "预算执行得分", "总分", "等级"}

var summaryWidths = []float64{6, 34, 28, 28, 16, 16, 10, 12, 10, 8}

// summaryRow is what the summary sheet shows of one form: its texts, amounts and figures,
// and where they are on the form's sheet. It is all a workbook keeps of a form once the form's
// sheet is written.
type summaryRow struct {
	sheet                     string // the form's sheet ("" when the summary stands alone)
	totalRow                  int    // the row of 总分 on it
	project, department, unit string
	adjusted, executed        string // the total funds row's amounts as typed
	amountUnit                form.AmountUnit
	rate, budget, total       decimal.Dec
	grade                     string
	profile                   *scoring.Profile
}

// newSummaryRow is the summary row of f scored as res under p, on sheet at totalRow.
func newSummaryRow(sheet string, totalRow int, f *form.Form, res *scoring.Result, p *scoring.Profile) summaryRow {
	return summaryRow{sheet: sheet, totalRow: totalRow, project: f.Project, department: f.Department, unit: f.Unit,
		adjusted: f.Funds.Total.Adjusted, executed: f.Funds.Total.Executed, amountUnit: f.AmountUnit,
		rate: res.ExecutionRate, budget: res.BudgetScore, total: res.Total, grade: res.Grade, profile: p}
}

// summarySheet writes the summary, the index-th sheet: one row per form, every figure a
// formula on the form's sheet, or its value when the summary stands alone (a row without a
// sheet); the grade is a formula on the row's total either way.
func (xw *writer) summarySheet(index int, rows []summaryRow) error {
	cols := len(summaryHeader)
	last := 2 + len(rows)
	if err := xw.pageSetup(summarySheet, index, cols, last, 2); err != nil {
		return err
	}
	sw, err := xw.f.NewStreamWriter(summarySheet)
	if err != nil {
		return err
	}
	for c := len(summaryWidths); c >= 1; c-- { // from the last: see formSheet
		if err := sw.SetColWidth(c, c, summaryWidths[c-1]); err != nil {
			return err
		}
	}
	r := xw.newRow(cols)
	r.text(1, stPlain, summaryTitle)
	r.fill(2, cols, stPlain)
	if r.err != nil {
		return r.err
	}
	if err := sw.SetRow("A1", r.cells, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	if err := sw.MergeCell("A1", cellRef(cols, 1)); err != nil {
		return err
	}
	r = xw.newRow(cols)
	for c, h := range summaryHeader {
		r.text(c+1, stLabel, h)
	}
	if r.err != nil {
		return r.err
	}
	if err := sw.SetRow("A2", r.cells, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	for i := range rows {
		sr := &rows[i]
		rowNo := 3 + i
		q := quote(sr.sheet)
		ref := func(col, row int) string {
			if sr.sheet == "" {
				return ""
			}
			return q + "!" + "$" + colName(col) + "$" + strconv.Itoa(row)
		}
		r = xw.newRow(cols)
		r.set(1, stCenter, "", i+1)
		for k, t := range []struct {
			col, row int
			text     string
		}{{2, rowProject, sr.project}, {2, rowOrg, sr.department}, {6, rowOrg, sr.unit}} {
			if sr.sheet == "" {
				r.formula(2+k, "", "", t.text)
			} else {
				r.formula(2+k, "", ref(t.col, t.row)+`&""`, t.text)
			}
		}
		for k, s := range []string{sr.adjusted, sr.executed} {
			v, numFmt := amountIn(s, sr.amountUnit)
			if v == nil {
				v = 0.0
			}
			if _, isText := v.(string); isText {
				numFmt = ""
			}
			if numFmt == "" || numFmt == fmtGeneral {
				numFmt = fmtAmount
			}
			if sr.amountUnit == form.WanYuan {
				// The summary lists forms of both units: a 万元 amount says so in its cell.
				numFmt = fmtAmountWan + `"万元"`
			}
			r.formula(5+k, numFmt, ref(4+k, rowFunds), v)
		}
		xw.p = sr.profile
		r.formula(7, xw.rateFmt(), ref(7, rowFunds), decFloat(sr.rate))
		r.formula(8, xw.scoreFmt(), ref(8, rowFunds), decFloat(sr.budget))
		r.formula(9, xw.scoreFmt(), ref(8, sr.totalRow), decFloat(sr.total))
		r.formula(10, "", xw.gradeFormula("I"+strconv.Itoa(rowNo)), sr.grade)
		if r.err != nil {
			return r.err
		}
		// Texts of formula cells are left-aligned and wrapped like the form's.
		for _, c := range []int{2, 3, 4} {
			cell := r.cells[c-1].(excelize.Cell)
			cell.StyleID, _ = xw.style(stText, "")
			r.cells[c-1] = cell
		}
		cell := r.cells[9].(excelize.Cell)
		cell.StyleID, _ = xw.style(stCenter, "")
		r.cells[9] = cell
		h := height(20, sr.project, summaryWidths[1], sr.department, summaryWidths[2], sr.unit, summaryWidths[3])
		if err := sw.SetRow(cellRef(1, rowNo), r.cells, excelize.RowOpts{Height: h}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// gradeFormula is rule 8: the grade bands of the profile, highest first, on the total in cell.
func (xw *writer) gradeFormula(cell string) string {
	g := xw.p.Grades
	if len(g) == 0 {
		return `""`
	}
	str := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	expr := str(g[len(g)-1].Grade)
	for i := len(g) - 2; i >= 0; i-- {
		expr = "IF(" + cell + ">=" + g[i].From.String() + "," + str(g[i].Grade) + "," + expr + ")"
	}
	return expr
}
