package worker

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/ipc"
)

func TestStateResultsAndOutput(t *testing.T) {
	p := startWorker(t)
	if r := p.ok("x := 21"); r.text() != "<no result>" {
		t.Errorf("statement gave result %q", r.text())
	}
	if r := p.ok("x * 2"); r.text() != "42" {
		t.Errorf("x*2 = %q", r.text())
	}
	r := p.ok("import \"fmt\"\nfunc two() (int, error) { return 1, nil }\ntwo()")
	if r.text() != "1 <nil>" {
		t.Errorf("multi-value result %q", r.text())
	}
	r = p.ok(`fmt.Println("hi")`)
	if r.stdout != "hi\n" || r.text() != "<no result>" {
		t.Errorf("print: stdout %q result %q", r.stdout, r.text())
	}
	// Mixed order: a statement, an import, a declaration, an expression; fmt again silently.
	r = p.ok("y := 2\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\nfunc up(s string) string { return strings.ToUpper(s) }\nfmt.Print(y, \" \")\nup(\"go\")")
	if r.text() != "GO" || r.stdout != "2 " {
		t.Errorf("mixed cell: result %q stdout %q", r.text(), r.stdout)
	}
	if r := p.ok("type T struct{ A, B int }\nconst K = 3"); r.text() != "<no result>" {
		t.Errorf("declarations gave result %q", r.text())
	}
	if r := p.ok("T{K, y}"); r.text() != "{3 2}" {
		t.Errorf("struct result %q", r.text())
	}
	if r := p.ok(`s := "hé"; s`); r.text() != "hé" {
		t.Errorf("string result %q", r.text())
	}
	if r := p.ok("func none() {}\nnone()"); r.text() != "<no result>" {
		t.Errorf("call without results gave %q", r.text())
	}
	// stdout written before the reply arrives before it, stderr too.
	r = p.ok("import \"os\"\nfor i := 0; i < 3; i++ { fmt.Println(i) }\nfmt.Fprintln(os.Stderr, \"to stderr\")")
	if r.stdout != "0\n1\n2\n" || r.stderr != "to stderr\n" {
		t.Errorf("output: stdout %q stderr %q", r.stdout, r.stderr)
	}
	// A top-level defer runs once, at the end of its cell (yaegi would rerun it every cell).
	if r := p.ok("defer fmt.Println(\"deferred\")\nfmt.Println(\"body\")"); r.stdout != "body\ndeferred\n" {
		t.Errorf("defer: %q", r.stdout)
	}
	if r := p.ok("1"); r.stdout != "" {
		t.Errorf("defer ran again: %q", r.stdout)
	}
	// String methods of cell types format results, as fmt would.
	if r := p.ok("type P struct{ X int }\nfunc (p P) String() string { return \"P!\" }\npv := P{1}\npv"); r.text() != "P!" {
		t.Errorf("Stringer result %q", r.text())
	}
	// func main in an ordinary cell runs.
	if r := p.ok("func main() { fmt.Println(\"main\") }"); r.stdout != "main\n" {
		t.Errorf("main in a cell: %q", r.stdout)
	}
	// Huge results are cut.
	if r := p.ok("make([]int, 200000)"); len(r.text()) > 300<<10 || !strings.HasSuffix(r.text(), "more bytes not shown)") {
		t.Errorf("huge result: %d bytes, ends %q", len(r.text()), r.text()[max(0, len(r.text())-40):])
	}
	// user_expressions and silent.
	r = p.exec("z := 5", func(c map[string]any) { c["user_expressions"] = map[string]any{"a": "z + 1", "b": "nope"} })
	ue, _ := json.Marshal(r.reply["user_expressions"])
	if !strings.Contains(string(ue), `"a":{"data":{"text/plain":"6"}`) || !strings.Contains(string(ue), `"b":{"ename":"CompileError"`) {
		t.Errorf("user_expressions: %s", ue)
	}
	if r := p.exec("z", func(c map[string]any) { c["silent"] = true }); r.text() != "<no result>" {
		t.Errorf("silent cell gave result %q", r.text())
	}
}

func TestProgramCell(t *testing.T) {
	p := startWorker(t)
	r := p.ok("package main\n\nimport \"fmt\"\n\nfunc helper() string { return \"main ran\" }\n\nfunc main() {\n\tfmt.Println(helper())\n}\n")
	if r.stdout != "main ran\n" {
		t.Errorf("program stdout %q", r.stdout)
	}
	// Later cells do not run main again.
	if r := p.ok("const Later = 1"); r.stdout != "" {
		t.Errorf("main ran again: %q", r.stdout)
	}
	if r := p.ok("main()"); r.stdout != "main ran\n" {
		t.Errorf("calling main: %q", r.stdout)
	}
	r = p.exec("package main\nimport \"fmt\"\nfunc notMain() { fmt.Println() }")
	if r.reply["ename"] != "CompileError" || !strings.Contains(r.traceback(), "function main is undeclared") {
		t.Errorf("program without main: %v", r.reply)
	}
}

func TestErrors(t *testing.T) {
	p := startWorker(t)
	r := p.exec("func g() {\n\tpanic(\"boom\")\n}\n\ng()")
	if r.reply["status"] != "error" || r.reply["ename"] != "panic" || r.reply["evalue"] != "boom" {
		t.Fatalf("panic reply: %v", r.reply)
	}
	tb := r.traceback()
	for _, want := range []string{"panic: boom", "main.g(...)", "\tcell 2:2", "main.main(...)", "\tcell 5:1"} {
		if !strings.Contains(tb, want) {
			t.Errorf("panic traceback lacks %q:\n%s", want, tb)
		}
	}
	if strings.Contains(tb, "reflect.Value") || strings.Contains(r.stderr, ": panic: ") {
		t.Errorf("interpreter noise: traceback %q stderr %q", tb, r.stderr)
	}
	if len(r.events) == 0 || r.events[0].Type != "error" {
		t.Errorf("no error event: %+v", r.events)
	}
	r = p.exec("import \"errors\"\npanic(errors.New(\"bad thing\"))")
	if r.reply["evalue"] != "bad thing" {
		t.Errorf("error panic value %v", r.reply["evalue"])
	}
	r = p.exec("var m map[string]int\nm[\"a\"] = 1")
	if r.reply["evalue"] != "assignment to entry in nil map" {
		t.Errorf("nil map panic value %v", r.reply["evalue"])
	}
	r = p.exec("a := 1\nb := 2\nc := a + undefinedName + b")
	if r.reply["ename"] != "CompileError" || !strings.HasPrefix(r.traceback(), "cell 3:10: undefined: undefinedName\n    c := a + undefinedName + b\n             ^") {
		t.Errorf("compile error not at 3:10: %v\n%s", r.reply["evalue"], r.traceback())
	}
	if r := p.exec("y := alsoUndefined"); r.reply["evalue"] != "cell 1:6: undefined: alsoUndefined" {
		t.Errorf("undefined name: %v", r.reply["evalue"])
	}
	if r := p.exec("import \"nosuch/pkg\""); !strings.Contains(r.traceback(), "package nosuch/pkg is not available") {
		t.Errorf("missing package: %s", r.traceback())
	}
	r = p.exec("x := 1\ny := (2 +\n")
	if r.reply["ename"] != "CompileError" || !strings.HasPrefix(r.traceback(), "cell 2:10: syntax error: unexpected end of cell") {
		t.Errorf("syntax error: %s", r.traceback())
	}
	r = p.exec("func f() int {\n\treturn \"s\"\n}")
	if r.reply["ename"] != "CompileError" || !strings.Contains(r.traceback(), "cell 2:") || !strings.Contains(r.traceback(), "^") {
		t.Errorf("type error in func: %s", r.traceback())
	}
	// The session survives all of this.
	if r := p.ok("1 + 1"); r.text() != "2" {
		t.Errorf("after errors: %q", r.text())
	}
}

func TestInterruptLoop(t *testing.T) {
	p := startWorker(t)
	p.ok("import \"fmt\"\nn := 0")
	start := p.positions()
	_, ch := p.send("execute_request", map[string]any{"code": "fmt.Println(\"started\")\nfor {\n\tn++\n}", "allow_stdin": true})
	p.waitStdout(start, "started\n")
	t0 := time.Now()
	p.send(ipc.TypeInterrupt, nil)
	r := p.wait(ch, start, t0, 5*time.Second)
	t.Logf("interrupt of an interpreted loop → reply in %v", r.elapsed)
	if r.reply["ename"] != "Interrupted" {
		t.Fatalf("reply %v", r.reply)
	}
	if r.meta["tainted"] == true {
		t.Errorf("interpreted loop left the worker tainted")
	}
	if r.elapsed > 400*time.Millisecond {
		t.Errorf("interrupt took %v", r.elapsed)
	}
	if r := p.ok("n > 0"); r.text() != "true" {
		t.Errorf("state after interrupt: %q", r.text())
	}
}

func TestInterruptCompiledSleep(t *testing.T) {
	p := startWorker(t)
	start := p.positions()
	_, ch := p.send("execute_request", map[string]any{"code": "import (\"fmt\"; \"time\")\nfmt.Println(\"started\")\ntime.Sleep(time.Hour)"})
	p.waitStdout(start, "started\n")
	t0 := time.Now()
	p.send(ipc.TypeInterrupt, nil)
	r := p.wait(ch, start, t0, 5*time.Second)
	t.Logf("interrupt of time.Sleep → reply in %v, metadata %v", r.elapsed, r.meta)
	if r.reply["ename"] != "Interrupted" || r.meta["tainted"] != true {
		t.Fatalf("reply %v meta %v", r.reply, r.meta)
	}
	if r.elapsed > 450*time.Millisecond {
		t.Errorf("interrupt reply took %v (the kernel kills after 500ms)", r.elapsed)
	}
	if r := p.ok("%goroutines"); !strings.Contains(r.stdout, "time.Sleep (the interrupted cell itself)") || !strings.Contains(r.stdout, " [1] ") {
		t.Errorf("%%goroutines with a stuck cell: %q", r.stdout)
	}
	if r := p.exec("1"); r.reply["ename"] != "WorkerBusy" || r.meta["tainted"] != true {
		t.Errorf("cell after stuck interrupt: %v", r.reply)
	}
}

func TestRestore(t *testing.T) {
	p := startWorker(t)
	cells := []string{
		"import \"fmt\"\nimport \"time\"",
		"type T struct{ A int }\nfunc (t T) Get() int { return t.A }\nconst K = 3\nvar v = T{K}",
		"start := time.Now()\ncount := 10\nnames := []string{\"a\"}",
		"count++\nfmt.Println(\"side effect\")",
		"%help",
	}
	reply := p.call(ipc.TypeRestore, ipc.RestoreRequest{Cells: cells})
	b, _ := json.Marshal(reply)
	var rr ipc.RestoreReply
	json.Unmarshal(b, &rr)
	if len(rr.Errors) > 0 {
		t.Fatalf("restore errors: %v", rr.Errors)
	}
	if strings.Join(rr.Lost, ",") != "count,start" {
		t.Errorf("lost %v, want count,start", rr.Lost)
	}
	if rr.Restored != 8 {
		t.Errorf("restored %d parts, want 8", rr.Restored)
	}
	r := p.ok("fmt.Println(v.Get(), K, names)")
	if r.stdout != "3 3 [a]\n" {
		t.Errorf("after restore: %q", r.stdout)
	}
}

func TestStdin(t *testing.T) {
	p := startWorker(t)
	start, t0 := p.positions(), time.Now()
	code := "import \"fmt\"\nimport \"bufio\"\nimport \"os\"\nsc := bufio.NewScanner(os.Stdin)\nfor i := 0; i < 2; i++ {\n\tfmt.Print(\"name? \")\n\tsc.Scan()\n\tfmt.Println(\"hello\", sc.Text())\n}"
	_, ch := p.send("execute_request", map[string]any{"code": code, "allow_stdin": true})
	var r cellRun
	for answered := 0; ; {
		select {
		case ev := <-ch:
			if ev.Type == ipc.TypeInputRequest {
				answered++
				p.stdinW.WriteString([]string{"", "Ann\n", "Bob\n"}[min(answered, 2)])
				continue
			}
			if !ev.Final {
				continue
			}
			json.Unmarshal(ev.Content, &r.reply)
			r.stdout, _ = p.outputUntil(ev.Sync, start)
			if answered != 2 {
				t.Errorf("%d input requests, want 2", answered)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("stdin cell did not finish")
		}
		if r.reply != nil {
			break
		}
	}
	t.Logf("two-line input cell took %v", time.Since(t0))
	if r.stdout != "name? hello Ann\nname? hello Bob\n" {
		t.Errorf("stdout %q (reply %v)", r.stdout, r.reply)
	}
	// A password prompt: the reader sets the variables, the worker sends them along.
	_, ch = p.send("execute_request", map[string]any{"allow_stdin": true,
		"code": "os.Setenv(\"" + EnvInputPassword + "\", \"1\")\nos.Setenv(\"" + EnvInputPrompt + "\", \"pw: \")\nvar pw string\nfmt.Scanln(&pw)\nlen(pw)"})
	for done := false; !done; {
		select {
		case ev := <-ch:
			if ev.Type == ipc.TypeInputRequest {
				if string(ev.Content) != `{"password":true,"prompt":"pw: "}` {
					t.Errorf("password input_request %s", ev.Content)
				}
				p.stdinW.WriteString("secret\n")
			}
			done = ev.Final
		case <-time.After(10 * time.Second):
			t.Fatal("password cell did not finish")
		}
	}
	// allow_stdin false: the read gets EOF and the cell says why.
	r = p.exec("var s string\n_, err := fmt.Scanln(&s)\nerr", func(c map[string]any) { c["allow_stdin"] = false })
	if r.text() != "EOF" || !strings.Contains(r.stderr, "allow_stdin is false") {
		t.Errorf("no-stdin read: result %q stderr %q", r.text(), r.stderr)
	}
	for _, ev := range r.events {
		if ev.Type == ipc.TypeInputRequest {
			t.Error("input_request sent although allow_stdin is false")
		}
	}
}

func TestMagicsAndShell(t *testing.T) {
	p := startWorker(t)
	if r := p.ok("%help"); !strings.Contains(r.stdout, "Cells") || !strings.Contains(r.stdout, "%%sh") {
		t.Errorf("%%help: %q", r.stdout)
	}
	if r := p.ok("!echo hi $((1+2))\nx := 7\nx"); r.stdout != "hi 3\n" || r.text() != "7" {
		t.Errorf("shell line: stdout %q result %q", r.stdout, r.text())
	}
	if r := p.ok("%%sh\necho one\necho two >&2"); r.stdout != "one\n" || r.stderr != "two\n" {
		t.Errorf("%%%%sh: %q %q", r.stdout, r.stderr)
	}
	if r := p.exec("%nosuch"); r.reply["ename"] != "UnknownMagic" || !strings.Contains(r.reply["evalue"].(string), "see %help") {
		t.Errorf("unknown magic: %v", r.reply)
	}
	if r := p.exec("!exit 3"); r.reply["ename"] != "ShellError" {
		t.Errorf("failing shell: %v", r.reply)
	}
	// Interrupting a shell command stops its process group.
	start := p.positions()
	_, ch := p.send("execute_request", map[string]any{"code": "!echo started; sleep 30"})
	p.waitStdout(start, "started\n")
	t0 := time.Now()
	p.send(ipc.TypeInterrupt, nil)
	if r := p.wait(ch, start, t0, 5*time.Second); r.reply["ename"] != "Interrupted" || r.elapsed > time.Second {
		t.Errorf("interrupted shell: %v after %v", r.reply, r.elapsed)
	}
}

func TestCompleteInspectPager(t *testing.T) {
	p := startWorker(t)
	p.ok("import \"fmt\"\nmyVariable := 1")
	c := p.call("complete_request", map[string]any{"code": `s := "é"; fmt.Pri`, "cursor_pos": 17})
	ms, _ := json.Marshal(c["matches"])
	if !strings.Contains(string(ms), `"Println"`) || c["cursor_start"] != 14.0 || c["cursor_end"] != 17.0 {
		t.Errorf("complete fmt.Pri: %v start %v end %v", string(ms), c["cursor_start"], c["cursor_end"])
	}
	c = p.call("complete_request", map[string]any{"code": "myV", "cursor_pos": 3})
	if ms, _ := json.Marshal(c["matches"]); string(ms) != `["myVariable"]` {
		t.Errorf("complete session ident: %s", ms)
	}
	c = p.call("complete_request", map[string]any{"code": "x := strin", "cursor_pos": 10})
	if ms, _ := json.Marshal(c["matches"]); !strings.Contains(string(ms), `"strings"`) || !strings.Contains(string(ms), `"string"`) {
		t.Errorf("complete package/builtin: %s", ms)
	}
	p.ok("type Pt struct{ X, Y int }\nfunc (p Pt) Norm() int { return p.X + p.Y }\npt := Pt{1, 2}\nimport \"strings\"\nvar sb strings.Builder")
	c = p.call("complete_request", map[string]any{"code": "pt.", "cursor_pos": 3})
	if ms, _ := json.Marshal(c["matches"]); string(ms) != `["Norm","X","Y"]` {
		t.Errorf("complete members of a cell type: %s", ms)
	}
	c = p.call("complete_request", map[string]any{"code": "sb.Wr", "cursor_pos": 5})
	if ms, _ := json.Marshal(c["matches"]); !strings.Contains(string(ms), `"WriteString"`) {
		t.Errorf("complete methods of a stdlib type: %s", ms)
	}
	in := p.call("inspect_request", map[string]any{"code": "fmt.Println(1)", "cursor_pos": 6, "detail_level": 0})
	data, _ := in["data"].(map[string]any)
	if in["found"] != true || !strings.Contains(data["text/plain"].(string), "func fmt.Println(") {
		t.Errorf("inspect: %v", in)
	}
	in = p.call("inspect_request", map[string]any{"code": "myVariable", "cursor_pos": 2})
	if data, _ := in["data"].(map[string]any); in["found"] != true || data["text/plain"] != "myVariable := 1" {
		t.Errorf("inspect session ident: %v", in)
	}
	r := p.ok("fmt.Println?")
	pl, _ := json.Marshal(r.reply["payload"])
	if !strings.Contains(string(pl), `"source":"page"`) || !strings.Contains(string(pl), "func fmt.Println") {
		t.Errorf("pager payload: %s", pl)
	}
}

func TestInterruptKinds(t *testing.T) {
	tests := []struct {
		name, code string
		tainted    bool
	}{
		{"empty loop", "for {}", false},
		{"channel receive", "<-make(chan int)", false},
		{"select", "select {}", false},
		{"stdin read", "import \"fmt\"\nvar s string\nfmt.Scanln(&s)", false},
		{"mutex", "import \"sync\"\nvar mu sync.Mutex\nmu.Lock()\nmu.Lock()", true},
		{"waitgroup", "import \"sync\"\nvar wg sync.WaitGroup\nwg.Add(1)\nwg.Wait()", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startWorker(t)
			p.ok("import \"fmt\"")
			start := p.positions()
			_, ch := p.send("execute_request", map[string]any{"code": "fmt.Println(\"started\")\n" + tt.code, "allow_stdin": true})
			p.waitStdout(start, "started\n")
			t0 := time.Now()
			p.send(ipc.TypeInterrupt, nil)
			r := p.wait(ch, start, t0, 5*time.Second)
			t.Logf("%s: Interrupted after %v, tainted %v", tt.name, r.elapsed, r.meta["tainted"])
			if r.reply["ename"] != "Interrupted" || (r.meta["tainted"] == true) != tt.tainted {
				t.Errorf("reply %v meta %v, want Interrupted, tainted %v", r.reply["ename"], r.meta, tt.tainted)
			}
			if r.elapsed > 450*time.Millisecond {
				t.Errorf("reply after %v", r.elapsed)
			}
			if !tt.tainted {
				if r := p.ok("40 + 2"); r.text() != "42" {
					t.Errorf("next cell: %q", r.text())
				}
			}
		})
	}
}

func TestSetenvAndLargeRestore(t *testing.T) {
	p := startWorker(t)
	if rep := p.call(ipc.TypeSetenv, map[string]string{"GOJUP_TEST_X": "42"}); rep["status"] != "ok" {
		t.Fatalf("setenv: %v", rep)
	}
	if r := p.ok("import \"os\"\nos.Getenv(\"GOJUP_TEST_X\")"); r.text() != "42" {
		t.Errorf("env in cell: %q", r.text())
	}
	// A 50-cell session: imports, types, funcs, consts, pure vars and statements.
	cells := []string{"import (\n\t\"fmt\"\n\t\"strings\"\n)"}
	for i := 0; i < 49; i++ {
		cells = append(cells, fmt.Sprintf("type T%d struct{ N int }\nfunc (t T%d) Get() int { return t.N + %d }\nconst C%d = %d\nv%d := T%d{C%d}\nfmt.Println(strings.Repeat(\"x\", %d))", i, i, i, i, i, i, i, i, i))
	}
	q := startWorker(t)
	t0 := time.Now()
	reply := q.call(ipc.TypeRestore, ipc.RestoreRequest{Cells: cells})
	elapsed := time.Since(t0)
	t.Logf("restore of 50 cells (197 declarations): %v", elapsed)
	if errs, _ := reply["errors"].([]any); len(errs) > 0 || reply["restored"] != 197.0 {
		t.Fatalf("restore reply %v", reply)
	}
	if r := q.ok("v48.Get()"); r.text() != "96" {
		t.Errorf("after restore: %q", r.text())
	}
}

// TestVarDeclUsingStatementVar covers var declarations whose initialisers use variables
// that statements defined (yaegi fails them with "variable definition loop" as
// package-level declarations; the worker runs them as statements then).
func TestVarDeclUsingStatementVar(t *testing.T) {
	p := startWorker(t)
	if r := p.ok("n := 5\nvar total = n * 2\ntotal"); r.text() != "10" {
		t.Errorf("same cell: %q", r.text())
	}
	p.ok("import \"fmt\"\ntype R interface{ Read() string }\ntype B struct{}\nfunc (B) Read() string { return \"x\" }")
	r := p.ok("var a R = B{}\nfmt.Println(a.Read())\nvar r R = a\nfmt.Println(r.Read())")
	if r.stdout != "x\nx\n" {
		t.Errorf("interface var from a var: %q", r.stdout)
	}
	if r := p.ok("func useTotal() int { return total + 1 }\nuseTotal()"); r.text() != "11" {
		t.Errorf("func using the var: %q", r.text())
	}
}
