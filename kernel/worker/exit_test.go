package worker

import (
	"strings"
	"testing"
	"time"
)

// TestExitsLikeGo checks cells that end a Go program: the worker exits with the status
// Go would, after everything the cell printed reached the pipes.
func TestExitsLikeGo(t *testing.T) {
	tests := []struct {
		name, code     string
		status         int
		stdout, stderr string
	}{
		{"os.Exit", "import (\"fmt\"; \"os\")\nfmt.Println(\"bye\")\nfmt.Fprint(os.Stderr, \"err\")\nos.Exit(3)", 3, "bye\n", "err"},
		{"log.Fatal", "import (\"fmt\"; \"log\")\nfmt.Print(\"out\")\nlog.SetFlags(0)\nlog.Fatal(\"x\")", 1, "out", "x\n"},
		{"log.Fatalf", "import \"log\"\nlog.SetFlags(0)\nlog.Fatalf(\"n=%d\", 7)", 1, "", "n=7\n"},
		{"log.Fatalln in a goroutine", "import (\"log\"; \"time\")\nlog.SetFlags(0)\ngo log.Fatalln(\"from\", \"goroutine\")\ntime.Sleep(time.Minute)", 1, "", "from goroutine\n"},
		{"os.Exit in a func", "import \"os\"\nfunc quit() { defer println(\"not run\"); os.Exit(0) }\nquit()", 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startWorker(t)
			start := p.positions()
			p.send("execute_request", map[string]any{"code": tt.code})
			code, stdout, stderr := p.waitExit(start, 10*time.Second)
			if code != tt.status || stdout != tt.stdout || stderr != tt.stderr {
				t.Errorf("exit status %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout, stderr, tt.status, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestPrintlnAndGoexit checks the builtins print/println (stderr, as in Go) and
// runtime.Goexit in the cell's goroutine (an error, not a silent success).
func TestPrintlnAndGoexit(t *testing.T) {
	p := startWorker(t)
	// The same as go run prints (Go 1.26 formats floats like strconv's 'g').
	r := p.ok("import \"fmt\"\nprintln(\"to\", 2, 1.5, 3.0, true, float32(0.1), 2+3i)\nprint(\"x\", 1, \"\\n\")\nfmt.Println(\"out\")")
	if r.stdout != "out\n" || r.stderr != "to 2 1.5 3 true 0.1 (2+3i)\nx1\n" {
		t.Errorf("println: stdout %q stderr %q", r.stdout, r.stderr)
	}
	r = p.exec("import \"runtime\"\nfmt.Println(\"before\")\ndefer fmt.Println(\"deferred\")\nruntime.Goexit()\nfmt.Println(\"after\")")
	if r.reply["ename"] != "Goexit" || !strings.Contains(r.reply["evalue"].(string), "runtime.Goexit called in the cell's goroutine") {
		t.Errorf("Goexit: %v", r.reply)
	}
	if r.stdout != "before\ndeferred\n" {
		t.Errorf("Goexit output %q", r.stdout)
	}
	// (Goroutines use locals only: see TestGoroutinesMagic.)
	r = p.ok("func f() { defer println(\"deferred\", 1) }\nf()\nfunc g() {\n\tdone := make(chan bool)\n\tgo func() { println(\"in goroutine\"); close(done) }()\n\t<-done\n}\ng()")
	if r.stderr != "deferred 1\nin goroutine\n" || r.stdout != "" {
		t.Errorf("deferred/goroutine println: stdout %q stderr %q", r.stdout, r.stderr)
	}
	// A cell's own println is called.
	if r := p.ok("func println(s string) { fmt.Println(\"mine:\", s) }\nprintln(\"a\")"); r.stdout != "mine: a\n" {
		t.Errorf("own println: %q %q", r.stdout, r.stderr)
	}
	// Goexit in a goroutine the cell started is fine; the session goes on.
	r = p.ok("func h() {\n\tdone := make(chan bool)\n\tgo func() { defer close(done); runtime.Goexit() }()\n\t<-done\n}\nh()\n1 + 1")
	if r.text() != "2" {
		t.Errorf("after Goexit: %q", r.text())
	}
	r = p.exec("func stop() { runtime.Goexit() }\nx := 5\nstop()\nx")
	if r.reply["ename"] != "Goexit" {
		t.Errorf("Goexit in a func: %v", r.reply)
	}
	if r := p.ok("x * 2"); r.text() != "10" {
		t.Errorf("state after Goexit: %q", r.text())
	}
}
