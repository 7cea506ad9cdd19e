package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"selfeval/internal/demo"
	"selfeval/internal/exchange"
	"selfeval/internal/exchange/diag"
	textform "selfeval/internal/exchange/text"
	"selfeval/internal/exchange/xlsx"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
	"selfeval/internal/store"
)

// multipartPost posts fields and at most one file as a browser's file upload does.
func (c *client) multipartPost(path string, fields map[string]string, fileName string, file []byte) *http.Response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("_csrf", c.token())
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	if fileName != "" {
		w, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = w.Write(file)
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	return c.post(path, body.String(), http.Header{"Content-Type": {mw.FormDataContentType()}})
}

func countForms(t *testing.T, e *env) int {
	t.Helper()
	list, err := e.Store.ListForms(context.Background(), store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// TestImportPaste: text pasted from a spreadsheet is previewed with the reader's notes, then
// created as drafts of the person's unit, all at once.
func TestImportPaste(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	wantStatus(t, c, c.get("/import"), http.StatusOK)
	resp := c.multipartPost("/import/preview", map[string]string{"text": demo.Seed2022}, "", nil)
	wantStatus(t, c, resp, http.StatusOK)
	doc := c.doc(resp)
	if n := doc.Find(`[data-testid=import-row]`).Length(); n != 10 {
		t.Fatalf("preview shows %d forms, want 10", n)
	}
	read, err := textform.Read(demo.Seed2022)
	if err != nil {
		t.Fatal(err)
	}
	if note := diag.NoteMessage(read[0].Notes[0], i18n.Zh); !strings.Contains(note, "错位") ||
		!strings.Contains(doc.Find(`[data-testid=import-preview]`).Text(), note) {
		t.Errorf("the preview does not show the reader's notes (%q)", note)
	}
	if countForms(t, e) != 10 {
		t.Fatal("the preview created forms")
	}
	// The demo has these ten forms already: keep both of each (skipping is the default).
	stash, _ := doc.Find(`input[name=stash]`).Attr("value")
	vals := url.Values{"stash": {stash}}
	for i := range 10 {
		vals.Set("dup."+strconv.Itoa(i), "keep")
	}
	resp = c.postForm("/import", vals)
	wantStatus(t, c, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/forms?year=2022&created=10" {
		t.Errorf("Location %q", loc)
	}
	if n := countForms(t, e); n != 20 {
		t.Errorf("%d forms after the import, want 20", n)
	}
	list := c.page("/forms?year=2022&created=10")
	if n := list.Find(`[data-testid=form-row]`).Length(); n != 20 {
		t.Errorf("the list shows %d forms, want 20", n)
	}
}

// TestImportBroken: a broken file or payload creates nothing and says what is wrong.
func TestImportBroken(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	// The message is the catalog's, in the person's language, never the reader's error text.
	en := e.client(t).loginAs("staff")
	wantRedirect(t, en, en.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/import"}}), "/import")
	for _, tt := range []struct{ name, text, zh, en string }{
		{"no form", "这不是一张自评表", "文本中未找到自评表：没有标题“财政项目支出绩效自评表”、“项目名称”、资金表头“项目资金”，也没有含“一级指标”“二级指标”“三级指标”的指标表头", "no form found in the text: no title 财政项目支出绩效自评表, no 项目名称, no funds header 项目资金, and no indicator header with 一级指标, 二级指标 and 三级指标"},
		{"malformed JSON", `[{"project" "x", "indicators": []}]`, "JSON 格式错误，位于第 1 行", "malformed JSON at line 1"},
		{"truncated JSON", `[{"project": "x", "indicators": [`, "JSON 格式错误：内容提前结束", "malformed JSON: the text ends too early"},
		{"no indicators", `{"project": "空表"}`, "第 1 张自评表（空表）没有绩效指标", "form 1 (空表) has no indicators"},
	} {
		for _, l := range []struct {
			c    *client
			lang i18n.Lang
			msg  string
		}{{c, i18n.Zh, tt.zh}, {en, i18n.En, tt.en}} {
			resp := l.c.multipartPost("/import/preview", map[string]string{"text": tt.text}, "", nil)
			wantStatus(t, l.c, resp, http.StatusUnprocessableEntity)
			msg := strings.TrimSpace(l.c.doc(resp).Find(`[data-testid=import-error]`).Text())
			if want := i18n.T(l.lang, "import.failed", l.msg); msg != want {
				t.Errorf("%s (%s): error %q, want %q", tt.name, l.lang, msg, want)
			}
		}
	}
	// Forms posted to the create step instead of a preview's stash create nothing.
	resp := c.postForm("/import", url.Values{"forms": {`[{"year":2022,"project":"半个`}})
	wantStatus(t, c, resp, http.StatusUnprocessableEntity)
	if msg := strings.TrimSpace(c.doc(resp).Find(`[data-testid=import-error]`).Text()); msg != i18n.T(i18n.Zh, "import.expired") {
		t.Errorf("a posted payload: error %q", msg)
	}
	if n := countForms(t, e); n != 10 {
		t.Errorf("%d forms after failed imports, want the 10 of the demo", n)
	}
	// A workbook with an unreadable amount names the sheet and cell, and creates nothing.
	var book bytes.Buffer
	rec := e.formRecord(t, c.formIDOf(training, 2022))
	rec.Form.Funds.Fiscal.Executed = "1O0"
	if err := xlsx.Write(&book, nil, nil); err == nil {
		t.Error("an empty workbook was written")
	}
	book.Reset()
	f := rec.Form
	if err := xlsx.Write(&book, []form.Form{f}, nil); err != nil {
		t.Fatal(err)
	}
	resp = c.multipartPost("/import/preview", nil, "培训费.xlsx", book.Bytes())
	wantStatus(t, c, resp, http.StatusUnprocessableEntity)
	if msg, want := strings.TrimSpace(c.doc(resp).Find(`[data-testid=import-error]`).Text()), i18n.T(i18n.Zh, "import.failed", "培训费!E7：无法识别的金额 “1O0”"); msg != want {
		t.Errorf("workbook error %q, want %q", msg, want)
	}
	if n := countForms(t, e); n != 10 {
		t.Errorf("%d forms after a broken workbook, want 10", n)
	}
}

// TestExportXLSX: a form and a year export as workbooks that read back as the same forms,
// and a person exports only what they may see.
func TestExportXLSX(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	id := c.formIDOf(training, 2022)
	resp := c.get(formPath(id, ".xlsx"))
	wantStatus(t, c, resp, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Errorf("Content-Type %q", ct)
	}
	file, err := exchange.Read([]byte(c.body(resp)))
	read, format := file.Forms, file.Format
	if err != nil || format != exchange.FormatXLSX || len(read) != 1 {
		t.Fatalf("read back: %v %s %d", err, format, len(read))
	}
	want := e.formRecord(t, id).Form
	if got := read[0].Form; got.Project != want.Project || len(got.Indicators) != len(want.Indicators) ||
		got.Funds.Total.Executed != want.Funds.Total.Executed || got.Indicators[1].Actual != want.Indicators[1].Actual {
		t.Errorf("read back %+v", got.Funds)
	}
	// The uploaded workbook previews as one form.
	resp = c.multipartPost("/import/preview", nil, "培训费.xlsx", []byte(c.body(c.get(formPath(id, ".xlsx")))))
	wantStatus(t, c, resp, http.StatusOK)
	if n := c.doc(resp).Find(`[data-testid=import-row]`).Length(); n != 1 {
		t.Errorf("preview of the workbook shows %d forms", n)
	}

	resp = c.get("/forms.xlsx?year=2022")
	wantStatus(t, c, resp, http.StatusOK)
	if file, err := exchange.Read([]byte(c.body(resp))); err != nil || len(file.Forms) != 10 {
		t.Errorf("year workbook: %v, %d forms", err, len(file.Forms))
	}
	other := e.client(t).loginAs("other")
	wantStatus(t, other, other.get("/forms.xlsx?year=2022"), http.StatusNotFound)
	wantStatus(t, other, other.get(formPath(id, ".xlsx")), http.StatusNotFound)
	wantStatus(t, c, c.get("/forms.xlsx?year=abc"), http.StatusBadRequest)
}

// TestCopyYear: every form of the unit starts next year's draft.
func TestCopyYear(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	resp := c.postForm("/forms/copy-year", url.Values{"year": {"2022"}})
	wantStatus(t, c, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/forms?year=2023&copied_all=10" {
		t.Errorf("Location %q", loc)
	}
	list, err := e.Store.ListForms(context.Background(), store.ListFilter{Year: 2023})
	if err != nil || len(list) != 10 {
		t.Fatalf("2023: %v %d forms", err, len(list))
	}
	rec := e.formRecord(t, list[4].ID)
	if rec.Form.Project != training || rec.Form.Funds.Total.Initial != "195000.00" || rec.Form.Indicators[1].Actual != "" {
		t.Errorf("copied 培训费: %+v", rec.Form.Funds.Total)
	}
	wantStatus(t, c, c.postForm("/forms/copy-year", url.Values{"year": {"1999"}}), http.StatusNotFound)
	sup := e.client(t).loginAs("supervisor")
	wantStatus(t, sup, sup.postForm("/forms/copy-year", url.Values{"year": {"2022"}}), http.StatusForbidden)
}

// TestLoadSessionKeys: a key file is made once with mode 0600 and reused; the environment wins.
func TestLoadSessionKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "session.key")
	t.Setenv("SELFEVAL_SESSION_KEYS", "")
	k1, err := LoadSessionKeys(path)
	if err != nil || len(k1) != 1 || len(k1[0]) != 32 {
		t.Fatalf("keys %v %v", k1, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v %v", info.Mode().Perm(), err)
	}
	k2, err := LoadSessionKeys(path)
	if err != nil || !bytes.Equal(k1[0], k2[0]) {
		t.Errorf("the key changed on the second start")
	}
	t.Setenv("SELFEVAL_SESSION_KEYS", strings.Repeat("ab", 32)+","+strings.Repeat("cd", 32))
	k3, err := LoadSessionKeys(path)
	if err != nil || len(k3) != 2 || k3[0][0] != 0xab {
		t.Errorf("environment keys %v %v", k3, err)
	}
	t.Setenv("SELFEVAL_SESSION_KEYS", "short")
	if _, err := LoadSessionKeys(path); err == nil {
		t.Error("a short key was accepted")
	}
}

// TestLanguageSwitchAfterPreview: the import preview answers a POST, so switching the language
// there leads to a page that exists (the list), not to the preview's address (404); the
// heading names the format in words.
func TestLanguageSwitchAfterPreview(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	wantStatus(t, c, c.get("/import"), http.StatusOK)
	doc := c.doc(c.multipartPost("/import/preview", map[string]string{"text": demo.Seed2022}, "", nil))
	if h := strings.TrimSpace(doc.Find(`[data-testid=import-preview] h2`).Text()); h != "找到 10 张自评表（复制的表格文字）" {
		t.Errorf("preview heading %q", h)
	}
	resp := c.postForm("/lang", hiddenFields(doc, `form[action="/lang"]`))
	wantStatus(t, c, resp, http.StatusSeeOther)
	wantStatus(t, c, c.get(resp.Header.Get("Location")), http.StatusOK)
}
