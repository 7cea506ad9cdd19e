package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twoForms is a page of two forms, the first cut off before its indicator table.
const twoForms = "财政项目支出绩效自评表\n（2023年度）\n项目名称\t甲项目\n主管部门\t某部门\t\t\t实施单位\t某单位\n" +
	"项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t10\t10\t9.5\t10\t95.00%\t9.5\n\n" +
	"财政项目支出绩效自评表\n（2023年度）\n项目名称\t乙项目\n主管部门\t某部门\t\t\t实施单位\t某单位\n" +
	"一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n" +
	"产出指标\t数量指标\t指标一\t≥10个\t12个\t90\t90\t\n总分\t\t\t\t\t\t100\t100\n"

// TestFormWithoutIndicators: a page whose first form has funds but no indicator rows is
// scored whole (the form without rows reports indicators.none, the other its figures) and
// imported without that form, each said on stderr.
func TestFormWithoutIndicators(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.txt")
	if err := os.WriteFile(page, []byte(twoForms), 0o644); err != nil {
		t.Fatal(err)
	}
	parsed := mustRunCLI(t, "", "parse", page)
	code, out, errs := cli(t, parsed, "score")
	if code != 0 || !strings.Contains(errs, "form 1 (甲项目) has no indicators") {
		t.Fatalf("score: exit %d, stderr %q", code, errs)
	}
	var docs []struct {
		Project  string `json:"project"`
		Computed struct {
			Total    string `json:"total"`
			Problems []struct {
				Code string `json:"code"`
			} `json:"problems"`
		} `json:"computed"`
	}
	if err := json.Unmarshal([]byte(out), &docs); err != nil || len(docs) != 2 {
		t.Fatalf("scored %d forms: %v", len(docs), err)
	}
	none := false
	for _, p := range docs[0].Computed.Problems {
		none = none || p.Code == "indicators.none"
	}
	if !none {
		t.Errorf("the form without rows does not report indicators.none: %+v", docs[0].Computed)
	}
	// The second form has no funds table: its total is its indicators' 90.
	if docs[1].Project != "乙项目" || docs[1].Computed.Total != "90.00" {
		t.Errorf("the second form: %+v", docs[1])
	}

	db := filepath.Join(dir, "selfeval.db")
	code, out, errs = cli(t, "", "import", "--db", db, page)
	if code != 0 || !strings.Contains(errs, "form 1 (甲项目) has no indicators: left out") || strings.Count(out, "\n") != 1 || !strings.Contains(out, "乙项目") {
		t.Fatalf("import: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
