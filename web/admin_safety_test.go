package web

// Administration safety through the whole router: nobody disables their own account or takes
// the administrator role from it, no change leaves the installation without an active
// administrator, and each refusal is a message on /admin that changes nothing.

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"selfeval/internal/auth"
	"selfeval/internal/store"
)

// adminResult posts vals to path as c, requires the redirect back to /admin and returns the
// page it leads to.
func adminResult(t *testing.T, c *client, path string, vals url.Values) *goquery.Document {
	t.Helper()
	resp := c.postForm(path, vals)
	wantStatus(t, c, resp, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/admin?") {
		t.Fatalf("POST %s went to %q, want /admin?…", path, loc)
	}
	return c.page(loc)
}

// userByName reads an account straight from the store.
func userByName(t *testing.T, e *env, name string) store.User {
	t.Helper()
	u, err := e.Store.UserByUsername(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// userForm is what the admin page's row of u posts, with the role and the disabled box as given.
func userForm(u store.User, role auth.Role, disabled bool) url.Values {
	v := url.Values{"role": {string(role)}, "org_id": {strconv.FormatInt(u.OrgID, 10)}}
	if disabled {
		v.Set("disabled", "1")
	}
	return v
}

func userPath(u store.User) string { return "/admin/users/" + strconv.FormatInt(u.ID, 10) }

// TestAdminCannotLockThemselvesOut: disabling or demoting one's own account is refused with a
// message, the account and its session stay as they were; changing one's own unit or password
// is allowed, keeps the session it was made in and ends the others.
func TestAdminCannotLockThemselvesOut(t *testing.T) {
	e := newEnv(t)
	// A second administrator, so that only the rule about one's own account can refuse.
	e.addUser(t, "admin2", "admin2-password", auth.RoleAdmin, e.DemoDept.ID)
	admin := e.client(t).loginAs("admin")
	elsewhere := e.client(t).loginAs("admin") // the same person in another browser
	me := userByName(t, e, "admin")

	doc := admin.page("/admin")
	row := doc.Find(`[data-testid="user-row"][data-username="admin"]`)
	if row.Find(`[data-testid="user-self"]`).Length() != 1 {
		t.Errorf("the admin's own row does not say it is theirs")
	}
	if n := doc.Find(`[data-testid="user-self"]`).Length(); n != 1 {
		t.Errorf("%d rows say they are the admin's own, want 1", n)
	}

	cases := []struct {
		name string
		vals url.Values
		want string
	}{
		{"disable", userForm(me, auth.RoleAdmin, true), "不能停用自己的账号，请由另一位管理员操作。"},
		{"demote", userForm(me, auth.RoleStaff, false), "不能取消自己的管理员角色，请由另一位管理员操作。"},
		{"demote and disable", userForm(me, auth.RoleAuditor, true), "不能停用自己的账号，请由另一位管理员操作。"},
	}
	for _, tc := range cases {
		doc := adminResult(t, admin, userPath(me), tc.vals)
		if got := testid(doc, "admin-error"); got != tc.want {
			t.Errorf("%s: the page says %q (message %q), want %q", tc.name, got, testid(doc, "admin-message"), tc.want)
		}
		if got := userByName(t, e, "admin"); got != me {
			t.Errorf("%s: the account changed: %+v, want %+v", tc.name, got, me)
		}
	}
	// Both sessions still work: nothing changed, so nothing ended.
	for _, c := range []*client{admin, elsewhere} {
		c.page("/admin")
	}

	// A post of the row as it is changes nothing and ends no session.
	doc = adminResult(t, admin, userPath(me), userForm(me, auth.RoleAdmin, false))
	if got := testid(doc, "admin-message"); got != "用户 admin 没有改动。" {
		t.Errorf("an unchanged post says %q", got)
	}
	if got := userByName(t, e, "admin"); got != me {
		t.Errorf("an unchanged post changed the account: %+v", got)
	}
	elsewhere.page("/admin")

	// Their own unit: allowed; they stay signed in here, the other session ends.
	moved := userForm(me, auth.RoleAdmin, false)
	moved.Set("org_id", strconv.FormatInt(e.OtherDept.ID, 10))
	doc = adminResult(t, admin, userPath(me), moved)
	if got := testid(doc, "admin-message"); got != "已更新用户 admin。" {
		t.Errorf("moving oneself says %q (error %q)", got, testid(doc, "admin-error"))
	}
	after := userByName(t, e, "admin")
	if after.OrgID != e.OtherDept.ID || after.SessionEpoch != me.SessionEpoch+1 {
		t.Errorf("after the move: org %d epoch %d, want %d and %d", after.OrgID, after.SessionEpoch, e.OtherDept.ID, me.SessionEpoch+1)
	}
	if resp := elsewhere.get("/admin"); resp.StatusCode == http.StatusOK {
		t.Errorf("the admin's other session survived a change of the account")
	}

	// Their own password: the same.
	elsewhere = e.client(t).loginAs("admin")
	doc = adminResult(t, admin, userPath(me)+"/password", url.Values{"password": {"admin-new-password"}})
	if got := testid(doc, "admin-message"); got != "已重置 admin 的密码。" {
		t.Errorf("resetting one's own password says %q", got)
	}
	if resp := elsewhere.get("/admin"); resp.StatusCode == http.StatusOK {
		t.Errorf("the admin's other session survived their password reset")
	}
	c := e.client(t)
	wantRedirect(t, c, c.login("admin", "admin-new-password"), "/forms")
}

// TestAdminLastActiveAdmin: another administrator may be disabled or demoted while one
// remains; a change that would leave none is refused with a message, also when it comes from
// an administrator whose own account was disabled meanwhile (a race the store decides).
func TestAdminLastActiveAdmin(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	admin := e.client(t).loginAs("admin")
	second := e.addUser(t, "admin2", "admin2-password", auth.RoleAdmin, e.DemoDept.ID)

	// With two, one may demote the other, and make them admin again.
	doc := adminResult(t, admin, userPath(second), userForm(second, auth.RoleSupervisor, false))
	if got := testid(doc, "admin-message"); got != "已更新用户 admin2。" {
		t.Fatalf("demoting the other admin says %q (error %q)", got, testid(doc, "admin-error"))
	}
	adminResult(t, admin, userPath(second), userForm(second, auth.RoleAdmin, false))
	other := e.client(t).loginAs("admin2")

	// The race: admin's account is disabled elsewhere (another server, the command line) while
	// this server still takes admin's session for an active admin's. In the store admin2 is
	// now the last active administrator.
	me := userByName(t, e, "admin")
	if err := e.Store.SetDisabled(ctx, me.ID, true); err != nil {
		t.Fatal(err)
	}
	before := userByName(t, e, "admin2")
	for name, vals := range map[string]url.Values{
		"disable": userForm(before, auth.RoleAdmin, true),
		"demote":  userForm(before, auth.RoleStaff, false),
	} {
		doc := adminResult(t, admin, userPath(before), vals)
		if got, want := testid(doc, "admin-error"), "不能停用 admin2 或更改其角色：这是最后一位在用的管理员，至少须保留一位。"; got != want {
			t.Errorf("%s the last active admin: the page says %q (message %q), want %q", name, got, testid(doc, "admin-message"), want)
		}
		if got := userByName(t, e, "admin2"); got != before {
			t.Errorf("%s the last active admin changed the account: %+v, want %+v", name, got, before)
		}
	}
	other.page("/admin") // admin2's session was not ended by the refused changes
}

// TestAdminUserBadAddresses: an account that does not exist, or an address that names none,
// is 404 (not a 500), and a message key that is no admin message shows nothing.
func TestAdminUserBadAddresses(t *testing.T) {
	e := newEnv(t)
	admin := e.client(t).loginAs("admin")
	for _, path := range []string{"/admin/users/abc", "/admin/users/999999", "/admin/users/999999/password", "/admin/users/-1"} {
		resp := admin.postForm(path, url.Values{"role": {"staff"}, "org_id": {"1"}, "password": {"long-enough-1"}})
		expectStatus(t, admin, resp, http.StatusNotFound)
	}
	doc := admin.page("/admin?err=login.failed")
	if got := testid(doc, "admin-error"); got != "" {
		t.Errorf("a foreign key in the address shows %q", got)
	}
	doc = admin.page("/admin?err=admin.last_admin&arg=%3Cb%3Ex%3C%2Fb%3E")
	if got := testid(doc, "admin-error"); !strings.Contains(got, "<b>x</b>") || doc.Find(`[data-testid="admin-error"] b`).Length() != 0 {
		t.Errorf("the argument of a message is not shown as text: %q", got)
	}
}
