package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gojup/gojup/kernel/ipc"
)

const (
	readyTimeout  = 30 * time.Second
	stopGrace     = time.Second
	drainTimeout  = 500 * time.Millisecond
	rssPollPeriod = 50 * time.Millisecond
)

// errWorkerDied is returned by calls to a worker that ended before answering.
var errWorkerDied = errors.New("kernel: the worker process ended")

// Kill reasons: why the kernel itself killed a worker.
const (
	killInterrupt = "interrupt"
	killOOM       = "oom"
	killStop      = "stop"
	killTainted   = "tainted" // the worker asked to be replaced
)

// workerProc is one worker process and its pipes.
type workerProc struct {
	k       *kernel
	cmd     *exec.Cmd
	pid     int
	enc     *ipc.Encoder
	reqW    *os.File
	stdinW  *os.File
	gate    *gate
	started time.Time

	ready     chan struct{} // closed on the ready event
	readyOnce sync.Once
	dead      chan struct{} // closed once the process exited and its output was drained

	mu         sync.Mutex
	waiters    map[uint64]chan ipc.Event
	killReason string
	peakRSS    int64
	state      *os.ProcessState

	// inService is set once the worker ran a cell or finished a restore; only such a
	// worker's death between cells is reported and answered with a restart (a worker that
	// dies while starting or restoring would otherwise restart in a loop).
	inService        atomic.Bool
	idleDeathClaimed atomic.Bool
}

// startWorker starts a worker process with env. It does not wait for it to be ready.
func (k *kernel) startWorker(argv []string, env []string) (*workerProc, error) {
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	pipe := func() (r, w *os.File, err error) {
		r, w, err = os.Pipe()
		if err == nil {
			files = append(files, r, w)
		}
		return
	}
	inR, inW, err1 := pipe()
	outR, outW, err2 := pipe()
	errR, errW, err3 := pipe()
	reqR, reqW, err4 := pipe()
	evR, evW, err5 := pipe()
	if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
		closeAll()
		return nil, fmt.Errorf("kernel: worker pipes: %w", err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(env, ipc.EnvEventFD+"="+strconv.Itoa(ipc.EventFD))
	if k.env.get("GOMEMLIMIT") == "" && k.limits.memoryLimit > 0 {
		cmd.Env = append(cmd.Env, "GOMEMLIMIT="+strconv.FormatInt(k.limits.memoryLimit*9/10, 10))
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	cmd.ExtraFiles = []*os.File{reqR, evW} // fds 3 and 4
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if wd, err := os.Getwd(); err == nil {
		cmd.Dir = wd
	}
	if err := cmd.Start(); err != nil {
		closeAll()
		return nil, fmt.Errorf("kernel: start worker: %w", err)
	}
	for _, f := range []*os.File{inR, outW, errW, reqR, evW} {
		f.Close()
	}
	w := &workerProc{
		k: k, cmd: cmd, pid: cmd.Process.Pid, enc: ipc.NewEncoder(reqW), reqW: reqW, stdinW: inW,
		started: time.Now(), ready: make(chan struct{}), dead: make(chan struct{}),
		waiters: map[uint64]chan ipc.Event{},
	}
	w.gate = newGate(w.deliver)
	go w.monitor(outR, errR, evR)
	go w.pollRSS()
	k.log.Debug("worker started", "pid", w.pid)
	return w, nil
}

// monitor reads the worker's output and events until it exits, then drains and marks it dead.
func (w *workerProc) monitor(outR, errR, evR *os.File) {
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); w.readStream(outR, stdoutStream) }()
	go func() { defer wg.Done(); w.readStream(errR, stderrStream) }()
	go func() { defer wg.Done(); w.readEvents(evR) }()
	err := w.cmd.Wait()
	w.mu.Lock()
	w.state = w.cmd.ProcessState
	w.mu.Unlock()
	// Kill whatever the cell left running in the worker's process group.
	_ = syscall.Kill(-w.pid, syscall.SIGKILL)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(drainTimeout):
		// Something outside the process group holds the pipes open: stop reading.
		outR.Close()
		errR.Close()
		evR.Close()
		<-done
	}
	outR.Close()
	errR.Close()
	evR.Close()
	w.reqW.Close()
	w.stdinW.Close()
	w.k.out.drain(w.gate)
	w.k.log.Info("worker exited", "pid", w.pid, "status", describeExit(w.state, err))
	close(w.dead)
	go w.k.exec.workerDied(w)
}

func (w *workerProc) readStream(f *os.File, stream int) {
	buf := make([]byte, 32<<10)
	var sp ipc.MarkerSplitter
	onText := func(b []byte) { w.k.out.text(w.gate, stream, b) }
	onMarker := func(n uint64) { w.k.out.marker(w.gate, stream, n) }
	for {
		n, err := f.Read(buf)
		if n > 0 {
			sp.Split(buf[:n], onText, onMarker)
		}
		if err != nil {
			onText(sp.Flush())
			return
		}
	}
}

func (w *workerProc) readEvents(f *os.File) {
	dec := ipc.NewDecoder(f)
	for {
		var ev ipc.Event
		err := dec.Decode(&ev)
		if err == io.EOF || errors.Is(err, os.ErrClosed) {
			return
		}
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return
			}
			w.k.log.Warn("bad event from worker", "err", err)
			continue
		}
		if ev.Type == ipc.TypeReady {
			w.readyOnce.Do(func() { close(w.ready) })
			w.k.log.Debug("worker ready", "pid", w.pid, "after", time.Since(w.started))
			continue
		}
		w.k.out.event(w.gate, ev)
	}
}

// deliver is called (in order, with outputs.mu held) for each released event.
func (w *workerProc) deliver(ev ipc.Event) {
	if ev.Final {
		w.mu.Lock()
		ch := w.waiters[ev.ID]
		delete(w.waiters, ev.ID)
		w.mu.Unlock()
		if ch != nil {
			ch <- ev
		} else {
			w.k.log.Debug("reply nobody waits for", "id", ev.ID, "type", ev.Type)
		}
		return
	}
	switch ev.Type {
	case ipc.TypeLog:
		var s string
		if json.Unmarshal(ev.Content, &s) != nil {
			s = string(ev.Content)
		}
		w.k.log.Info("worker: " + s)
	case ipc.TypeInputRequest:
		go w.k.exec.handleInput(w, ev)
	default:
		w.k.publishMeta(w.k.exec.parentFor(ev.ID), ev.Type, ev.Content, ev.Metadata)
	}
}

// send writes a request to the worker.
func (w *workerProc) send(req ipc.Request) error {
	select {
	case <-w.dead:
		return errWorkerDied
	default:
	}
	return w.enc.Encode(&req)
}

// call sends req and waits for its Final event.
func (w *workerProc) call(ctx context.Context, req ipc.Request) (ipc.Event, error) {
	ch := make(chan ipc.Event, 1)
	w.mu.Lock()
	w.waiters[req.ID] = ch
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		delete(w.waiters, req.ID)
		w.mu.Unlock()
	}()
	if err := w.send(req); err != nil {
		return ipc.Event{}, err
	}
	select {
	case ev := <-ch:
		return ev, nil
	case <-w.dead:
		select { // the reply may have been delivered while draining
		case ev := <-ch:
			return ev, nil
		default:
		}
		return ipc.Event{}, errWorkerDied
	case <-ctx.Done():
		return ipc.Event{}, ctx.Err()
	}
}

// kill kills the worker's process group, recording why.
func (w *workerProc) kill(reason string) {
	w.mu.Lock()
	if w.killReason == "" {
		w.killReason = reason
	}
	w.mu.Unlock()
	_ = syscall.Kill(-w.pid, syscall.SIGKILL)
}

func (w *workerProc) reason() (string, int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.killReason, w.peakRSS
}

func (w *workerProc) isDead() bool {
	select {
	case <-w.dead:
		return true
	default:
		return false
	}
}

// pollRSS kills the worker when its resident memory passes the limit.
func (w *workerProc) pollRSS() {
	limit := w.k.limits.memoryLimit
	if limit <= 0 {
		return
	}
	t := time.NewTicker(rssPollPeriod)
	defer t.Stop()
	for {
		select {
		case <-w.dead:
			return
		case <-t.C:
		}
		n, err := rss(w.pid)
		if err != nil {
			continue
		}
		if n > limit {
			w.mu.Lock()
			w.peakRSS = n
			w.mu.Unlock()
			w.k.log.Warn("worker over memory limit", "rss", n, "limit", limit)
			w.kill(killOOM)
			return
		}
	}
}

// writeStdin writes a line the user typed to the worker's stdin.
func (w *workerProc) writeStdin(s string) {
	if _, err := io.WriteString(w.stdinW, s); err != nil {
		w.k.log.Warn("write worker stdin", "err", err)
	}
}

// supervisor owns the current worker and replaces it when it dies.
type supervisor struct {
	k    *kernel
	argv []string

	mu      sync.Mutex
	w       *workerProc
	stopped bool
}

func newSupervisor(k *kernel, argv []string) *supervisor { return &supervisor{k: k, argv: argv} }

// current returns the live worker, or nil.
func (s *supervisor) current() *workerProc {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.w == nil || s.w.isDead() {
		return nil
	}
	return s.w
}

// get returns a ready worker, starting one when there is none.
func (s *supervisor) get(ctx context.Context) (*workerProc, error) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil, errors.New("kernel: shutting down")
	}
	w := s.w
	if w == nil || w.isDead() {
		var err error
		w, err = s.k.startWorker(s.argv, s.k.env.list())
		if err != nil {
			s.mu.Unlock()
			return nil, err
		}
		s.w = w
	}
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	select {
	case <-w.ready:
		return w, nil
	case <-w.dead:
		return nil, fmt.Errorf("the worker process ended while starting (%s)", describeExit(w.state, nil))
	case <-ctx.Done():
		w.kill(killStop)
		return nil, fmt.Errorf("the worker did not start within %v", readyTimeout)
	}
}

// prewarm starts the first worker so the first cell does not wait for it.
func (s *supervisor) prewarm(ctx context.Context) {
	if _, err := s.get(ctx); err != nil {
		s.k.log.Warn("worker start failed", "err", err)
	}
}

// setenv sets environment variables in the kernel (for later workers) and in the current worker.
func (s *supervisor) setenv(vars map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range vars {
		s.k.env.set(k, v)
	}
	if s.w != nil && !s.w.isDead() {
		b, _ := json.Marshal(vars)
		if err := s.w.send(ipc.Request{ID: s.k.newRequestID(), Type: ipc.TypeSetenv, Content: b}); err != nil {
			s.k.log.Warn("setenv to worker", "err", err)
		}
	}
}

// stop shuts the worker down: a shutdown request, then SIGKILL to its process group.
func (s *supervisor) stop() {
	s.mu.Lock()
	s.stopped = true
	w := s.w
	s.mu.Unlock()
	if w == nil {
		return
	}
	_ = w.send(ipc.Request{ID: s.k.newRequestID(), Type: ipc.TypeShutdown})
	select {
	case <-w.dead:
	case <-time.After(stopGrace):
		w.kill(killStop)
		<-w.dead
	}
	_ = syscall.Kill(-w.pid, syscall.SIGKILL)
}

// describeExit describes how a process ended: "exit status 3", "killed by signal 9".
func describeExit(ps *os.ProcessState, err error) string {
	if ps == nil {
		if err != nil {
			return err.Error()
		}
		return "unknown"
	}
	if ws, ok := waitStatus(ps); ok && ws.Signaled() {
		return fmt.Sprintf("killed by signal %d", int(ws.Signal()))
	}
	return fmt.Sprintf("exit status %d", ps.ExitCode())
}
