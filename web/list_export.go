package web

import (
	"bufio"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/app"
	"selfeval/internal/exchange/xlsx"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

// The exports of the list: the forms of the list's query (its search, filters and sort, every
// page), a row each, read from the store a row at a time (store.EachListed) and written as
// they come: CSV at /forms.csv and the 汇总表 at /forms-summary.xlsx.

// listExportColumns are the catalog keys of the columns of both exports, in their order
// (xlsx.TableRow's).
var listExportColumns = []string{"unit", "project", "status", "adjusted", "executed", "amount_unit",
	"rate", "budget_score", "total", "grade", "flags", "submitted", "approved"}

// exportQuery is the list's query of the request for p, and its year.
func (s *Server) exportQuery(c echo.Context) (store.ListQuery, int, error) {
	p, _ := principal(c)
	lp := parseListParams(c.QueryParams())
	q, _, _, err := s.listQuery(c, p, &lp)
	return q, lp.year, err
}

// attachment names the file of an answer to download.
func attachment(c echo.Context, name string) {
	c.Response().Header().Set(echo.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(name))
}

// exportListCSV is GET /forms.csv?…: the list's forms as CSV, in UTF-8 with a byte order
// mark so that Excel opens the Chinese as it is, in the person's language.
func (s *Server) exportListCSV(c echo.Context) error {
	q, year, err := s.exportQuery(c)
	if err != nil {
		return err
	}
	lang := langOf(c)
	resp := c.Response()
	bw := bufio.NewWriterSize(resp, 32<<10)
	w := csv.NewWriter(bw)
	started := false
	start := func() error {
		started = true
		resp.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		attachment(c, i18n.T(lang, "listq.export_name", year)+".csv")
		resp.WriteHeader(http.StatusOK)
		if _, err := bw.WriteString("\uFEFF"); err != nil {
			return err
		}
		head := make([]string, len(listExportColumns))
		for i, k := range listExportColumns {
			head[i] = i18n.T(lang, "listq.col."+k)
		}
		return w.Write(head)
	}
	n := 0
	err = s.store.EachListed(c.Request().Context(), q, func(lf *store.ListedForm) error {
		if !started {
			if err := start(); err != nil {
				return err
			}
		}
		if err := w.Write(csvRecord(lang, lf)); err != nil {
			return err
		}
		if n++; n%500 == 0 { // now and then, so that the rows go out as they are read
			w.Flush()
			return w.Error()
		}
		return nil
	})
	if err == nil && !started {
		err = start()
	}
	if err != nil {
		if !started {
			return err
		}
		// Halfway through the answer nothing can be said any more: the download is cut short.
		s.log.Error("export csv", "err", err)
		return nil
	}
	w.Flush()
	if err := w.Error(); err != nil {
		s.log.Error("export csv", "err", err)
		return nil
	}
	if err := bw.Flush(); err != nil {
		s.log.Error("export csv", "err", err)
	}
	return nil
}

// csvRecord is the line of lf in the CSV export.
func csvRecord(lang i18n.Lang, lf *store.ListedForm) []string {
	u := lf.AmountUnit.Unit()
	unitKey := "unit.yuan"
	if u == form.WanYuan {
		unitKey = "unit.wan"
	}
	return []string{
		csvText(lf.Unit), csvText(lf.Project), i18n.T(lang, "status."+lf.Status),
		csvAmount(lf.Adjusted, u), csvAmount(lf.Executed, u), i18n.T(lang, unitKey),
		lf.ExecutionRate, budgetScore(lf), lf.Total, i18n.GradeLabel(lang, lf.Grade),
		csvText(flagLabels(lang, lf.Flags)), csvTime(lf.SubmittedAt), csvTime(lf.ApprovedAt),
	}
}

// csvText is a text cell that a spreadsheet shows as text: one that begins as a formula
// would (=, +, -, @) is preceded by an apostrophe, so that opening the file runs nothing.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvAmount is an amount in unit u as a plain decimal (195000.00; 207.4538 in 万元), or the
// text as stored (as csvText) when it is no amount.
func csvAmount(s string, u form.AmountUnit) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	d, err := form.ParseAmountIn(s, u)
	if err != nil {
		return csvText(s)
	}
	if u == form.WanYuan {
		return d.Fixed(max(2, d.Scale()))
	}
	return d.Fixed(2)
}

// csvTime is a time of the workflow as the pages show it; "" when zero.
func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return stamp(t)
}

// flagLabels names the flags of codes (space-separated) in lang.
func flagLabels(lang i18n.Lang, codes string) string {
	var names []string
	for code := range strings.FieldsSeq(codes) {
		names = append(names, flagLabel(lang, code))
	}
	return strings.Join(names, i18n.T(lang, "listq.flag_sep"))
}

// budgetScore is the budget score (预算执行得分) of lf, which the summary does not store:
// the budget part of the form's rules alone (rules 1 and 2 of its profile), on the total
// row of its funds and its budget weight, without its indicator rows.
func budgetScore(lf *store.ListedForm) string {
	f := form.Form{AmountUnit: lf.AmountUnit, BudgetWeight: lf.BudgetWeight,
		Funds: form.Funds{Total: form.FundsRow{Adjusted: lf.Adjusted, Executed: lf.Executed}}}
	r := scoring.Score(&f, app.ProfileOf(lf.Profile))
	return r.Figures().BudgetScore
}

// exportListSummary is GET /forms-summary.xlsx?…: the list's forms as the 汇总表, in
// Chinese as the official tables are, one row a form, in bounded memory (xlsx.SummaryTable).
func (s *Server) exportListSummary(c echo.Context) error {
	q, year, err := s.exportQuery(c)
	if err != nil {
		return err
	}
	t, err := xlsx.NewSummaryTable(year)
	if err != nil {
		return err
	}
	var row xlsx.TableRow
	err = s.store.EachListed(c.Request().Context(), q, func(lf *store.ListedForm) error {
		row = xlsx.TableRow{Unit: lf.Unit, Project: lf.Project, Status: i18n.T(i18n.Zh, "status."+lf.Status),
			Adjusted: lf.Adjusted, Executed: lf.Executed, AmountUnit: lf.AmountUnit,
			Rate: lf.ExecutionRate, BudgetScore: budgetScore(lf), Total: lf.Total, Grade: lf.Grade,
			Flags: flagLabels(i18n.Zh, lf.Flags), Submitted: inShanghai(lf.SubmittedAt), Approved: inShanghai(lf.ApprovedAt)}
		return t.Add(&row)
	})
	if err != nil {
		t.Close()
		return err
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	attachment(c, i18n.T(i18n.Zh, "listq.export_name", year)+".xlsx")
	// The workbook is made whole before its first byte is written: a failure until then is
	// answered as any error is.
	if _, err := t.WriteTo(c.Response()); err != nil {
		if !c.Response().Committed {
			c.Response().Header().Del(echo.HeaderContentDisposition)
			return err
		}
		s.log.Error("export summary table", "err", err)
	}
	return nil
}

// inShanghai is t on the clock the pages show (zero stays zero).
func inShanghai(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(shanghai)
}
