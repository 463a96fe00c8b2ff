//go:build unix

package mongoenv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

var lookPath = exec.LookPath

// state mirrors mongod.State in the github.com/gojup/gojup/mongod module:
// the JSON gojup-mongod writes to its --state file once it is listening.
type state struct {
	PID     int    `json:"pid"`
	URI     string `json:"uri"`
	DataDir string `json:"data"`
	Started string `json:"started"`
}

func readState(path string) (state, error) {
	var st state
	b, err := os.ReadFile(path)
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("mongoenv: state file %s: %w", path, err)
	}
	return st, nil
}

// startShared implements Start once MONGODB_URI is known to be unset.
func startShared(ctx context.Context, dir string) (string, error) {
	p := pathsIn(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("mongoenv: %w", err)
	}
	unlock, err := lockFile(ctx, p.lock, startTimeout+5*time.Second)
	if err != nil {
		return "", err
	}
	defer unlock()

	st, alive, err := running(ctx, p)
	if err != nil {
		return "", err
	}
	if alive {
		return st.URI, nil
	}
	bin, err := findBinary()
	if err != nil {
		return "", err
	}
	port := lastPort(p)
	uri, err := spawn(ctx, bin, p, port)
	if err != nil && port != "0" && errors.Is(err, errAddrInUse) {
		uri, err = spawn(ctx, bin, p, "0")
	}
	return uri, err
}

// running reports whether the state file names a live gojup-mongod that
// accepts connections. A state file naming a dead process is removed. A live
// server that does not answer is an error: starting a second one on the same
// data would fail.
func running(ctx context.Context, p paths) (state, bool, error) {
	st, err := readState(p.state)
	if errors.Is(err, os.ErrNotExist) {
		return st, false, nil
	}
	if err != nil || st.PID <= 0 || !isServer(st.PID) {
		os.Remove(p.state)
		return st, false, nil
	}
	addr, err := hostOf(st.URI)
	if err != nil {
		return st, false, err
	}
	// It was listening when it wrote the state file; give a busy machine a
	// few tries before calling it stuck.
	for range 3 {
		if accepts(ctx, addr) {
			return st, true, nil
		}
		if !isServer(st.PID) {
			os.Remove(p.state)
			return st, false, nil
		}
	}
	return st, false, fmt.Errorf("mongoenv: the shared gojup-mongod (pid %d) runs but does not accept connections at %s; stop it with `gojup mongod stop` (log: %s)",
		st.PID, Redact(st.URI), p.log)
}

// isServer reports whether pid is a live process that looks like
// gojup-mongod (checked through /proc where there is one, so that a recycled
// pid is not mistaken for the server).
func isServer(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return !dirExists("/proc/self") // no procfs: trust the pid
	}
	if len(b) == 0 {
		return false // zombie
	}
	argv0, _, _ := bytes.Cut(b, []byte{0})
	return strings.Contains(string(argv0), BinaryName)
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// lastPort returns the port the server used last time, if it is free now,
// so that a restarted server keeps its URI; else "0" (any free port).
func lastPort(p paths) string {
	b, err := os.ReadFile(p.port)
	if err != nil {
		return "0"
	}
	port := strings.TrimSpace(string(b))
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return "0"
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		return "0"
	}
	l.Close()
	return port
}

var errAddrInUse = errors.New("address already in use")

// spawn starts gojup-mongod detached on 127.0.0.1:port and waits until it
// has recorded its URI and accepts connections.
func spawn(ctx context.Context, bin string, p paths, port string) (string, error) {
	logf, err := openLog(p.log)
	if err != nil {
		return "", err
	}
	defer logf.Close() // the child has its own copy
	logStart, _ := logf.Seek(0, io.SeekEnd)
	fmt.Fprintf(logf, "--- %s: starting %s\n", time.Now().UTC().Format(time.RFC3339), bin)

	os.Remove(p.state)
	cmd := exec.Command(bin, "--data", p.data, "--listen", "127.0.0.1:"+port, "--state", p.state)
	cmd.Dir = p.dir
	cmd.Stdin = nil // /dev/null
	cmd.Stdout = logf
	cmd.Stderr = logf
	// Own session and process group: the server outlives the kernel and is
	// not hit by signals sent to the kernel's group (Ctrl-C in a terminal).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("mongoenv: starting %s: %w", bin, err)
	}
	pid := cmd.Process.Pid
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }() // reap it if it dies while we live

	deadline := time.NewTimer(startTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-exited:
			tail := logTail(p.log, logStart)
			if strings.Contains(tail, "address already in use") {
				return "", fmt.Errorf("mongoenv: %s: port %s: %w", BinaryName, port, errAddrInUse)
			}
			return "", fmt.Errorf("mongoenv: %s exited during start (%v): %s(log: %s)", BinaryName, err, tail, p.log)
		case <-deadline.C:
			_ = syscall.Kill(pid, syscall.SIGTERM)
			return "", fmt.Errorf("mongoenv: %s did not accept connections within %v; stopped it (log: %s): %s", BinaryName, startTimeout, p.log, logTail(p.log, logStart))
		case <-ctx.Done():
			_ = syscall.Kill(pid, syscall.SIGTERM)
			return "", fmt.Errorf("mongoenv: waiting for %s: %w", BinaryName, ctx.Err())
		case <-tick.C:
		}
		st, err := readState(p.state)
		if err != nil || st.PID != pid {
			continue
		}
		addr, err := hostOf(st.URI)
		if err != nil {
			return "", err
		}
		if !accepts(ctx, addr) {
			continue
		}
		if _, port, err := net.SplitHostPort(addr); err == nil {
			_ = os.WriteFile(p.port, []byte(port+"\n"), 0o600)
		}
		return st.URI, nil
	}
}

// openLog opens the server log for appending, starting afresh when it has
// grown past 1 MiB (the previous one is kept as .old).
func openLog(path string) (*os.File, error) {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 1<<20 {
		_ = os.Rename(path, path+".old")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("mongoenv: server log: %w", err)
	}
	return f, nil
}

// logTail returns what the log got after offset, at most its last 2 KiB.
func logTail(path string, offset int64) string {
	b, err := os.ReadFile(path)
	if err != nil || int64(len(b)) < offset {
		return ""
	}
	b = b[offset:]
	if len(b) > 2048 {
		b = b[len(b)-2048:]
	}
	return string(b)
}

// lockFile takes an exclusive flock on path, polling until it is free, ctx is
// done or wait has passed. The descriptor is close-on-exec, so a server
// started while it is held does not inherit the lock.
func lockFile(ctx context.Context, path string, wait time.Duration) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("mongoenv: lock: %w", err)
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				_ = f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("mongoenv: lock %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("mongoenv: another gojup process holds %s for more than %v", path, wait)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("mongoenv: waiting for lock %s: %w", path, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stopShared stops the shared server: SIGTERM, then wait up to wait for it
// to exit (it closes connections and SQLite files and removes its state
// file). If it is still running after that it is killed and an error says so.
// It reports whether a server was running.
func stopShared(ctx context.Context, dir string, wait time.Duration) (st state, wasRunning bool, err error) {
	p := pathsIn(dir)
	if !dirExists(dir) {
		return st, false, nil
	}
	unlock, err := lockFile(ctx, p.lock, startTimeout+5*time.Second)
	if err != nil {
		return st, false, err
	}
	defer unlock()
	st, err = readState(p.state)
	if errors.Is(err, os.ErrNotExist) {
		return st, false, nil
	}
	if err != nil || st.PID <= 0 || !isServer(st.PID) {
		os.Remove(p.state)
		return st, false, nil
	}
	if err := syscall.Kill(st.PID, syscall.SIGTERM); err != nil {
		return st, true, fmt.Errorf("mongoenv: stopping gojup-mongod (pid %d): %w", st.PID, err)
	}
	deadline := time.Now().Add(wait)
	for isServer(st.PID) {
		if time.Now().After(deadline) || ctx.Err() != nil {
			_ = syscall.Kill(st.PID, syscall.SIGKILL)
			os.Remove(p.state)
			return st, true, fmt.Errorf("mongoenv: gojup-mongod (pid %d) did not exit within %v of SIGTERM; killed it (log: %s)", st.PID, wait, p.log)
		}
		time.Sleep(10 * time.Millisecond)
	}
	os.Remove(p.state) // normally gone already
	return st, true, nil
}

// serverStatus returns the running shared server's state, if any.
func serverStatus(ctx context.Context, dir string) (state, bool, error) {
	p := pathsIn(dir)
	if !dirExists(dir) {
		return state{}, false, nil
	}
	return running(ctx, p)
}
