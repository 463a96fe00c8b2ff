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
				evalue = "the cell ended the worker process (os.Exit, log.Fatal or a crash)"
			}
		}
	}
	if len(lines) > crashTracebackLines {
		lines = append([]string{"…"}, lines[len(lines)-crashTracebackLines:]...)
	}
	tb := []string{ename + ": " + evalue}
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
