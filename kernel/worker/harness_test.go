package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/ipc"
)

// TestMain lets the test binary act as a worker process: the tests start it again with
// GOJUP_WORKER_TEST=1 and real pipes on fds 0-4, as the kernel does.
func TestMain(m *testing.M) {
	if os.Getenv("GOJUP_WORKER_TEST") == "1" {
		// The worker runs in a temporary directory: the repository is passed by absolute path.
		if err := Run(context.Background(), Config{GoModule: os.DirFS(os.Getenv("GOJUP_WORKER_TEST_MODULE"))}); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if root, err := filepath.Abs(filepath.Join("..", "..")); err == nil {
		os.Setenv("GOJUP_WORKER_TEST_MODULE", root)
	}
	os.Exit(m.Run())
}

// proc is a worker process driven like the kernel drives it.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	enc    *ipc.Encoder
	stdinW *os.File

	mu      sync.Mutex
	streams [2]strings.Builder        // stdout, stderr text without markers
	marks   [2]map[uint64]int         // marker → text length when it was read
	waiters map[uint64]chan ipc.Event // request id → its events
	nextID  uint64
	ready   chan struct{}
	eof     [2]chan struct{} // closed when stdout, stderr reach EOF
}

func startWorker(t *testing.T) *proc {
	t.Helper()
	pipe := func() (*os.File, *os.File) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		return r, w
	}
	inR, inW := pipe()
	outR, outW := pipe()
	errR, errW := pipe()
	reqR, reqW := pipe()
	evR, evW := pipe()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GOJUP_WORKER_TEST=1", ipc.EnvEventFD+"=4")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	cmd.ExtraFiles = []*os.File{reqR, evW}
	cmd.Dir = t.TempDir()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []*os.File{inR, outW, errW, reqR, evW} {
		f.Close()
	}
	p := &proc{t: t, cmd: cmd, enc: ipc.NewEncoder(reqW), stdinW: inW,
		marks: [2]map[uint64]int{{}, {}}, waiters: map[uint64]chan ipc.Event{}, ready: make(chan struct{}),
		eof: [2]chan struct{}{make(chan struct{}), make(chan struct{})}}
	for i, f := range []*os.File{outR, errR} {
		go p.readStream(i, f)
	}
	go p.readEvents(evR)
	t.Cleanup(func() {
		reqW.Close()
		inW.Close()
		done := make(chan struct{})
		go func() {
			if cmd.ProcessState == nil {
				cmd.Wait()
			}
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		p.mu.Lock()
		stderr := p.streams[1].String()
		p.mu.Unlock()
		if strings.Contains(stderr, "DATA RACE") {
			t.Error("the race detector found a data race in the worker")
		}
		if t.Failed() {
			t.Logf("worker stderr:\n%s", stderr)
		}
	})
	select {
	case <-p.ready:
	case <-time.After(10 * time.Second):
		t.Fatal("worker not ready")
	}
	return p
}

func (p *proc) readStream(i int, f *os.File) {
	var sp ipc.MarkerSplitter
	buf := make([]byte, 32<<10)
	for {
		n, err := f.Read(buf)
		p.mu.Lock()
		sp.Split(buf[:n], func(b []byte) { p.streams[i].Write(b) }, func(m uint64) { p.marks[i][m] = p.streams[i].Len() })
		p.mu.Unlock()
		if err != nil {
			close(p.eof[i])
			return
		}
	}
}

// waitStdout waits until the worker printed want on stdout after start (a cell saying it
// reached the code a test interrupts), then lets it get on for a moment.
func (p *proc) waitStdout(start [2]int, want string) {
	p.t.Helper()
	for i := 0; i < 10000; i++ {
		p.mu.Lock()
		out := p.streams[0].String()[start[0]:]
		p.mu.Unlock()
		if strings.Contains(out, want) {
			time.Sleep(50 * time.Millisecond)
			return
		}
		time.Sleep(time.Millisecond)
	}
	p.t.Fatalf("the worker never printed %q", want)
}

// waitExit waits for the worker process to exit by itself and returns its exit status
// and all it wrote on stdout and stderr since start.
func (p *proc) waitExit(start [2]int, timeout time.Duration) (code int, stdout, stderr string) {
	p.t.Helper()
	for i := range p.eof {
		select {
		case <-p.eof[i]:
		case <-time.After(timeout):
			p.t.Fatalf("the worker did not exit within %v", timeout)
		}
	}
	err := p.cmd.Wait()
	code = p.cmd.ProcessState.ExitCode()
	if err != nil && code < 0 {
		p.t.Fatalf("wait: %v", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return code, p.streams[0].String()[start[0]:], p.streams[1].String()[start[1]:]
}

func (p *proc) readEvents(f *os.File) {
	dec := ipc.NewDecoder(f)
	for {
		var ev ipc.Event
		if err := dec.Decode(&ev); err != nil {
			return
		}
		if ev.Type == ipc.TypeReady {
			close(p.ready)
			continue
		}
		p.mu.Lock()
		ch := p.waiters[ev.ID]
		if ev.ID == 0 {
			for _, c := range p.waiters {
				ch = c
			}
		}
		p.mu.Unlock()
		if ch != nil {
			ch <- ev
		}
	}
}

// send sends a request and returns the channel its events arrive on.
func (p *proc) send(typ string, content any) (uint64, chan ipc.Event) {
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	ch := make(chan ipc.Event, 100)
	p.waiters[id] = ch
	p.mu.Unlock()
	var raw json.RawMessage
	if content != nil {
		raw, _ = json.Marshal(content)
	}
	if err := p.enc.Encode(&ipc.Request{ID: id, Type: typ, Content: raw, ExecutionCount: int(id)}); err != nil {
		p.t.Fatal(err)
	}
	return id, ch
}

// cellRun is what an execute request produced.
type cellRun struct {
	reply   map[string]any
	meta    map[string]any
	events  []ipc.Event
	stdout  string
	stderr  string
	elapsed time.Duration
}

func (r cellRun) text() string {
	for _, ev := range r.events {
		if ev.Type == "execute_result" {
			var c struct {
				Data map[string]any `json:"data"`
			}
			json.Unmarshal(ev.Content, &c)
			s, _ := c.Data["text/plain"].(string)
			return s
		}
	}
	return "<no result>"
}

func (r cellRun) traceback() string {
	tb, _ := r.reply["traceback"].([]any)
	var lines []string
	for _, l := range tb {
		lines = append(lines, fmt.Sprint(l))
	}
	return strings.Join(lines, "\n")
}

// wait collects the events of request id until its Final event, and the output the
// request's markers delimit.
func (p *proc) wait(ch chan ipc.Event, start [2]int, t0 time.Time, timeout time.Duration) cellRun {
	p.t.Helper()
	var r cellRun
	deadline := time.After(timeout)
	for {
		select {
		case ev := <-ch:
			if !ev.Final {
				r.events = append(r.events, ev)
				continue
			}
			r.elapsed = time.Since(t0)
			json.Unmarshal(ev.Content, &r.reply)
			if ev.Metadata != nil {
				json.Unmarshal(ev.Metadata, &r.meta)
			}
			if ev.Sync != 0 {
				r.stdout, r.stderr = p.outputUntil(ev.Sync, start)
			}
			return r
		case <-deadline:
			p.t.Fatalf("no reply within %v", timeout)
		}
	}
}

// waitNoFatal is wait for use off the test goroutine: a missing reply gives an empty
// cellRun instead of failing the test.
func (p *proc) waitNoFatal(ch chan ipc.Event, start [2]int) cellRun {
	var r cellRun
	for ev := range ch {
		if !ev.Final {
			r.events = append(r.events, ev)
			continue
		}
		json.Unmarshal(ev.Content, &r.reply)
		if ev.Sync != 0 {
			r.stdout, r.stderr = p.outputUntil(ev.Sync, start)
		}
		return r
	}
	return r
}

func (p *proc) outputUntil(sync uint64, start [2]int) (string, string) {
	for i := 0; i < 5000; i++ {
		p.mu.Lock()
		o, ok1 := p.marks[0][sync]
		e, ok2 := p.marks[1][sync]
		if ok1 && ok2 {
			out, errOut := p.streams[0].String()[start[0]:o], p.streams[1].String()[start[1]:e]
			p.mu.Unlock()
			return out, errOut
		}
		p.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	p.t.Fatalf("marker %d never arrived", sync)
	return "", ""
}

func (p *proc) positions() [2]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return [2]int{p.streams[0].Len(), p.streams[1].Len()}
}

// exec runs code and waits for its reply.
func (p *proc) exec(code string, opts ...func(map[string]any)) cellRun {
	p.t.Helper()
	content := map[string]any{"code": code, "silent": false, "allow_stdin": true, "user_expressions": map[string]any{}}
	for _, o := range opts {
		o(content)
	}
	start, t0 := p.positions(), time.Now()
	_, ch := p.send("execute_request", content)
	return p.wait(ch, start, t0, 20*time.Second)
}

// ok runs code and fails the test unless it succeeds.
func (p *proc) ok(code string) cellRun {
	p.t.Helper()
	r := p.exec(code)
	if r.reply["status"] != "ok" {
		p.t.Fatalf("cell %q failed: %v\n%s", code, r.reply["evalue"], r.traceback())
	}
	return r
}

// call sends a non-execute request and returns its reply content.
func (p *proc) call(typ string, content any) map[string]any {
	p.t.Helper()
	_, ch := p.send(typ, content)
	r := p.wait(ch, [2]int{}, time.Now(), 10*time.Second)
	return r.reply
}
