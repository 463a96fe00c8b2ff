package worker

import (
	"strings"
	"testing"
)

// TestPanicWithCellErrorType checks that panicking with a value of a cell-declared type
// shows its Error or String text, as Go does, and that recover still gets the value.
func TestPanicWithCellErrorType(t *testing.T) {
	p := startWorker(t)
	p.ok("import \"fmt\"\ntype E struct{ Code int }\nfunc (e E) Error() string { return fmt.Sprint(\"custom \", e.Code) }\ntype PE struct{ Msg string }\nfunc (e *PE) Error() string { return \"pe: \" + e.Msg }\ntype S int\nfunc (s S) String() string { return \"S!\" }")
	for code, want := range map[string]string{
		"x := 1\npanic(E{3})": "custom 3",
		"panic(&PE{\"x\"})":   "pe: x",
		"panic(S(1))":         "S!",
		"func boom() {\n\tpanic(E{Code: 7})\n}\nboom()": "custom 7",
	} {
		r := p.exec(code)
		if r.stderr != "" {
			t.Errorf("%q: stderr %q", code, r.stderr)
		}
		if r.reply["ename"] != "panic" || r.reply["evalue"] != want || !strings.HasPrefix(r.traceback(), "panic: "+want+"\n") {
			t.Errorf("%q: %v %v\n%s", code, r.reply["ename"], r.reply["evalue"], r.traceback())
		}
	}
	r := p.exec("x := 1\npanic(E{3})")
	if tb := r.traceback(); !strings.Contains(tb, "\n\tcell 2:7\n    panic(E{3})\n          ^") {
		t.Errorf("top-level panic position:\n%s", tb)
	}
	r = p.exec("func boom2() {\n\tpanic(E{Code: 8})\n}\nboom2()")
	if tb := r.traceback(); !strings.Contains(tb, "main.boom2(...)\n\tcell 2:10\n") {
		t.Errorf("panic position:\n%s", tb)
	}
	r = p.ok("func() {\n\tdefer func() { r := recover(); e, ok := r.(E); fmt.Println(\"recovered\", ok, e.Code) }()\n\tpanic(E{9})\n}()")
	if r.stdout != "recovered true 9\n" {
		t.Errorf("recover: %q", r.stdout)
	}
}
