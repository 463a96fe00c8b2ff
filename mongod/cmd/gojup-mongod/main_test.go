package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gojup/gojup/mongod"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

var (
	builtBin string // gojup-mongod built by TestMain
	buildErr error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gojup-mongod-test-")
	if err != nil {
		panic(err)
	}
	builtBin = filepath.Join(dir, "gojup-mongod")
	if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("go build: %v\n%s", err, out)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildBinary returns the gojup-mongod built for these tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func TestBinaryServesAndStopsOnSIGTERM(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	stateFile := filepath.Join(dir, "state.json")
	cmd := exec.Command(bin, "--data", filepath.Join(dir, "data"), "--listen", "127.0.0.1:0", "--state", stateFile)
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CACHE_HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("no output; stderr: %s", stderr.String())
	}
	first := lines.Text()
	st, err := mongod.ReadState(stateFile)
	if err != nil {
		t.Fatalf("state file not written before the URI was printed: %v", err)
	}
	if st.PID != cmd.Process.Pid || !strings.Contains(first, "listening on "+st.URI) {
		t.Fatalf("state %+v, output %q, pid %d", st, first, cmd.Process.Pid)
	}
	if fi, err := os.Stat(stateFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode: %v %v", fi.Mode(), err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := mongo.Connect(options.Client().ApplyURI(st.URI))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(ctx, nil); err != nil {
		t.Fatalf("ping %s: %v", st.URI, err)
	}
	_ = c.Disconnect(ctx)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest strings.Builder
	for lines.Scan() {
		rest.WriteString(lines.Text() + "\n")
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v; stderr: %s", err, stderr.String())
	}
	if !strings.Contains(rest.String(), "stopped") {
		t.Errorf("no 'stopped' line: %q", rest.String())
	}
	if _, err := os.Stat(stateFile); !os.IsNotExist(err) {
		t.Errorf("state file left behind: %v", err)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr at error log level should be empty, got: %s", stderr.String())
	}
}

func TestBinaryRejectsBadFlags(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--data", dir, "--listen", "0.0.0.0:0"},
		{"--data", dir, "--log-level", "loud"},
		{"--data", dir, "extra"},
	} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
			t.Errorf("%v: %v (want exit status 2)\n%s", args, err, out)
		}
		if !strings.HasPrefix(string(out), "gojup-mongod: ") {
			t.Errorf("%v: output %q", args, out)
		}
	}
}
