package kerneltest

import (
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
	"testing"
	"time"

	"github.com/gojup/gojup/internal/syncbuf"
	"github.com/gojup/gojup/kernel/wire"
)

// build holds the gojup binary built for this test binary (see Binary).
var build struct {
	once sync.Once
	path string
	env  []string // GOCACHE etc. of the real user, passed to kernels
	err  error
}

// Binary returns the path of a gojup binary built from this module, building it the first
// time it is called in a test binary. GOJUP_BINARY, when set, names a binary to use
// instead. The binary lives in a directory under os.TempDir().
func Binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
			out, err := exec.Command("go", "env", v).Output()
			if err == nil {
				build.env = append(build.env, v+"="+strings.TrimSpace(string(out)))
			}
		}
		if p := os.Getenv("GOJUP_BINARY"); p != "" {
			build.path = p
			return
		}
		out, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			build.err = fmt.Errorf("go env GOMOD: %w", err)
			return
		}
		root := filepath.Dir(strings.TrimSpace(string(out)))
		dir, err := os.MkdirTemp("", "gojup-kerneltest-")
		if err != nil {
			build.err = err
			return
		}
		build.path = filepath.Join(dir, "gojup")
		cmd := exec.Command("go", "build", "-o", build.path, ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatalf("kerneltest: %v", build.err)
	}
	return build.path
}

// Options change how Start runs a kernel.
type Options struct {
	// Env is added to the kernel's environment (KEY=VALUE), overriding the defaults.
	Env []string
	// Transport is "tcp" (default) or "ipc".
	Transport string
	// Key is the signing key; empty means a random one. NoKey disables signing.
	Key   string
	NoKey bool
	// Dir is the kernel's working directory; empty means a new temporary directory.
	Dir string
}

// Kernel is a gojup kernel process started by Start.
type Kernel struct {
	Conn     *wire.ConnectionInfo
	ConnFile string
	Cmd      *exec.Cmd
	// Dir is the kernel's working directory; Home its HOME.
	Dir, Home string
	// Client is connected to the kernel.
	Client *Client
	// Started is when the process was started.
	Started time.Time

	log      *syncbuf.Buffer
	exited   chan struct{}
	stopOnce sync.Once
}

// Start builds gojup if needed, starts `gojup kernel -f conn.json` on free ports with HOME,
// XDG and Jupyter directories in t.TempDir(), and connects a Client. MongoDB is off
// (GOJUP_MONGO=off) unless opts.Env sets it. The kernel is stopped on t's cleanup, and
// its log is printed if the test failed.
func Start(t testing.TB, opts ...Options) *Kernel {
	t.Helper()
	for attempt := 1; ; attempt++ {
		k, err := StartProcess(t, opts...)
		if err != nil {
			t.Fatal(err)
		}
		c, err := dialStarted(k)
		if err == nil {
			k.Client = c
			t.Cleanup(c.Close)
			return k
		}
		if !k.Exited(0) {
			t.Fatalf("kerneltest: %v\nkernel log:\n%s", err, k.Log())
		}
		// A free port picked by freeConnection can be taken by another process (a test
		// running in parallel) before the kernel binds it: pick new ones.
		if attempt < 3 && strings.Contains(k.Log(), "address already in use") {
			continue
		}
		t.Fatalf("kerneltest: the kernel exited during start (%v)\nkernel log:\n%s", k.Cmd.ProcessState, k.Log())
	}
}

// dialStarted connects a client to k, giving up early when k exits during start.
func dialStarted(k *Kernel) (*Client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go func() {
		select {
		case <-k.exited:
			cancel()
		case <-ctx.Done():
		}
	}()
	return Dial(ctx, k.Conn)
}

// StartProcess is Start without connecting a client.
func StartProcess(t testing.TB, opts ...Options) (*Kernel, error) {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	bin := Binary(t)
	tmp := t.TempDir()
	k := &Kernel{Home: filepath.Join(tmp, "home"), Dir: o.Dir, log: &syncbuf.Buffer{}}
	if k.Dir == "" {
		k.Dir = filepath.Join(tmp, "work")
	}
	for _, d := range []string{k.Home, k.Dir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	ci, err := freeConnection(o, tmp)
	if err != nil {
		return nil, err
	}
	k.Conn = ci
	k.ConnFile = filepath.Join(tmp, "conn.json")
	b, _ := json.Marshal(ci)
	if err := os.WriteFile(k.ConnFile, b, 0o600); err != nil {
		return nil, err
	}
	env := []string{}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "HOME" || strings.HasPrefix(name, "JUPYTER") || strings.HasPrefix(name, "XDG_") ||
			strings.HasPrefix(name, "GOJUP_") || name == "MONGODB_URI" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, build.env...)
	env = append(env, "HOME="+k.Home, "XDG_DATA_HOME="+filepath.Join(tmp, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache"),
		"JUPYTER_DATA_DIR="+filepath.Join(tmp, "jupyter-data"), "JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "jupyter-config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "jupyter-runtime"),
		"GOJUP_HISTORY_FILE="+filepath.Join(tmp, "history.json"), "GOJUP_MONGO=off")
	env = append(env, o.Env...)
	cmd := exec.Command(bin, "kernel", "-f", k.ConnFile)
	cmd.Env, cmd.Dir = env, k.Dir
	cmd.Stdout, cmd.Stderr = k.log, k.log
	k.Started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("kerneltest: start kernel: %w", err)
	}
	k.Cmd = cmd
	k.exited = make(chan struct{})
	go func() { _ = cmd.Wait(); close(k.exited) }()
	t.Cleanup(func() {
		k.Stop()
		if strings.Contains(k.Log(), "WARNING: DATA RACE") {
			t.Errorf("kerneltest: the kernel (built with -race) reported a data race")
		}
		if t.Failed() {
			t.Logf("kernel log:\n%s", k.Log())
		}
	})
	return k, nil
}

// Stop stops the kernel process: SIGTERM, then SIGKILL after 3 s. It is called on cleanup
// and may be called earlier; it returns once the process has exited.
func (k *Kernel) Stop() {
	k.stopOnce.Do(func() {
		if k.Client != nil {
			k.Client.Close()
		}
		_ = k.Cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-k.exited:
		case <-time.After(3 * time.Second):
			_ = k.Cmd.Process.Kill()
			<-k.exited
		}
	})
}

// Log returns what the kernel wrote to stdout and stderr so far.
func (k *Kernel) Log() string { return k.log.String() }

// Exited waits up to d for the kernel process to exit and reports whether it did.
func (k *Kernel) Exited(d time.Duration) bool {
	select {
	case <-k.exited:
		return true
	default:
	}
	select {
	case <-k.exited:
		return true
	case <-time.After(d):
		return false
	}
}

// NewClient connects another client to the kernel signing with key, which may be wrong
// (for tests of rejected messages). It does not wait for iopub_welcome, which a client
// with a wrong key cannot verify.
func (k *Kernel) NewClient(ctx context.Context, key string) (*Client, error) {
	ci := *k.Conn
	ci.Key = key
	return dial(ctx, &ci, false)
}

func freeConnection(o Options, tmp string) (*wire.ConnectionInfo, error) {
	ci := &wire.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", SignatureScheme: "hmac-sha256", Key: o.Key, KernelName: "gojup"}
	if ci.Key == "" && !o.NoKey {
		ci.Key = wire.NewID()
	}
	ports := []*int{&ci.ShellPort, &ci.ControlPort, &ci.StdinPort, &ci.IOPubPort, &ci.HBPort}
	if o.Transport == "ipc" {
		ci.Transport, ci.IP = "ipc", filepath.Join(tmp, "k")
		for i, p := range ports {
			*p = i + 1
		}
		return ci, nil
	}
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for _, p := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("kerneltest: free port: %w", err)
		}
		ls = append(ls, l)
		*p = l.Addr().(*net.TCPAddr).Port
	}
	return ci, nil
}
