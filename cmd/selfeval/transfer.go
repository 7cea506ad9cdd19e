package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"selfeval/internal/app"
	"selfeval/internal/exchange"
	formjson "selfeval/internal/exchange/json"
	"selfeval/internal/form"
	"selfeval/internal/store"
)

// runImport is "selfeval import --db PATH [--on-duplicate skip|replace|keep] FILE…": forms
// from JSON, xlsx or copied text (told apart by content) become drafts of the units they
// name. Every file is read and checked first; then all forms are created in one transaction,
// or none. A form with the same year, unit and project as a stored one (names compared after
// width and space normalisation) is skipped by default, replaces the stored draft (a stored
// form that is not a draft refuses the whole import), or is kept beside it; stderr says which.
func runImport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	const use = "selfeval import --db PATH [--on-duplicate skip|replace|keep] [--no-create-orgs] FILE…"
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "data/selfeval.db", "database file")
	onDup := fs.String("on-duplicate", "skip", "what to do with a form the database has already: skip, replace (drafts only) or keep both")
	noCreate := fs.Bool("no-create-orgs", false, "refuse a form whose unit the database lacks, instead of creating the unit and its department")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	policy, ok := store.ParseOnDuplicate(*onDup)
	if !ok {
		return fmt.Errorf("%w: --on-duplicate is skip, replace or keep, not %q: %s", errUsage, *onDup, use)
	}
	var forms []form.Form
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, unwrapPath(err))
		}
		file, err := exchange.Read(data)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, l := range file.Left {
			fmt.Fprintf(stderr, "%s: form %d (%s) has no indicators: left out\n", name, l.Position, l.Project)
		}
		for _, im := range file.Forms {
			forms = append(forms, im.Form)
		}
	}
	st, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	drafts := make([]app.Draft, len(forms))
	for i, f := range forms {
		drafts[i] = app.Draft{Form: f, OnDuplicate: policy, CreateUnit: !*noCreate}
	}
	outs, err := app.New(st).CreateDrafts(ctx, app.Operator, drafts)
	var nu *app.NoUnitError
	if errors.As(err, &nu) {
		return fmt.Errorf("form %d (%s): no unit named %q (add it with: selfeval org add, or import without --no-create-orgs); nothing was imported", nu.Index+1, nu.Project, nu.Unit)
	}
	var ie *store.ImportError
	if errors.As(err, &ie) && errors.Is(err, store.ErrNotDraft) {
		return fmt.Errorf("form %d (%s): the stored form is not a draft and cannot be replaced (use --on-duplicate skip or keep); nothing was imported", ie.Index+1, ie.Project)
	}
	if err != nil {
		return fmt.Errorf("%w; nothing was imported", err)
	}
	reportImport(outs, forms, stdout, stderr)
	return nil
}

// reportImport writes each created or replaced form on stdout, and on stderr what was skipped
// or replaced and which stored form it duplicates.
func reportImport(outs []store.Outcome, forms []form.Form, stdout, stderr io.Writer) {
	n := map[store.Action]int{}
	for i, o := range outs {
		n[o.Action]++
		f := forms[i]
		for _, org := range o.NewOrgs {
			if org.ParentID == 0 {
				fmt.Fprintf(stderr, "created department %s\n", org.Name)
			} else {
				fmt.Fprintf(stderr, "created unit %s (org %d, under org %d)\n", org.Name, org.ID, org.ParentID)
			}
		}
		switch o.Action {
		case store.Skipped:
			fmt.Fprintf(stderr, "skipped form %d (%d %s): form %d has the same year, unit and project\n", i+1, f.Year, f.Project, o.Duplicates[0].ID)
			continue
		case store.Replaced:
			fmt.Fprintf(stderr, "replaced form %d (%d %s) with form %d of the input\n", o.Record.ID, f.Year, o.Record.Form.Project, i+1)
		}
		r := o.Record
		fmt.Fprintf(stdout, "form %d: %d %s (%s)\n", r.ID, r.Form.Year, r.Form.Project, r.Form.Unit)
	}
	if n[store.Skipped]+n[store.Replaced] > 0 {
		fmt.Fprintf(stderr, "%d created, %d replaced, %d skipped\n", n[store.Created], n[store.Replaced], n[store.Skipped])
	}
}

// runExport is "selfeval export --db PATH --year Y --format json|xlsx [--sheets N] [--out FILE]".
// The workbook is written as the forms are read, a batch at a time: up to N forms (300 by
// default) one workbook with the summary sheet, beyond it a zip of one workbook per form and
// the summary workbook (stderr says so).
func runExport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	const use = "selfeval export --db PATH --year Y --format json|xlsx [--sheets N] [--out FILE]"
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "data/selfeval.db", "database file")
	year := fs.Int("year", 0, "the year of the forms")
	format := fs.String("format", "json", "json or xlsx")
	sheets := fs.Int("sheets", app.DefaultSheets, "the most form sheets of one workbook (1–"+strconv.Itoa(app.MaxSheets)+"); beyond it a zip of workbooks")
	out := fs.String("out", "", "output file (default: standard output)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *year == 0 || (*format != "json" && *format != "xlsx") ||
		*sheets < 1 || *sheets > app.MaxSheets {
		return fmt.Errorf("%w: %s", errUsage, use)
	}
	st, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	a := app.New(st)
	var export *app.YearExport
	var recs []app.Exported
	if *format == "xlsx" {
		export, err = a.PlanExport(ctx, app.Operator, *year, *sheets)
	} else {
		recs, err = a.ExportYear(ctx, app.Operator, *year)
	}
	if errors.Is(err, app.ErrNothing) {
		return fmt.Errorf("no forms of %d", *year)
	}
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if export != nil {
		if export.Zip() {
			fmt.Fprintf(stderr, "%d forms, more than %d: a zip of one workbook per form and the summary workbook\n", export.Forms, export.Sheets)
		}
		bw := bufio.NewWriterSize(w, 1<<16)
		if err := export.Write(ctx, bw, nil); err != nil {
			return err
		}
		return bw.Flush()
	}
	docs := make([]formjson.Document, len(recs))
	for i, rec := range recs {
		docs[i] = formjson.Scored(rec.Form, rec.Profile)
		docs[i].ID, docs[i].Status, docs[i].Version = rec.ID, rec.Status, rec.Version
	}
	return formjson.Write(w, docs)
}
