package display

import (
	"fmt"
	"html"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultTableRows is how many rows a table shows before truncating.
const DefaultTableRows = 50

// maxCell is the longest cell text (in runes) before it is cut with "…".
const maxCell = 80

// TableView is a table built by Table. It renders as an HTML table with a text/plain
// fallback when it is a cell's final expression, or with Show.
type TableView struct {
	columns []string
	rows    [][]cell
	total   int // rows in the input
	limit   int
	err     error
}

type cell struct {
	text    string
	numeric bool
}

// Table builds a table from rows: a slice (or array, or pointer to one) of
//   - structs or pointers to structs (one column per exported field),
//   - maps with string keys, such as []map[string]any or MongoDB's []bson.M (columns in order
//     of first appearance, each row's keys sorted, "_id" first),
//   - ordered documents such as bson.D: slices of structs with Key and Value fields
//     (columns in document order),
//   - anything else (a single "value" column).
//
// Nested values are shown compactly ({a: 1, b: [2 3]}). Only the first DefaultTableRows rows
// are shown, with a "… N more rows" note; Limit changes that.
//
//	type User struct{ Name string; Age int }
//	display.Table([]User{{"Ann", 31}, {"Bob", 27}})   // as a cell's final expression
//
//	var docs []bson.M
//	_ = cursor.All(ctx, &docs)
//	display.Show(display.Table(docs).Limit(10))
func Table(rows any) *TableView {
	t := &TableView{limit: DefaultTableRows}
	t.build(reflect.ValueOf(rows))
	return t
}

// Limit sets how many rows are shown (n <= 0 means all) and returns t.
func (t *TableView) Limit(n int) *TableView {
	t.limit = n
	return t
}

// Len returns the number of rows in the input.
func (t *TableView) Len() int { return t.total }

// Columns returns the column names.
func (t *TableView) Columns() []string { return slices.Clone(t.columns) }

// Show displays the table and returns its Display.
func (t *TableView) Show() *Display { return showBundle(Bundle{Data: t.MIMEBundle()}) }

// MIMEBundle returns the HTML and text/plain forms of the table.
func (t *TableView) MIMEBundle() map[string]any {
	return map[string]any{MIMEHTML: t.HTML(), MIMEText: t.String()}
}

func (t *TableView) shown() int {
	if t.limit <= 0 || t.limit > len(t.rows) {
		return len(t.rows)
	}
	return t.limit
}

func (t *TableView) more() string {
	if n := t.total - t.shown(); n > 0 {
		return fmt.Sprintf("… %d more rows (%d total)", n, t.total)
	}
	return ""
}

func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// isKeyValueSlice reports whether t is like bson.D: a slice of structs with a string Key
// field and a Value field.
func isKeyValueSlice(t reflect.Type) bool {
	if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.Struct {
		return false
	}
	k, ok := t.Elem().FieldByName("Key")
	_, okv := t.Elem().FieldByName("Value")
	return ok && okv && k.Type.Kind() == reflect.String
}

func (t *TableView) build(v reflect.Value) {
	v = deref(v)
	if !v.IsValid() {
		return
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		t.err = fmt.Errorf("display.Table: want a slice, got %s", v.Type())
		return
	}
	t.total = v.Len()
	keep := v.Len() // rows beyond the first 10,000 are only counted
	if keep > 10000 {
		keep = 10000
	}
	index := map[string]int{}
	col := func(name string) int {
		i, ok := index[name]
		if !ok {
			i = len(t.columns)
			index[name] = i
			t.columns = append(t.columns, name)
		}
		return i
	}
	for r := 0; r < keep; r++ {
		e := deref(v.Index(r))
		row := map[int]cell{}
		switch {
		case !e.IsValid():
			row[col("value")] = cell{text: "nil"}
		case e.Kind() == reflect.Struct:
			et := e.Type()
			for i := 0; i < et.NumField(); i++ {
				if f := et.Field(i); f.IsExported() {
					row[col(f.Name)] = formatCell(e.Field(i))
				}
			}
		case e.Kind() == reflect.Map && e.Type().Key().Kind() == reflect.String:
			keys := make([]string, 0, e.Len())
			for _, k := range e.MapKeys() {
				keys = append(keys, k.String())
			}
			slices.SortFunc(keys, func(a, b string) int {
				switch {
				case a == b:
					return 0
				case a == "_id":
					return -1
				case b == "_id":
					return 1
				}
				return strings.Compare(a, b)
			})
			for _, k := range keys {
				row[col(k)] = formatCell(e.MapIndex(reflect.ValueOf(k).Convert(e.Type().Key())))
			}
		case isKeyValueSlice(e.Type()):
			for i := 0; i < e.Len(); i++ {
				kv := e.Index(i)
				row[col(kv.FieldByName("Key").String())] = formatCell(kv.FieldByName("Value"))
			}
		default:
			row[col("value")] = formatCell(e)
		}
		cells := make([]cell, len(t.columns))
		for i, c := range row {
			cells[i] = c
		}
		t.rows = append(t.rows, cells)
	}
}

// formatCell renders a value for a table cell.
func formatCell(v reflect.Value) cell {
	v = deref(v)
	if !v.IsValid() {
		return cell{text: "null"}
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		if _, ok := v.Interface().(fmt.Stringer); !ok || v.Type().PkgPath() == "" {
			return cell{text: compact(v, 0), numeric: true}
		}
	}
	return cell{text: cut(compact(v, 0), maxCell)}
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// compact formats v on one line: nested maps, documents and structs as {k: v, ...},
// slices as [a b c], with depth and length limits.
func compact(v reflect.Value, depth int) string {
	v = deref(v)
	if !v.IsValid() {
		return "null"
	}
	if v.CanInterface() {
		switch x := v.Interface().(type) {
		case time.Time:
			return x.Format("2006-01-02 15:04:05.000 MST")
		case time.Duration:
			return x.String()
		case []byte:
			return fmt.Sprintf("<%d bytes>", len(x))
		case error:
			return x.Error()
		case fmt.Stringer:
			// Maps and slices such as bson.M and bson.D print as extended JSON;
			// render their structure instead.
			if k := v.Kind(); k != reflect.Map && k != reflect.Slice {
				return x.String()
			}
		}
	}
	if depth > 3 {
		return "…"
	}
	var b strings.Builder
	switch {
	case v.Kind() == reflect.String:
		return v.String()
	case v.Kind() == reflect.Float32 || v.Kind() == reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case isKeyValueSlice(v.Type()):
		b.WriteByte('{')
		for i := 0; i < v.Len() && b.Len() < 2*maxCell; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			kv := v.Index(i)
			fmt.Fprintf(&b, "%s: %s", kv.FieldByName("Key").String(), quoted(kv.FieldByName("Value"), depth))
		}
		b.WriteByte('}')
	case v.Kind() == reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		b.WriteByte('{')
		for i, k := range keys {
			if b.Len() > 2*maxCell {
				b.WriteString(", …")
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%v: %s", k, quoted(v.MapIndex(k), depth))
		}
		b.WriteByte('}')
	case v.Kind() == reflect.Slice || v.Kind() == reflect.Array:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if b.Len() > 2*maxCell {
				b.WriteString(" …")
				break
			}
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(quoted(v.Index(i), depth))
		}
		b.WriteByte(']')
	case v.Kind() == reflect.Struct:
		t := v.Type()
		b.WriteByte('{')
		first := true
		for i := 0; i < t.NumField() && b.Len() < 2*maxCell; i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			fmt.Fprintf(&b, "%s: %s", t.Field(i).Name, quoted(v.Field(i), depth))
		}
		b.WriteByte('}')
	default:
		if v.CanInterface() {
			return fmt.Sprint(v.Interface())
		}
		return v.String()
	}
	return b.String()
}

// quoted is compact for nested values, with strings quoted so structure stays readable.
func quoted(v reflect.Value, depth int) string {
	if d := deref(v); d.IsValid() && d.Kind() == reflect.String {
		return strconv.Quote(d.String())
	}
	return compact(v, depth+1)
}

// String renders the table as aligned plain text.
func (t *TableView) String() string {
	if t.err != nil {
		return t.err.Error()
	}
	if len(t.columns) == 0 {
		return "(empty table)"
	}
	const maxText = 30
	n := t.shown()
	width := make([]int, len(t.columns))
	for i, c := range t.columns {
		width[i] = utf8.RuneCountInString(cut(c, maxText))
	}
	for _, row := range t.rows[:n] {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(cut(c.text, maxText)))
		}
	}
	var b strings.Builder
	line := func(texts []string, numeric func(int) bool) {
		var l strings.Builder
		for i, s := range texts {
			s = cut(s, maxText)
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(s))
			if i > 0 {
				l.WriteString("  ")
			}
			if numeric(i) {
				l.WriteString(pad + s)
			} else {
				l.WriteString(s + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	line(t.columns, func(int) bool { return false })
	rule := make([]string, len(t.columns))
	for i := range rule {
		rule[i] = strings.Repeat("─", width[i])
	}
	line(rule, func(int) bool { return false })
	for _, row := range t.rows[:n] {
		texts := make([]string, len(t.columns))
		for i := range texts {
			if i < len(row) {
				texts[i] = row[i].text
			}
		}
		line(texts, func(i int) bool { return i < len(row) && row[i].numeric })
	}
	if m := t.more(); m != "" {
		b.WriteString(m + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// HTML renders the table as a self-contained HTML fragment (inline styles only).
func (t *TableView) HTML() string {
	if t.err != nil {
		return "<pre>" + html.EscapeString(t.err.Error()) + "</pre>"
	}
	if len(t.columns) == 0 {
		return "<p><i>(empty table)</i></p>"
	}
	const (
		tableStyle = `border-collapse:collapse;font-size:13px;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:4px 0`
		thStyle    = `text-align:left;padding:4px 10px;border-bottom:2px solid #8888;font-weight:600;white-space:nowrap`
		tdStyle    = `padding:3px 10px;border-bottom:1px solid #8884;vertical-align:top;max-width:40em;overflow-wrap:anywhere`
	)
	var b strings.Builder
	b.WriteString(`<table style="` + tableStyle + `"><thead><tr>`)
	for _, c := range t.columns {
		b.WriteString(`<th style="` + thStyle + `">` + html.EscapeString(c) + `</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, row := range t.rows[:t.shown()] {
		b.WriteString(`<tr>`)
		for i := range t.columns {
			var c cell
			if i < len(row) {
				c = row[i]
			}
			style := tdStyle
			if c.numeric {
				style += `;text-align:right;font-variant-numeric:tabular-nums`
			}
			b.WriteString(`<td style="` + style + `">` + html.EscapeString(c.text) + `</td>`)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	if m := t.more(); m != "" {
		b.WriteString(`<div style="font-size:12px;opacity:0.7;margin:2px 0 6px">` + html.EscapeString(m) + `</div>`)
	}
	return b.String()
}
