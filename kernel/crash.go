package kernel

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// crashTracebackLines is how many lines of stderr a crash report shows.
const crashTracebackLines = 40

// crashReport builds the error content for a worker that died: why, in Go's words, with
// the end of its stderr.
func (k *kernel) crashReport(w *workerProc) map[string]any {
	reason, peak := w.reason()
	w.mu.Lock()
	ps := w.state
	w.mu.Unlock()
	exit := describeExit(ps, nil)
	text := k.out.crashText(w.gate)
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) == 1 && lines[0] == "" {
		lines = nil
	}
	var ename, evalue string
	switch reason {
	case killInterrupt:
		ename, evalue = "Interrupted", "the cell did not stop within "+interruptGrace.String()+", so gojup restarted the worker"
		lines = nil
	case killOOM:
		ename = "out of memory"
		evalue = fmt.Sprintf("the cell used more than %s (set GOJUP_MEMORY_LIMIT to change the limit)", formatSize(k.limits.memoryLimit))
		if peak > 0 {
			evalue += fmt.Sprintf("; it reached %s", formatSize(peak))
		}
		lines = nil
	default:
		for _, l := range lines {
			if v, ok := strings.CutPrefix(l, "panic: "); ok {
				ename, evalue = "panic", v
				break
			}
			if v, ok := strings.CutPrefix(l, "fatal error: "); ok {
				ename, evalue = "fatal error", v
				break
			}
		}
		if ename == "fatal error" && evalue == "stack overflow" {
			// Go prints the limit on the line before: "runtime: goroutine stack exceeds 1000000000-byte limit".
			if l := lineWith(k.out.stderrTail(w.gate), "goroutine stack exceeds"); l != "" {
				evalue += " (" + strings.TrimPrefix(l, "runtime: ") + ")"
			}
		}
		if ename == "" {
			ename = exit
			evalue = "the worker process ended"
			if ws, ok := waitStatus(ps); ok && ws.Signaled() {
				ename = "killed"
				evalue = exit
				if ws.Signal() == syscall.SIGKILL {
					evalue += " (out of memory?)"
				} else {
					evalue += " (" + ws.Signal().String() + ")"
				}
			} else if ps != nil && ps.ExitCode() != 0 {
				evalue = fmt.Sprintf("the cell ended the worker process (os.Exit(%d), log.Fatal or a crash)", ps.ExitCode())
				if last := lastLine(lines); last != "" {
					evalue += "; its last output: " + last
				}
			}
		}
	}
	lines = hideInternalFrames(lines)
	if len(lines) > crashTracebackLines {
		lines = append([]string{"…"}, lines[len(lines)-crashTracebackLines:]...)
	}
	tb := []string{ename + ": " + evalue}
	if len(lines) > 0 && lines[0] == ename+": "+evalue {
		lines = lines[1:] // the crash line itself is the first line of the traceback already
	}
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	if len(lines) > 0 {
		tb = append(tb, "")
		tb = append(tb, lines...)
	}
	tb = append(tb, "", "gojup: the worker process ended ("+exit+")")
	return map[string]any{"ename": ename, "evalue": evalue, "traceback": tb}
}

func waitStatus(ps *os.ProcessState) (syscall.WaitStatus, bool) {
	if ps == nil {
		return 0, false
	}
	ws, ok := ps.Sys().(syscall.WaitStatus)
	return ws, ok
}

// lineWith returns the last line of text containing sub, or "".
func lineWith(text, sub string) string {
	lines := strings.Split(text, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], sub) {
			return strings.TrimSpace(lines[i])
		}
	}
	return ""
}

// lastLine returns the last non-blank line, trimmed, at most 200 bytes.
func lastLine(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			if len(l) > 200 {
				l = l[:200] + "…"
			}
			return l
		}
	}
	return ""
}

// internalFrames are the function-name prefixes of stack frames that belong to the Go
// runtime, reflection, the interpreter or the worker rather than to the user's code.
var internalFrames = []string{"runtime.", "internal/", "reflect.", "github.com/traefik/yaegi/", "github.com/gojup/gojup/kernel/"}

// hideInternalFrames removes the frames of a Go stack dump (a function line followed by a
// tab-indented file line) that belong to the runtime, reflect, yaegi or the worker: for a
// fatal error in interpreted code they are all there is, and they tell a learner nothing.
// Each goroutine whose frames were hidden gets one line saying how many.
func hideInternalFrames(lines []string) []string {
	internal := func(fn string) bool {
		fn = strings.TrimPrefix(fn, "created by ")
		for _, p := range internalFrames {
			if strings.HasPrefix(fn, p) {
				return true
			}
		}
		return false
	}
	out := make([]string, 0, len(lines))
	hidden := 0
	flush := func() {
		if hidden > 0 {
			out = append(out, fmt.Sprintf("\t… %d frames of the Go runtime and the interpreter hidden", hidden))
			hidden = 0
		}
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l != "" && !strings.HasPrefix(l, "\t") && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t/") && internal(l) {
			hidden++
			i++ // its file line
			continue
		}
		if !strings.HasPrefix(l, "\t") {
			flush()
		}
		out = append(out, l)
	}
	flush()
	return out
}
