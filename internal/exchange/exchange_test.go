package exchange

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"selfeval/internal/exchange/json"
	"selfeval/internal/exchange/xlsx"
	"selfeval/internal/form"
	"selfeval/internal/scoring"
)

func TestReadTellsFormatsApart(t *testing.T) {
	seed, err := os.ReadFile("../demo/minhang-2022.txt")
	if err != nil {
		t.Fatal(err)
	}
	file, err := Read(seed)
	fromText, f := file.Forms, file.Format
	if err != nil || f != FormatText || len(fromText) != 10 || len(fromText[0].Notes) == 0 {
		t.Fatalf("text: %v %s %d", err, f, len(fromText))
	}
	var js bytes.Buffer
	docs := make([]json.Document, len(fromText))
	for i, im := range fromText {
		docs[i] = json.Document{Form: im.Form}
	}
	if err := json.Write(&js, docs); err != nil {
		t.Fatal(err)
	}
	file, err = Read(js.Bytes())
	fromJSON, f := file.Forms, file.Format
	if err != nil || f != FormatJSON || len(fromJSON) != 10 || fromJSON[4].Form.Project != "培训费" {
		t.Fatalf("json: %v %s %d", err, f, len(fromJSON))
	}
	var xl bytes.Buffer
	list := make([]form.Form, len(fromText))
	for i, im := range fromText {
		list[i] = im.Form
	}
	if err := xlsx.Write(&xl, list, &scoring.Shanghai2022); err != nil {
		t.Fatal(err)
	}
	file, err = Read(xl.Bytes())
	fromXLSX, f := file.Forms, file.Format
	if err != nil || f != FormatXLSX || len(fromXLSX) != 10 {
		t.Fatalf("xlsx: %v %s %d", err, f, len(fromXLSX))
	}
	if _, err := Read([]byte("  \n")); !errors.Is(err, ErrEmptyFile) {
		t.Errorf("empty: %v", err)
	}
	if _, err := Read([]byte(`{"project":"空"}`)); err == nil {
		t.Error("a file of one form without indicators was read")
	}
	if file, err := Read([]byte("PK\x03\x04garbage")); err == nil || file.Format != FormatXLSX {
		t.Errorf("broken workbook: %v %s", err, file.Format)
	}
}

// TestReadLeavesOutFormsWithoutIndicators: a page of two forms, the first cut off before its
// indicator table (funds but no rows), reads the second and says the first is left out.
func TestReadLeavesOutFormsWithoutIndicators(t *testing.T) {
	page := "财政项目支出绩效自评表\n（2023年度）\n项目名称\t甲项目\n主管部门\t某部门\t\t\t实施单位\t某单位\n" +
		"项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t10\t10\t9.5\t10\t95.00%\t9.5\n\n" +
		"财政项目支出绩效自评表\n（2023年度）\n项目名称\t乙项目\n主管部门\t某部门\t\t\t实施单位\t某单位\n" +
		"一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n" +
		"产出指标\t数量指标\t指标一\t≥10个\t12个\t90\t90\t\n总分\t\t\t\t\t\t100\t100\n"
	file, err := Read([]byte(page))
	if err != nil || len(file.Forms) != 1 || file.Forms[0].Form.Project != "乙项目" {
		t.Fatalf("Read = %d forms, %v", len(file.Forms), err)
	}
	if len(file.Left) != 1 || file.Left[0] != (Left{Position: 1, Project: "甲项目"}) {
		t.Errorf("left out %+v, want form 1 (甲项目)", file.Left)
	}
}
