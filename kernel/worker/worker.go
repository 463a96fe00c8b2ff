// Package worker is the gojup worker process: it runs notebook cells in a yaegi
// interpreter session and answers the kernel's requests (see kernel/ipc for the protocol).
//
// One goroutine reads requests from fd 3 all the time, so complete, inspect and interrupt
// are answered while a cell runs; execute and restore requests run one at a time on an
// executor goroutine. Every request ends with exactly one Final event.
package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/gojup/gojup/kernel/ipc"
)

// Worker serves one kernel.
type Worker struct {
	ch       *ipc.Channel
	sess     *Session
	stdin    *stdinRelay
	goModule fs.FS // Config.GoModule

	execQ chan ipc.Request

	mu  sync.Mutex
	cur *running // the execute request being run, if any
}

// running is the state of the execute request being run.
type running struct {
	id       uint64
	cancel   context.CancelFunc
	shells   map[int]bool // process group ids of shell commands
	canceled bool
}

// Config is what the worker gets from the binary that runs it.
type Config struct {
	// GoModule holds the gojup module's go.mod, go.sum and the sources of display and the
	// packages it imports, so %%go run programs can import display (kernel/gorun).
	GoModule fs.FS
}

// Run serves requests read from fd 3 and sends events on fd 4 (ipc.Default) until the
// kernel closes the request pipe or sends a shutdown request.
func Run(ctx context.Context, cfg Config) error {
	log.SetOutput(os.Stderr)
	setMaxStack()
	if os.Getenv(ipc.EnvEventFD) == "" {
		os.Setenv(ipc.EnvEventFD, strconv.Itoa(ipc.EventFD))
	}
	ch := ipc.Default()
	if ch == nil {
		return errors.New("worker: no event channel (fd 4); the worker is started by `gojup kernel`")
	}
	installChecker()
	reqs := os.NewFile(ipc.RequestFD, "gojup-requests")
	if reqs == nil {
		return errors.New("worker: no request pipe (fd 3)")
	}
	relay, err := newStdinRelay()
	if err != nil {
		return fmt.Errorf("worker: stdin: %w", err)
	}
	w, err := newWorker(ch, relay)
	if err != nil {
		return err
	}
	w.goModule = cfg.GoModule
	return w.serve(ctx, reqs)
}

func newWorker(ch *ipc.Channel, relay *stdinRelay) (*Worker, error) {
	sess, err := NewSession(os.Stdout, os.Stderr)
	if err != nil {
		return nil, err
	}
	return &Worker{ch: ch, sess: sess, stdin: relay, execQ: make(chan ipc.Request, 64)}, nil
}

// serve reads requests until EOF or shutdown.
func (w *Worker) serve(ctx context.Context, reqs io.Reader) error {
	if err := w.ch.Send(ipc.Event{Type: ipc.TypeReady, Content: mustJSON(ipc.Ready{PID: os.Getpid()})}); err != nil {
		return fmt.Errorf("worker: send ready: %w", err)
	}
	if warmChecker != nil {
		warmChecker()
	}
	go w.executor()
	dec := ipc.NewDecoder(reqs)
	for {
		if ctx.Err() != nil {
			return nil
		}
		var req ipc.Request
		err := dec.Decode(&req)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				w.logf("bad request: %v", err)
				continue
			}
			return fmt.Errorf("worker: read request: %w", err)
		}
		switch req.Type {
		case "execute_request", ipc.TypeRestore:
			w.execQ <- req
		case "complete_request":
			go w.guard(req, func() any { return w.complete(req.Content) })
		case "inspect_request":
			go w.guard(req, func() any { return w.inspect(req.Content) })
		case ipc.TypeInterrupt:
			w.interrupt()
			w.final(req, map[string]any{"status": "ok"})
		case ipc.TypeSetenv:
			w.final(req, w.setenv(req.Content))
		case ipc.TypeShutdown:
			w.interrupt()
			w.final(req, map[string]any{"status": "ok"})
			return nil
		default:
			w.final(req, errorReply("UnknownRequest", "the worker does not handle "+strconv.Quote(req.Type)))
		}
	}
}

// executor runs execute and restore requests one at a time.
func (w *Worker) executor() {
	for req := range w.execQ {
		w.sess.evalMu.Lock()
		switch req.Type {
		case ipc.TypeRestore:
			w.guard(req, func() any { return w.restore(req.Content) })
		default:
			w.execute(req)
		}
		w.sess.evalMu.Unlock()
	}
}

// guard runs f and sends its result as the Final event of req, turning a panic of the
// worker's own code into an error reply.
func (w *Worker) guard(req ipc.Request, f func() any) {
	var content any
	func() {
		defer func() {
			if r := recover(); r != nil {
				content = errorReply("InternalError", fmt.Sprintf("gojup worker: %v", r))
			}
		}()
		content = f()
	}()
	w.final(req, content)
}

// replyType is the type of the reply to request type t.
func replyType(t string) string {
	if strings.HasSuffix(t, "_request") {
		return strings.TrimSuffix(t, "_request") + "_reply"
	}
	return t + "_reply"
}

// final sends the Final event of req.
func (w *Worker) final(req ipc.Request, content any) {
	ev := ipc.Event{ID: req.ID, Type: replyType(req.Type), Content: mustJSON(content), Final: true}
	if err := w.ch.Send(ev); err != nil {
		w.logf("send %s: %v", ev.Type, err)
	}
}

// logf sends a line for the kernel's log.
func (w *Worker) logf(format string, args ...any) {
	_ = w.ch.Send(ipc.Event{Type: ipc.TypeLog, Content: mustJSON(fmt.Sprintf(format, args...))})
}

// setenv applies a TypeSetenv request.
func (w *Worker) setenv(content json.RawMessage) any {
	var env map[string]string
	if err := json.Unmarshal(content, &env); err != nil {
		return errorReply("BadRequest", "setenv: "+err.Error())
	}
	for k, v := range env {
		if err := os.Setenv(k, v); err != nil {
			return errorReply("BadRequest", fmt.Sprintf("setenv %s: %v", k, err))
		}
	}
	return map[string]any{"status": "ok"}
}

// interrupt stops the running cell: its context is cancelled (the interpreter stops
// interpreted code), shell commands get SIGINT, and a read of stdin gets EOF.
func (w *Worker) interrupt() {
	w.mu.Lock()
	r := w.cur
	if r != nil {
		r.canceled = true
	}
	w.mu.Unlock()
	if r == nil {
		return
	}
	r.cancel()
	w.killShells(r)
	w.stdin.abort()
}

// errorReply is the content of an error reply.
func errorReply(ename, evalue string) map[string]any {
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": []string{ename + ": " + evalue}}
}

func mustJSON(v any) json.RawMessage {
	b, err := ipc.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]any{"status": "error", "ename": "InternalError", "evalue": err.Error()})
	}
	return b
}
