package web

// Helpers of the handler tests, which go through the whole router on a real SQLite file (each
// beside the handlers it tests): what a page sends and what is stored.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

const training = "培训费" // the demo form most tests use: 99.03%, 9.90, 99.90, 优, 13 rows

// wantStatus fails the test unless resp has status code.
func wantStatus(t testing.TB, c *client, resp *http.Response, code int) {
	t.Helper()
	if resp.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d; body: %.400s", resp.Request.Method, resp.Request.URL.Path,
			resp.StatusCode, code, c.body(resp))
	}
}

// wantRedirect fails the test unless resp is a 303 to location.
func wantRedirect(t testing.TB, c *client, resp *http.Response, location string) {
	t.Helper()
	wantStatus(t, c, resp, http.StatusSeeOther)
	if got := resp.Header.Get("Location"); got != location {
		t.Fatalf("%s %s: Location %q, want %q", resp.Request.Method, resp.Request.URL.Path, got, location)
	}
}

// inputValue is the value of the input (or the text of the textarea) named name.
func inputValue(doc *goquery.Document, name string) string {
	s := doc.Find(`[name="` + name + `"]`).First()
	if goquery.NodeName(s) == "textarea" {
		return s.Text()
	}
	v, _ := s.Attr("value")
	return v
}

// rows is the number of indicator rows of a form page.
func rows(doc *goquery.Document) int { return doc.Find(`[data-testid="indicator-row"]`).Length() }

// hiddenFields returns the hidden inputs of the form matched by sel.
func hiddenFields(doc *goquery.Document, sel string) url.Values {
	v := url.Values{}
	doc.Find(sel).First().Find(`input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		val, _ := s.Attr("value")
		v.Set(name, val)
	})
	return v
}

// oob returns the text of the out-of-band element with data-testid id, and whether it is one.
// oob returns the text of the element with data-testid id and whether it is swapped out of
// band (as a whole, or its content for the figures).
func oob(doc *goquery.Document, id string) (string, bool) {
	s := doc.Find(`[data-testid="` + id + `"]`).First()
	v, ok := s.Attr("hx-swap-oob")
	return strings.TrimSpace(s.Text()), ok && (v == "true" || v == "innerHTML")
}

// openForm signs in a fresh client as user and loads the page of the demo form project.
func openForm(t testing.TB, e *env, user, project string) (*client, int64, *goquery.Document) {
	t.Helper()
	c := e.client(t).loginAs(user)
	id := c.formIDOf(project, 2022)
	return c, id, c.page(formPath(id, ""))
}
