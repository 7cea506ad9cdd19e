package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"selfeval/internal/exchange/diag"
	formjson "selfeval/internal/exchange/json"
	"selfeval/internal/exchange/text"
	"selfeval/internal/i18n"
	"selfeval/internal/scoring"
)

// runParse is "selfeval parse FILE…": copied-table text in, a JSON array of forms out,
// the reader's notes on stderr.
func runParse(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: selfeval parse FILE…", errUsage)
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("%w: selfeval parse FILE… (at least one file)", errUsage)
	}
	var docs []formjson.Document
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, unwrapPath(err))
		}
		forms, err := text.Read(string(data))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for i, tf := range forms {
			for _, n := range tf.Notes {
				fmt.Fprintf(stderr, "%s:%d: form %d (%s): %s: %s\n", name, n.Line, i+1, tf.Form.Project, n.Code, diag.NoteMessage(n, i18n.En))
			}
			docs = append(docs, formjson.Document{Form: tf.Form})
		}
	}
	return formjson.Write(stdout, docs)
}

// runScore is "selfeval score [FILE]": forms as JSON in (file or stdin), the same forms out
// with "computed" filled in.
func runScore(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("score", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profileName := fs.String("profile", scoring.Default.Name, "rule profile")
	if err := fs.Parse(args); err != nil || fs.NArg() > 1 {
		return fmt.Errorf("%w: selfeval score [--profile NAME] [FILE]", errUsage)
	}
	profile, ok := scoring.Lookup(*profileName)
	if !ok {
		return fmt.Errorf("unknown profile %q", *profileName)
	}
	var data []byte
	var err error
	if fs.NArg() == 1 {
		data, err = os.ReadFile(fs.Arg(0))
	} else {
		data, err = io.ReadAll(stdin)
	}
	if err != nil {
		return fmt.Errorf("read input: %w", unwrapPath(err))
	}
	forms, err := formjson.Read(data)
	if err != nil {
		return err
	}
	docs := make([]formjson.Document, len(forms))
	for i, f := range forms {
		if len(f.Indicators) == 0 { // scored all the same: its computed says indicators.none
			fmt.Fprintf(stderr, "form %d (%s) has no indicators\n", i+1, f.Project)
		}
		docs[i] = formjson.Scored(f, &profile)
	}
	return formjson.Write(stdout, docs)
}

// unwrapPath drops the *PathError wrapper, whose text repeats the file name we already print.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
