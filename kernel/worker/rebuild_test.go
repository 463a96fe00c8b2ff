package worker

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gojup/gojup/kernel/ipc"
)

func TestRebuildRedefinedFunc(t *testing.T) {
	p := startWorker(t)
	p.ok("func greet() string { return \"hello\" }\nfunc twice() string { return greet() + greet() }")
	p.ok("n := 41\nn++\nn--")
	if r := p.ok("twice()"); r.text() != "hellohello" {
		t.Fatalf("twice() = %q", r.text())
	}
	// Only new declarations: no rebuild.
	if r := p.ok("func other() int { return 1 }\n1+1"); r.text() != "2" || strings.Contains(r.stderr, "rebuilt") {
		t.Errorf("new declarations: result %q stderr %q", r.text(), r.stderr)
	}
	r := p.ok("func greet() string { return \"hi \" }")
	if !strings.Contains(r.stderr, "gojup: redefined greet: session rebuilt in") {
		t.Errorf("rebuild note: stderr %q", r.stderr)
	}
	if strings.Contains(r.stderr, "reset:") {
		t.Errorf("nothing should be reset: %q", r.stderr)
	}
	if r := p.ok("twice()"); r.text() != "hi hi " {
		t.Errorf("after redefinition twice() = %q", r.text())
	}
	if r := p.ok("n+1"); r.text() != "42" {
		t.Errorf("n+1 = %q", r.text())
	}
	if r := p.ok("other()"); r.text() != "1" {
		t.Errorf("other() = %q", r.text())
	}
	// Rerunning the same cell does not rebuild.
	if r := p.ok("func greet() string { return \"hi \" }"); strings.Contains(r.stderr, "rebuilt") {
		t.Errorf("unchanged redefinition rebuilt: %q", r.stderr)
	}
}

func TestRebuildRedefinedType(t *testing.T) {
	p := startWorker(t)
	p.ok("import \"strings\"\ntype P struct{ X int }\nfunc (p P) Name() string { return \"old\" }")
	p.ok("p := P{1}\nq := []P{p}\nwords := strings.Fields(\"a b\")\nm := map[string]int{\"a\": 1}\nm[\"b\"] = 2")
	if r := p.ok("p.Name()"); r.text() != "old" {
		t.Fatalf("p.Name() = %q", r.text())
	}
	r := p.ok("type P struct{ X, Y int }\np2 := P{1, 2}\np2.Y")
	if r.text() != "2" {
		t.Errorf("new field: %q", r.text())
	}
	if !strings.Contains(r.stderr, "redefined P") || !strings.Contains(r.stderr, "reset: p, q") {
		t.Errorf("rebuild note: stderr %q", r.stderr)
	}
	if r := p.ok("len(words) + m[\"b\"]"); r.text() != "4" {
		t.Errorf("carried values: %q", r.text())
	}
	r = p.ok("func (p P) Name() string { return \"new\" }")
	if !strings.Contains(r.stderr, "redefined P.Name") {
		t.Errorf("method rebuild note: stderr %q", r.stderr)
	}
	if r := p.ok("P{}.Name() + p2.Name()"); r.text() != "newnew" {
		t.Errorf("redefined method: %q", r.text())
	}
	if r := p.ok("strings.ToUpper(\"x\")"); r.text() != "X" {
		t.Errorf("import after rebuild: %q", r.text())
	}
}

func TestRebuildAbandoned(t *testing.T) {
	p := startWorker(t)
	p.ok("type P struct{ X int }\nfunc (p P) Get() int { return p.X }")
	r := p.exec("type P struct{ Y int }")
	if !strings.Contains(r.stderr, "could not rebuild the session, P.Get would not compile") {
		t.Errorf("abandoned rebuild: stderr %q", r.stderr)
	}
	if r := p.ok("P{1}.Get()"); r.text() != "1" {
		t.Errorf("old session kept: %q", r.text())
	}
	// A redefinition the checker rejects does not rebuild.
	p.ok("func f() int { return 1 }\nfunc g() int { return f() }")
	if r := p.exec("func f() int { return \"x\" }"); r.reply["status"] != "error" || strings.Contains(r.stderr, "rebuilt") {
		t.Errorf("rejected redefinition: status %v stderr %q", r.reply["status"], r.stderr)
	}
	if r := p.ok("g()"); r.text() != "1" {
		t.Errorf("g() = %q", r.text())
	}
}

// A session brought back by a restore (after a crash) is in the declaration log too, so
// redefining one of its funcs still takes effect for the restored code.
func TestRebuildAfterRestore(t *testing.T) {
	p := startWorker(t)
	reply := p.call(ipc.TypeRestore, ipc.RestoreRequest{Cells: []string{
		"import \"fmt\"",
		"func greet() string { return \"hello\" }\nfunc twice() string { return greet() + greet() }",
	}})
	b, _ := json.Marshal(reply)
	var rr ipc.RestoreReply
	json.Unmarshal(b, &rr)
	if len(rr.Errors) > 0 {
		t.Fatalf("restore errors: %v", rr.Errors)
	}
	r := p.ok("func greet() string { return \"hi \" }\nfmt.Println(twice())")
	if r.stdout != "hi hi \n" {
		t.Errorf("after restore and redefinition: stdout %q, want %q", r.stdout, "hi hi \n")
	}
}
