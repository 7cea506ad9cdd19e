// Package text is the reader of the copied-table text format: the tab-separated text one gets by copying a
// printed 财政项目支出绩效自评表 out of a spreadsheet or a PDF viewer, several forms in a row,
// with page breaks showing as empty lines. Such copies are messy (DOMAIN.md, "The seed"):
// merged cells lose or move their text, columns shift by one, rows and words are split across
// page breaks. Read recovers what it can, keeps every value as written, and reports each
// guess as a Note for the person to check.
package text

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
)

// Form is one form recovered from copied-table text, with what the reader had to guess.
type Form struct {
	Form    form.Form      `json:"form"`    // the form, every value as written (trimmed)
	Printed PrintedFigures `json:"printed"` // computed figures printed on the copy; not form data
	Notes   []diag.Note    `json:"notes"`   // what the reader guessed, in line order
}

// PrintedFigures are the computed figures printed on the copied form, as written. They are not
// form data (the scorer computes them again) but let a caller compare its scoring with the
// original; an empty string means the copy did not print the figure.
type PrintedFigures struct {
	ExecutionRate string `json:"execution_rate"` // 执行率 of the total funds row, e.g. "98.32%"
	BudgetScore   string `json:"budget_score"`   // 得分 of the total funds row, e.g. "9.83"
	Total         string `json:"total"`          // 得分 of the 总分 row, e.g. "99.83"
}

// ErrNoForm is returned by Read when the text holds no recognisable form.
var ErrNoForm error = &diag.FileError{Code: diag.FileNoForm, Args: []string{"财政项目支出绩效自评表", "项目名称", "项目资金", "一级指标", "二级指标", "三级指标"}}

// The limits of the text Read accepts, with form.MaxRows indicator rows a form (as many as
// the editor allows), which bound what reading it costs: a line costs some hundred bytes of
// memory. A form copied out of a printed table is 2 to 3 KB of text, so they are far beyond
// real use; the web layer accepts no more than 1 MiB anyway.
const (
	maxTextBytes = 2 << 20 // the size of the text
	maxForms     = 500     // the forms in it
)

// Read reads every form in copied-table text, in order. Lines end in LF, CRLF or CR; cells
// are separated by tabs; an empty line is a page break. Every value is kept as written, only
// trimmed of surrounding white space (full-width spaces included); where the reader had to
// guess, it says so in the form's Notes. It returns ErrNoForm when the text holds no form, and
// a *diag.FileError naming the limit for text larger than 2 MiB, of more than 500 forms, or
// with a form of more than form.MaxRows indicator rows.
func Read(text string) ([]Form, error) {
	if len(text) > maxTextBytes {
		return nil, &diag.FileError{Code: diag.FileTooLarge, Args: []string{diag.MB(maxTextBytes)}}
	}
	p := parser{lines: splitLines(text, !strings.Contains(text, "\t"))}
	if !strings.Contains(text, "\t") && strings.Count(text, " | ") >= 3 {
		p.lines = splitPiped(text)
	}
	for i := range p.lines {
		if p.handle(i); p.err != nil {
			return nil, p.err
		}
	}
	if p.endForm(); p.err != nil {
		return nil, p.err
	}
	if len(p.forms) == 0 {
		return nil, ErrNoForm
	}
	return p.forms, nil
}

// spaceRuns are the runs of two or more spaces (ASCII, full-width or no-break) that separate
// the columns of a copy without tabs.
var spaceRuns = regexp.MustCompile(`[ \x{3000}\x{00A0}]{2,}`)

// maxLabelBytes bounds the cells squeezed for matching labels: longer cells are prose.
const maxLabelBytes = 96

// srcLine is one input line split into trimmed cells.
type srcLine struct {
	no    int      // 1-based line number
	cells []string // trimmed cells
	sq    []string // short cells with all white space removed, for matching labels
	blank bool
}

// splitLines splits text into lines of cells: at tabs, or, for a copy that has no tab at all
// (the text of a PDF), at runs of two or more spaces.
func splitLines(text string, spaced bool) []srcLine {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	n := strings.Count(text, "\n") + strings.Count(text, "\r") + 1
	out := make([]srcLine, 0, n)
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\n' && text[i] != '\r' {
			continue
		}
		line := text[start:i]
		if spaced {
			line = spaceRuns.ReplaceAllString(line, "\t")
		}
		out = append(out, makeLine(len(out)+1, line))
		if i+1 < len(text) && text[i] == '\r' && text[i+1] == '\n' {
			i++
		}
		start = i + 1
	}
	return out
}

// splitPiped splits a copy whose cells are separated by "|" (a table written as Markdown,
// "| 项目名称 | 培训费 |", or copied from a page that renders tables so) into lines of cells:
// a pipe at either end of a line opens or closes its row, and "||" is an empty cell.
func splitPiped(text string) []srcLine {
	lines := splitLines(text, false)
	for i := range lines {
		raw := strings.TrimSpace(strings.Join(lines[i].cells, " "))
		raw = strings.TrimSuffix(strings.TrimPrefix(raw, "|"), "|")
		lines[i] = makeLine(lines[i].no, strings.ReplaceAll(raw, "|", "\t"))
	}
	return lines
}

func makeLine(no int, s string) srcLine {
	raw := strings.Split(s, "\t")
	ln := srcLine{no: no, cells: raw, blank: true}
	if len(raw) > 1 || raw[0] != "" {
		ln.sq = make([]string, len(raw))
	}
	for i, c := range raw {
		if c == "" {
			continue
		}
		c = form.TrimCell(c)
		ln.cells[i] = c
		ln.sq[i] = c
		if len(c) <= maxLabelBytes {
			ln.sq[i] = form.CanonicalLabel(form.Squeeze(c))
		}
		if c != "" {
			ln.blank = false
		}
	}
	return ln
}

// cell returns the i-th cell or "".
func (ln *srcLine) cell(i int) string {
	if i < 0 || i >= len(ln.cells) {
		return ""
	}
	return ln.cells[i]
}

// find returns the index of the first cell whose squeezed text is s, or -1.
func (ln *srcLine) find(s string) int {
	for i, c := range ln.sq {
		if c == s {
			return i
		}
	}
	return -1
}

// findContaining returns the index of the first cell whose squeezed text contains s, or -1.
func (ln *srcLine) findContaining(s string) int {
	for i, c := range ln.sq {
		if strings.Contains(c, s) {
			return i
		}
	}
	return -1
}

// findPrefix returns the index of the first cell whose squeezed text starts with s, or -1.
func (ln *srcLine) findPrefix(s string) int {
	for i, c := range ln.sq {
		if strings.HasPrefix(c, s) {
			return i
		}
	}
	return -1
}

// next returns the first non-empty cell after index i, or "".
func (ln *srcLine) next(i int) string {
	for j := i + 1; j < len(ln.cells); j++ {
		if ln.cells[j] != "" {
			return ln.cells[j]
		}
	}
	return ""
}

// parser walks the lines, one form at a time.
type parser struct {
	lines []srcLine
	forms []Form
	cur   *formState
	err   error // a limit passed: reading stops
}

// checkRows sets p.err when the form being read has more indicator rows than a form may.
func (p *parser) checkRows(rows int) {
	if rows > form.MaxRows {
		p.err = &diag.FileError{Code: diag.FileTooManyIndicators, Args: []string{strconv.Itoa(len(p.forms) + 1), strconv.Itoa(form.MaxRows)}}
	}
}

// formState is the form being read.
type formState struct {
	tf        Form
	first     int // first line of the form
	last      int // last non-blank line of the form
	funds     [len(form.FundsRowNames)]bool
	fundsCols []fundsCol // the funds header's columns after its label, in order; nil: Shanghai's
	achCol    int        // 实际完成情况 column of the goals header, -1 if none
	goalsOpen bool
	goalLine  int
	table     *table
	closed    bool // the 总分 row was read
}

func (p *parser) startForm(line int) {
	p.endForm()
	p.cur = &formState{first: line, last: line, achCol: -1}
	p.cur.tf.Form.Indicators = []form.Indicator{}
	p.cur.tf.Notes = []diag.Note{}
}

func (p *parser) ensureForm(line int) *formState {
	if p.cur == nil {
		p.startForm(line)
	}
	return p.cur
}

func (p *parser) handle(i int) {
	ln := &p.lines[i]
	if ln.blank {
		if p.cur != nil && p.cur.table != nil && !p.cur.closed {
			p.cur.table.pageBreak()
		}
		return
	}
	if p.cur != nil {
		p.cur.last = ln.no
	}
	switch {
	case isTitle(ln):
		p.startForm(ln.no)
		if y, ok := findYear(ln); ok {
			p.cur.tf.Form.Year = y
		}
		return
	case ln.find("项目名称") >= 0:
		if p.cur == nil || p.cur.tf.Form.Project != "" || p.cur.table != nil {
			p.startForm(ln.no)
		}
		p.cur.tf.Form.Project = ln.next(ln.find("项目名称"))
		return
	}
	f := p.cur
	if f != nil && f.table != nil && !f.closed {
		// Inside the indicator table only a total row, a repeated header or a new form ends a row.
		switch {
		case ln.find("总分") >= 0:
			f.readTotal(ln, "总分")
		case ln.find("合计") >= 0:
			f.readTotal(ln, "合计")
		case totalInCell(ln) != "":
			f.closed, f.tf.Printed.Total = true, totalInCell(ln)
		case closingLine(ln):
			f.closed = true // 评价结论, 存在问题 … and the signatures: no indicator rows
		case isIndicatorHeader(ln):
			// a header repeated after a page break
		default:
			next := i+1 < len(p.lines) && p.lines[i+1].blank
			f.table.addRow(ln, next)
			p.checkRows(len(f.table.rows))
		}
		return
	}
	if f != nil && f.closed {
		return // anything after the 总分 row and before the next form
	}
	switch {
	case ln.find("主管部门") >= 0 || ln.find("实施单位") >= 0:
		f = p.ensureForm(ln.no)
		if j := ln.find("主管部门"); j >= 0 {
			f.tf.Form.Department = ln.next(j)
		}
		if j := ln.find("实施单位"); j >= 0 {
			f.tf.Form.Unit = ln.next(j)
		}
	case isFundsHeader(ln):
		f = p.ensureForm(ln.no)
		f.readUnit(ln)
		f.fundsCols = fundsHeader(ln)
	case hasFundsRow(ln):
		f = p.ensureForm(ln.no)
		f.readUnit(ln)
		f.readFunds(ln)
	case f != nil && f.tf.Form.Funds == form.Funds{} && statesUnit(ln):
		f.readUnit(ln) // "（单位：万元）" between the title and the funds table
	case ln.find("预期目标") >= 0 || ln.find("实际完成情况") >= 0:
		f = p.ensureForm(ln.no)
		f.goalsOpen = true
		f.achCol = ln.find("实际完成情况")
	case isIndicatorHeader(ln):
		f = p.ensureForm(ln.no)
		f.goalsOpen = false
		f.table = newTable(ln)
	case ln.find("总分") >= 0:
		f = p.ensureForm(ln.no)
		f.readTotal(ln, "总分")
	case f != nil && f.tf.Form.Year == 0 && f.tf.Form.Project == "" && isYearLine(ln):
		f.tf.Form.Year, _ = findYear(ln)
	case f != nil && isHeaderlessRow(ln):
		// An indicator row without a table header above it: the copy began below the header.
		f.goalsOpen = false
		f.table = &table{wcol: anchorPair(ln), cols: usualColumns}
		f.table.notes = append(f.table.notes, diag.Note{Code: diag.NoteFieldMissing, Variant: "indicator_header", Line: ln.no, Field: "indicators"})
		f.table.addRow(ln, i+1 < len(p.lines) && p.lines[i+1].blank)
		p.checkRows(len(f.table.rows))
	case f != nil && f.goalsOpen && ln.findContaining("项目实施内容") >= 0:
		f.goalsOpen = false // Sichuan's 2.项目实施内容及过程概述: what was done, not the goals
	case f != nil && f.goalsOpen:
		f.readGoals(ln)
	}
}

// isHeaderlessRow reports an indicator row: a label of the vocabulary and then a weight and a score.
func isHeaderlessRow(ln *srcLine) bool {
	w := anchorPair(ln)
	if w < 0 {
		return false
	}
	for _, s := range ln.sq[:w] {
		if isLevel1[s] || level1Of[s] != "" {
			return true
		}
	}
	return false
}

func isTitle(ln *srcLine) bool {
	for _, c := range ln.sq {
		if strings.Contains(c, "自评表") {
			return true
		}
	}
	return false
}

// isYearLine reports a line whose only text is a year such as "(2022 年度)".
func isYearLine(ln *srcLine) bool {
	n := 0
	for _, c := range ln.sq {
		if c != "" {
			n++
		}
	}
	if n != 1 {
		return false
	}
	_, ok := findYear(ln)
	return ok
}

// findYear finds a year (YearIn) in a cell of the line.
func findYear(ln *srcLine) (int, bool) {
	for _, c := range ln.sq {
		if y, ok := form.YearIn(c); ok {
			return y, true
		}
	}
	return 0, false
}

func isFundsHeader(ln *srcLine) bool {
	for _, c := range ln.sq {
		if strings.HasPrefix(c, "项目资金") || strings.HasPrefix(c, "年度预算数") && ln.findPrefix("年初预算") >= 0 {
			return true
		}
	}
	return false
}

// fundsCol is what a column of the funds table holds.
type fundsCol int

const (
	colNone fundsCol = iota
	colInitial
	colAdjusted
	colExecuted
	colWeight
	colRate
	colScore
)

// shanghaiFunds are the columns after a funds row's label in Shanghai's template.
var shanghaiFunds = []fundsCol{colInitial, colAdjusted, colExecuted, colWeight, colRate, colScore}

// fundsHeader reads the columns of the funds header by their labels, whatever their order:
// 年初预算数 / 年初预算, 全年预算数 / 调整后预算数, 全年执行数 / 预算执行数, 分值 / 权重,
// 执行率 / 预算执行率, 得分 (a "(A)" or "(B/A)" after a label is no matter). Nil when the header
// names none of them (a copy that lost its header cells).
func fundsHeader(ln *srcLine) []fundsCol {
	var cols []fundsCol
	for _, c := range ln.sq {
		k := fundsColOf(c)
		if k == colNone && cols == nil {
			continue // the label cells before the first column
		}
		cols = append(cols, k)
	}
	for len(cols) > 0 && cols[len(cols)-1] == colNone {
		cols = cols[:len(cols)-1]
	}
	return cols
}

func fundsColOf(c string) fundsCol {
	switch {
	case c == "":
		return colNone
	case strings.Contains(c, "年初预算"):
		return colInitial
	case strings.Contains(c, "全年预算") || strings.Contains(c, "调整后预算"):
		return colAdjusted
	case strings.Contains(c, "执行率"):
		return colRate
	case strings.Contains(c, "执行数"):
		return colExecuted
	case c == "分值" || c == "权重":
		return colWeight
	case c == "得分":
		return colScore
	}
	return colNone
}

// statesUnit reports a line of one cell that states the unit of amounts: "单位：万元".
func statesUnit(ln *srcLine) bool {
	n, unit := 0, false
	for _, c := range ln.sq {
		if c == "" {
			continue
		}
		n++
		_, unit = form.ParseAmountUnit(c)
	}
	return n == 1 && unit
}

// readUnit takes the unit of amounts a line states: in the funds label ("项目资金（万元）")
// or in a cell of its own ("单位：万元"). A form that states 元 keeps the empty unit, which
// is 元, so that a form read back equals the form written.
func (f *formState) readUnit(ln *srcLine) {
	for _, c := range ln.sq {
		u, ok := form.ParseAmountUnit(c)
		if !ok && (strings.HasPrefix(c, "项目资金") || strings.HasPrefix(c, "年度预算数")) {
			u, ok = form.UnitInLabel(c)
		}
		if ok {
			if u == form.Yuan {
				u = ""
			}
			f.tf.Form.AmountUnit = u
			return
		}
	}
}

// fundsRow finds the label of a funds row: it returns the row's index in form.FundsRowNames
// and the label's column, or -1, -1.
func fundsRow(ln *srcLine) (row, col int) {
	for i, c := range ln.sq {
		switch {
		case c == "年度资金总额":
			return 0, i
		case strings.HasSuffix(c, "当年财政拨款") || strings.HasSuffix(c, "财政资金") && !strings.Contains(c, "专户"):
			return 1, i
		case c == "上年结转资金":
			return 2, i
		case c == "其他资金":
			return 3, i
		case c == "财政专户管理资金":
			return 4, i
		case c == "单位资金":
			return 5, i
		}
	}
	return -1, -1
}

func hasFundsRow(ln *srcLine) bool {
	k, _ := fundsRow(ln)
	return k >= 0
}

// readFunds reads one funds row: the three amounts follow the label, then, on the total row,
// the budget weight (分值), the printed execution rate and the printed budget score.
func (f *formState) readFunds(ln *srcLine) {
	k, j := fundsRow(ln)
	row := f.tf.Form.Funds.Row(form.FundsRowNames[k])
	// A dash is no amount ("—" where a row has none, "/" in Sichuan's forms); in a copy whose
	// empty cells are gone (a PDF) it is the sub-row's 分值 moved left.
	amount := func(k int) string {
		if c := ln.cell(k); c != "—" && c != "-" && c != "/" && c != "／" && c != "－" {
			return c
		}
		return ""
	}
	cols := f.fundsCols
	if cols == nil {
		cols = shanghaiFunds
	}
	for n, col := range cols {
		v := amount(j + 1 + n)
		switch col {
		case colInitial:
			row.Initial = v
		case colAdjusted:
			row.Adjusted = v
		case colExecuted:
			row.Executed = v
		}
		if k != 0 {
			continue
		}
		switch col {
		case colWeight:
			f.tf.Form.BudgetWeight = ln.cell(j + 1 + n)
		case colRate:
			f.tf.Printed.ExecutionRate = ln.cell(j + 1 + n)
		case colScore:
			f.tf.Printed.BudgetScore = ln.cell(j + 1 + n)
		}
	}
	f.funds[k] = true
	if k >= 4 { // a row only Sichuan's template has
		f.tf.Form.Template = form.TemplateSichuan2023.Name
	}
}

// readGoals reads a line of goal text. Cells that only hold (a fragment of) the label
// 年度总体目标 are skipped; of two text cells the first is the expected goal and the second the
// achieved one, a single cell goes by its column. Text continued on a later line is appended.
func (f *formState) readGoals(ln *srcLine) {
	type cellAt struct {
		i int
		s string
	}
	var texts []cellAt
	for i, c := range ln.cells {
		if c == "" || strings.Contains("年度总体目标", ln.sq[i]) {
			continue
		}
		texts = append(texts, cellAt{i, c})
	}
	if len(texts) == 0 {
		return
	}
	if f.goalLine == 0 {
		f.goalLine = ln.no
	}
	g := &f.tf.Form.Goals
	if len(texts) == 2 {
		g.Expected += texts[0].s
		g.Achieved += texts[1].s
		return
	}
	for _, t := range texts {
		if f.achCol >= 0 && t.i >= f.achCol {
			g.Achieved += t.s
		} else {
			g.Expected += t.s
		}
	}
}

// readTotal reads the 总分 row: its last figure is the printed total.
//
// A 合计 row with a single figure that is the sum of the weights, which the scores do not
// reach, holds the weights' sum (Sichuan's 合计 | 100, the 得分 cells left blank): it prints
// no total.
func (f *formState) readTotal(ln *srcLine, label string) {
	f.closed = true
	var figures []string
	for i := len(ln.cells) - 1; i > ln.find(label); i-- {
		if ln.cells[i] != "" {
			figures = append(figures, ln.cells[i])
		}
	}
	if len(figures) == 0 {
		return
	}
	if label == "合计" && len(figures) == 1 && f.table != nil &&
		f.table.weightsOnly(figures[0], f.tf.Form.BudgetWeight, f.tf.Printed.BudgetScore) {
		return
	}
	f.tf.Printed.Total = figures[0]
}

// totalInCell is the total of a total written in one cell ("总分:83", "总分：83"), or "".
func totalInCell(ln *srcLine) string {
	for _, c := range ln.sq {
		if rest, ok := strings.CutPrefix(c, "总分"); ok {
			if rest = strings.TrimLeft(rest, ":："); isNum(rest) {
				return rest
			}
		}
	}
	return ""
}

// closingWords begin the lines published forms print after the indicator table: the
// conclusion, the problems and the measures, and the signatures.
var closingWords = [...]string{"评价结论", "存在问题", "改进措施", "项目负责人", "财务负责人", "填报人", "联系电话"}

// closingLine reports a line that begins with one of closingWords.
func closingLine(ln *srcLine) bool {
	for _, c := range ln.sq {
		if c == "" {
			continue
		}
		for _, w := range closingWords {
			if strings.HasPrefix(c, w) {
				return true
			}
		}
		return false
	}
	return false
}

// endForm finishes the form being read: resolves the indicator table and notes what is missing.
func (p *parser) endForm() {
	f := p.cur
	if f == nil {
		return
	}
	p.cur = nil
	tf := &f.tf
	if f.empty() {
		return // a title and nothing else
	}
	add := func(code, variant string, line int, field string, args ...string) {
		tf.Notes = append(tf.Notes, diag.Note{Code: code, Variant: variant, Line: line, Field: field, Args: args})
	}
	missing := func(field, what string) { add(diag.NoteFieldMissing, what, f.first, field) }
	if tf.Form.Year == 0 {
		missing(form.PathYear, "year")
	}
	if tf.Form.Project == "" {
		missing(form.PathProject, "project")
	}
	if tf.Form.Department == "" {
		missing(form.PathDepartment, "department")
	}
	if tf.Form.Unit == "" {
		missing(form.PathUnit, "unit")
	}
	for k, seen := range f.funds {
		if key := form.FundsRowNames[k]; !seen && form.TemplateOf(tf.Form.Template).HasRow(key) {
			missing(form.FundsPath(key, ""), form.FundsPath(key, ""))
		}
	}
	if f.funds[0] && tf.Form.BudgetWeight == "" {
		missing(form.PathBudgetWeight, "budget_weight")
	}
	g := tf.Form.Goals
	if g.Expected == "" && g.Achieved == "" {
		missing(form.PathGoals, "goals")
	}
	for _, m := range []struct{ field, s string }{{form.PathGoalsExpected, g.Expected}, {form.PathGoalsAchieved, g.Achieved}} {
		if hasMarkup(m.s) {
			add(diag.NoteMarkupKept, "", f.goalLine, m.field)
		}
	}
	if f.table == nil {
		missing(form.PathIndicators, "indicator_table")
	} else {
		tf.Form.Indicators, tf.Notes = f.table.resolve(tf.Notes)
		if len(tf.Form.Indicators) == 0 {
			missing(form.PathIndicators, "indicator_rows")
		}
		if !f.closed {
			add(diag.NoteNoTotalRow, "", f.last, "")
		}
	}
	sort.SliceStable(tf.Notes, func(i, j int) bool { return tf.Notes[i].Line < tf.Notes[j].Line })
	if p.checkRows(len(tf.Form.Indicators)); p.err != nil {
		return
	}
	if len(p.forms) == maxForms {
		p.err = &diag.FileError{Code: diag.FileTooManyForms, Args: []string{strconv.Itoa(maxForms)}}
		return
	}
	p.forms = append(p.forms, *tf)
}

// empty reports a form of which nothing but the title was read.
func (f *formState) empty() bool {
	x := &f.tf.Form
	return f.table == nil && !f.closed && x.Project == "" && x.Department == "" && x.Unit == "" &&
		x.Funds == form.Funds{} && x.BudgetWeight == "" && x.Goals == form.Goals{} && f.tf.Printed == PrintedFigures{}
}

// hasMarkup reports whether s contains something like an HTML tag.
func hasMarkup(s string) bool {
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 || i+1 >= len(s) {
			return false
		}
		c := s[i+1]
		if (c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') && strings.IndexByte(s[i:], '>') > 0 {
			return true
		}
		s = s[i+1:]
	}
}
