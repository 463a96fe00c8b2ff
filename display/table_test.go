package display

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func TestTableStructs(t *testing.T) {
	type user struct {
		Name   string
		Age    int
		Tags   []string
		secret string
	}
	tb := Table([]*user{{"Ann <admin>", 31, []string{"a", "b"}, "x"}, {"Bob", 7, nil, "y"}, nil})
	if got := strings.Join(tb.Columns(), ","); got != "Name,Age,Tags,value" {
		t.Fatalf("columns %s", got)
	}
	h := tb.HTML()
	if !strings.Contains(h, "Ann &lt;admin&gt;") || strings.Contains(h, "<admin>") {
		t.Errorf("HTML not escaped: %s", h)
	}
	if !strings.Contains(h, `["a" "b"]`) && !strings.Contains(h, `[&#34;a&#34; &#34;b&#34;]`) {
		t.Errorf("nested slice not compact: %s", h)
	}
	want := "Name         Age  Tags       value\n" +
		"───────────  ───  ─────────  ─────\n" +
		"Ann <admin>   31  [\"a\" \"b\"]\n" +
		"Bob            7  []\n" +
		"                             nil"
	if got := tb.String(); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}

func TestTableBSON(t *testing.T) {
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	docs := []bson.M{
		{"name": "a", "_id": 1, "when": when},
		{"_id": 2, "nested": bson.M{"x": 1, "y": bson.A{1, "two"}}, "name": "b"},
	}
	tb := Table(docs)
	if got := strings.Join(tb.Columns(), ","); got != "_id,name,when,nested" {
		t.Fatalf("columns %s", got)
	}
	if s := tb.String(); !strings.Contains(s, `{x: 1, y: [1 "two"]}`) || !strings.Contains(s, "2026-01-02 03:04:05.000 UTC") {
		t.Errorf("nested or time values:\n%s", s)
	}
	ordered := []bson.D{{{Key: "z", Value: 1}, {Key: "a", Value: bson.D{{Key: "k", Value: "v"}}}}}
	tb = Table(ordered)
	if got := strings.Join(tb.Columns(), ","); got != "z,a" {
		t.Fatalf("bson.D columns %s (want document order)", got)
	}
	if !strings.Contains(tb.String(), `{k: "v"}`) {
		t.Errorf("nested bson.D:\n%s", tb.String())
	}
}

func TestTableTruncates(t *testing.T) {
	rows := make([]map[string]any, 1000)
	for i := range rows {
		rows[i] = map[string]any{"i": i}
	}
	tb := Table(rows)
	h, s := tb.HTML(), tb.String()
	const note = "… 950 more rows (1000 total)"
	if !strings.Contains(h, note) || !strings.Contains(s, note) {
		t.Fatalf("no truncation note in\n%s", s)
	}
	if n := strings.Count(h, "<tr>"); n != 51 { // header + 50 rows
		t.Errorf("HTML has %d rows, want 51", n)
	}
	if !strings.Contains(s, "49\n… 950") {
		t.Errorf("text does not stop at row 49")
	}
	if n := strings.Count(tb.Limit(0).HTML(), "<tr>"); n != 1001 {
		t.Errorf("Limit(0) shows %d rows", n-1)
	}
	if tb.Len() != 1000 {
		t.Errorf("Len %d", tb.Len())
	}
}

func TestTableErrors(t *testing.T) {
	if s := Table(42).String(); !strings.Contains(s, "want a slice") {
		t.Errorf("got %q", s)
	}
	if s := Table([]int(nil)).String(); s != "(empty table)" {
		t.Errorf("got %q", s)
	}
	long := strings.Repeat("x", 500)
	if s := Table([]string{long}).HTML(); strings.Contains(s, long) || !strings.Contains(s, "…") {
		t.Error("long cell not cut")
	}
	_ = fmt.Sprint
}
