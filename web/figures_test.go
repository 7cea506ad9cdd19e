package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// figuresAnswer is the JSON answer to a keystroke.
type figuresAnswer struct {
	F [][2]string `json:"f"`
	D string      `json:"d"`
	P *string     `json:"p"`
	W *string     `json:"w"`
	R int         `json:"r"`
}

func postFigures(t *testing.T, c *client, id int64, vals map[string][]string, token string) (*http.Response, figuresAnswer) {
	t.Helper()
	body := url.Values(vals).Encode()
	resp := c.post(formPath(id, "/recalc"), body, http.Header{"Accept": {"application/json"}, "X-Csrf-Token": {token}})
	var ans figuresAnswer
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal([]byte(c.body(resp)), &ans); err != nil {
			t.Fatalf("answer %q: %v", c.body(resp), err)
		}
	}
	return resp, ans
}

// TestFigures: a keystroke's JSON answer names every figure the page shows and nothing else,
// with the new texts; the problems come when the page's digest is not theirs, and not again
// once it is; a change of the rows' grouping asks for the rows anew. Access and CSRF hold.
func TestFigures(t *testing.T) {
	e := newEnv(t)
	c, id, doc := openForm(t, e, "staff", training)
	vals := editorValues(doc)
	vals.Set("funds.total.executed", "100000")
	resp, ans := postFigures(t, c, id, vals, c.token())
	wantStatus(t, c, resp, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	got := map[string]string{}
	for _, f := range ans.F {
		got[f[0]] = f[1]
		if doc.Find("#"+f[0]+".out").Length() != 1 {
			t.Errorf("the answer names #%s, which is no figure of the page", f[0])
		}
	}
	doc.Find(".out[id]").Each(func(_ int, s *goquery.Selection) {
		if _, ok := got[s.AttrOr("id", "")]; !ok {
			t.Errorf("the figure #%s is not in the answer", s.AttrOr("id", ""))
		}
	})
	if got["total-score"] != "95.13" || got["bar-rate"] != "51.29%" || got["budget-score"] != "5.13" || got["grade"] != "优" {
		t.Errorf("figures %v", got)
	}
	if ans.P == nil || ans.W == nil || !strings.Contains(*ans.P, `data-digest="`+ans.D+`"`) || !strings.Contains(*ans.P, "低于 90%") {
		t.Fatalf("the first answer lacks the problems with their digest %q: %v", ans.D, ans.P)
	}
	vals.Set("digest", ans.D)
	vals.Set("goals.achieved", "全部完成") // the same problems
	_, again := postFigures(t, c, id, vals, c.token())
	if again.P != nil || again.W != nil || again.D != ans.D {
		t.Errorf("problems sent again although the page shows them: %+v", again)
	}
	vals.Set("funds.total.executed", editorValues(doc).Get("funds.total.executed")) // no longer below 90%
	_, fixed := postFigures(t, c, id, vals, c.token())
	if fixed.P == nil || fixed.D == ans.D || strings.Contains(*fixed.P, "低于 90%") {
		t.Errorf("changed problems not sent: %+v", fixed)
	}
	vals.Set("indicators.0.level2", "质量指标")
	_, regroup := postFigures(t, c, id, vals, c.token())
	if regroup.R != 1 || len(regroup.F) != 0 {
		t.Errorf("a regrouping is answered %+v, want {r:1}", regroup)
	}
	// Without the CSRF token, or for a form of another unit, nothing is computed.
	noToken := url.Values(vals)
	noToken.Del("_csrf")
	if resp, _ := postFigures(t, c, id, noToken, "wrong"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without the token: %d", resp.StatusCode)
	}
	other := e.client(t).loginAs("other")
	other.page("/forms")
	vals.Set("_csrf", other.token())
	if resp, _ := postFigures(t, other, id, vals, other.token()); resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
		t.Errorf("another unit's staff: %d", resp.StatusCode)
	}
	if resp, _ := postFigures(t, c, id, map[string][]string{"indicators.0.name": {"%zz"}, "_csrf": {c.token()}}, c.token()); resp.StatusCode != http.StatusOK {
		t.Errorf("an odd value: %d", resp.StatusCode)
	}
	bad := c.post(formPath(id, "/recalc"), "a=%zz", http.Header{"Accept": {"application/json"}, "X-Csrf-Token": {c.token()}})
	wantStatus(t, c, bad, http.StatusBadRequest)
	big := c.post(formPath(id, "/recalc"), "goals.achieved="+strings.Repeat("x", 1<<20+1), http.Header{"Accept": {"application/json"}, "X-Csrf-Token": {c.token()}})
	wantStatus(t, c, big, http.StatusRequestEntityTooLarge)
}
