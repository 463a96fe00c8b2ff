package worker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// corpusOutcome runs the corpus program at path through a fresh worker, as one cell
// (split false) or as its imports, declarations and main's body (split true), and says
// whether its stdout and success match the golden output of `go run`.
func corpusOutcome(t *testing.T, path string, split bool) (ok bool, detail string) {
	t.Helper()
	b, err := os.ReadFile(strings.TrimSuffix(path, ".go") + ".out")
	if err != nil {
		t.Fatal(err)
	}
	wantOut, exit, _ := strings.Cut(string(b), "--- exit status ")
	whole, parts := corpusCells(t, path)
	cells := []string{whole}
	if split {
		cells = parts
	}
	p := startWorker(t)
	start := p.positions()
	var stdout strings.Builder
	failed := ""
	for _, c := range cells {
		_, ch := p.send("execute_request", map[string]any{"code": c, "allow_stdin": false})
		done := make(chan cellRun, 1)
		go func() { done <- p.waitNoFatal(ch, start) }()
		select {
		case r := <-done:
			stdout.WriteString(r.stdout)
			start = p.positions()
			if r.reply["status"] != "ok" {
				failed = r.traceback()
			}
		case <-p.eof[0]:
			code, out, _ := p.waitExit(start, 5*time.Second)
			stdout.WriteString(out)
			failed = "exit status " + string(rune('0'+code))
		case <-time.After(20 * time.Second):
			return false, "timeout"
		}
		if failed != "" {
			break
		}
	}
	okOut := stdout.String() == wantOut
	okStatus := (failed == "") == (exit == "")
	if okOut && okStatus {
		return true, ""
	}
	return false, "failed: " + failed + "\nstdout: " + stdout.String()
}

// TestCorpusThroughWorker runs the semantics corpus through the worker (type checking,
// rewrites, print functions, cell goroutine and all) with the checker on and off: the
// checker must not make any program fail (its type information lets the rewrites do more,
// so it makes some pass). It takes about a minute: GOJUP_CORPUS=1 runs it.
func TestCorpusThroughWorker(t *testing.T) {
	if os.Getenv("GOJUP_CORPUS") == "" {
		t.Skip("GOJUP_CORPUS=1 runs the corpus through worker processes")
	}
	files, _ := filepath.Glob("../../testdata/corpus/*.go")
	pass, passOff := map[bool]int{}, map[bool]int{}
	for _, split := range []bool{false, true} {
		for _, f := range files {
			on, detailOn := corpusOutcome(t, f, split)
			t.Setenv("GOJUP_TYPECHECK", "off")
			off, _ := corpusOutcome(t, f, split)
			t.Setenv("GOJUP_TYPECHECK", "")
			if on {
				pass[split]++
			}
			if off {
				passOff[split]++
			}
			if off && !on {
				t.Errorf("%s (split %v): passes without the checker, fails with it\n%s", filepath.Base(f), split, detailOn)
			}
		}
	}
	t.Logf("corpus through the worker, same stdout and success as go run: whole %d/%d (%d without the checker), split %d/%d (%d without)",
		pass[false], len(files), passOff[false], pass[true], len(files), passOff[true])
}
