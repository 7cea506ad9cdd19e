package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"selfeval/internal/demo"
	"selfeval/internal/scoring"
	"selfeval/internal/store"
)

// benchYear is the year of the benchmark's 5,000 forms (the demo's are of 2022).
const benchYear = 2023

// newListBench is the demo database plus a year of 5,000 forms in 5 departments of 10 units
// (100 forms a unit, with six indicator rows each; a fifth submitted, a fifth approved), with
// an administrator signed in.
func newListBench(b *testing.B) *benchApp {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(b.TempDir(), "selfeval.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	accounts, err := demo.Load(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	sup, err := st.UserByUsername(ctx, "supervisor")
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for d := range 5 {
		dept, err := st.CreateOrg(ctx, fmt.Sprintf("基准部门%d", d+1), 0)
		if err != nil {
			b.Fatal(err)
		}
		var units []store.Org
		for u := range 10 {
			unit, err := st.CreateOrg(ctx, fmt.Sprintf("基准部门%d第%02d单位", d+1, u+1), dept.ID)
			if err != nil {
				b.Fatal(err)
			}
			units = append(units, unit)
		}
		for batch := range 2 {
			forms := make([]store.NewForm, 500)
			for i := range forms {
				forms[i] = listSeed(n, benchYear, units, dept.Name)
				forms[i].Form.Indicators = scoring.Default.Skeleton()
				n++
			}
			recs, err := st.CreateForms(ctx, forms, 0)
			if err != nil {
				b.Fatalf("department %d batch %d: %v", d, batch, err)
			}
			for i, rec := range recs {
				switch i % 5 {
				case 1, 2:
					r, err := st.Transition(ctx, rec.ID, rec.Version, "draft", "submitted", "", sup.ID)
					if err == nil && i%5 == 2 {
						_, err = st.Transition(ctx, rec.ID, r.Version, "submitted", "approved", "", sup.ID)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
	b.Logf("built %d forms in 50 units in %v", n, time.Since(start).Round(time.Millisecond))
	return signedInBench(b, st, accounts, "admin")
}

// BenchmarkList5000 measures, over a year of 5,000 forms, what an administrator asks of the
// list (to be within 100 KB and 50 ms a page), its exports (the 汇总表 within 5 s) and the
// overview of the year (within 100 ms): it
// reports the bytes of each answer (B/page) and the server time of each (ms/op).
func BenchmarkList5000(b *testing.B) {
	a := newListBench(b)
	year := fmt.Sprint(benchYear)
	for _, bm := range []struct {
		name, path, want string
		maxBytes         int
	}{
		{"page", "/forms?year=" + year, "共 5000 张自评表，当前第 1–100 张", 100 << 10},
		{"page-sorted-30", "/forms?year=" + year + "&sort=rate&dir=desc&page=30", "当前第 2901–3000 张", 100 << 10},
		{"page-search", "/forms?year=" + year + "&q=" + url.QueryEscape("第03单位 项目-1") + "&flag=any", "张自评表，当前第 1–", 100 << 10},
		{"summary-table", "/forms-summary.xlsx?year=" + year, "", 0},
		{"csv", "/forms.csv?year=" + year, "", 0},
		{"overview", "/overview?year=" + year, year + " 年度共 5000 张自评表，", 0},
	} {
		b.Run(bm.name, func(b *testing.B) {
			size := 0
			for b.Loop() {
				rec := a.do(httptest.NewRequest(http.MethodGet, bm.path, nil))
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), bm.want) {
					b.Fatalf("%s: %d %.300s", bm.path, rec.Code, rec.Body.String())
				}
				size = rec.Body.Len()
			}
			if bm.maxBytes > 0 && size > bm.maxBytes {
				b.Errorf("%s: %d bytes, more than %d", bm.path, size, bm.maxBytes)
			}
			b.ReportMetric(float64(size), "B/page")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}
