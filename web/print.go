package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"selfeval/internal/app"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
	"selfeval/internal/workflow"
	"selfeval/views"
)

// printForm is /forms/{id}/print: the official table for the browser's print to PDF. A form
// not yet approved is marked as such on every page and lists what blocks its submission.
func (s *Server) printForm(c echo.Context) error {
	l, err := s.loadForm(c)
	if err != nil {
		return err
	}
	fp := s.formPage(c, l.id, l.a, l.p, l.rec.Form)
	f := &l.rec.Form
	page := views.PrintPage{Page: fp.Page, Form: fp, Groups: printGroups(f, fp.Calc), Weight: fp.Calc.BudgetWeight,
		Expected: plainParagraphs(f.Goals.Expected), Achieved: plainParagraphs(f.Goals.Achieved)}
	for _, r := range fp.FundsRows() {
		row, u := f.Funds.Row(r.Key), f.AmountUnit
		page.Amounts = append(page.Amounts, views.PrintedFunds{Label: fp.FundsLabel(r.Key),
			Amounts: [3]string{form.ShowAmountIn(row.Initial, u), form.ShowAmountIn(row.Adjusted, u), form.ShowAmountIn(row.Executed, u)}})
	}
	if l.rec.Status != string(workflow.Approved) {
		page.Watermark = fp.T("status." + l.rec.Status)
		page.Mark = fp.T("print.mark", page.Watermark)
		page.Blocking = blockingProblems(fp.Page, f, fp.Calc)
	}
	if page.Review, err = s.printReview(c, &fp, l); err != nil {
		return err
	}
	page.PageCSS = pageCSS(fp.Lang, page.Mark)
	return render(c, http.StatusOK, views.PrintView(page))
}

// printReview is the review section of the print: the rows the reviewer scored in the
// form's current round of review, with the figures under the review scores; nil without any.
func (s *Server) printReview(c echo.Context, fp *views.FormPage, l loaded) (*views.ReviewScores, error) {
	scores, err := s.app.ReviewScores(c.Request().Context(), l.id)
	if err != nil || len(scores) == 0 {
		return nil, err
	}
	prof := profileOf(l.rec.Profile)
	res := scoring.Score(&l.rec.Form, &prof)
	rv := app.Review(scores, &prof, &res)
	return reviewScoresView(fp, &rv, false, l.rec.Status == string(workflow.Approved)), nil
}

// printGroups lays the indicator rows out as level-1 groups of level-2 groups over runs of
// equal labels; the score printed is the one counted in the total.
func printGroups(f *form.Form, calc views.Calc) []views.PrintGroup {
	var groups []views.PrintGroup
	for _, r1 := range form.LabelRuns(f.Indicators) {
		g := views.PrintGroup{Level1: r1.Label}
		for _, r2 := range r1.Sub {
			sg := views.PrintSubgroup{Level2: r2.Label}
			for i := r2.From; i < r2.To; i++ {
				in := f.Indicators[i]
				score := in.Score
				if score == "" {
					score = calc.Suggested(i)
				}
				sg.Rows = append(sg.Rows, views.PrintRow{Level1: in.Level1, Level2: in.Level2, Name: in.Name, Target: in.Target,
					Actual: in.Actual, Weight: in.Weight, Score: score, Deviation: in.Deviation})
			}
			g.Subgroups = append(g.Subgroups, sg)
		}
		groups = append(groups, g)
	}
	// The last row is kept with the row before it, and the total with the last row, so that
	// no page holds the total alone.
	if n := len(groups); n > 0 {
		sgs := groups[n-1].Subgroups
		rows := sgs[len(sgs)-1].Rows
		rows[len(rows)-1].KeepWithPrevious = true
	}
	return groups
}

// blockingProblems are the error-severity problems of the form, as printed below the table:
// a problem of an indicator row names the row.
func blockingProblems(pg views.Page, f *form.Form, calc views.Calc) []string {
	var out []string
	for _, p := range calc.Problems {
		if p.Severity != string(scoring.Error) {
			continue
		}
		msg := p.Message
		if i, _, ok := form.RowField(p.Field); ok && i < len(f.Indicators) {
			msg = pg.T("print.problem_row", i+1, f.Indicators[i].Name, p.Message)
		}
		out = append(out, msg)
	}
	return out
}

// counterParts splits a page number text into the placeholders of the counters and the text
// around them.
var counterParts = regexp.MustCompile("\x00[a-z]+\x00|[^\x00]+")

// pageCSS is the @page rules that depend on the language and the state of the form: the
// page number at the bottom of every page and, while the form is not approved, its mark at
// the top right (none when mark is ""). The texts come from the catalog and are written as
// CSS strings, so nothing in them can end the style element.
func pageCSS(lang i18n.Lang, mark string) string {
	const page, pages = "\x00page\x00", "\x00pages\x00"
	text := i18n.T(lang, "print.page_number", page, pages)
	var content []string
	for _, part := range counterParts.FindAllString(text, -1) {
		switch part {
		case page:
			content = append(content, "counter(page)")
		case pages:
			content = append(content, "counter(pages)")
		default:
			content = append(content, cssString(part))
		}
	}
	css := "@page { @bottom-center { content: " + strings.Join(content, " ") + "; } }"
	if mark != "" {
		css += "\n@page { @top-right { content: " + cssString(mark) + "; } }"
	}
	return css
}

// cssString quotes s as a CSS string: quotes, backslashes, line ends and angle brackets are
// escaped, so the result can stand inside a style element.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '<' || r == '>' || r == '&' || r < 0x20 || r == 0x7f:
			b.WriteString(`\` + strconv.FormatInt(int64(r), 16) + " ")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// blankLines separates paragraphs in plain text.
var blankLines = regexp.MustCompile(`\n[ \t\p{Zs}]*\n\s*`)

// plainParagraphs reads text that may carry HTML markup (goals copied from a web page, such
// as the seed's <p>…</p>) as paragraphs of plain text. Markup is never rendered: tags are
// dropped; block tags (p, div, li, tr, headings …) and blank lines end a paragraph, <br> and
// line ends break a line; character references (&amp;, &nbsp;) are decoded; what script,
// style and similar elements hold is dropped with them. A "<" that opens no tag ("<5%") is
// kept as text.
func plainParagraphs(s string) []string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(strings.ReplaceAll(s, "\r\n", "\n")))
	skip := 0 // inside an element whose text is not content
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); a {
			case atom.Script, atom.Style, atom.Template, atom.Textarea, atom.Title, atom.Iframe,
				atom.Noscript, atom.Noembed, atom.Noframes, atom.Xmp, atom.Object, atom.Svg, atom.Math:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Br:
				b.WriteByte('\n')
			case atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Table, atom.Blockquote,
				atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Article, atom.Hr, atom.Pre:
				b.WriteString("\n\n")
			case atom.Td, atom.Th:
				b.WriteByte(' ')
			}
		}
	}
	var paras []string
	for _, para := range blankLines.Split(b.String(), -1) {
		var lines []string
		for _, line := range strings.Split(para, "\n") {
			if line = strings.Join(strings.Fields(line), " "); line != "" {
				lines = append(lines, line)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
	}
	return paras
}
