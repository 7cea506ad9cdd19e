package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"selfeval/internal/auth"
	"selfeval/internal/store"
)

// TestBrowserAdminCannotDisableSelf: the administrator signs in through the login page, opens
// /admin, ticks 已停用 in the row of their own account and saves it: the page says why that is
// refused, the box is unticked again, the account stays active in the store and the
// administrator is still signed in.
func TestBrowserAdminCannotDisableSelf(t *testing.T) {
	ctx := browser(t)
	base, pw, st := browserApp(t)
	// A second administrator, so that only the rule about one's own account can refuse.
	hash, err := auth.HashPassword("admin2-password")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(context.Background(), store.User{Username: "admin2", PasswordHash: hash, Role: auth.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, base, "admin", pw["admin"])
	openPage(t, ctx, base, "/admin")

	const row = `tr[data-testid="user-row"][data-username="admin"]`
	if !evalJS[bool](t, ctx, `document.querySelector('`+row+` [data-testid="user-self"]') !== null`) {
		t.Errorf("the admin's own row does not say it is theirs")
	}
	if evalJS[bool](t, ctx, `document.querySelector('`+row+` input[name="disabled"]').checked`) {
		t.Fatalf("the admin's account is shown as disabled before anything happened")
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(row+` input[name="disabled"]`))); err != nil {
		t.Fatalf("tick 已停用: %v", err)
	}
	if !evalJS[bool](t, ctx, `document.querySelector('`+row+` input[name="disabled"]').checked`) {
		t.Fatalf("the click did not tick 已停用")
	}
	// Save the row: the browser follows the redirect to the page with the refusal (a signed-out
	// administrator would land on /login instead, and clickTo fails at once).
	clickTo(t, ctx, row+` form.inline-edit button[type="submit"]`, "/admin?err=")
	const want = "不能停用自己的账号，请由另一位管理员操作。"
	if got := text(t, ctx, "admin-error"); got != want {
		t.Errorf("the page says %q, want %q", got, want)
	}
	if evalJS[bool](t, ctx, `document.querySelector('`+row+` input[name="disabled"]').checked`) {
		t.Errorf("after the refusal the page shows the admin's account as disabled")
	}
	ctxStore, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	u, err := st.UserByUsername(ctxStore, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if u.Disabled || u.Role != "admin" {
		t.Errorf("the store has the admin as %s, disabled %v; want an active admin", u.Role, u.Disabled)
	}
	// Still signed in: the administration page opens again, as the admin.
	openPage(t, ctx, base, "/admin")
	if got := text(t, ctx, "username"); !strings.HasPrefix(got, "admin") {
		t.Errorf("after the refusal the page is signed in as %q", got)
	}
}
