package web

import (
	"fmt"
	"net/url"
	"testing"
)

func TestScratchDump(t *testing.T) {
	e := newEnv(t)
	st := e.client(t).loginAs("staff")
	an := e.client(t)
	an.get("/login")
	for _, c := range []*client{an, st} {
		for _, r := range [][2]string{{"POST", "/"}, {"GET", "/nope"}, {"GET", "/admin/nope"}, {"POST", "/admin"}, {"POST", "/nope"}, {"GET", "/admin/orgs"}, {"GET", "/forms/1/history.json"}} {
			var resp = st.get("/")
			if r[0] == "GET" {
				resp = c.get(r[1])
			} else {
				resp = c.postForm(r[1], url.Values{})
			}
			fmt.Println(r, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}
