package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestDeleteFromFormPage: the form page of a draft offers its unit's staff 删除, which
// deletes it softly after the page's confirmation; others and other states are not offered it.
func TestDeleteFromFormPage(t *testing.T) {
	e := newEnv(t)
	staff, id, doc := openForm(t, e, "staff", training)
	del := doc.Find(`form.delete-form`)
	if del.Length() != 1 || del.Find(`[data-testid="delete-form"]`).Length() != 1 {
		t.Fatalf("the staff page of a draft offers no 删除")
	}
	if ask, _ := del.Attr("data-confirm"); !strings.Contains(ask, training) {
		t.Errorf("deleting asks %q, want a confirmation naming the project", ask)
	}
	sup := e.client(t).loginAs("supervisor")
	if sup.page(formPath(id, "")).Find(`form.delete-form`).Length() != 0 {
		t.Errorf("the supervisor is offered 删除")
	}
	// A submitted form is not offered it either.
	other := staff.formIDOf("社会建设宣传", 2022)
	wantRedirect(t, staff, act(staff, other, "submit", hiddenFields(staff.page(formPath(other, "")), "form.action-submit")), formPath(other, "?done=submit"))
	if staff.page(formPath(other, "")).Find(`form.delete-form`).Length() != 0 {
		t.Errorf("a submitted form offers 删除")
	}
	action, _ := del.Attr("action")
	resp := staff.postForm(action, hiddenFields(doc, "form.delete-form"))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/forms?") {
		t.Fatalf("delete answered %d to %q, want 303 to the list", resp.StatusCode, resp.Header.Get("Location"))
	}
	wantStatus(t, staff, staff.get(formPath(id, "")), http.StatusNotFound)
}
