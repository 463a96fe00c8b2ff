package worker

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/ipc"
)

func TestGoRunMagic(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no Go toolchain")
	}
	p := startWorker(t)
	r := p.ok("%%go run -- a b\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfmt.Println(\"compiled\", os.Args[1:])\n\tfmt.Fprintln(os.Stderr, \"err\")\n}")
	if r.stdout != "compiled [a b]\n" || r.stderr != "err\n" {
		t.Errorf("%%%%go run: stdout %q stderr %q", r.stdout, r.stderr)
	}
	// A compiled program's display output reaches the notebook, in order with its text.
	r = p.ok("%%go run\npackage main\n\nimport (\n\t\"fmt\"\n\t\"github.com/gojup/gojup/display\"\n)\n\nfunc main() {\n\tfmt.Println(\"before\")\n\tdisplay.HTML(\"<b>compiled</b>\")\n\tfmt.Println(\"after\")\n}")
	if dd := displayData(t, r); len(dd) != 1 || dd[0]["text/html"] != "<b>compiled</b>" {
		t.Errorf("display from %%%%go run: %v", dd)
	}
	if r.stdout != "before\nafter\n" {
		t.Errorf("stdout of a program using display: %q", r.stdout)
	}
	r = p.exec("%%go run\npackage main\n\nimport \"os\"\n\nfunc main() { os.Exit(3) }")
	if r.reply["ename"] != "ExitError" || !strings.Contains(r.reply["evalue"].(string), "exit status 3") {
		t.Errorf("exit 3: %v", r.reply)
	}
	r = p.exec("%%go run\npackage main\n\nfunc main() { undefinedThing() }")
	if r.reply["ename"] != "BuildError" || !strings.Contains(r.stderr, "undefined: undefinedThing") {
		t.Errorf("build error: %v, stderr %q", r.reply, r.stderr)
	}
	if r := p.exec("%%go build\npackage main"); r.reply["ename"] != "UsageError" {
		t.Errorf("%%%%go build: %v", r.reply)
	}
	if r := p.ok("%help"); !strings.Contains(r.stdout, "%%go run [-race]") {
		t.Errorf("%%help lacks %%%%go run: %q", r.stdout)
	}
	// Interrupt kills the program.
	start := p.positions()
	_, ch := p.send("execute_request", map[string]any{"code": "%%go run\npackage main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\tfmt.Println(\"started\")\n\ttime.Sleep(time.Hour)\n}"})
	p.waitStdout(start, "started\n")
	p.send(ipc.TypeInterrupt, nil)
	if r := p.wait(ch, start, time.Now(), 10*time.Second); r.reply["ename"] != "Interrupted" || r.elapsed > 2*time.Second {
		t.Errorf("interrupted program: %v after %v", r.reply, r.elapsed)
	}
	// Without a toolchain it says so.
	p.call(ipc.TypeSetenv, map[string]string{"PATH": t.TempDir()})
	if r := p.exec("%%go run\npackage main\n\nfunc main() {}"); r.reply["ename"] != "NoToolchain" || !strings.Contains(r.reply["evalue"].(string), "needs the Go toolchain") {
		t.Errorf("no toolchain: %v", r.reply)
	}
}
