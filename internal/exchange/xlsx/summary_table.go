package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/decimal"
	"selfeval/internal/form"
)

// The 汇总表: one sheet, one row per form, the figures of the list (its values, not
// formulas: the forms' own sheets are not in it), written row by row through excelize's
// StreamWriter, which keeps the rows written so far in a temporary file rather than in
// memory, so that a table of thousands of forms is written in bounded memory.

// TableRow is one form of the 汇总表, as the list stores it.
type TableRow struct {
	Unit, Project string
	Status        string          // as the reader reads it (草稿, 已提交 …)
	Adjusted      string          // 年度资金总额 · 全年预算数 as stored, in AmountUnit
	Executed      string          // 年度资金总额 · 全年执行数 as stored, in AmountUnit
	AmountUnit    form.AmountUnit // "" is 元
	Rate          string          // the execution rate in percent ("99.03"), "" for none
	BudgetScore   string          // "9.90"
	Total         string          // "99.90"
	Grade         string          // 优, 良, 中, 差 or ""
	Flags         string          // the flags in words
	// Submitted and Approved are the times of the last submission and approval (zero when
	// none), written as the wall clock of their location.
	Submitted, Approved time.Time
}

// tableTitle is the title of the 汇总表, with its year.
const tableTitle = "财政项目支出绩效自评汇总表（%d 年度）"

// tableSheet is the name of the 汇总表's sheet.
const tableSheet = "汇总表"

// tableHeader is the header row of the 汇总表, a column each of TableRow in its order (the
// amount unit after the two amounts).
var tableHeader = []string{"实施单位", "项目名称", "状态", "全年预算数", "全年执行数", "金额单位",
	"执行率（%）", "预算执行得分", "总分", "等级", "标记", "提交时间", "通过时间"}

var tableWidths = []float64{28, 34, 9, 16, 16, 8, 10, 12, 8, 6, 30, 19, 19}

// Number formats of the 汇总表's cells.
const (
	tableFmtYuan = "#,##0.00"
	tableFmtWan  = "#,##0.00####"
	tableFmtTime = "yyyy-mm-dd hh:mm:ss"
)

// SummaryTable writes a 汇总表. Add its rows in order, then WriteTo once.
type SummaryTable struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	row    int            // the last row written
	styles map[string]int // by number format ("" = text)
	header int            // the header's style
}

// NewSummaryTable begins the 汇总表 of year: its title and header row.
func NewSummaryTable(year int) (*SummaryTable, error) {
	f := excelize.NewFile()
	t := &SummaryTable{f: f, styles: map[string]int{}}
	if err := f.SetSheetName("Sheet1", tableSheet); err != nil {
		return nil, t.fail(err)
	}
	if err := t.begin(year); err != nil {
		return nil, t.fail(err)
	}
	return t, nil
}

// fail closes the workbook (and its temporary files) and says what failed.
func (t *SummaryTable) fail(err error) error {
	_ = t.f.Close()
	return fmt.Errorf("xlsx: summary table: %w", err)
}

func (t *SummaryTable) begin(year int) error {
	var err error
	if t.sw, err = t.f.NewStreamWriter(tableSheet); err != nil {
		return err
	}
	// Widths first, from the last column (StreamWriter wants them before any row).
	for c := len(tableWidths); c >= 1; c-- {
		if err := t.sw.SetColWidth(c, c, tableWidths[c-1]); err != nil {
			return err
		}
	}
	if err := t.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	title, err := t.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	if t.header, err = t.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: tableBorder,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(tableHeader), 1)
	if err := t.sw.SetRow("A1", []any{excelize.Cell{StyleID: title, Value: fmt.Sprintf(tableTitle, year)}},
		excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	if err := t.sw.MergeCell("A1", last); err != nil {
		return err
	}
	cells := make([]any, len(tableHeader))
	for i, h := range tableHeader {
		cells[i] = excelize.Cell{StyleID: t.header, Value: h}
	}
	t.row = 2
	return t.sw.SetRow("A2", cells, excelize.RowOpts{Height: 22})
}

var tableBorder = []excelize.Border{
	{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
	{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
}

// style is the style of a data cell with number format code ("" = text, wrapped).
func (t *SummaryTable) style(code string) (int, error) {
	if id, ok := t.styles[code]; ok {
		return id, nil
	}
	st := &excelize.Style{Border: tableBorder, Alignment: &excelize.Alignment{Vertical: "center"}}
	if code == "" {
		st.Alignment.WrapText = true
	} else {
		st.CustomNumFmt = &code
		st.Alignment.Horizontal = "right"
	}
	id, err := t.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	t.styles[code] = id
	return id, nil
}

// tableValue is the value of a data cell and its number format ("" = text).
type tableValue struct {
	v    any
	code string
}

// cell is the data cell of tv.
func (t *SummaryTable) cell(tv tableValue) (excelize.Cell, error) {
	if _, text := tv.v.(string); text {
		tv.code = ""
	}
	id, err := t.style(tv.code)
	return excelize.Cell{StyleID: id, Value: tv.v}, err
}

// Add writes the next row.
func (t *SummaryTable) Add(r *TableRow) error {
	vals := [...]tableValue{
		{r.Unit, ""}, {r.Project, ""}, {r.Status, ""},
		amountCell(r.Adjusted, r.AmountUnit), amountCell(r.Executed, r.AmountUnit),
		{string(r.AmountUnit.Unit()), ""},
		figureCell(r.Rate), figureCell(r.BudgetScore), figureCell(r.Total),
		{r.Grade, ""}, {r.Flags, ""},
		timeCell(r.Submitted), timeCell(r.Approved),
	}
	cells := make([]any, len(vals))
	for i, v := range vals {
		c, err := t.cell(v)
		if err != nil {
			return fmt.Errorf("xlsx: summary table: %w", err)
		}
		cells[i] = c
	}
	t.row++
	if err := t.sw.SetRow("A"+strconv.Itoa(t.row), cells); err != nil {
		return fmt.Errorf("xlsx: summary table: row %d: %w", t.row, err)
	}
	return nil
}

// Rows is the number of rows added.
func (t *SummaryTable) Rows() int { return t.row - 2 }

// WriteTo ends the table and writes the workbook to w; the table cannot be added to after.
func (t *SummaryTable) WriteTo(w io.Writer) (int64, error) {
	defer t.f.Close()
	if err := t.sw.Flush(); err != nil {
		return 0, fmt.Errorf("xlsx: summary table: %w", err)
	}
	n, err := t.f.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("xlsx: summary table: %w", err)
	}
	return n, nil
}

// Close drops a table that is not to be written (its temporary files).
func (t *SummaryTable) Close() error { return t.f.Close() }

// amountCell is an amount in unit u as a number in 元 or 万元, shown with that unit's
// places; the text as stored when it is no amount; nothing when blank.
func amountCell(s string, u form.AmountUnit) tableValue {
	if strings.TrimSpace(s) == "" {
		return tableValue{}
	}
	d, err := form.ParseAmountIn(s, u)
	if err != nil {
		return tableValue{s, ""}
	}
	v, ok := exactFloat(d)
	if !ok {
		return tableValue{s, ""}
	}
	if u.Unit() == form.WanYuan {
		return tableValue{v, tableFmtWan}
	}
	return tableValue{v, tableFmtYuan}
}

// figureCell is a computed figure ("99.03", "9.90", "100") as a number shown with the
// places it is written with; the text when it is no number; nothing when blank.
func figureCell(s string) tableValue {
	if s == "" {
		return tableValue{}
	}
	d, err := decimal.Parse(s)
	if err != nil {
		return tableValue{s, ""}
	}
	v, ok := exactFloat(d)
	if !ok {
		return tableValue{s, ""}
	}
	code := "0"
	if _, frac, ok := strings.Cut(s, "."); ok {
		code += "." + strings.Repeat("0", len(frac))
	}
	return tableValue{v, code}
}

// timeCell is a time as a date cell showing its wall clock (to the second); nothing when zero.
func timeCell(at time.Time) tableValue {
	if at.IsZero() {
		return tableValue{}
	}
	// Excel has no time zones: the cell holds the wall clock, which excelize takes as UTC.
	wall := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), at.Second(), 0, time.UTC)
	return tableValue{wall, tableFmtTime}
}

// exactFloat is d as a float64 when Excel keeps it exactly (at most 15 significant digits).
func exactFloat(d decimal.Dec) (float64, bool) {
	s := d.String()
	significant, leading := 0, true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '1' && c <= '9' || c == '0' && !leading {
			significant, leading = significant+1, false
		}
	}
	if significant > 15 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}
