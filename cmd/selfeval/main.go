// Command selfeval is the 财政项目支出绩效自评表 application: the web server and the tools
// around it. Run "selfeval help" for the subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand: its one-line summary and what it runs.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"parse":   {"read copied-table text, write the forms as JSON", runParse},
	"score":   {"read forms as JSON, write them back with computed figures", runScore},
	"serve":   {"serve the web application", runServe},
	"org":     {"org add --db PATH --name NAME [--parent NAME]", runOrg},
	"user":    {"user add|enable|disable|passwd --db PATH --username U …: accounts, and the way back in", runUser},
	"import":  {"import --db PATH FILE…: forms from JSON, xlsx or copied text, all or none", runImport},
	"export":  {"export --db PATH --year Y --format json|xlsx [--sheets N] [--out FILE]", runExport},
	"backup":  {"backup --db PATH --out FILE: a consistent copy, also while the server runs, checked", runBackup},
	"restore": {"restore --from FILE --db PATH [--force]: put a backup in place, the old database kept", runRestore},
}

// errUsage marks an error whose message already says how to call the command.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns every error into one line on stderr and exit code 1
// (2 for usage errors), never a stack trace.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "selfeval: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(ctx, args[1:], stdin, stdout, stderr); err != nil {
		if errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "selfeval %s: %v\n", args[0], err)
			return 2
		}
		fmt.Fprintf(stderr, "selfeval %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: selfeval COMMAND [ARGS]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
}
