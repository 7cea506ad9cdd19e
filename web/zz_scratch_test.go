package web

import (
	"os"
	"testing"
)

func TestZZScratch(t *testing.T) {
	e := newEnv(t)
	c := e.client(t).loginAs("staff")
	id := c.formIDOf("培训费", 2022)
	r := c.get(formPath(id, ".json"))
	os.WriteFile("/tmp/px.json", []byte(c.body(r)), 0o644)
	r = c.get(formPath(id, ""))
	os.WriteFile("/tmp/px.html", []byte(c.body(r)), 0o644)
	r = c.get("/forms")
	os.WriteFile("/tmp/list.html", []byte(c.body(r)), 0o644)
	t.Log(editorValues(c.doc(c.get(formPath(id, "")))).Encode())
}
