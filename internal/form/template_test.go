package form

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestFundsJSON: a form of the Shanghai template writes its four funds rows as before, and
// Sichuan's rows only when they hold something; both read back as written.
func TestFundsJSON(t *testing.T) {
	shanghai := Funds{Total: FundsRow{Adjusted: "100", Executed: "90"}}
	b, err := json.Marshal(shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Contains(s, "special") || strings.Contains(s, "own") || !strings.Contains(s, `"other"`) {
		t.Errorf("a Shanghai form's funds are written %s", s)
	}
	sichuan := Funds{Total: FundsRow{Adjusted: "3.36"}, Fiscal: FundsRow{Adjusted: "3"}, Own: FundsRow{Adjusted: "0.36"}}
	b, err = json.Marshal(sichuan)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); !strings.Contains(s, `"own":{"initial":"","adjusted":"0.36","executed":""}`) || !strings.Contains(s, `"special"`) {
		t.Errorf("a Sichuan form's funds are written %s", s)
	}
	for _, in := range []Funds{shanghai, sichuan} {
		b, _ := json.Marshal(in)
		var out Funds
		if err := json.Unmarshal(b, &out); err != nil || out != in {
			t.Errorf("%s read back as %+v, %v", b, out, err)
		}
	}
}

// TestTemplateRows: a template shows its own rows in its order, and any other row that holds
// an amount after them, so that nothing a form holds is hidden.
func TestTemplateRows(t *testing.T) {
	keys := func(rows []TemplateRow) string {
		var k []string
		for _, r := range rows {
			k = append(k, r.Key)
		}
		return strings.Join(k, ",")
	}
	if got := keys(TemplateOf("").RowsOf(&Funds{})); got != "total,fiscal,carryover,other" {
		t.Errorf("the default template's rows: %s", got)
	}
	if got := keys(TemplateOf("sichuan-2023").RowsOf(&Funds{})); got != "total,fiscal,special,own,other" {
		t.Errorf("Sichuan's rows: %s", got)
	}
	rows := TemplateOf("sichuan-2023").RowsOf(&Funds{Carryover: FundsRow{Initial: "1"}})
	if got := keys(rows); got != "total,fiscal,special,own,other,carryover" || rows[5].Label != "上年结转资金" {
		t.Errorf("Sichuan's rows with a carryover: %s (%q)", got, rows[len(rows)-1].Label)
	}
	if TemplateOf("no-such").Name != TemplateShanghai2022.Name {
		t.Error("an unknown template is not shown as the default")
	}
	if len(TemplateSichuan2023.Rows) != 5 || !TemplateSichuan2023.HasRow("own") || TemplateSichuan2023.HasRow("carryover") {
		t.Error("Sichuan's rows")
	}
}
