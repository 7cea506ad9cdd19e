package form

import (
	"testing"

	"selfeval/internal/decimal"
)

// num, dl, rg and words build the expected Value of a test row (Raw is filled in by the test).
func num(op Operator, n, unit string) Value {
	return Value{Kind: KindNumber, Op: op, Number: decimal.MustParse(n), Unit: unit}
}

func dl(op Operator, year, month int) Value {
	return Value{Kind: KindDeadline, Op: op, When: Period{year, month}}
}

func rg(y1, m1, y2, m2 int) Value {
	return Value{Kind: KindRange, From: Period{y1, m1}, To: Period{y2, m2}}
}

func words(w string) Value { return Value{Kind: KindWords, Words: w} }

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want Value
	}{
		// empty
		{"", Value{}},
		{"   ", Value{}},
		{"\u3000", Value{}},

		// numbers: the seed's targets and actuals
		{"≥6000份", num(OpAtLeast, "6000", "份")},
		{"≥6000人次", num(OpAtLeast, "6000", "人次")},
		{"≥300学时", num(OpAtLeast, "300", "学时")},
		{"100%", num(OpNone, "100", "%")},
		{"100.00%", num(OpNone, "100", "%")},
		{"18个模块", num(OpNone, "18", "个模块")},
		{"19", num(OpNone, "19", "")},
		{"0次", num(OpNone, "0", "次")},
		{"0%", num(OpNone, "0", "%")},
		{"0", num(OpNone, "0", "")},
		{"≥ 85", num(OpAtLeast, "85", "")},
		{">=90%", num(OpAtLeast, "90", "%")},
		{">=85", num(OpAtLeast, "85", "")},
		{">=12次", num(OpAtLeast, "12", "次")},
		{"≧ 100 %", num(OpAtLeast, "100", "%")},
		// 不小于 and 不大于 as one sign, and the angle brackets a CJK font puts for > and <
		// (永德县 2022 writes ≧ and ═; ≮ and ≯ are the one-sign 不小于 and 不大于).
		{"≮90%", num(OpAtLeast, "90", "%")},
		{"≯5天", num(OpAtMost, "5", "天")},
		{"〉90%", num(OpMore, "90", "%")},
		{"〈3次", num(OpLess, "3", "次")},
		{"═100%", num(OpEqual, "100", "%")},
		{"14个街镇、工业区", num(OpNone, "14", "个街镇、工业区")},
		{"14个街镇、工业区全覆盖", num(OpNone, "14", "个街镇、工业区全覆盖")},
		{"100%全覆盖", num(OpNone, "100", "%全覆盖")},
		{"1700人", num(OpNone, "1700", "人")},
		{"24小时", num(OpNone, "24", "小时")},
		{"16课时", num(OpNone, "16", "课时")},
		{"4个主题", num(OpNone, "4", "个主题")},
		{"≥10人次", num(OpAtLeast, "10", "人次")},
		{"≥1份", num(OpAtLeast, "1", "份")},
		{"12个月", num(OpNone, "12", "个月")},
		{"2022", num(OpNone, "2022", "")},

		// full width, spaces, look-alike operators
		{"≥６０００份", num(OpAtLeast, "6000", "份")},
		{"１００％", num(OpNone, "100", "%")},
		{"＞＝８５％", num(OpAtLeast, "85", "%")},
		{"＞=85%", num(OpAtLeast, "85", "%")},
		{"> = 85 %", num(OpAtLeast, "85", "%")},
		{"  ≥\u30006000\u3000份  ", num(OpAtLeast, "6000", "份")},
		{"⩾90%", num(OpAtLeast, "90", "%")},
		{">90%", num(OpMore, "90", "%")},
		{"＞90%", num(OpMore, "90", "%")},
		{"=100%", num(OpEqual, "100", "%")},
		{"＝100%", num(OpEqual, "100", "%")},
		{"═100%", num(OpEqual, "100", "%")},
		{"==100%", num(OpEqual, "100", "%")},
		{"≤5次", num(OpAtMost, "5", "次")},
		{"<=5次", num(OpAtMost, "5", "次")},
		{"≦5次", num(OpAtMost, "5", "次")},
		{"⩽5次", num(OpAtMost, "5", "次")},
		{"＜＝5次", num(OpAtMost, "5", "次")},
		{"<3天", num(OpLess, "3", "天")},
		{"＜3天", num(OpLess, "3", "天")},
		{"不低于90%", num(OpAtLeast, "90", "%")},
		{"不少于 10 人", num(OpAtLeast, "10", "人")},
		{"大于等于90%", num(OpAtLeast, "90", "%")},
		{"不超过5次", num(OpAtMost, "5", "次")},
		{"小于等于5次", num(OpAtMost, "5", "次")},
		{"高于90%", num(OpMore, "90", "%")},
		{"低于1%", num(OpLess, "1", "%")},
		{"90%以上", num(OpAtLeast, "90", "%")},
		{"90%及以上", num(OpAtLeast, "90", "%")},
		{"5次以下", num(OpAtMost, "5", "次")},
		{"3个工作日以内", num(OpAtMost, "3", "个工作日")},
		{"≥90%以上", num(OpAtLeast, "90", "%以上")}, // an operator in front wins; the unit stays

		// numbers as written
		{"6,000份", num(OpNone, "6000", "份")},
		{"1,234,567.5元", num(OpNone, "1234567.5", "元")},
		{"98.32%", num(OpNone, "98.32", "%")},
		{"007", num(OpNone, "7", "")},
		{"9000000000000", num(OpNone, "9000000000000", "")},
		{"9.5 分", num(OpNone, "9.5", "分")},

		// deadlines
		{"2022年12月底前", dl(OpNone, 2022, 12)},
		{"2022年12月底", dl(OpNone, 2022, 12)},
		{"2022年底前", dl(OpNone, 2022, 12)},
		{"2022年底", dl(OpNone, 2022, 12)},
		{"2022年", dl(OpNone, 2022, 12)},
		{"2022年度", dl(OpNone, 2022, 12)},
		{"2022 年 6 月", dl(OpNone, 2022, 6)},
		{"2022年6月30日前", dl(OpNone, 2022, 6)},
		{"2022年12月31日前", dl(OpNone, 2022, 12)},
		{"2022年12月31号", dl(OpNone, 2022, 12)},
		{"12月", dl(OpNone, 0, 12)},
		{"11月", dl(OpNone, 0, 11)},
		{"11月份", dl(OpNone, 0, 11)},
		{"1月", dl(OpNone, 0, 1)},
		{"十一月", dl(OpNone, 0, 11)},
		{"十二月", dl(OpNone, 0, 12)},
		{"十月", dl(OpNone, 0, 10)},
		{"三月", dl(OpNone, 0, 3)},
		{"12月底前完成", dl(OpNone, 0, 12)},
		{"6月中旬", dl(OpNone, 0, 6)},
		{"4季度", dl(OpNone, 0, 12)},
		{"四季度", dl(OpNone, 0, 12)},
		{"三季度", dl(OpNone, 0, 9)},
		{"第三季度", dl(OpNone, 0, 9)},
		{"第一季度", dl(OpNone, 0, 3)},
		{"第2季度末", dl(OpNone, 0, 6)},
		{"二季", dl(OpNone, 0, 6)},
		{"Q4", dl(OpNone, 0, 12)},
		{"q1", dl(OpNone, 0, 3)},
		{"Ｑ４", dl(OpNone, 0, 12)},
		{"2022Q3", dl(OpNone, 2022, 9)},
		{"2022年第四季度", dl(OpNone, 2022, 12)},
		{"=4季度前", dl(OpEqual, 0, 12)},
		{"≤11月", dl(OpAtMost, 0, 11)},
		{"年底前", dl(OpNone, 0, 12)},
		{"年底", dl(OpNone, 0, 12)},
		{"上半年", dl(OpNone, 0, 6)},
		{"2022年下半年", dl(OpNone, 2022, 12)},
		{"2022-12-31", dl(OpNone, 2022, 12)},
		{"2022/06", dl(OpNone, 2022, 6)},
		{"2022.12.31前", dl(OpNone, 2022, 12)},
		{"４季度", dl(OpNone, 0, 12)},

		// ranges
		{"1-12月", rg(0, 1, 0, 12)},
		{"1月-12月", rg(0, 1, 0, 12)},
		{"1～12月", rg(0, 1, 0, 12)},
		{"1~12月", rg(0, 1, 0, 12)},
		{"1〜12月", rg(0, 1, 0, 12)},
		{"1—12月", rg(0, 1, 0, 12)},
		{"1——12月", rg(0, 1, 0, 12)},
		{"1月至12月", rg(0, 1, 0, 12)},
		{"1至12月", rg(0, 1, 0, 12)},
		{"1 - 12 月", rg(0, 1, 0, 12)},
		{"一至十二月", rg(0, 1, 0, 12)},
		{"2022年1-12月", rg(2022, 1, 2022, 12)},
		{"2022年1月-12月", rg(2022, 1, 2022, 12)},
		{"2022年1月至2023年3月", rg(2022, 1, 2023, 3)},
		{"2022年1月1日至12月31日", rg(2022, 1, 2022, 12)},
		{"1-4季度", rg(0, 3, 0, 12)},
		{"一至四季度", rg(0, 3, 0, 12)},
		{"第一季度至第四季度", rg(0, 3, 0, 12)},
		{"Q1-Q4", rg(0, 3, 0, 12)},
		{"3-5月份", rg(0, 3, 0, 5)},

		// words
		{"有效", words("有效")},
		{"同比提升", words("同比提升")},
		{"健全有效", words("健全有效")},
		{"每月", words("每月")},
		{"每季度", words("每季度")},
		{"每次", words("每次")},
		{"全年", words("全年")},
		{"年度", words("年度")},
		{"符合重点工作方向", words("符合重点工作方向")},
		{" 有\u3000效 ", words("有 效")},
		{"<p>1</p>", words("<p>1</p>")},
		{"<p>有效</p>", words("<p>有效</p>")},
		{"≥", words("≥")},
		{">=", words(">=")},
		{"≥良好", words("≥良好")},
		{"大于预期", words("大于预期")},
		{"1O0", words("1O0")}, // letter O: a number run into a number
		{"1O", num(OpNone, "1", "O")},
		{"5G基站", num(OpNone, "5", "G基站")},
		{"O100", words("O100")},
		{"-5%", words("-5%")},
		{"－5%", words("-5%")},
		{"1-12", words("1-12")},
		{"1.2.3", words("1.2.3")},
		{"1,2", words("1,2")},
		{"1234,567", words("1234,567")},
		{"3/4", words("3/4")},
		{"6 000份", words("6 000份")},
		{"1+14+x", words("1+14+x")},
		{"一次", words("一次")},
		{"十分有效", words("十分有效")},
		{"第一名", words("第一名")},
		{"12月完成率100%", words("12月完成率100%")},
		{"2022年全覆盖", words("2022年全覆盖")},
		{"四季度2次", words("四季度2次")},
		{"13月", num(OpNone, "13", "月")},
		{"5季度", num(OpNone, "5", "季度")},
		{"1.1234567", words("1.1234567")},                       // more places than a Dec holds
		{"99999999999999999999", words("99999999999999999999")}, // too large
		{"—", words("—")},
		{"12-1月", rg(0, 12, 0, 1)}, // kept as written; a reversed range is the reader's concern
	}
	for _, tt := range tests {
		got := ParseValue(tt.in)
		want := tt.want
		want.Raw = tt.in
		if got != want {
			t.Errorf("ParseValue(%q)\n got %+v\nwant %+v", tt.in, got, want)
		}
	}
}

func TestReverse(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"0次", true},
		{"0%", true},
		{"0", true},
		{"=0", true},
		{"≤5次", true},
		{"<3天", true},
		{"5次以内", true},
		{"≥0", false},
		{">0", false},
		{"≥6000份", false},
		{"100%", false},
		{"有效", false},
		{"12月", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ParseValue(tt.in).Reverse(); got != tt.want {
			t.Errorf("ParseValue(%q).Reverse() = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPeriodCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"三季度", "四季度", -1}, // rule 5: target 三季度, actual 四季度 → late
		{"四季度", "三季度", 1},
		{"4季度", "四季度", 0},
		{"4季度", "12月", 0},
		{"11月", "12月", -1},
		{"2022年12月底前", "2022年12月底", 0},
		{"2022年12月", "2023年1月", -1},
		{"2023年1月", "2022年12月", 1},
		{"2022年12月", "12月", 0}, // one year missing: months only
		{"2023年1月", "12月", -1},
		{"2022年底前", "Q4", 0},
	}
	for _, tt := range tests {
		a, b := ParseValue(tt.a), ParseValue(tt.b)
		if a.Kind != KindDeadline || b.Kind != KindDeadline {
			t.Fatalf("%q, %q: not deadlines (%v, %v)", tt.a, tt.b, a.Kind, b.Kind)
		}
		if got := a.When.Compare(b.When); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestEquivalent(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"有效", "有效", true},
		{"有效", " 有 效 ", true},
		{"有效", "有\u3000效", true},
		{">=85%", "≥85%", true},
		{">=85%", "≥ 85 ％", true},
		{"≧ 100 %", "≥100%", true},
		{"＞＝８５％", ">=85%", true},
		{"> = 85", "≥85", true},
		{"<=5", "≤5", true},
		{"≦5", "≤5", true},
		{"═4季度前", "=4季度前", true},
		{"＝4季度前", "==4季度前", true},
		{"1-12月", "1－12月", true},
		{"(2022版)", "（2022版）", true},
		{"", "  ", true},
		{"85%", "85", false},
		{">85%", ">=85%", false},
		{"有效", "无效", false},
		{"提升", "同比提升", false},
		{"Q4", "q4", false},
		{"100%", "100.00%", false}, // text, not numbers
	}
	for _, tt := range tests {
		if got := Equivalent(tt.a, tt.b); got != tt.want {
			t.Errorf("Equivalent(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := Equivalent(tt.b, tt.a); got != tt.want {
			t.Errorf("Equivalent(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestStrings(t *testing.T) {
	if got := KindDeadline.String(); got != "deadline" {
		t.Errorf("KindDeadline.String() = %q", got)
	}
	if got := Kind(99).String(); got != "kind(99)" {
		t.Errorf("Kind(99).String() = %q", got)
	}
	if got := OpAtMost.String(); got != "≤" {
		t.Errorf("OpAtMost.String() = %q", got)
	}
	if got := OpNone.String(); got != "" {
		t.Errorf("OpNone.String() = %q", got)
	}
	if got := Operator(42).String(); got != "op(42)" {
		t.Errorf("Operator(42).String() = %q", got)
	}
}

func TestParseValueAllocs(t *testing.T) {
	for _, s := range []string{"≥6000份", ">=85%", "有效", "2022年12月底前", "1-12月", "≧ 100 %"} {
		if n := testing.AllocsPerRun(100, func() { _ = ParseValue(s) }); n != 0 {
			t.Errorf("ParseValue(%q) allocates %v times", s, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = Equivalent(">=85%", "≥ 85 ％") }); n != 0 {
		t.Errorf("Equivalent allocates %v times", n)
	}
}

// seedTargets are the targets and actuals of the seed, in the proportions the benchmark should weigh.
var seedTargets = []string{
	"≥6000份", "100%", ">=85%", "18个模块", "1-12月", "有效", "2022年12月底前", "14个街镇、工业区",
	"≥ 85", "=4季度前", "三季度", "同比提升", "0次", "24小时", "≧ 100 %", "≥６０００份",
}

func BenchmarkParseValue(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = ParseValue(seedTargets[i%len(seedTargets)])
	}
}

func BenchmarkEquivalent(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Equivalent(">=85%", "≥ 85 ％")
	}
}

// TestLookAlikeOperators: operators written with the small form variants, the full-width
// forms and the minus sign read as the ASCII ones (forms published by offices elsewhere use
// them: "﹥90%", "﹦100%").
func TestLookAlikeOperators(t *testing.T) {
	for s, want := range map[string]Operator{"﹥90%": OpMore, "﹥=90%": OpAtLeast, "﹥＝90%": OpAtLeast, "﹦100%": OpEqual,
		"﹤5天": OpLess, "﹤﹦5天": OpAtMost, "＞＝90％": OpAtLeast, "≧90%": OpAtLeast} {
		if v := ParseValue(s); v.Kind != KindNumber || v.Op != want {
			t.Errorf("ParseValue(%q) = %v %v, want a number with %v", s, v.Kind, v.Op, want)
		}
	}
	if !Equivalent("﹥=85﹪", ">=85%") || !Equivalent("﹙全年﹚", "(全年)") {
		t.Error("small forms are not equivalent to what they stand for")
	}
	if got := Normalize("−5"); got != "-5" {
		t.Errorf("Normalize(minus sign) = %q", got)
	}
}
