package worker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/ipc"
)

// Magic is a line magic (%name args) or a cell magic (%%name args, then the cell body).
// Other packages add theirs with RegisterMagic (from an init function of a package that
// main imports, or from main itself).
type Magic struct {
	Name  string // without % or %%
	Cell  bool   // a cell magic: used as the first line %%name, gets the rest of the cell
	Usage string // one line for %help, e.g. "%%go run [-race]   compile and run the cell with the Go toolchain"
	Run   func(mc *MagicContext) error
}

// MagicContext is what a magic gets to work with.
type MagicContext struct {
	Ctx       context.Context // cancelled when the user interrupts the cell
	Args      string          // the rest of the magic's line
	Body      string          // cell magics: the lines after the first
	Stdout    io.Writer       // the cell's stdout and stderr (streamed to the notebook)
	Stderr    io.Writer
	Events    *ipc.Channel // to send display_data etc. for RequestID
	RequestID uint64
	// RunGo evaluates Go source as a cell of the session (imports, declarations,
	// statements), for magics wrapping cell code (%%timeline).
	RunGo func(src string) error
	// Session gives access to the session's imports and declarations.
	Session *Session
	// GoModule is Config.GoModule: the gojup sources a compiled program may import.
	GoModule fs.FS
	// Shell runs cmd in its own process group with the cell's stdout and stderr (unless
	// set), stopped (SIGINT, then SIGKILL after 200 ms) when the cell is interrupted; an
	// interrupted command returns a *cell.Error named Interrupted.
	Shell func(cmd *exec.Cmd) error
}

var (
	magicsMu sync.RWMutex
	magics   = map[string]Magic{}
)

// RegisterMagic adds or replaces a magic.
func RegisterMagic(m Magic) {
	magicsMu.Lock()
	defer magicsMu.Unlock()
	magics[key(m.Name, m.Cell)] = m
}

func key(name string, isCell bool) string {
	if isCell {
		return "%%" + name
	}
	return "%" + name
}

func init() {
	RegisterMagic(Magic{Name: "help", Usage: "%help                 this help", Run: func(mc *MagicContext) error {
		_, err := io.WriteString(mc.Stdout, helpText())
		return err
	}})
	RegisterMagic(Magic{Name: "sh", Cell: true, Usage: "%%sh                  run the cell with /bin/sh (like !cmd for every line)", Run: func(mc *MagicContext) error {
		return mc.Shell(exec.Command("/bin/sh", "-c", mc.Body))
	}})
}

// helpText is the output of %help.
func helpText() string {
	var b strings.Builder
	b.WriteString(`gojup — Go in Jupyter

Cells
  A cell holds Go code: imports, declarations (func, type, var, const) and statements, in
  any order. State lives across cells. The value of a final expression is shown (fmt's %v;
  calls with several results show all of them, e.g. "1 <nil>"); print calls and calls
  without results show nothing. A cell that is a whole program (package main ... func main)
  runs main like go run. Errors are reported as "cell LINE:COL".
  Importing a package a second time is accepted silently.
  Cells are type-checked before they run: errors read like go build's, at cell LINE:COL;
  unused variables and imports are fine. GOJUP_TYPECHECK=off turns checking off.
  print and println write to stderr, as in Go; os.Exit and log.Fatal end the worker
  (the kernel restarts it); runtime.Goexit in a cell stops the cell with an error.
  fmt.Println?          show the documentation of a name (also ?fmt.Println; Shift+Tab)
  Tab                   complete package names, members, keywords and session names

Shell and magics
  !cmd args             run a shell command (/bin/sh, own process group, output streamed)
  Shell lines and line magics of a cell run first, in order, then its Go code.
`)
	magicsMu.RLock()
	var usages []string
	for _, m := range magics {
		u := m.Usage
		if u == "" {
			u = key(m.Name, m.Cell)
		}
		usages = append(usages, "  "+u)
	}
	magicsMu.RUnlock()
	sort.Strings(usages)
	b.WriteString(strings.Join(usages, "\n"))
	b.WriteString(`

Rich output
  import "github.com/gojup/gojup/display" — display.HTML, display.Markdown, display.SVG,
  display.Image, display.JSON, display.Clear, ... send rich output to the notebook.

MongoDB
  Cells can use go.mongodb.org/mongo-driver/v2; MONGODB_URI points at the server
  (a shared embedded one unless you set it).

Input
  Reading os.Stdin (fmt.Scanln, bufio.Scanner) asks the front end for a line;
  display.Input(prompt) and display.Password(prompt) (typing hidden) add a prompt.

Limits
  Interrupt (I I, or the stop button) stops a cell; a cell stuck in compiled code
  (time.Sleep, Mutex.Lock) restarts the worker with the session's declarations restored.
  Interrupting also stops goroutines earlier cells left running.
  %goroutines lists the goroutines cells started that are still alive.
  Crashes (a panic in a goroutine, os.Exit, out of memory) restart the worker the same way;
  variables whose values cannot be recomputed are listed as lost.
`)
	return b.String()
}

// runMagic runs the magic name ("%x" or "%%x").
func (w *Worker) runMagic(ctx context.Context, r *running, name, args, body string, isCell bool) *cell.Error {
	magicsMu.RLock()
	m, ok := magics[name]
	magicsMu.RUnlock()
	if !ok || m.Cell != isCell {
		msg := fmt.Sprintf("unknown magic %s — see %%help", name)
		return &cell.Error{Name: "UnknownMagic", Value: msg, Traceback: []string{msg}}
	}
	mc := &MagicContext{
		Ctx: ctx, Args: args, Body: body, Stdout: stdoutFile, Stderr: stderrFile,
		Events: w.ch, RequestID: r.id, Session: w.sess, GoModule: w.goModule,
		Shell: func(cmd *exec.Cmd) error { return w.shell(ctx, r, cmd) },
	}
	mc.RunGo = func(src string) error {
		out := w.sess.RunCell(ctx, cell.Parse(src))
		if out.Err != nil {
			return out.Err
		}
		return nil
	}
	err := m.Run(mc)
	if err == nil {
		return nil
	}
	var ce *cell.Error
	if errors.As(err, &ce) {
		return ce
	}
	return &cell.Error{Name: "MagicError", Value: err.Error(), Traceback: []string{name + ": " + err.Error()}}
}

// runShell runs a !cmd line.
func (w *Worker) runShell(ctx context.Context, r *running, cmdline string) *cell.Error {
	err := w.shell(ctx, r, exec.Command("/bin/sh", "-c", cmdline))
	if err == nil {
		return nil
	}
	var ce *cell.Error
	if errors.As(err, &ce) {
		return ce
	}
	return &cell.Error{Name: "ShellError", Value: err.Error(), Traceback: []string{"!" + cmdline + ": " + err.Error()}}
}

// shell runs cmd in its own process group with the cell's stdout and stderr.
func (w *Worker) shell(ctx context.Context, r *running, cmd *exec.Cmd) error {
	if cmd.Stdout == nil {
		cmd.Stdout = stdoutFile
	}
	if cmd.Stderr == nil {
		cmd.Stderr = stderrFile
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	if err := ctx.Err(); err != nil {
		return interrupted()
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	pid := cmd.Process.Pid
	w.mu.Lock()
	r.shells[pid] = true
	w.mu.Unlock()
	err := cmd.Wait()
	w.mu.Lock()
	delete(r.shells, pid)
	w.mu.Unlock()
	_ = syscall.Kill(-pid, syscall.SIGKILL) // whatever the command left behind in its group
	if ctx.Err() != nil {
		return interrupted()
	}
	return err
}

// killShells stops the shell commands of r: SIGINT, then SIGKILL after 200 ms.
func (w *Worker) killShells(r *running) {
	w.mu.Lock()
	var pids []int
	for pid := range r.shells {
		pids = append(pids, pid)
	}
	w.mu.Unlock()
	for _, pid := range pids {
		_ = syscall.Kill(-pid, syscall.SIGINT)
	}
	if len(pids) > 0 {
		time.AfterFunc(200*time.Millisecond, func() {
			for _, pid := range pids {
				_ = syscall.Kill(-pid, syscall.SIGKILL)
			}
		})
	}
}
