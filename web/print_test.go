package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"selfeval/internal/i18n"
	"selfeval/internal/store"
)

// rawPageTexts splits a PDF into the text of each page, in drawing order (pdftotext -raw,
// from poppler-utils).
func rawPageTexts(t *testing.T, pdf []byte, pages int) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		const hint = "pdftotext not found: install it with `apt-get install -y poppler-utils`"
		if os.Getenv("SELFEVAL_REQUIRE_BROWSER") != "" {
			t.Fatal(hint)
		}
		t.Skip(hint)
	}
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	texts := make([]string, pages)
	for i := range texts {
		n := strconv.Itoa(i + 1)
		out, err := exec.Command("pdftotext", "-raw", "-f", n, "-l", n, path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %s: %v", n, err)
		}
		texts[i] = string(out)
	}
	return texts
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

var mediaBoxRE = regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]`)

// mediaBox returns the size of the first page in points.
func mediaBox(t *testing.T, pdf []byte) (w, h float64) {
	t.Helper()
	m := mediaBoxRE.FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no /MediaBox in the PDF")
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	return w, h
}

// squeeze removes all white space from s.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestPrintLargestForm prints the largest seed form (社会建设宣传, 18 rows) to PDF in headless
// Chromium: A4 landscape, two pages, the indicator header and the group labels repeated on
// every page, no indicator row split across pages (every row's name and deviation text stand
// whole on the same page), the total on a page with indicator rows, numbered pages, and the
// mark of a draft on each.
func TestPrintLargestForm(t *testing.T) {
	ctx := browser(t)
	base, pw, st := browserApp(t)
	signIn(t, ctx, base, "staff", pw["staff"])
	id := formIDByProject(t, st, "社会建设宣传")
	pdf := printPDF(t, ctx, base, st, id, 2)
	texts := pdf.squeezed
	if !strings.Contains(texts[len(texts)-1], "总分") || !strings.Contains(texts[len(texts)-1], "99.96") {
		t.Errorf("the last page lacks the total 99.96")
	}
	if pdf.continued == 0 {
		t.Errorf("no group continues from page 1 to page 2: the check of repeated labels checked nothing")
	}
	for p, txt := range texts {
		if !strings.Contains(txt, "草稿/未审核") {
			t.Errorf("page %d of the draft lacks the mark 草稿 / 未审核", p+1)
		}
	}
	// The seed's goals are <p>…</p>: printed as text, without the tags.
	if strings.Contains(texts[0], "<p>") || strings.Contains(texts[0], "</p>") || !strings.Contains(texts[0], "总结年度社会治理工作取得的主要成就") {
		t.Errorf("the goals are not printed as plain text: %.300s", texts[0])
	}

	// A third-last row with a long deviation text ends the rows just above the foot of page 2,
	// where the total would not fit beside them (a length that put the total alone on page 3
	// when the last row was not kept with it): the last rows go to page 3 with the total.
	rec, err := st.Form(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	rec.Form.Indicators[len(rec.Form.Indicators)-3].Deviation = strings.Repeat("因疫情影响调减预算，同步调整原定工作计划。", 32)
	if _, _, err := st.SaveForm(context.Background(), id, rec.Version, rec.Form, store.Summary{}, 0); err != nil {
		t.Fatal(err)
	}
	printPDF(t, ctx, base, st, id, 3)

	// The same check on a form whose every row has a long deviation text, so that rows meet
	// page ends: each must move to the next page whole, not be cut, and the labels of the
	// groups they continue must be repeated above them.
	rec, err = st.Form(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rec.Form.Indicators {
		rec.Form.Indicators[i].Deviation = strings.Repeat("因疫情影响及区委区政府相关工作要求调减预算，同步调整原定工作计划。", 3+i%4) + strconv.Itoa(i)
	}
	if _, _, err := st.SaveForm(context.Background(), id, rec.Version, rec.Form, store.Summary{}, 0); err != nil {
		t.Fatal(err)
	}
	if long := printPDF(t, ctx, base, st, id, 4); long.continued < 3 {
		t.Errorf("only %d groups continue on a later page of the long form, want at least 3", long.continued)
	}
}

// printed is a form printed to PDF: the text of each page with all white space removed (text
// wrapped inside a cell reads as one string), as pdftotext -raw gives it, and the number of
// (page, group) pairs where a group continues from an earlier page.
type printed struct {
	squeezed, raw []string
	continued     int
}

var pageNumberRE = regexp.MustCompile(`第(\d+)页共(\d+)页`)

// printPDF prints form id to PDF and checks what a printed form must be: A4 landscape, the
// expected number of pages, each numbered 第 N 页 共 M 页, the indicator header on every page
// that has indicator rows, every row whole on one page, the total on a page that also holds
// an indicator row, and the label of each group on every page it continues on.
func printPDF(t *testing.T, ctx context.Context, base string, st *store.Store, id int64, wantPages int) printed {
	t.Helper()
	data := printToPDF(t, ctx, base, id)
	pages := len(pdfPage.FindAll(data, -1))
	if pages != wantPages {
		t.Errorf("the PDF has %d pages, want %d", pages, wantPages)
	}
	if w, h := mediaBox(t, data); w < 841 || w > 843 || h < 594 || h > 596 {
		t.Errorf("pages are %.1f × %.1f pt, want A4 landscape (842 × 595)", w, h)
	}
	raw := rawPageTexts(t, data, pages)
	texts := make([]string, len(raw))
	for i, r := range raw {
		texts[i] = squeeze(r)
	}
	rec, err := st.Form(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	rowPage := make([]int, len(rec.Form.Indicators)) // the page each row stands on, -1 if none
	for i, in := range rec.Form.Indicators {
		name, dev := squeeze(in.Name), squeeze(in.Deviation)
		rowPage[i] = -1
		for p, txt := range texts {
			if strings.Contains(txt, name) && strings.Contains(txt, dev) {
				rowPage[i] = p
			}
		}
		if rowPage[i] < 0 {
			t.Errorf("row %d (%s) does not stand whole on one page", i, in.Name)
		}
	}
	for p, txt := range texts {
		if p > 0 && !strings.Contains(txt, "三级指标") {
			t.Errorf("page %d lacks the repeated indicator header", p+1)
		}
		m := pageNumberRE.FindAllStringSubmatch(txt, -1)
		if len(m) != 1 || m[0][1] != strconv.Itoa(p+1) || m[0][2] != strconv.Itoa(pages) {
			t.Errorf("page %d is numbered %v, want 第 %d 页 共 %d 页", p+1, m, p+1, pages)
		}
	}
	// The page of the total holds an indicator row too (if the form has one): never the header
	// row and 总分 alone.
	for p, txt := range texts {
		if !strings.Contains(txt, "总分") {
			continue
		}
		rows := 0
		for i := range rowPage {
			if rowPage[i] == p {
				rows++
			}
		}
		if rows == 0 && len(rowPage) > 0 {
			t.Errorf("page %d holds the total and no indicator row: %.200s", p+1, txt)
		}
	}
	// A group (level 1, or level 2 within it) with rows on pages before p and on p shows its
	// label on p.
	var out printed
	out.squeezed, out.raw = texts, raw
	for _, level := range []func(i int) string{
		func(i int) string { return rec.Form.Indicators[i].Level1 },
		func(i int) string { return rec.Form.Indicators[i].Level1 + "\x00" + rec.Form.Indicators[i].Level2 },
	} {
		for i := 1; i < len(rowPage); i++ {
			if level(i) != level(i-1) || rowPage[i] <= rowPage[i-1] || rowPage[i-1] < 0 {
				continue
			}
			_, label, _ := strings.Cut(level(i), "\x00")
			if label == "" {
				label = level(i)
			}
			out.continued++
			if !strings.Contains(texts[rowPage[i]], squeeze(label)) {
				t.Errorf("page %d continues the group %s of row %d (%s) without its label", rowPage[i]+1, label, i, rec.Form.Indicators[i].Name)
			}
		}
	}
	return out
}

// printToPDF opens the print page of form id and prints it as Chromium's print to PDF does
// (A4 landscape from the page's CSS). SELFEVAL_PDF_DIR keeps each PDF there, to look at.
func printToPDF(t *testing.T, ctx context.Context, base string, id int64) []byte {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/forms/"+strconv.FormatInt(id, 10)+"/print"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=signatures]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	landscape, cssSize := true, true
	data, err := chromedp.Run(ctx, chromedp.PrintToPDF(func(p *page.PrintToPDFParams) {
		p.Landscape, p.PreferCSSPageSize = &landscape, &cssSize
	}))
	if err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("SELFEVAL_PDF"); out != "" {
		_ = os.WriteFile(out, data, 0o644)
	}
	if dir := os.Getenv("SELFEVAL_PDF_DIR"); dir != "" {
		name := strings.NewReplacer("/", "-").Replace(t.Name()) + "-" + strconv.Itoa(pdfCount) + ".pdf"
		pdfCount++
		_ = os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	return data
}

var pdfCount int

func formIDByProject(t *testing.T, st *store.Store, project string) int64 {
	t.Helper()
	list, err := st.ListForms(context.Background(), store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range list {
		if f.Project == project {
			return f.ID
		}
	}
	t.Fatalf("no form %q", project)
	return 0
}

// TestPrintDraftAndApproved prints a draft with an error and markup in its goals, and an
// approved form: the draft shows its mark on every page and lists its blocking problem below
// the table, its goals are text (no element of the markup exists in the page); the approved
// form has neither mark nor list.
func TestPrintDraftAndApproved(t *testing.T) {
	ctx := browser(t)
	base, pw, st := browserApp(t)
	signIn(t, ctx, base, "staff", pw["staff"])
	bg := context.Background()

	id := formIDByProject(t, st, "培训费")
	rec, err := st.Form(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	name := rec.Form.Indicators[0].Name
	rec.Form.Indicators[0].Actual = ""
	rec.Form.Goals.Expected = `<p class="x" onclick="alert(1)">第一段</p><script>document.title="pwned"</script>` +
		`<img src=x onerror="document.title='pwned'">第二段<br>第三行 &amp; <b style="color:red">粗体</b><style>body{display:none}</style>`
	if _, _, err := st.SaveForm(bg, id, rec.Version, rec.Form, store.Summary{}, 0); err != nil {
		t.Fatal(err)
	}
	draft := printPDF(t, ctx, base, st, id, 2)
	for p, txt := range draft.squeezed {
		if !strings.Contains(txt, "草稿/未审核") {
			t.Errorf("page %d of the draft lacks the mark 草稿 / 未审核", p+1)
		}
	}
	all := strings.Join(draft.squeezed, "")
	problem := squeeze(i18n.T(i18n.Zh, "print.problem_row", 1, name, i18n.T(i18n.Zh, "problem.indicator.actual_missing")))
	if heading := squeeze(i18n.T(i18n.Zh, "print.blocking", 1)); !strings.Contains(all, heading) || !strings.Contains(all, problem) {
		t.Errorf("the draft's PDF lacks its blocking problem %q under %q", problem, heading)
	}
	if !strings.Contains(all, "第一段第二段第三行&粗体") || strings.Contains(all, "pwned") || strings.Contains(all, "onclick") || strings.Contains(all, "<") {
		t.Errorf("the goals are not printed as their text alone: %.400s", all)
	}
	// Nothing of the markup became an element: the goals cell holds paragraphs of text only.
	const goals = `[...document.querySelectorAll('[data-testid=goals-expected] *')].map(e => e.tagName + ':' + e.textContent).join('|') + '|' + document.title`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](goals))
	if err != nil {
		t.Fatal(err)
	}
	if want := "P:第一段|P:第二段\n第三行 & 粗体|培训费 · 财政项目支出绩效自评表"; got != want {
		t.Errorf("the goals cell holds %q, want %q", got, want)
	}

	// An approved form: no mark, no list of problems.
	id = formIDByProject(t, st, "调研经费")
	rec, err = st.Form(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	if rec, err = st.Transition(bg, id, rec.Version, "draft", "submitted", "", 0); err != nil {
		t.Fatal(err)
	}
	if _, err = st.Transition(bg, id, rec.Version, "submitted", "approved", "", 0); err != nil {
		t.Fatal(err)
	}
	approved := printPDF(t, ctx, base, st, id, 2)
	for p, txt := range approved.squeezed {
		if strings.Contains(txt, "草稿") || strings.Contains(txt, "未审核") {
			t.Errorf("page %d of the approved form is marked: %.300s", p+1, txt)
		}
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.watermark, [data-testid=print-blocking], [data-testid=print-mark]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the approved form's print page has %d marks or problem lists", n)
	}

	// A draft without a single indicator still prints: the total, numbered, with its problem.
	id = formIDByProject(t, st, "邻里中心项目建设")
	rec, err = st.Form(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	rec.Form.Indicators = nil
	if _, _, err := st.SaveForm(bg, id, rec.Version, rec.Form, store.Summary{}, 0); err != nil {
		t.Fatal(err)
	}
	empty := printPDF(t, ctx, base, st, id, 1)
	if txt := empty.squeezed[0]; !strings.Contains(txt, "总分") || !strings.Contains(txt, squeeze(i18n.T(i18n.Zh, "problem.indicators.none"))) {
		t.Errorf("the form without indicators prints %.400s", txt)
	}
}

// englishWords are the words of the printed labels in English that the print must not split.
var englishWords = regexp.MustCompile(`[A-Za-z]{4,}`)

// TestPrintEnglish prints 社会建设宣传 in English (the lang cookie): the page says lang="en",
// every word of the printed labels stands whole in the PDF text (Chromium breaks lines between
// words, never inside one: "Supervising", not "Supervisin g"), and pages are numbered
// "Page N of M" under the mark "Draft / Not reviewed".
func TestPrintEnglish(t *testing.T) {
	ctx := browser(t)
	base, pw, st := browserApp(t)
	signIn(t, ctx, base, "staff", pw["staff"])
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: "lang", Value: "en", URL: base})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	id := formIDByProject(t, st, "社会建设宣传")
	data := printToPDF(t, ctx, base, id)
	lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil {
		t.Fatal(err)
	}
	if lang != "en" {
		t.Errorf("the English print page has lang=%q", lang)
	}
	pages := len(pdfPage.FindAll(data, -1))
	raw := rawPageTexts(t, data, pages)
	text := strings.Join(raw, "\n")
	words := map[string]bool{}
	for _, key := range []string{"form.title", "form.project", "form.department", "form.unit", "form.funds",
		"form.funds.initial", "form.funds.adjusted", "form.funds.executed", "form.funds.total", "form.funds.fiscal",
		"form.funds.carryover", "form.funds.other", "form.weight", "form.execution_rate", "form.score", "form.goals",
		"form.goals.expected", "form.goals.achieved", "form.indicators", "form.level1", "form.level2", "form.name",
		"form.target", "form.actual", "form.deviation", "form.total", "form.grade", "print.filled_by",
		"print.reviewed_by", "print.head", "print.date"} {
		for _, w := range englishWords.FindAllString(i18n.T(i18n.En, key), -1) {
			words[w] = true
		}
	}
	if !words["Supervising"] || len(words) < 30 {
		t.Fatalf("the English labels give only %d words: %v", len(words), words)
	}
	// "Indicators" stands sideways in its narrow column, which pdftotext reads a letter a line.
	if vertical := i18n.T(i18n.En, "form.indicators"); !strings.Contains(squeeze(text), vertical) {
		t.Errorf("the English print lacks %q", vertical)
	} else {
		delete(words, vertical)
	}
	// pdftotext -raw loses the spaces between words with this font but keeps line ends: a word
	// broken across two lines would not be found.
	for w := range words {
		if !strings.Contains(text, w) {
			t.Errorf("the English print does not show %q whole", w)
		}
	}
	pageNo := regexp.MustCompile(`Page\s*(\d+)\s*of\s*(\d+)`)
	for p, txt := range raw {
		m := pageNo.FindAllStringSubmatch(txt, -1)
		if len(m) != 1 || m[0][1] != strconv.Itoa(p+1) || m[0][2] != strconv.Itoa(pages) {
			t.Errorf("page %d is numbered %v, want Page %d of %d", p+1, m, p+1, pages)
		}
		if !strings.Contains(squeeze(txt), "Draft/Notreviewed") {
			t.Errorf("page %d of the English draft lacks the mark Draft / Not reviewed", p+1)
		}
	}
	t.Logf("the English print of 社会建设宣传 has %d pages", pages)
}

// TestPrintPlainParagraphs: markup in the goals becomes paragraphs of plain text; nothing of a tag,
// an attribute or a script survives as text that could be taken for markup, and a "<" that
// opens no tag stays.
func TestPrintPlainParagraphs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  \n ", nil},
		{"总结年度工作", []string{"总结年度工作"}},
		{"<p>第一段</p><p>第二段</p>", []string{"第一段", "第二段"}},
		{"<P CLASS=a>大写</P>", []string{"大写"}},
		{"第一行<br>第二行<br/>第三行", []string{"第一行\n第二行\n第三行"}},
		{"第一行\n第二行\n\n第二段", []string{"第一行\n第二行", "第二段"}},
		{"甲\r\n乙", []string{"甲\n乙"}},
		{"<div><ul><li>一</li><li>二</li></ul></div>", []string{"一", "二"}},
		{"A &amp; B &lt;c&gt; &nbsp;&#20013;", []string{"A & B <c> 中"}},
		{"执行率<90%且>=85%", []string{"执行率<90%且>=85%"}},
		{"a < b", []string{"a < b"}},
		{`<script>alert("x")</script>正文`, []string{"正文"}},
		{`<SCRIPT src="//evil.example/x.js"></SCRIPT>正文<script>`, []string{"正文"}},
		{`<img src=x onerror="alert(1)">图<a href="javascript:alert(1)" title='t'>链接</a>`, []string{"图链接"}},
		{`<style>p{color:red}</style><iframe src="//evil.example">框</iframe>留下`, []string{"留下"}},
		{`<svg onload=alert(1)><text>svg</text></svg>后`, []string{"后"}},
		{`<!-- 注释 <p>不是</p> -->可见`, []string{"可见"}},
		{`<p onclick="alert('<p>')">引号里的 &lt;p&gt;</p>`, []string{"引号里的 <p>"}},
		{"<p>  多个   空格  </p>", []string{"多个 空格"}},
		{"<<p>>", []string{"<", ">"}},
	}
	for _, tt := range tests {
		got := plainParagraphs(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("plainParagraphs(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for _, p := range got {
			for _, bad := range []string{"script", "onerror", "onclick", "alert", "href", "evil", "display"} {
				if strings.Contains(strings.ToLower(p), bad) {
					t.Errorf("plainParagraphs(%q) kept %q: %q", tt.in, bad, p)
				}
			}
		}
	}
}

// TestPrintPageCSS: the page number and the mark come from the catalog, with counter(page) and
// counter(pages) where the text has its numbers, and nothing in a text can close the style
// element or the CSS string.
func TestPrintPageCSS(t *testing.T) {
	zh := pageCSS(i18n.Zh, "草稿 / 未审核")
	if want := `@bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; }`; !strings.Contains(zh, want) {
		t.Errorf("pageCSS(zh) = %s, want it to hold %s", zh, want)
	}
	if want := `@top-right { content: "草稿 / 未审核"; }`; !strings.Contains(zh, want) {
		t.Errorf("pageCSS(zh) = %s, want it to hold %s", zh, want)
	}
	en := pageCSS(i18n.En, "")
	if want := `content: "Page " counter(page) " of " counter(pages);`; !strings.Contains(en, want) || strings.Contains(en, "top-right") {
		t.Errorf("pageCSS(en, no mark) = %s, want %s and no mark", en, want)
	}
	hostile := pageCSS(i18n.Zh, "a\"b\\c</style><script>x</script>\n}")
	if strings.Contains(hostile, "<") || strings.Contains(hostile, ">") || strings.Contains(hostile, "\n}") ||
		!strings.Contains(hostile, `content: "a\"b\\c\3c /style\3e \3c script\3e x\3c /script\3e \a }";`) {
		t.Errorf("a hostile mark is not escaped: %s", hostile)
	}
}
