package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"go/scanner"
	"go/token"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/gojup/gojup/kernel/ipc"
	"github.com/gojup/gojup/kernel/wire"
)

const (
	// interruptGrace is how long a cell has to stop after an interrupt before its worker is killed.
	interruptGrace = 500 * time.Millisecond
	// mongoWait bounds how long a cell that mentions MongoDB waits for the server to start.
	mongoWait = 10 * time.Second
)

// executor runs execute requests one at a time, in arrival order.
type executor struct {
	k     *kernel
	queue chan queuedExec

	mu         sync.Mutex
	count      int
	running    *cellRun
	lastParent *wire.Message
	parents    map[uint64]*wire.Message // worker request id → execute request
	succeeded  []string                 // sources of cells that ran without error

	// The variables a restart notice already named as lost, and how many succeeded cells
	// there were then: a later notice names them again only if a later cell redefined them.
	lostTold  map[string]bool
	lostSince int
}

type queuedExec struct {
	sock zmq4.Socket
	m    *wire.Message
}

// cellRun is the execute request being run by the worker.
type cellRun struct {
	id         uint64
	req        *wire.Message
	w          *workerProc
	allowStdin bool
	input      chan string   // input_reply values
	done       chan struct{} // closed when the cell ended
	intOnce    sync.Once
	interrupt  chan struct{} // closed on interrupt
}

// executeContent is the content of an execute_request.
type executeContent struct {
	Code            string          `json:"code"`
	Silent          bool            `json:"silent"`
	StoreHistory    *bool           `json:"store_history"`
	UserExpressions json.RawMessage `json:"user_expressions"`
	AllowStdin      *bool           `json:"allow_stdin"`
	StopOnError     *bool           `json:"stop_on_error"`
}

func newExecutor(k *kernel) *executor {
	return &executor{k: k, queue: make(chan queuedExec, 4096), parents: map[uint64]*wire.Message{}}
}

// enqueue queues an execute request.
func (e *executor) enqueue(sock zmq4.Socket, m *wire.Message) {
	select {
	case e.queue <- queuedExec{sock, m}:
	default:
		e.k.status(m, "busy")
		e.k.reply(sock, m, "execute_reply", map[string]any{"status": "aborted"})
		e.k.status(m, "idle")
		e.k.log.Warn("execute queue full: request aborted")
	}
}

func (e *executor) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case q := <-e.queue:
			e.execute(ctx, q.sock, q.m)
		}
	}
}

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

// execute runs one execute request and answers it.
func (e *executor) execute(ctx context.Context, sock zmq4.Socket, m *wire.Message) {
	k := e.k
	start := time.Now()
	k.status(m, "busy")
	defer k.status(m, "idle")
	var c executeContent
	if err := json.Unmarshal(m.Content, &c); err != nil {
		k.reply(sock, m, "execute_reply", errorContent("BadRequest", "malformed execute_request: "+err.Error()))
		return
	}
	store := boolOr(c.StoreHistory, true) && !c.Silent
	e.mu.Lock()
	if store {
		e.count++
	}
	count := e.count
	e.mu.Unlock()
	if !c.Silent {
		k.publish(m, "execute_input", map[string]any{"code": c.Code, "execution_count": count})
	}
	k.out.setParent(m)
	reply := e.runCell(ctx, m, &c, count)
	status, _ := reply["status"].(string)
	k.reply(sock, m, "execute_reply", reply)
	k.log.Debug("executed", "count", count, "status", status, "took", time.Since(start))
	if store {
		k.hist.add(count, c.Code)
	}
	if status == "ok" {
		e.mu.Lock()
		e.succeeded = append(e.succeeded, c.Code)
		e.mu.Unlock()
	}
	if status == "error" && boolOr(c.StopOnError, true) {
		e.abortQueued()
	}
}

// abortQueued answers every queued execute request with status aborted.
func (e *executor) abortQueued() {
	for {
		select {
		case q := <-e.queue:
			e.k.status(q.m, "busy")
			e.k.reply(q.sock, q.m, "execute_reply", map[string]any{"status": "aborted", "execution_count": nil,
				"user_expressions": map[string]any{}, "payload": []any{}})
			e.k.status(q.m, "idle")
		default:
			return
		}
	}
}

// runCell runs the code in the worker and returns the execute_reply content.
func (e *executor) runCell(ctx context.Context, m *wire.Message, c *executeContent, count int) map[string]any {
	k := e.k
	if mentionsMongo(c.Code) {
		k.mongo.wait(ctx, mongoWait)
		if err := k.mongo.failure(); err != nil {
			// Said once, under the first cell that needs the server; the kernel log has it too.
			k.out.notice(m, "gojup: no MongoDB server for this session: "+err.Error()+"\n")
		}
	}
	w, err := k.sup.get(ctx)
	if err != nil {
		content := errorContent("WorkerStartError", "gojup could not start its worker: "+err.Error())
		k.publish(m, "error", content)
		content["execution_count"] = count
		return content
	}
	run := &cellRun{
		id: k.newRequestID(), req: m, w: w, allowStdin: boolOr(c.AllowStdin, true),
		input: make(chan string, 1), done: make(chan struct{}), interrupt: make(chan struct{}),
	}
	w.inService.Store(true)
	e.mu.Lock()
	e.running = run
	e.parents[run.id] = m
	e.mu.Unlock()
	callStart := time.Now()
	ev, err := w.call(ctx, ipc.Request{ID: run.id, Type: "execute_request", Content: m.Content, ExecutionCount: count})
	k.log.Debug("worker answered", "id", run.id, "took", time.Since(callStart))
	var reply map[string]any
	switch {
	case err != nil && ctx.Err() != nil:
		reply = errorContent("KernelShutdown", "the kernel is shutting down")
	case err != nil:
		reply = e.crashed(ctx, m, w)
	default:
		reply = map[string]any{}
		if json.Unmarshal(ev.Content, &reply) != nil || reply["status"] == nil {
			reply = map[string]any{"status": "ok"}
		}
		if reason, ok := tainted(ev.Metadata); ok {
			// The worker cannot stop what the cell left running: replace it.
			k.out.notice(m, "gojup: "+reason+"; restarting the worker\n")
			w.kill(killTainted)
			<-w.dead
			e.restart(ctx, m, w)
		}
	}
	e.mu.Lock()
	e.running = nil
	delete(e.parents, run.id)
	e.lastParent = m
	e.mu.Unlock()
	close(run.done)
	reply["execution_count"] = count
	if reply["status"] == "ok" {
		if reply["user_expressions"] == nil {
			reply["user_expressions"] = map[string]any{}
		}
		if reply["payload"] == nil {
			reply["payload"] = []any{}
		}
	}
	return reply
}

// crashed reports a worker that died while running cell m, brings up a fresh worker with
// the session's declarations and returns the error reply.
func (e *executor) crashed(ctx context.Context, m *wire.Message, w *workerProc) map[string]any {
	<-w.dead
	content := e.k.crashReport(w)
	e.k.publish(m, "error", content)
	e.restart(ctx, m, w)
	reply := map[string]any{"status": "error", "ename": content["ename"], "evalue": content["evalue"], "traceback": content["traceback"]}
	return reply
}

// restart starts a fresh worker after w died, restores the declarations of the cells that
// succeeded and tells the user under parent what was lost.
func (e *executor) restart(ctx context.Context, parent *wire.Message, w *workerProc) {
	k := e.k
	start := time.Now()
	nw, err := k.sup.get(ctx)
	if err != nil {
		k.out.notice(parent, "gojup: could not restart the worker: "+err.Error()+"\n")
		return
	}
	e.mu.Lock()
	cells := append([]string(nil), e.succeeded...)
	e.mu.Unlock()
	if len(cells) == 0 {
		nw.inService.Store(true)
		k.out.notice(parent, "gojup: worker restarted in "+msSince(start)+"\n")
		return
	}
	b, _ := json.Marshal(ipc.RestoreRequest{Cells: cells})
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	restoreStart := time.Now()
	ev, err := nw.call(rctx, ipc.Request{ID: k.newRequestID(), Type: ipc.TypeRestore, Content: b})
	if err != nil {
		k.out.notice(parent, "gojup: worker restarted in "+msSince(start)+"; restoring declarations failed ("+err.Error()+"); all variables were lost\n")
		if err == errWorkerDied {
			if fresh, err := k.sup.get(ctx); err == nil {
				fresh.inService.Store(true)
			}
		}
		return
	}
	nw.inService.Store(true)
	var rr ipc.RestoreReply
	_ = json.Unmarshal(ev.Content, &rr)
	var sb strings.Builder
	fmt.Fprintf(&sb, "gojup: worker restarted in %s; declarations of %d cells restored in %s", msSince(start), len(cells), msSince(restoreStart))
	if lost := e.newlyLost(rr.Lost, cells); len(lost) > 0 {
		sb.WriteString("; lost variables: " + strings.Join(lost, ", "))
	}
	if len(rr.Errors) > 0 {
		errs := rr.Errors
		if len(errs) > 3 {
			errs = append(errs[:3:3], "…")
		}
		sb.WriteString("; could not restore: " + strings.Join(errs, "; "))
	}
	sb.WriteString("\n")
	k.out.notice(parent, sb.String())
}

func msSince(t time.Time) string {
	return time.Since(t).Round(time.Millisecond).String()
}

// workerDied handles a worker that died while no cell was running on it: the error goes to
// the last cell's output and a fresh worker is started.
func (e *executor) workerDied(w *workerProc) {
	e.mu.Lock()
	running := e.running != nil && e.running.w == w
	parent := e.lastParent
	e.mu.Unlock()
	if running || !w.inService.Load() || !w.idleDeathClaimed.CompareAndSwap(false, true) {
		return // reported by the cell, or died while starting or restoring: the next cell reports it
	}
	if reason, _ := w.reason(); reason == killStop {
		return
	}
	e.k.sup.mu.Lock()
	stopped := e.k.sup.stopped
	e.k.sup.mu.Unlock()
	if stopped {
		return
	}
	e.k.publish(parent, "error", e.k.crashReport(w))
	e.restart(context.Background(), parent, w)
}

// interrupt stops the running cell: an interrupt request to the worker, then, if the cell
// has not ended within interruptGrace, SIGKILL to the worker's process group.
func (e *executor) interrupt() {
	e.mu.Lock()
	r := e.running
	e.mu.Unlock()
	if r == nil {
		return
	}
	r.intOnce.Do(func() { close(r.interrupt) })
	if err := r.w.send(ipc.Request{ID: e.k.newRequestID(), Type: ipc.TypeInterrupt}); err != nil {
		e.k.log.Warn("send interrupt", "err", err)
	}
	go func() {
		select {
		case <-r.done:
		case <-time.After(interruptGrace):
			e.k.log.Info("cell did not stop after interrupt: killing the worker")
			r.w.kill(killInterrupt)
		}
	}()
}

// parentFor returns the request an event with id belongs to: its execute request, or the
// running / last one for id 0 and unknown ids.
func (e *executor) parentFor(id uint64) *wire.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	if m, ok := e.parents[id]; ok {
		return m
	}
	if e.running != nil {
		return e.running.req
	}
	return e.lastParent
}

// handleInput forwards a worker's input_request to the client and its answer to the worker.
func (e *executor) handleInput(w *workerProc, ev ipc.Event) {
	e.mu.Lock()
	r := e.running
	e.mu.Unlock()
	if r == nil || r.w != w || !r.allowStdin {
		w.writeStdin("\n")
		return
	}
	e.k.reply(e.k.socks.stdin, r.req, "input_request", ev.Content)
	select {
	case v := <-r.input:
		w.writeStdin(v + "\n")
	case <-r.interrupt:
	case <-r.done:
	}
}

// inputReply passes an input_reply to the cell waiting for it.
func (e *executor) inputReply(m *wire.Message) {
	var c struct {
		Value string `json:"value"`
	}
	_ = json.Unmarshal(m.Content, &c)
	e.mu.Lock()
	r := e.running
	e.mu.Unlock()
	if r == nil {
		return
	}
	select {
	case r.input <- c.Value:
	default:
	}
}

func mentionsMongo(code string) bool {
	return strings.Contains(strings.ToLower(code), "mongo")
}

// tainted reports whether an execute reply's metadata says the worker must be replaced
// (an interrupted cell is stuck in compiled code), and why.
func tainted(metadata json.RawMessage) (string, bool) {
	var md struct {
		Tainted bool   `json:"tainted"`
		Reason  string `json:"tainted_reason"`
	}
	if len(metadata) == 0 || json.Unmarshal(metadata, &md) != nil || !md.Tainted {
		return "", false
	}
	if md.Reason == "" {
		md.Reason = "the worker cannot continue"
	}
	return md.Reason, true
}

// newlyLost returns the names in lost that the user has not been told about yet: those not
// named by an earlier restart notice, and those named before but mentioned again by a cell
// that succeeded since (a successful cell can only mention a lost variable by defining it
// again). cells are the succeeded cells sent for this restore.
func (e *executor) newlyLost(lost []string, cells []string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var later map[string]bool
	if e.lostSince <= len(cells) {
		later = identifiers(cells[e.lostSince:])
	}
	var out []string
	for _, n := range lost {
		if !e.lostTold[n] || later[n] {
			out = append(out, n)
		}
	}
	if e.lostTold == nil {
		e.lostTold = map[string]bool{}
	}
	for _, n := range lost {
		e.lostTold[n] = true
	}
	e.lostSince = len(cells)
	return out
}

// identifiers returns the identifiers that occur in the Go sources srcs.
func identifiers(srcs []string) map[string]bool {
	ids := map[string]bool{}
	for _, src := range srcs {
		fset := token.NewFileSet()
		var sc scanner.Scanner
		sc.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
		for {
			_, tok, lit := sc.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.IDENT {
				ids[lit] = true
			}
		}
	}
	return ids
}
