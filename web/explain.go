package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"selfeval/internal/form"
	"selfeval/internal/scoring"
	"selfeval/views"
)

// explain is POST /forms/{id}/explain: why a figure of the form is what it is, for the form as
// the page holds it (typed, saved or not): the rules that made it, with their inputs and
// sources, as a fragment the page shows beside the figure. figure names it as
// scoring.Explanation does (execution_rate, budget_score, indicators.N.suggested, total, grade).
func (s *Server) explain(c echo.Context) error {
	id, _, err := formID(c)
	if err != nil {
		return err
	}
	a, _, err := s.access(c, id)
	if err != nil {
		return err
	}
	in, err := readPosted(c, a.Year)
	if err != nil {
		return badBody(err)
	}
	if !explainable(in.Figure) {
		return echo.ErrNotFound
	}
	prof := profileOf(a.Profile)
	lang := langOf(c)
	page := views.ExplainPage{Page: s.page(c), Figure: in.Figure}
	for _, e := range scoring.Explain(&in.Form, &prof) {
		if explains(e.Figure, in.Figure) {
			page.Lines = append(page.Lines, e.Message(lang))
		}
	}
	return render(c, http.StatusOK, views.ExplainView(page))
}

// explainable reports a figure the page asks about.
func explainable(figure string) bool {
	switch figure {
	case scoring.FigureRate, scoring.FigureBudget, scoring.FigureTotal, scoring.FigureGrade:
		return true
	}
	row, ok := strings.CutSuffix(figure, ".suggested")
	return ok && form.RowOf(row) >= 0 && row == form.RowPrefix(form.RowOf(row))
}

// explains reports whether an explanation of figure belongs with what was asked: a total
// with its cap, a row's suggestion with its deduction.
func explains(figure, asked string) bool {
	switch {
	case figure == asked:
		return true
	case asked == scoring.FigureTotal:
		return figure == scoring.FigureCap
	}
	row, ok := strings.CutSuffix(asked, ".suggested")
	return ok && figure == row+".deduction"
}
