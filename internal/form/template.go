package form

// Template is the layout of a form: which funds rows it has, in which order, under which
// labels, and the labels of the funds columns. The indicator table is the same in every
// template (a split target, 指标性质 / 指标值 / 度量单位, is joined into one target on reading).
type Template struct {
	Name  string // stored with the form; "" is the default, Shanghai 2022
	Title string // 上海市 2022 年 …
	// Source is where the layout was read from: a document number or a published form.
	Source string
	// FundsLabel is the label of the funds table, without its unit: 项目资金, 年度预算数.
	FundsLabel string
	// Rows are the funds rows in table order, the total first.
	Rows []TemplateRow
	// Columns are the labels of the initial, adjusted and executed columns.
	Columns [3]string
}

// PathTemplate is the interchange path of the form's template.
const PathTemplate = "template"

// TemplateRow is one funds row of a template: its key in FundsRowNames and its label.
type TemplateRow struct {
	Key, Label string
}

// The templates a form may have.
var (
	// TemplateShanghai2022 is the layout of the seed's forms (上海市闵行区 2022).
	TemplateShanghai2022 = Template{Name: "shanghai-2022", Title: "上海市 2022 年", FundsLabel: "项目资金",
		Source: "the seed's ten forms of 2022 (闵行区)",
		Rows: []TemplateRow{{"total", "年度资金总额"}, {"fiscal", "其中：当年财政拨款"}, {"carryover", "上年结转资金"},
			{"other", "其他资金"}},
		Columns: [3]string{"年初预算数", "全年预算数", "全年执行数"}}
	// TemplateNational2020 is the national layout of 财预〔2020〕10号, 附件 项目支出绩效自评表.
	TemplateNational2020 = Template{Name: "national-2020", Title: "财政部 2020 年（财预〔2020〕10号）", FundsLabel: "项目资金",
		Source: "财预〔2020〕10号 附件2 项目支出绩效自评表",
		Rows: []TemplateRow{{"total", "年度资金总额"}, {"fiscal", "其中：当年财政拨款"}, {"carryover", "上年结转资金"},
			{"other", "其他资金"}},
		Columns: [3]string{"年初预算数", "全年预算数", "全年执行数"}}
	// TemplateSichuan2023 is Sichuan's 部门预算项目支出绩效自评表 of 2023.
	TemplateSichuan2023 = Template{Name: "sichuan-2023", Title: "四川省 2023 年", FundsLabel: "年度预算数",
		Source: "https://dyxrmt.cn/article-157795-21.html (大英县司法局 2023)",
		Rows: []TemplateRow{{"total", "总额"}, {"fiscal", "其中：财政资金"}, {"special", "财政专户管理资金"},
			{"own", "单位资金"}, {"other", "其他资金"}},
		Columns: [3]string{"年初预算", "调整后预算数", "预算执行数"}}
)

// Templates lists the known templates, the default first.
var Templates = []*Template{&TemplateShanghai2022, &TemplateNational2020, &TemplateSichuan2023}

// TemplateOf returns the template of the given name; "" and any unknown name give the default.
func TemplateOf(name string) *Template {
	for _, t := range Templates {
		if t.Name == name {
			return t
		}
	}
	return &TemplateShanghai2022
}

// HasRow reports whether the template shows the funds row of the given key.
func (t *Template) HasRow(key string) bool {
	for _, r := range t.Rows {
		if r.Key == key {
			return true
		}
	}
	return false
}

// RowsOf are the funds rows a form of this template shows: the template's, and any other
// row that holds an amount (a file may bring one), so that nothing a form holds is hidden.
// An added row has the label of the default template, or its key when that has none.
func (t *Template) RowsOf(f *Funds) []TemplateRow {
	rows := t.Rows
	for _, key := range FundsRowNames {
		if t.HasRow(key) || *f.Row(key) == (FundsRow{}) {
			continue
		}
		if len(rows) == len(t.Rows) {
			rows = append([]TemplateRow(nil), t.Rows...)
		}
		label := key
		for _, r := range TemplateShanghai2022.Rows {
			if r.Key == key {
				label = r.Label
			}
		}
		if key == "special" || key == "own" {
			for _, r := range TemplateSichuan2023.Rows {
				if r.Key == key {
					label = r.Label
				}
			}
		}
		rows = append(rows, TemplateRow{key, label})
	}
	return rows
}
