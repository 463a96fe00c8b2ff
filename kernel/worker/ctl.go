package worker

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/traefik/yaegi/interp"
)

// interpCtl reaches the cancellation state of a yaegi v0.16.1 Interpreter (the version is
// pinned: it is the only one there is). ExecuteWithContext does what start and stop do,
// but it returns on cancellation while the interpreted code may still run, and it writes
// its results from both goroutines (a data race); the worker runs Execute on its own
// goroutine instead, so it knows when the code has really returned.
type interpCtl struct {
	id         *uint64       // run id: frames stop when it changes
	mu         *sync.RWMutex // guards done and cancelChan
	done       *chan struct{}
	cancelChan *bool // makes channel operations cancellable
}

func newInterpCtl(it *interp.Interpreter) (*interpCtl, error) {
	v := reflect.ValueOf(it).Elem()
	field := func(name string, t reflect.Type) (unsafe.Pointer, error) {
		f := v.FieldByName(name)
		if !f.IsValid() || f.Type() != t {
			return nil, fmt.Errorf("worker: yaegi Interpreter has no field %s %s (not v0.16.1?)", name, t)
		}
		return unsafe.Pointer(f.UnsafeAddr()), nil
	}
	id, err1 := field("id", reflect.TypeOf(uint64(0)))
	mu, err2 := field("mutex", reflect.TypeOf(sync.RWMutex{}))
	done, err3 := field("done", reflect.TypeOf(make(chan struct{})))
	cc, err4 := field("cancelChan", reflect.TypeOf(false))
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			return nil, err
		}
	}
	return &interpCtl{id: (*uint64)(id), mu: (*sync.RWMutex)(mu), done: (*chan struct{})(done), cancelChan: (*bool)(cc)}, nil
}

// start prepares a cancellable execution (as ExecuteWithContext does).
func (c *interpCtl) start() {
	c.mu.Lock()
	*c.done = make(chan struct{})
	*c.cancelChan = true
	c.mu.Unlock()
}

// stop cancels the running execution and all interpreted goroutines (as yaegi's
// Interpreter.stop does).
func (c *interpCtl) stop() {
	atomic.AddUint64(c.id, 1)
	c.mu.RLock()
	done := *c.done
	c.mu.RUnlock()
	close(done)
}

// stderrFilter passes the interpreter's stderr through, except the lines yaegi writes
// while a panic unwinds the cell's goroutine: those become the frames of the cell's
// panic traceback.
type stderrFilter struct {
	w      io.Writer
	mu     sync.Mutex
	on     bool
	frames []cell.Frame
}

func (f *stderrFilter) begin() {
	f.mu.Lock()
	f.on, f.frames = true, nil
	f.mu.Unlock()
}

func (f *stderrFilter) end() []cell.Frame {
	f.mu.Lock()
	defer f.mu.Unlock()
	fr := f.frames
	f.on, f.frames = false, nil
	return fr
}

// Write implements io.Writer.
func (f *stderrFilter) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(": panic: ")) {
		if bytes.HasPrefix(p, []byte("-: panic: ")) && inExecute() {
			// A frame without a position: one of the blocks the worker adds around
			// panic statements (see notePanics); the cell's own frames follow.
			f.mu.Lock()
			on := f.on
			f.mu.Unlock()
			if on {
				return len(p), nil
			}
		}
		if fr, ok := cell.ParseFrame(string(p)); ok && inExecute() {
			f.mu.Lock()
			on := f.on
			if on {
				f.frames = append(f.frames, fr)
			}
			f.mu.Unlock()
			if on {
				return len(p), nil
			}
		}
	}
	return f.w.Write(p)
}

// executeFrame is in the stack of the goroutine the interpreter runs a cell on.
var executeFrame = []byte("interp.(*Interpreter).Execute(")

// inExecute reports whether the calling goroutine runs a cell (not a goroutine the cell
// started).
func inExecute() bool {
	buf := make([]byte, 256<<10)
	n := runtime.Stack(buf, false)
	return bytes.Contains(buf[:n], executeFrame)
}

// clearGlobalDefers empties the defer list of the interpreter's global frame. yaegi v0.16.1
// keeps the calls deferred by a cell's top-level statements there and runs them again
// after every later execution; Go runs them once, when the cell's code ends.
func clearGlobalDefers(it *interp.Interpreter) {
	fr := reflect.ValueOf(it).Elem().FieldByName("frame")
	if !fr.IsValid() || fr.Kind() != reflect.Pointer || fr.IsNil() {
		return
	}
	d := fr.Elem().FieldByName("deferred")
	if !d.IsValid() || !d.CanAddr() {
		return
	}
	d = reflect.NewAt(d.Type(), unsafe.Pointer(d.UnsafeAddr())).Elem()
	d.Set(reflect.Zero(d.Type()))
}
