package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"selfeval/static"
)

// hashedAsset is a static address as the views link it: the plain base name, ten hex digits of
// the content hash, the extension.
var hashedAsset = regexp.MustCompile(`^/static/(.+)\.[0-9a-f]{10}(\.(?:css|js))$`)

// staticRequest sends method path from a client with no cookies and fails the test if the
// answer sets one: static files are served outside the session and CSRF middleware.
func staticRequest(t *testing.T, e *env, method, path string, h http.Header) (*http.Response, string) {
	t.Helper()
	c := e.client(t)
	req, err := http.NewRequest(method, e.TS.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	resp := c.do(req)
	if sc := resp.Header.Values("Set-Cookie"); len(sc) > 0 {
		t.Errorf("%s %s set cookies %q", method, path, sc)
	}
	return resp, c.body(resp)
}

// TestStaticHashed follows the assets the sign-in page links: each is under a content-hashed
// name, cached for a year as immutable, with its content type and the embedded bytes; HEAD has
// the headers and no body; POST is refused.
func TestStaticHashed(t *testing.T) {
	e := newEnv(t)
	doc := e.client(t).page("/login")
	var urls []string
	doc.Find(`link[rel="stylesheet"]`).Each(func(_ int, s *goquery.Selection) { urls = append(urls, s.AttrOr("href", "")) })
	doc.Find(`script[src]`).Each(func(_ int, s *goquery.Selection) { urls = append(urls, s.AttrOr("src", "")) })
	if len(urls) != 3 {
		t.Fatalf("the sign-in page links %d assets, want 3 (app.css, htmx, app.js): %q", len(urls), urls)
	}
	types := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
	for _, u := range urls {
		t.Run(u, func(t *testing.T) {
			m := hashedAsset.FindStringSubmatch(u)
			if m == nil {
				t.Fatalf("%q is not a content-hashed /static/ address", u)
			}
			name, ext := m[1]+m[2], m[2]
			if got := static.Path(name); got != u {
				t.Errorf("static.Path(%q) = %q, the page links %q", name, got, u)
			}
			want, err := static.FS.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}

			resp, body := staticRequest(t, e, http.MethodGet, u, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", u, resp.StatusCode)
			}
			if got := resp.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("GET %s: Cache-Control %q", u, got)
			}
			if got := resp.Header.Get("Content-Type"); got != types[ext] {
				t.Errorf("GET %s: Content-Type %q, want %q", u, got, types[ext])
			}
			if body != string(want) {
				t.Errorf("GET %s: body of %d bytes is not the embedded %s (%d bytes)", u, len(body), name, len(want))
			}

			resp, body = staticRequest(t, e, http.MethodHead, u, nil)
			if resp.StatusCode != http.StatusOK || body != "" {
				t.Errorf("HEAD %s: status %d, %d bytes of body; want 200 and none", u, resp.StatusCode, len(body))
			}
			if got := resp.Header.Get("Content-Type"); got != types[ext] {
				t.Errorf("HEAD %s: Content-Type %q", u, got)
			}

			resp, _ = staticRequest(t, e, http.MethodPost, u, nil)
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("POST %s: status %d, Allow %q; want 405 and GET, HEAD", u, resp.StatusCode, resp.Header.Get("Allow"))
			}
		})
	}
}

// TestStaticPlainAndUnknown checks the plain names still answer (revalidated by ETag) and that
// anything else under /static/ is 404, directories included, without a cookie.
func TestStaticPlainAndUnknown(t *testing.T) {
	e := newEnv(t)
	resp, body := staticRequest(t, e, http.MethodGet, "/static/app.css", nil)
	want, _ := static.FS.ReadFile("app.css")
	if resp.StatusCode != http.StatusOK || body != string(want) {
		t.Fatalf("GET /static/app.css: status %d, %d bytes; want 200 and app.css", resp.StatusCode, len(body))
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
		t.Errorf("GET /static/app.css: Cache-Control %q, want no-cache", got)
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("GET /static/app.css: no ETag")
	}
	resp, body = staticRequest(t, e, http.MethodGet, "/static/app.css", http.Header{"If-None-Match": {etag}})
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("GET /static/app.css with its ETag: status %d, %d bytes; want 304 and none", resp.StatusCode, len(body))
	}

	for _, path := range []string{
		"/static/no-such.js",
		"/static/app.0000000000.css", // a hash of no content
		"/static/",
		"/static/.",
		"/static/../static/app.css",
		"/static/sub/app.css",
	} {
		resp, _ := staticRequest(t, e, http.MethodGet, path, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
}

// TestStaticPrintSheet checks the print page links its style sheet under the hashed name.
func TestStaticPrintSheet(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	id := c.formIDOf(training, 2022)
	doc := c.page("/forms/" + strconv.FormatInt(id, 10) + "/print")
	if got := doc.Find(`link[rel="stylesheet"]`).AttrOr("href", ""); got != static.Path("print.css") || !hashedAsset.MatchString(got) {
		t.Errorf("the print page links %q, want %q", got, static.Path("print.css"))
	}
}

// TestStaticNotInEcho checks that Echo has no route of its own under /static/: the files are
// served before it, and the route matrix of TestRouteAuthorization then covers every route.
func TestStaticNotInEcho(t *testing.T) {
	e := newEnv(t)
	for _, r := range e.Srv.echo.Routes() {
		if strings.HasPrefix(r.Path, "/static") {
			t.Errorf("Echo has the route %s %s; static files are served before Echo", r.Method, r.Path)
		}
	}
}
