package text

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"selfeval/internal/decimal"
	"selfeval/internal/exchange/diag"
	"selfeval/internal/form"
	"selfeval/internal/i18n"
)

var update = flag.Bool("update", false, "rewrite testdata/seed-2022-minhang.golden.json")

const (
	seedPath   = "../../demo/minhang-2022.txt"
	goldenPath = "testdata/seed-2022-minhang.golden.json"
)

func readSeed(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func seedForms(t *testing.T) []Form {
	t.Helper()
	forms, err := Read(readSeed(t))
	if err != nil {
		t.Fatalf("Read(seed): %v", err)
	}
	if len(forms) != 10 {
		t.Fatalf("Read(seed) read %d forms, want 10", len(forms))
	}
	return forms
}

func fr(initial, adjusted, executed string) form.FundsRow {
	return form.FundsRow{Initial: initial, Adjusted: adjusted, Executed: executed}
}

// TestReadTextSeedForms checks the header, funds and printed figures of all ten forms, and the
// number of indicator rows, against the seed as read by hand.
func TestReadTextSeedForms(t *testing.T) {
	const unit = "上海市闵行区地区工作办公室"
	zero := fr("0", "0", "")
	tests := []struct {
		project, department string
		rows                int
		funds               form.Funds
		printed             PrintedFigures
	}{
		{"闵行区居村民服务自治平台(2022运维)", "上海市闵行区地区工作办公室(汇总)", 9,
			form.Funds{Total: fr("71200.00", "71200.00", "70,000"), Fiscal: fr("0", "0", ""), Carryover: zero, Other: zero},
			PrintedFigures{"98.32%", "9.83", "99.83"}},
		{"“云邻里”与“社区云”对接方案", "上海市闵行区地区工作办公室(汇总)", 9,
			form.Funds{Total: fr("330000.00", "330000.00", "330,000"), Fiscal: fr("0", "330000", "330000"), Carryover: zero, Other: zero},
			PrintedFigures{"100.00%", "10", "100"}},
		{"政府雇员项目", "上海市闵行区地区工作办公室(汇总)", 15,
			form.Funds{Total: fr("115962.00", "123475.00", "119,829"), Fiscal: fr("0", "123475", "119829"), Carryover: zero, Other: zero},
			PrintedFigures{"97.05%", "9.71", "99.71"}},
		{"委办局党建经费", "上海市闵行区地区工作办公室 (汇总)", 15,
			form.Funds{Total: fr("10000.00", "10000.00", "9,884"), Fiscal: fr("0", "10000", "9884"), Carryover: zero, Other: zero},
			PrintedFigures{"98.84%", "9.88", "99.88"}},
		{"培训费", "上海市闵行区地区工作办公室 (汇总)", 13,
			form.Funds{Total: fr("380000.00", "195000.00", "193,100"), Fiscal: fr("0", "195000", "193100"), Carryover: zero, Other: zero},
			PrintedFigures{"99.03%", "9.9", "99.9"}},
		{"居村自治共治建设", "上海市闵行区地区工作办公室（汇总）", 15,
			form.Funds{Total: fr("1000000.00", "671440.00", "667,380"), Fiscal: fr("0", "671440", "667380"), Carryover: zero, Other: zero},
			PrintedFigures{"99.40%", "9.94", "99.94"}},
		{"邻里中心项目建设", "上海市闵行区地区工作办公室 (汇总)", 15,
			form.Funds{Total: fr("560000.00", "560000.00", "549,120"), Fiscal: fr("0", "560000", "549120"), Carryover: zero, Other: zero},
			PrintedFigures{"98.06%", "9.81", "99.81"}},
		{"调研经费", "上海市闵行区地区工作办公室(汇总)", 12,
			form.Funds{Total: fr("220,000", "0", "0"), Fiscal: fr("0", "0", "0"), Carryover: zero, Other: zero},
			PrintedFigures{"0.00%", "0", "90"}},
		{"社会建设宣传", "上海市闵行区地区工作办公室 (汇总)", 18,
			form.Funds{Total: fr("945000.00", "680000.00", "677,500"), Fiscal: fr("945000.00", "680000", "677500"), Carryover: zero, Other: zero},
			PrintedFigures{"99.64%", "9.96", "99.96"}},
		{"社会建设重点工作研究", "上海市闵行区地区工作办公室 (汇总)", 11,
			form.Funds{Total: fr("200000.00", "180000.00", "177,000"), Fiscal: fr("0", "180000", "177000"), Carryover: zero, Other: zero},
			PrintedFigures{"98.34%", "9.83", "99.83"}},
	}
	forms := seedForms(t)
	for i, tt := range tests {
		got := forms[i]
		f := got.Form
		if f.Project != tt.project || f.Year != 2022 || f.Department != tt.department || f.Unit != unit {
			t.Errorf("form %d header = %d %q %q %q, want 2022 %q %q %q",
				i, f.Year, f.Project, f.Department, f.Unit, tt.project, tt.department, unit)
		}
		if len(f.Indicators) != tt.rows {
			t.Errorf("form %d (%s): %d indicator rows, want %d", i, tt.project, len(f.Indicators), tt.rows)
		}
		if f.Funds != tt.funds {
			t.Errorf("form %d (%s) funds =\n %+v\nwant\n %+v", i, tt.project, f.Funds, tt.funds)
		}
		if f.BudgetWeight != "10" {
			t.Errorf("form %d (%s) budget weight = %q, want 10", i, tt.project, f.BudgetWeight)
		}
		if got.Printed != tt.printed {
			t.Errorf("form %d (%s) printed = %+v, want %+v", i, tt.project, got.Printed, tt.printed)
		}
		if f.Goals.Expected == "" || f.Goals.Achieved == "" {
			t.Errorf("form %d (%s) goals = %+v, want both", i, tt.project, f.Goals)
		}
	}
}

// TestReadTextSeedFundsDoNotAddUp: the reader keeps what is written even where the sub-rows of
// form 1 do not add up to its total row (checking that is the scorer's business).
func TestReadTextSeedFundsDoNotAddUp(t *testing.T) {
	f := seedForms(t)[0].Form
	if f.Funds.Total.Executed != "70,000" {
		t.Errorf("total executed = %q, want 70,000", f.Funds.Total.Executed)
	}
	for _, r := range []form.FundsRow{f.Funds.Fiscal, f.Funds.Carryover, f.Funds.Other} {
		if r.Executed != "" {
			t.Errorf("sub-row executed = %q, want empty", r.Executed)
		}
	}
	if f.Funds.Fiscal.Adjusted != "0" {
		t.Errorf("fiscal adjusted = %q, want 0 (total says 71200.00)", f.Funds.Fiscal.Adjusted)
	}
}

func ind(l1, l2, name, target, actual, weight, score, dev string) form.Indicator {
	return form.Indicator{Level1: l1, Level2: l2, Name: name, Target: target, Actual: actual,
		Weight: weight, Score: score, Deviation: dev}
}

// TestReadTextSeedTrickyRows checks every row of the seed that needs more than reading cells in
// place, against values written down by hand from the seed text.
func TestReadTextSeedTrickyRows(t *testing.T) {
	const (
		devResearch = "因疫情原因，根据区委区政府和区财政局相关工作要求，压减预算"
		devPublish  = "因疫情影响及区委区政府相关工作要求调减预算，同步调整原定工作计划"
		devCenter   = "因疫情原因，根据有关要求调减预算，并调整相应工作安排"
	)
	tests := []struct {
		what      string
		form, row int
		want      form.Indicator
	}{
		// line 16: "\t\t\t质量指标\t系统运维验收合格率\t100%…": level 2 in the name column, shifted right
		{"shifted right", 0, 1, ind("产出指标", "质量指标", "系统运维验收合格率", "100%", "100%", "15", "15", "")},
		// line 45: level 2 in the level-1 column, shifted left
		{"shifted left", 1, 6, ind("效益指标", "可持续影响指标", "平台长效运维机制健全性", "健全有效", "健全有效", "4", "4", "")},
		// line 48: first row after a page break, labels blank
		{"after page break", 1, 8, ind("满意度指标", "服务对象满意度指标", "使用居民满意度", ">=85%", ">=85%", "5", "5", "")},
		// line 69: last row before the break stays 质量指标
		{"before page break", 2, 6, ind("产出指标", "质量指标", "雇员考核合格率", "100%", "100%", "5", "5", "")},
		// line 71: "指标\t时效指标\t…": fragment of 绩效指标, level 2 in the level-1 column
		{"fragment 指标", 2, 7, ind("产出指标", "时效指标", "年度考核完成及时性", "12月", "12月", "5", "5", "")},
		{"shifted left, inherited", 2, 9, ind("产出指标", "时效指标", "雇员出勤及时率", "100%", "100%", "5", "5", "")},
		// lines 100–103: 时效指标 on a row of its own after the page break belongs to line 100
		{"label row above", 3, 6, ind("产出指标", "质量指标", "图书正版率", "100%", "100%", "5", "5", "")},
		{"label row", 3, 7, ind("产出指标", "时效指标", "举办主题党日活动开展及时性", "每月", "每月", "5", "5", "")},
		{"label row below", 3, 8, ind("产出指标", "时效指标", "支部党委会活动及时性", "每季度", "每季度", "5", "5", "")},
		// line 130: "\t培训工作考核完成及时性\t\t每次…"
		{"name, gap, target", 4, 6, ind("产出指标", "时效指标", "培训工作考核完成及时性", "每次", "每次", "5", "5", "")},
		// lines 133–134: a space from a line wrap inside the name; 效益指标 in the first column
		{"wrap space 1", 4, 8, ind("效益指标", "社会效益指标", "社会治理工作规范化、系统化程度", "提升", "提升", "10", "10", "")},
		{"wrap space 2", 4, 9, ind("效益指标", "社会效益指标", "基层人员社会治理能力提升性", "提升", "提升", "5", "5", "")},
		{"满意度指标 first column", 4, 11, ind("满意度指标", "服务对象满意度指标", "培训对象满意度", "90%", "90%", "5", "5", "")},
		// line 151–152: 产出指标 in the header's first column, 数量指标 in the level-1 column
		{"header label", 5, 0, ind("产出指标", "数量指标", "区级配送课程材料数", "≥6000份", "5000", "10", "10", devCenter)},
		// line 158: "第三方服务验收通过率\t\t\t100%…"
		{"name first column", 5, 6, ind("产出指标", "质量指标", "第三方服务验收通过率", "100%", "100%", "2", "2", "")},
		// line 160: "绩效指标\t时效指标\t…"
		{"fragment 绩效指标", 5, 7, ind("产出指标", "时效指标", "课程配送及时性", "全年", "全年", "10", "10", "")},
		// line 162: level 1 missing, inferred from 社会效益指标
		{"inferred 效益指标", 5, 9, ind("效益指标", "社会效益指标", "邻里中心服务社会治理水平", "提升", "提升", "5", "5", "")},
		{"deviation", 6, 5, ind("产出指标", "质量指标", "作品征集完成及时性", "三季度", "四季度", "2", "2", "因疫情原因，相关工作时间节点做出调整")},
		// line 190: "效 指 标" fragment after a page break
		{"fragment 效 指 标", 6, 7, ind("产出指标", "时效指标", "作品征集宣传完成及时性", "三季度", "三季度", "10", "10", "")},
		{"成本指标", 6, 8, ind("产出指标", "成本指标", "成本控制有效性", "有效", "有效", "5", "5", "")},
		// 调研经费: every row has the same deviation; line 217 is shifted with a trailing cell
		{"research 0", 7, 0, ind("产出指标", "数量指标", "调研工作完成次数", ">=1", "0", "10", "10", devResearch)},
		{"research shifted", 7, 5, ind("产出指标", "成本指标", "成本控制有效性", "按标准执行", "0", "5", "5", devResearch)},
		{"research after break", 7, 9, ind("效益指标", "可持续影响指标", "长效管理机制健全性", "健全有效", "0", "5", "5", devResearch)},
		{"research 满意度", 7, 10, ind("满意度指标", "服务对象满意度指标", "调研参与单位满意度", "≥ 85", "0", "5", "5", devResearch)},
		// 社会建设宣传: no 绩效指标 column, no level 1 at first
		{"inferred 产出指标", 8, 0, ind("产出指标", "数量指标", "编撰《闵行区社会建设报告》", "1本", "1本", "5", "5", "")},
		{"publish deviation", 8, 3, ind("产出指标", "数量指标", "社会建设专题宣讲课时", "30课时", "0", "4", "4", devPublish)},
		// lines 243–248: the merged 质量指标 cell is centred on the page break: two rows above, two below
		{"centred label above", 8, 4, ind("产出指标", "质量指标", "《闵行区社会建设报告》编撰审核达标率", "100%", "100%", "3", "3", "")},
		{"joined 报告》验收合格率", 8, 5, ind("产出指标", "质量指标", "印制《闵行区社会建设报告》验收合格率", "100%", "100%", "3", "3", "")},
		{"centred label below", 8, 7, ind("产出指标", "质量指标", "社会建设专题宣讲讲师师资达标", "100%", "100%", "2", "2", "")},
		{"publish deviation 2", 8, 10, ind("产出指标", "时效指标", "社会建设专题宣讲完成及时率", "2022年12月底", "0", "4", "4", devPublish)},
		// lines 257–259: the name starts before the page break, values after it
		{"joined 》使用单位满意度", 8, 16, ind("满意度指标", "服务对象满意度指标", "《闵行区社会建设报告》使用单位满意度", ">=85", ">=85", "5", "5", "")},
		{"after joined", 8, 17, ind("满意度指标", "服务对象满意度指标", "相关群众满意度", ">=85", ">=85", "5", "5", "")},
		// lines 281–283: a word split by the page break; the row keeps the labels above it
		{"joined 能力", 9, 6, ind("产出指标", "时效指标", "基层干部队伍社会治理能力", "提高", "提高", "10", "10", "")},
		{"after 能力", 9, 7, ind("效益指标", "社会效益指标", "课题调研成果应用数", "≥1次", ">=1次", "10", "10", "")},
	}
	forms := seedForms(t)
	for _, tt := range tests {
		rows := forms[tt.form].Form.Indicators
		if tt.row >= len(rows) {
			t.Errorf("%s: form %d has %d rows", tt.what, tt.form, len(rows))
			continue
		}
		if got := rows[tt.row]; got != tt.want {
			t.Errorf("%s: form %d row %d =\n %+v\nwant\n %+v", tt.what, tt.form, tt.row, got, tt.want)
		}
	}
	for i, r := range forms[7].Form.Indicators {
		if r.Deviation != devResearch {
			t.Errorf("调研经费 row %d deviation = %q", i, r.Deviation)
		}
	}
}

// TestReadTextSeedGoals checks goals whose label 年度总体目标 is split or on the text row, and the
// goal wrapped in <p>, which is kept verbatim.
func TestReadTextSeedGoals(t *testing.T) {
	forms := seedForms(t)
	g := forms[8].Form.Goals
	const exp = "<p>总结年度社会治理工作取得的主要成就，客观分析面临的主要瓶颈和挑战，对全区社会治理的趋势进行判断和展望，" +
		"为区委、区政府制订相关政策、措施和规划提供决策依据，为社会各界了解闵行和谐社会建设的新进展、新情况提供全面、真实、可靠的信息。" +
		"通过编制案例集、宣传册、宣讲等方式，开展典型模式推广，展示区-街镇-社区等不同层面，在创新社会治理加强基层建设中的好经验、好做法，" +
		"不断扩大闵行社会建设影响力。</p>"
	const ach = "<p>为反映近年来全区社会治理工作的整体推进情况，编制《闵行区社会建设报告2022》，" +
		"以“厚植城市软实力根基，为高质量发展添动力”为主题，收集各委办局、各街镇在深化党建引领基层社会治理创新工作中的特色亮点</p>"
	if g.Expected != exp || g.Achieved != ach {
		t.Errorf("社会建设宣传 goals =\n %q\n %q", g.Expected, g.Achieved)
	}
	tests := []struct {
		form                   int
		expPrefix, achPrefix   string
		expSuffix, achSuffix   string
		labelWhere, labelWhich string
	}{
		{0, "探索将全区相关部门", "除常规板块日常运维外", "提高知晓度。", "方便居民享受身边服务", "label row", "年度总体目标"},
		{1, "打通数据壁垒,", "积极对接社区云平台,", "助力居村减负增能。", "相同功能数据互通", "split", "年度 / 总体目标"},
		{2, "为有效解决机构编制", "与劳务公司签订", "做优服务。", "确保信息发布及时准确等。", "spaces", "年度 总体 目标"},
		{4, "通过组织14个街镇", "采取“1+14+x”模式", "专业化水平。", "提升基层队伍能力水平。", "text row", "年度总体目标"},
		{6, "通过项目实施", "开展2022年欢乐邻里", "满意度和获得感。", "累计投票达18.5万票。", "one column later", ""},
		{7, "赴外省市及兄弟区县", "因疫情原因", "有效推动工作。", "压减预算", "split", "年度 / 总体目标"},
		{9, "着眼于提升闵行", "根据市委市府", "为区委、区政府决策提供参考。", "提出意见建议。", "text row", "年度总体目标"},
	}
	for _, tt := range tests {
		g := forms[tt.form].Form.Goals
		if !strings.HasPrefix(g.Expected, tt.expPrefix) || !strings.HasSuffix(g.Expected, tt.expSuffix) ||
			!strings.HasPrefix(g.Achieved, tt.achPrefix) || !strings.HasSuffix(g.Achieved, tt.achSuffix) {
			t.Errorf("form %d (label %s %s) goals =\n %q\n %q", tt.form, tt.labelWhere, tt.labelWhich, g.Expected, g.Achieved)
		}
	}
}

// TestReadTextSeedNotes checks that the guesses the seed calls for are reported.
func TestReadTextSeedNotes(t *testing.T) {
	tests := []struct {
		form  int
		code  string
		line  int
		field string
	}{
		{0, diag.NoteColumnShifted, 16, "indicators.1"},
		{1, diag.NoteColumnShifted, 45, "indicators.6"},
		{1, diag.NoteLevel2Inherited, 48, "indicators.8.level2"},
		{2, diag.NoteLevel1Inherited, 71, "indicators.7.level1"},
		{3, diag.NoteLabelMoved, 102, "indicators.7.level2"},
		{4, diag.NoteSpaceRemoved, 133, "indicators.8.name"},
		{4, diag.NoteSpaceRemoved, 134, "indicators.9.name"},
		{5, diag.NoteLabelMoved, 151, "indicators.0.level1"},
		{5, diag.NoteColumnShifted, 158, "indicators.6"},
		{5, diag.NoteLevel1Inferred, 162, "indicators.9.level1"},
		{6, diag.NoteLevel2Inherited, 190, "indicators.7.level2"},
		{8, diag.NoteMarkupKept, 237, "goals.expected"},
		{8, diag.NoteMarkupKept, 237, "goals.achieved"},
		{8, diag.NoteNoIndicatorColumn, 238, "indicators"},
		{8, diag.NoteLevel1Inferred, 239, "indicators.0.level1"},
		{8, diag.NoteLabelMoved, 246, "indicators.4.level2"},
		{8, diag.NoteLabelMoved, 246, "indicators.5.level2"},
		{8, diag.NoteRowJoined, 246, "indicators.5.name"},
		{8, diag.NoteRowJoined, 257, "indicators.16.name"},
		{9, diag.NoteRowJoined, 283, "indicators.6.name"},
	}
	forms := seedForms(t)
	for _, tt := range tests {
		found := false
		for _, n := range forms[tt.form].Notes {
			if n.Code == tt.code && n.Line == tt.line && n.Field == tt.field {
				found = true
				if !i18n.Has(n.Key()) || diag.NoteMessage(n, i18n.Zh) == "" || diag.NoteMessage(n, i18n.En) == "" {
					t.Errorf("note %+v has no message", n)
				}
			}
		}
		if !found {
			t.Errorf("form %d: no note %s at line %d on %q; notes: %+v", tt.form, tt.code, tt.line, tt.field, forms[tt.form].Notes)
		}
	}
	// Nothing in the seed is missing, and every form has its 总分 row.
	for i, f := range forms {
		for _, n := range f.Notes {
			if n.Code == diag.NoteFieldMissing || n.Code == diag.NoteNoTotalRow || n.Code == diag.NoteLabelUnknown {
				t.Errorf("form %d: unexpected note %+v", i, n)
			}
		}
	}
}

// TestReadTextSeedFiguresAddUp checks the recovered weights and scores against the printed
// figures: budget weight + indicator weights = 100, budget score + indicator scores = printed
// total, and the execution rate (rule 1, rounded up) = the printed rate.
func TestReadTextSeedFiguresAddUp(t *testing.T) {
	num := func(s string) decimal.Dec {
		d, err := decimal.Parse(strings.ReplaceAll(s, ",", ""))
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return d
	}
	for i, tf := range seedForms(t) {
		f := tf.Form
		weights, scores := num(f.BudgetWeight), num(tf.Printed.BudgetScore)
		for _, r := range f.Indicators {
			weights = weights.Add(num(r.Weight))
			scores = scores.Add(num(r.Score))
		}
		if weights.Cmp(decimal.Hundred) != 0 {
			t.Errorf("form %d (%s): weights add up to %s", i, f.Project, weights)
		}
		if scores.Cmp(num(tf.Printed.Total)) != 0 {
			t.Errorf("form %d (%s): scores add up to %s, printed total %s", i, f.Project, scores, tf.Printed.Total)
		}
		rate := decimal.MulDiv(num(f.Funds.Total.Executed), decimal.Hundred, num(f.Funds.Total.Adjusted), 2, decimal.Up)
		if got := rate.Fixed(2) + "%"; got != tf.Printed.ExecutionRate {
			t.Errorf("form %d (%s): rate %s, printed %s", i, f.Project, got, tf.Printed.ExecutionRate)
		}
	}
}

func marshalForms(tb testing.TB, forms []Form) []byte {
	tb.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(forms); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestReadTextSeedGolden compares the whole result with the checked golden file.
// Run with -update to rewrite it, then read it against the seed before committing.
func TestReadTextSeedGolden(t *testing.T) {
	got := marshalForms(t, seedForms(t))
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("differs from %s at line %d:\n got: %s\nwant: %s", goldenPath, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("differs from %s in length: %d lines, want %d", goldenPath, len(gl), len(wl))
	}
}

func TestReadTextNoForm(t *testing.T) {
	for _, text := range []string{
		"",
		"\n\n\r\n",
		"\t\t\t\n\u3000\t \n",
		"hello\tworld\n1\t2\t3\n",
		"这是一段与绩效无关的文字。\n第二行",
	} {
		forms, err := Read(text)
		if !errors.Is(err, ErrNoForm) || forms != nil {
			t.Errorf("Read(%q) = %v, %v; want nil, ErrNoForm", text, forms, err)
		}
	}
}

// lines joins rows of cells into copied-table text.
func lines(rows ...[]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteString("\n")
	}
	return b.String()
}

// smallForm is a synthetic form without the leading 绩效指标 column.
func smallForm() [][]string {
	return [][]string{
		{"财政项目支出绩效自评表", "", ""},
		{"（2023年度）"},
		{"项目名称", "测试项目"},
		{"主管部门", "某主管部门", "", "", "实施单位", "某单位"},
		{"项目资金（元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"},
		{"", "年度资金总额", "100", "100", "100", "10", "100.00%", "10"},
		{"", "其中：当年财政拨款", "100", "100", "100", "—"},
		{"", "上年结转资金", "0", "0", "", "—"},
		{"", "其他资金", "0", "0", "", "—"},
		{"年度总体目标", "预期目标", "", "", "实际完成情况"},
		{"", "目标甲", "", "", "完成甲"},
		{"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"},
		{"产出指标", "数量指标", "指标一", "≥10个", "12个", "50", "50", ""},
		{"效益指标", "社会效益指标", "指标二", "提升", "提升", "30", "30", ""},
		{"满意度指标", "服务对象满意度指标", "指标三", "≥90%", "85%", "10", "9", "宣传不足，下年加强"},
		{"总分", "", "", "", "", "", "100", "99"},
	}
}

func TestReadTextWithoutIndicatorColumn(t *testing.T) {
	forms, err := Read(lines(smallForm()...))
	if err != nil || len(forms) != 1 {
		t.Fatalf("Read = %d forms, %v", len(forms), err)
	}
	got := forms[0]
	want := form.Form{
		Year: 2023, Project: "测试项目", Department: "某主管部门", Unit: "某单位",
		Funds: form.Funds{Total: fr("100", "100", "100"), Fiscal: fr("100", "100", "100"),
			Carryover: fr("0", "0", ""), Other: fr("0", "0", "")},
		BudgetWeight: "10",
		Goals:        form.Goals{Expected: "目标甲", Achieved: "完成甲"},
		Indicators: []form.Indicator{
			ind("产出指标", "数量指标", "指标一", "≥10个", "12个", "50", "50", ""),
			ind("效益指标", "社会效益指标", "指标二", "提升", "提升", "30", "30", ""),
			ind("满意度指标", "服务对象满意度指标", "指标三", "≥90%", "85%", "10", "9", "宣传不足，下年加强"),
		},
	}
	if !reflect.DeepEqual(got.Form, want) {
		t.Errorf("form =\n %+v\nwant\n %+v", got.Form, want)
	}
	if got.Printed != (PrintedFigures{"100.00%", "10", "99"}) {
		t.Errorf("printed = %+v", got.Printed)
	}
	if len(got.Notes) != 1 || got.Notes[0].Code != diag.NoteNoIndicatorColumn || got.Notes[0].Line != 12 {
		t.Errorf("notes = %+v, want one %s on line 12", got.Notes, diag.NoteNoIndicatorColumn)
	}
}

func TestReadTextLineEndings(t *testing.T) {
	seed := readSeed(t)
	want, err := Read(seed)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"CRLF":   strings.ReplaceAll(seed, "\n", "\r\n"),
		"CR":     strings.ReplaceAll(seed, "\n", "\r"),
		"BOM":    "\uFEFF" + seed,
		"no EOL": strings.TrimRight(seed, "\n"),
	} {
		got, err := Read(text)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: result differs from LF (err %v)", name, err)
		}
	}
}

func TestReadTextFullWidthSpaces(t *testing.T) {
	rows := smallForm()
	rows[2] = []string{"项目名称\u3000", "\u3000测试项目\u3000"}
	rows[5] = []string{"", "年度资金总额", "\u3000100 ", "100", "\u00a0100", "１０", "100.00%", "10"}
	rows[11][3] = "年度\u3000指标值"
	rows[12] = []string{"\u3000产出\u3000指标", "数量 指标\u3000", "\u3000指标一\u3000", "≥10个\u3000", "12个", "５０", "５０", "\u3000"}
	rows[13] = []string{"", "社会效益指标", "社会治理能力\u3000提升性", "提升", "提升", "30", "30"}
	forms, err := Read(lines(rows...))
	if err != nil {
		t.Fatal(err)
	}
	f := forms[0].Form
	if f.Project != "测试项目" || f.Funds.Total != fr("100", "100", "100") || f.BudgetWeight != "１０" {
		t.Errorf("header = %q %+v %q", f.Project, f.Funds.Total, f.BudgetWeight)
	}
	wantRows := []form.Indicator{
		ind("产出指标", "数量指标", "指标一", "≥10个", "12个", "５０", "５０", ""),
		ind("效益指标", "社会效益指标", "社会治理能力提升性", "提升", "提升", "30", "30", ""),
	}
	for i, w := range wantRows {
		if f.Indicators[i] != w {
			t.Errorf("row %d = %+v, want %+v", i, f.Indicators[i], w)
		}
	}
	if !hasNote(forms[0], diag.NoteSpaceRemoved, "indicators.1.name") || !hasNote(forms[0], diag.NoteLevel1Inferred, "indicators.1.level1") {
		t.Errorf("notes = %+v", forms[0].Notes)
	}
}

func hasNote(tf Form, code, field string) bool {
	for _, n := range tf.Notes {
		if n.Code == code && n.Field == field {
			return true
		}
	}
	return false
}

func TestReadTextNoTotalRow(t *testing.T) {
	rows := smallForm()
	rows = rows[:len(rows)-1]
	text := lines(rows...) + "\n" + lines(smallForm()...)
	forms, err := Read(text)
	if err != nil || len(forms) != 2 {
		t.Fatalf("Read = %d forms, %v", len(forms), err)
	}
	if forms[0].Printed.Total != "" || !hasNote(forms[0], diag.NoteNoTotalRow, "") {
		t.Errorf("form without 总分: printed %+v, notes %+v", forms[0].Printed, forms[0].Notes)
	}
	if len(forms[0].Form.Indicators) != 3 || len(forms[1].Form.Indicators) != 3 || forms[1].Printed.Total != "99" {
		t.Errorf("rows %d, %d; second total %q", len(forms[0].Form.Indicators), len(forms[1].Form.Indicators), forms[1].Printed.Total)
	}
}

// TestReadTextSplitRows checks the page-break rules on a small table: a fragment after a break
// continues the row above, a fragment before a break starts the row below, and a label on a row
// of its own belongs to the row above that has none.
func TestReadTextSplitRows(t *testing.T) {
	rows := smallForm()[:12]
	rows = append(rows,
		[]string{"产出指标", "数量指标", "甲乙", "1个", "1个", "20", "20"},
		[]string{"", "", "丙丁", "2个", "2个", "20", "20"},
		[]string{},
		[]string{"", "", "戊"},
		[]string{"", "质量指标"},
		[]string{"", "", "己庚", "3个", "3个", "10", "10"},
		[]string{"", "", "《辛"},
		[]string{},
		[]string{"效益指标", "社会效益指标", "》壬", "提升", "提升", "30", "30"},
		[]string{"总分", "", "", "", "", "", "90", "90"},
	)
	forms, err := Read(lines(rows...))
	if err != nil {
		t.Fatal(err)
	}
	want := []form.Indicator{
		ind("产出指标", "数量指标", "甲乙", "1个", "1个", "20", "20", ""),
		ind("产出指标", "质量指标", "丙丁戊", "2个", "2个", "20", "20", ""),
		ind("产出指标", "质量指标", "己庚", "3个", "3个", "10", "10", ""),
		ind("效益指标", "社会效益指标", "《辛》壬", "提升", "提升", "30", "30", ""),
	}
	if got := forms[0].Form.Indicators; !reflect.DeepEqual(got, want) {
		t.Errorf("rows =\n %+v\nwant\n %+v", got, want)
	}
	for _, n := range []struct{ code, field string }{
		{diag.NoteRowJoined, "indicators.1.name"}, {diag.NoteLabelMoved, "indicators.1.level2"}, {diag.NoteRowJoined, "indicators.3.name"},
	} {
		if !hasNote(forms[0], n.code, n.field) {
			t.Errorf("no note %s on %s: %+v", n.code, n.field, forms[0].Notes)
		}
	}
}

func TestReadTextUnknownLabels(t *testing.T) {
	rows := smallForm()[:12]
	rows = append(rows,
		[]string{"产出指标", "数量指标", "前缀", "名称一", "1个", "1个", "20", "20"},
		[]string{"", "新类别", "名称二", "2个", "2个", "20", "20"},
		[]string{"总分", "", "", "", "", "", "50", "50"},
	)
	forms, err := Read(lines(rows...))
	if err != nil {
		t.Fatal(err)
	}
	want := []form.Indicator{
		ind("产出指标", "数量指标", "前缀名称一", "1个", "1个", "20", "20", ""),
		ind("产出指标", "新类别", "名称二", "2个", "2个", "20", "20", ""),
	}
	if got := forms[0].Form.Indicators; !reflect.DeepEqual(got, want) {
		t.Errorf("rows =\n %+v\nwant\n %+v", got, want)
	}
	if !hasNote(forms[0], diag.NoteLabelUnknown, "indicators.0.name") || !hasNote(forms[0], diag.NoteLabelUnknown, "indicators.1") {
		t.Errorf("notes = %+v", forms[0].Notes)
	}
}

func TestReadTextWithoutTitle(t *testing.T) {
	a, b := smallForm()[2:], smallForm()[2:]
	b[0] = []string{"项目名称", "第二个项目"}
	forms, err := Read(lines(a...) + lines(b...))
	if err != nil || len(forms) != 2 {
		t.Fatalf("Read = %d forms, %v", len(forms), err)
	}
	if forms[1].Form.Project != "第二个项目" || len(forms[1].Form.Indicators) != 3 || !hasNote(forms[0], diag.NoteFieldMissing, "year") {
		t.Errorf("forms = %+v", forms)
	}
}

func TestReadTextWithoutIndicatorHeader(t *testing.T) {
	rows := smallForm()
	rows = append(rows[:11], rows[12:]...)
	forms, err := Read(lines(rows...))
	if err != nil {
		t.Fatal(err)
	}
	if got := forms[0].Form.Indicators; len(got) != 3 || got[2].Deviation != "宣传不足，下年加强" || forms[0].Form.Goals.Achieved != "完成甲" {
		t.Errorf("rows = %+v, goals %+v", got, forms[0].Form.Goals)
	}
	if !hasNote(forms[0], diag.NoteFieldMissing, "indicators") {
		t.Errorf("notes = %+v", forms[0].Notes)
	}
}

func BenchmarkReadText(b *testing.B) {
	seed := readSeed(b)
	b.SetBytes(int64(len(seed)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(seed); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadTextLabelWordings: the other wordings of the labels that published forms use (a
// colon after the label, 本年财政拨款, 年初设定目标, 年度总体目标完成情况综述, 全年实际值, 权重,
// 未完成原因分析) read the same form as the usual ones.
func TestReadTextLabelWordings(t *testing.T) {
	want, err := Read(lines(smallForm()...))
	if err != nil {
		t.Fatal(err)
	}
	rows := smallForm()
	rows[5][1], rows[6][1] = "年度资金总额:", "其中:本年财政拨款"
	rows[9][1], rows[9][4] = "年初设定目标", "年度总体目标完成情况综述"
	rows[11][4], rows[11][5], rows[11][7] = "全年实际值", "权重", "未完成原因分析"
	got, err := Read(lines(rows...))
	if err != nil || len(got) != 1 {
		t.Fatalf("Read = %d forms, %v", len(got), err)
	}
	if !reflect.DeepEqual(got[0].Form, want[0].Form) {
		t.Errorf("with other wordings\n got %+v\nwant %+v", got[0].Form, want[0].Form)
	}
}

// TestReadTextTableEnds: a total written in one cell ("总分:99") or on a 合计 row ends the
// table with its figure, and the conclusion and signature lines that follow a table are no
// indicator rows.
func TestReadTextTableEnds(t *testing.T) {
	names := func(f Form) []string {
		var out []string
		for _, in := range f.Form.Indicators {
			out = append(out, in.Name)
		}
		return out
	}
	base := smallForm()
	last := len(base) - 1
	for name, tail := range map[string][][]string{
		"total in one cell": {{"总分:99"}},
		"合计 row":            {{"合计", "", "", "", "", "", "100", "99"}},
		"conclusion":        {{"评价结论", "良好"}, {"存在问题", "无"}, {"项目负责人:张三", "财务负责人:李四"}},
	} {
		rows := append(append([][]string(nil), base[:last]...), tail...)
		forms, err := Read(lines(rows...))
		if err != nil || len(forms) != 1 {
			t.Fatalf("%s: Read = %d forms, %v", name, len(forms), err)
		}
		if got := names(forms[0]); !reflect.DeepEqual(got, []string{"指标一", "指标二", "指标三"}) {
			t.Errorf("%s: rows %q", name, got)
		}
		if want := map[bool]string{true: "99", false: ""}[name != "conclusion"]; forms[0].Printed.Total != want {
			t.Errorf("%s: printed total %q, want %q", name, forms[0].Printed.Total, want)
		}
	}
}

// TestReadTextSpacedColumns: a copy without tabs (the text of a PDF), its columns separated
// by runs of spaces and its empty cells gone, reads the same indicators and funds.
func TestReadTextSpacedColumns(t *testing.T) {
	want, err := Read(lines(smallForm()...))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, row := range smallForm() {
		var cells []string
		for _, c := range row {
			if c != "" {
				cells = append(cells, c)
			}
		}
		b.WriteString(strings.Join(cells, "   ") + "\n")
	}
	got, err := Read(b.String())
	if err != nil || len(got) != 1 {
		t.Fatalf("Read = %d forms, %v", len(got), err)
	}
	g, w := got[0].Form, want[0].Form
	if !reflect.DeepEqual(g.Indicators, w.Indicators) || g.Funds != w.Funds || g.Project != w.Project || g.Year != w.Year {
		t.Errorf("spaced copy\n got %+v\nwant %+v", g, w)
	}
}
