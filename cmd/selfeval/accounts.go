package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

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
		p, err := st.OrgByName(ctx, *parent)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no organisation named %q", *parent)
		}
		if err != nil {
			return err
		}
		parentID = p.ID
	}
	o, err := st.CreateOrg(ctx, strings.TrimSpace(*name), parentID)
	if errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("an organisation named %q already exists", *name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "org %d: %s\n", o.ID, o.Name)
	return nil
}

// runUser is "selfeval user add --db PATH --username U --role ROLE --org NAME --password-stdin".
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	const use = "selfeval user add --db PATH --username U --role staff|supervisor|admin|auditor --org NAME --password-stdin"
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "data/selfeval.db", "database file")
	username := fs.String("username", "", "login name")
	roleName := fs.String("role", "", "staff, supervisor, admin or auditor")
	orgName := fs.String("org", "", "the unit (staff) or department (supervisor) of the user")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args[1:]); err != nil || *username == "" || *orgName == "" || !*pwStdin {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	role, err := auth.ParseRole(*roleName)
	if err != nil {
		return fmt.Errorf("unknown role %q: want staff, supervisor, admin or auditor", *roleName)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	hash, err := auth.HashPassword(strings.TrimRight(line, "\r\n"))
	if err != nil {
		return err
	}
	st, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	org, err := st.OrgByName(ctx, *orgName)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no organisation named %q (add it with: selfeval org add)", *orgName)
	}
	if err != nil {
		return err
	}
	u, err := st.CreateUser(ctx, store.User{Username: *username, PasswordHash: hash, Role: role, OrgID: org.ID})
	if errors.Is(err, store.ErrDuplicate) {
		return fmt.Errorf("a user named %q already exists", *username)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %d: %s (%s, %s)\n", u.ID, u.Username, u.Role, org.Name)
	return nil
}
