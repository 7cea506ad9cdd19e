package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"selfeval/internal/app"
	"selfeval/internal/auth"
	"selfeval/internal/store"
)

// runOrg is "selfeval org add --db PATH --name NAME [--parent NAME]": a department (no parent)
// or a unit under its department.
func runOrg(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	const use = "selfeval org add --db PATH --name NAME [--parent NAME]"
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	fs := flag.NewFlagSet("org add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "data/selfeval.db", "database file")
	name := fs.String("name", "", "name of the department or unit")
	parent := fs.String("parent", "", "the department a unit belongs to")
	if err := fs.Parse(args[1:]); err != nil || strings.TrimSpace(*name) == "" {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	st, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	var parentID int64
	if *parent != "" {
		p, err := st.DepartmentByName(ctx, *parent)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no department named %q", *parent)
		}
		if err != nil {
			return err
		}
		parentID = p.ID
	}
	o, err := app.New(st).CreateOrg(ctx, app.Operator, strings.TrimSpace(*name), parentID)
	if errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("an organisation named %q already exists", *name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "org %d: %s\n", o.ID, o.Name)
	return nil
}

// userUse is how to call "selfeval user", one line per subcommand.
const userUse = `one of
  selfeval user add --db PATH --username U --role staff|supervisor|admin|auditor --org NAME --password-stdin
  selfeval user enable|disable --db PATH --username U
  selfeval user passwd --db PATH --username U --password-stdin`

// runUser is "selfeval user add|enable|disable|passwd": the accounts, and the way back into an
// installation whose administrators are locked out (enable one again, or set its password).
//
// Each change ends the person's open sessions by advancing the account's session epoch in the
// database, as a change on /admin does. A server that is running reads each account again
// every few seconds, so the sessions opened before the change end within that time.
//
// Disabling the last active administrator is refused here as on /admin: nobody could then
// manage the accounts, and an operator who wants an administrator out (a leaked password, a
// person who left) has a better way that keeps the installation administrable: set a new
// password (passwd), or add or enable another administrator first.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: %s", errUsage, userUse)
	}
	switch args[0] {
	case "add":
		return runUserAdd(ctx, args[1:], stdin, stdout, stderr)
	case "enable", "disable":
		return runUserEnable(ctx, args[0], args[1:], stdout, stderr)
	case "passwd":
		return runUserPasswd(ctx, args[1:], stdin, stdout, stderr)
	}
	return fmt.Errorf("%w: %s", errUsage, userUse)
}

// runUserAdd is "selfeval user add --db PATH --username U --role ROLE --org NAME --password-stdin".
func runUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	const use = "selfeval user add --db PATH --username U --role staff|supervisor|admin|auditor --org NAME --password-stdin"
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "data/selfeval.db", "database file")
	username := fs.String("username", "", "login name")
	roleName := fs.String("role", "", "staff, supervisor, admin or auditor")
	orgName := fs.String("org", "", "the unit (staff) or department (supervisor) of the user")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args); err != nil || *username == "" || *orgName == "" || !*pwStdin {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	role, err := auth.ParseRole(*roleName)
	if err != nil {
		return fmt.Errorf("unknown role %q: want staff, supervisor, admin or auditor", *roleName)
	}
	pw, err := readPassword(stdin)
	if err != nil {
		return err
	}
	st, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	findOrg := st.OrgByName // a staff member's unit, which may carry its department's name
	if role == auth.RoleSupervisor {
		findOrg = st.DepartmentByName
	}
	org, err := findOrg(ctx, *orgName)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no organisation named %q (add it with: selfeval org add)", *orgName)
	}
	if err != nil {
		return err
	}
	u, err := app.New(st).CreateUser(ctx, app.Operator, *username, pw, role, org.ID)
	if errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("a user named %q already exists", *username)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %d: %s (%s, %s)\n", u.ID, u.Username, u.Role, org.Name)
	return nil
}

// runUserEnable is "selfeval user enable|disable --db PATH --username U".
func runUserEnable(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	use := "selfeval user " + verb + " --db PATH --username U"
	fs := flag.NewFlagSet("user "+verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "data/selfeval.db", "database file")
	username := fs.String("username", "", "login name")
	if err := fs.Parse(args); err != nil || strings.TrimSpace(*username) == "" || fs.NArg() != 0 {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	disable := verb == "disable"
	st, u, err := openUser(ctx, *dbPath, *username)
	if err != nil {
		return err
	}
	defer st.Close()
	_, changed, err := app.New(st).SetDisabled(ctx, app.Operator, u.ID, disable)
	if err == nil && !changed {
		fmt.Fprintf(stdout, "user %d: %s is already %sd\n", u.ID, u.Username, verb)
		return nil
	}
	if errors.Is(err, store.ErrLastAdmin) {
		return fmt.Errorf("%s is the last active administrator and stays enabled: add or enable another administrator first, or set a new password with: selfeval user passwd", u.Username)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %d: %s %sd\n", u.ID, u.Username, verb)
	if disable {
		fmt.Fprintln(stderr, runningServerNote)
	}
	return nil
}

// runUserPasswd is "selfeval user passwd --db PATH --username U --password-stdin".
func runUserPasswd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	const use = "selfeval user passwd --db PATH --username U --password-stdin"
	fs := flag.NewFlagSet("user passwd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "data/selfeval.db", "database file")
	username := fs.String("username", "", "login name")
	pwStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input")
	if err := fs.Parse(args); err != nil || strings.TrimSpace(*username) == "" || !*pwStdin || fs.NArg() != 0 {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	pw, err := readPassword(stdin)
	if err != nil {
		return err
	}
	st, u, err := openUser(ctx, *dbPath, *username)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := app.New(st).SetPassword(ctx, app.Operator, u.ID, pw); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %d: %s has a new password\n", u.ID, u.Username)
	fmt.Fprintln(stderr, runningServerNote)
	return nil
}

// runningServerNote says on stderr when a change from the command line reaches the sessions
// that are open on a server already running (see runUser).
const runningServerNote = "note: a running server ends the sessions opened before this change within 5 seconds"

// openUser opens the database and finds the user named username (ASCII case does not matter).
// It does not create a database that is not there: a typo in --db must not look like a user
// that does not exist in a new, empty installation.
func openUser(ctx context.Context, dbPath, username string) (*store.Store, store.User, error) {
	if _, err := os.Stat(dbPath); err != nil {
		return nil, store.User{}, fmt.Errorf("no database at %s", dbPath)
	}
	st, err := store.Open(dbPath)
	if err != nil {
		return nil, store.User{}, err
	}
	u, err := st.UserByUsername(ctx, strings.TrimSpace(username))
	if err != nil {
		st.Close()
		if errors.Is(err, store.ErrNotFound) {
			return nil, store.User{}, fmt.Errorf("no user named %q", username)
		}
		return nil, store.User{}, err
	}
	return st, u, nil
}

// readPassword reads a password from the first line of stdin; one that is too short or too
// long is refused with the reason.
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if err := auth.CheckPasswordRules(pw); err != nil { // refused before the database is opened
		return "", err
	}
	return pw, nil
}
