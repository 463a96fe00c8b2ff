package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
	"github.com/gojup/gojup/kernel/wire"
)

// kind is one of the two kernels compared: gojup or ipykernel.
type kind struct {
	// Name is how the report names the kernel.
	Name string
	// Argv returns the command line for a connection file.
	Argv func(conn string) []string
	// SignalInterrupt is true when the kernelspec's interrupt_mode is "signal" (SIGINT to the
	// kernel process, what jupyter_client does for ipykernel), false for "message"
	// (interrupt_request on control, gojup's kernelspec).
	SignalInterrupt bool
}

var (
	gojupKind = &kind{Name: "gojup", Argv: func(conn string) []string { return []string{gojupBin, "kernel", "-f", conn} }}
	ipyKind   = &kind{Name: "ipykernel", SignalInterrupt: true,
		Argv: func(conn string) []string {
			return []string{pythonBin, "-m", "ipykernel_launcher", "-f", conn}
		}}
	kinds = []*kind{gojupKind, ipyKind}
)

// gojupBin and pythonBin are the programs run (set in main).
var gojupBin, pythonBin = "bin/gojup", "/usr/bin/python3"

// benchRoot is the temporary directory holding HOME, Jupyter dirs and connection files of
// every kernel the suite starts (set in main, removed at the end).
var benchRoot string

// kernelProc is a running kernel with a connected client.
type kernelProc struct {
	Kind    *kind
	Cmd     *exec.Cmd
	Conn    *wire.ConnectionInfo
	Client  *kerneltest.Client
	Started time.Time
	dir     string
	log     *lockedBuffer
	exited  chan struct{}
	once    sync.Once
}

// live holds every kernel started and not yet stopped, so that killAll can end them on any
// exit path.
var live = struct {
	sync.Mutex
	m map[*kernelProc]bool
}{m: map[*kernelProc]bool{}}

var seq struct {
	sync.Mutex
	n int
}

// benchEnv returns the environment of a kernel whose private directory is dir: never the
// real home, no MongoDB server, no user Jupyter config.
func benchEnv(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "HOME" || strings.HasPrefix(name, "JUPYTER") || strings.HasPrefix(name, "XDG_") ||
			strings.HasPrefix(name, "GOJUP_") || name == "MONGODB_URI" || strings.HasPrefix(name, "IPY") ||
			name == "PYTHONSTARTUP" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+filepath.Join(dir, "home"),
		"XDG_DATA_HOME="+filepath.Join(dir, "xdg-data"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "xdg-config"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "xdg-cache"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "jupyter-data"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(dir, "jupyter-config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "jupyter-runtime"),
		"IPYTHONDIR="+filepath.Join(dir, "ipython"),
		"GOJUP_HISTORY_FILE="+filepath.Join(dir, "history.json"),
		"GOJUP_CACHE_DIR="+filepath.Join(dir, "gojup-cache"),
		"GOJUP_MONGO=off",
		"MONGODB_URI=mongodb://127.0.0.1:1",
	)
}

// freePorts returns a connection description on five free loopback ports.
func freePorts() (*wire.ConnectionInfo, error) {
	ci := &wire.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", SignatureScheme: "hmac-sha256", Key: wire.NewID()}
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for _, p := range []*int{&ci.ShellPort, &ci.ControlPort, &ci.StdinPort, &ci.IOPubPort, &ci.HBPort} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		*p = l.Addr().(*net.TCPAddr).Port
	}
	return ci, nil
}

// startKernel starts a kernel of kind k in its own process group and connects a client
// (dialing with retries right after the process starts, like a front end does). It does
// not wait for the kernel to answer anything; see kernelInfo and ready.
func startKernel(ctx context.Context, k *kind) (*kernelProc, error) {
	seq.Lock()
	seq.n++
	n := seq.n
	seq.Unlock()
	dir := filepath.Join(benchRoot, fmt.Sprintf("%s-%03d", k.Name, n))
	for _, d := range []string{dir, filepath.Join(dir, "home"), filepath.Join(dir, "work")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	ci, err := freePorts()
	if err != nil {
		return nil, err
	}
	ci.KernelName = k.Name
	conn := filepath.Join(dir, "conn.json")
	b, _ := json.Marshal(ci)
	if err := os.WriteFile(conn, b, 0o600); err != nil {
		return nil, err
	}
	argv := k.Argv(conn)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env, cmd.Dir = benchEnv(dir), filepath.Join(dir, "work")
	p := &kernelProc{Kind: k, Cmd: cmd, Conn: ci, dir: dir, log: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	// Own process group (killed as a whole by Stop); SIGKILL if the suite itself dies.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	p.Started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", k.Name, err)
	}
	live.Lock()
	live.m[p] = true
	live.Unlock()
	go func() { _ = cmd.Wait(); close(p.exited) }()
	// kerneltest.Kernel.NewClient dials without waiting for iopub_welcome, which
	// ipykernel 6.17 does not send.
	c, err := (&kerneltest.Kernel{Conn: ci}).NewClient(ctx, ci.Key)
	for try := 0; err != nil && try < 3 && ctx.Err() == nil; try++ {
		// A handshake can fail while the kernel is still binding its sockets; a front end
		// would retry too (the retry time counts in the measures).
		select {
		case <-p.exited:
		default:
			time.Sleep(10 * time.Millisecond)
			c, err = (&kerneltest.Kernel{Conn: ci}).NewClient(ctx, ci.Key)
		}
	}
	if err != nil {
		p.Stop()
		return nil, fmt.Errorf("%s: connect: %w", k.Name, err)
	}
	p.Client = c
	return p, nil
}

// Stop kills the kernel's process group (kernel and worker) and waits for it to exit.
func (p *kernelProc) Stop() {
	p.once.Do(func() {
		if p.Client != nil {
			p.Client.Close()
		}
		_ = syscall.Kill(-p.Cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(2 * time.Second):
		}
		_ = syscall.Kill(-p.Cmd.Process.Pid, syscall.SIGKILL) // the worker too, if still there
		select {
		case <-p.exited:
		case <-time.After(5 * time.Second):
		}
		live.Lock()
		delete(live.m, p)
		live.Unlock()
	})
}

// Pid returns the kernel process id.
func (p *kernelProc) Pid() int { return p.Cmd.Process.Pid }

// Log returns what the kernel wrote to stdout and stderr.
func (p *kernelProc) Log() string { return p.log.String() }

// killAll stops every kernel still running.
func killAll() {
	live.Lock()
	ps := make([]*kernelProc, 0, len(live.m))
	for p := range live.m {
		ps = append(ps, p)
	}
	live.Unlock()
	var wg sync.WaitGroup
	for _, p := range ps {
		wg.Add(1)
		go func() { defer wg.Done(); p.Stop() }()
	}
	wg.Wait()
}

// ready waits until the kernel answers kernel_info_request and its iopub messages reach
// the client (the iopub subscription of a fresh client may miss the first messages).
func (p *kernelProc) ready(ctx context.Context) error {
	for {
		m, err := p.Client.Send("shell", "kernel_info_request", map[string]any{})
		if err != nil {
			return err
		}
		if _, err := p.Client.Reply(ctx, m.Header.MsgID); err != nil {
			return fmt.Errorf("%s: no kernel_info_reply: %w\n%s", p.Kind.Name, err, tail(p.Log(), 2000))
		}
		wctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		_, err = p.Client.Outputs(wctx, m.Header.MsgID)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// startReady starts a kernel and waits until it is ready.
func startReady(ctx context.Context, k *kind) (*kernelProc, error) {
	p, err := startKernel(ctx, k)
	if err != nil {
		return nil, err
	}
	if err := p.ready(ctx); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

// startPair starts one ready kernel of each kind.
func startPair(ctx context.Context) (map[*kind]*kernelProc, error) {
	ps := map[*kind]*kernelProc{}
	for _, k := range kinds {
		p, err := startReady(ctx, k)
		if err != nil {
			for _, q := range ps {
				q.Stop()
			}
			return nil, err
		}
		ps[k] = p
	}
	return ps, nil
}

// stopAll stops the kernels of a pair.
func stopAll(ps map[*kind]*kernelProc) {
	for _, p := range ps {
		p.Stop()
	}
}

// interrupt interrupts the kernel the way its kernelspec tells a client to.
func (p *kernelProc) interrupt(ctx context.Context) error {
	if p.Kind.SignalInterrupt {
		return syscall.Kill(p.Pid(), syscall.SIGINT)
	}
	_, err := p.Client.Send("control", "interrupt_request", map[string]any{})
	return err
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// lockedBuffer is a bytes.Buffer safe for concurrent writes, capped at 1 MiB.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() < 1<<20 {
		l.b.Write(p)
	}
	return len(p), nil
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// procGroup returns process attributes that put a child in its own process group.
func procGroup() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }
