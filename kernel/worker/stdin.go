package worker

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/gojup/gojup/kernel/ipc"
)

// The kernel writes the lines a user types (in answer to input_request) to the worker's
// fd 0. Cells must not read that pipe directly: the worker could not tell a cell that waits
// for a second line from one that has not consumed the first. So fd 0 is replaced by a
// pipe the worker owns, and a relay goroutine copies the kernel's lines into it.
//
// A cell waiting for input is seen as a thread blocked in read(0, ...) in
// /proc/self/task/*/syscall, sampled every pollEvery while a cell runs, with the pipe
// empty and no line delivered since the previous sample.

const pollEvery = 20 * time.Millisecond

// Code that reads a line from os.Stdin can shape the input_request the worker sends for
// that read by setting these environment variables just before reading (the worker
// unsets them when it sends the request): a prompt, and password input when
// EnvInputPassword is non-empty (for display.Password and the like; they must not send an
// input_request themselves).
const (
	EnvInputPrompt   = "GOJUP_INPUT_PROMPT"
	EnvInputPassword = "GOJUP_INPUT_PASSWORD"
)

// stdinRelay owns fd 0 of the worker.
type stdinRelay struct {
	src  *os.File // the kernel's stdin pipe (a dup of the original fd 0)
	keep []*os.File

	mu        sync.Mutex
	w         *os.File // write end of the pipe that is fd 0 now; nil when closed for EOF
	waiting   bool     // an input_request was sent and not answered
	delivered uint64   // lines (chunks) relayed so far
}

// newStdinRelay moves the kernel's stdin away from fd 0 and puts a pipe there.
func newStdinRelay() (*stdinRelay, error) {
	fd, err := syscall.Dup(0)
	if err != nil {
		return nil, fmt.Errorf("dup stdin: %w", err)
	}
	syscall.CloseOnExec(fd)
	// os.Stdin keeps fd 0; keep the old *os.File reachable so its finalizer never closes it.
	r := &stdinRelay{src: os.NewFile(uintptr(fd), "kernel-stdin"), keep: []*os.File{os.Stdin}}
	if err := r.newPipe(); err != nil {
		return nil, err
	}
	// A fresh *os.File for fd 0 that does blocking reads (the original one may use the
	// poller), so a waiting read shows in /proc as read(0, ...).
	os.Stdin = os.NewFile(0, "/dev/stdin")
	go r.copy()
	return r, nil
}

// newPipe puts a new pipe on fd 0 and closes the write end of the old one.
func (r *stdinRelay) newPipe() error {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return fmt.Errorf("stdin pipe: %w", err)
	}
	if err := syscall.Dup3(p[0], 0, 0); err != nil {
		syscall.Close(p[0])
		syscall.Close(p[1])
		return fmt.Errorf("stdin dup3: %w", err)
	}
	syscall.Close(p[0])
	r.mu.Lock()
	old := r.w
	r.w = os.NewFile(uintptr(p[1]), "stdin-pipe")
	r.waiting = false
	r.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return nil
}

// copy relays the kernel's stdin to the pipe on fd 0.
func (r *stdinRelay) copy() {
	buf := make([]byte, 64<<10)
	for {
		n, err := r.src.Read(buf)
		if n > 0 {
			r.mu.Lock()
			w := r.w
			r.waiting = false
			r.delivered++
			r.mu.Unlock()
			if w != nil {
				_, _ = w.Write(buf[:n])
			}
		}
		if err != nil {
			r.abort()
			return
		}
	}
}

// abort closes the pipe on fd 0 so that a read of stdin gets io.EOF (until reset).
func (r *stdinRelay) abort() {
	if r == nil {
		return
	}
	r.mu.Lock()
	w := r.w
	r.w = nil
	r.mu.Unlock()
	if w != nil {
		w.Close()
	}
}

// reset puts a fresh pipe on fd 0 if the last one was closed.
func (r *stdinRelay) reset() {
	if r == nil {
		return
	}
	r.mu.Lock()
	closed := r.w == nil
	r.waiting = false
	r.mu.Unlock()
	if closed {
		_ = r.newPipe()
	}
}

// watch samples the threads while a cell runs and, when one waits in read(0), sends an
// input_request (allow) or makes the read return io.EOF with a note on stderr. It returns
// a function that stops watching.
func (r *stdinRelay) watch(ch *ipc.Channel, reqID uint64, allow bool) (stop func()) {
	if r == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(pollEvery)
		defer t.Stop()
		seen := 0
		var lastDelivered uint64
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			r.mu.Lock()
			delivered, waiting := r.delivered, r.waiting
			r.mu.Unlock()
			if delivered != lastDelivered || !readingStdin() || pipeBytes() > 0 {
				lastDelivered, seen = delivered, 0
				continue
			}
			if seen++; seen < 2 || waiting {
				continue
			}
			if !allow {
				fmt.Fprintln(os.Stderr, "gojup: this cell reads stdin, but the front end does not accept input (allow_stdin is false): the read gets EOF")
				r.abort()
				continue
			}
			r.mu.Lock()
			r.waiting = true
			r.mu.Unlock()
			prompt, password := os.Getenv(EnvInputPrompt), os.Getenv(EnvInputPassword) != ""
			os.Unsetenv(EnvInputPrompt)
			os.Unsetenv(EnvInputPassword)
			ev := ipc.Event{ID: reqID, Type: ipc.TypeInputRequest, Content: mustJSON(map[string]any{"prompt": prompt, "password": password})}
			_ = ch.SendSynced(ev, true)
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// readSyscall is the number of read(2) as /proc/*/syscall shows it.
var readSyscall = strconv.Itoa(syscall.SYS_READ) + " 0x0 "

// readingStdin reports whether a thread of this process is blocked in read(0, ...).
// Only sleeping threads are asked for their system call: reading the syscall file of a
// thread that is running waits until it is off its CPU, which costs a CPU-bound cell
// milliseconds a sample; its stat file answers at once.
func readingStdin() bool {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return false
	}
	for _, t := range tasks {
		dir := "/proc/self/task/" + t.Name()
		if !sleeping(dir) {
			continue
		}
		b, err := os.ReadFile(dir + "/syscall")
		if err == nil && strings.HasPrefix(string(b), readSyscall) {
			return true
		}
	}
	return false
}

// sleeping reports whether the thread whose /proc directory is dir is in an
// interruptible sleep (state S), as one blocked reading a pipe is.
func sleeping(dir string) bool {
	b, err := os.ReadFile(dir + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses and may hold any byte.
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && i+2 < len(b) && b[i+2] == 'S'
}

// pipeBytes returns how many bytes wait unread in the pipe on fd 0.
func pipeBytes() int {
	var n int32
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, 0, syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
	if errno != 0 {
		return 0
	}
	return int(n)
}
