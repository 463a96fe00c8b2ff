//go:build unix

package mongoenv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gojup/gojup/internal/syncbuf"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// serverBin is the gojup-mongod built by TestMain (empty if it could not be built).
var (
	serverBin      string
	serverBuildErr error
)

func TestMain(m *testing.M) {
	// Helper mode: the test binary acting as a second "kernel" (see startInOtherProcess).
	if os.Getenv("MONGOENV_TEST_HELPER") == "start" {
		uri, err := Start(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(uri)
		os.Exit(0)
	}
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "mongoenv-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	serverBin, serverBuildErr = buildServer(tmp)
	return m.Run()
}

// buildServer builds gojup-mongod from ../../mongod (its own module) into dir,
// or uses $GOJUP_MONGOD_TEST_BIN when set (e.g. bin/gojup-mongod from make).
func buildServer(dir string) (string, error) {
	if p := os.Getenv("GOJUP_MONGOD_TEST_BIN"); p != "" {
		return filepath.Abs(p)
	}
	out := filepath.Join(dir, BinaryName)
	cmd := exec.Command("go", "build", "-o", out, "./cmd/gojup-mongod")
	cmd.Dir = filepath.Join("..", "..", "mongod")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/gojup-mongod in ../../mongod: %v\n%s", err, b)
	}
	return out, nil
}

func needServer(t *testing.T) string {
	t.Helper()
	if serverBuildErr != nil {
		t.Skipf("\n\n*** SKIPPED: the mongod module does not build, so the embedded server cannot be tested ***\n%v\n\n", serverBuildErr)
	}
	return serverBin
}

// isolate points the package at a fresh cache dir and the test server binary,
// and makes sure every server started under that dir is stopped at the end.
func isolate(t *testing.T, bin string) string {
	t.Helper()
	cache := t.TempDir()
	t.Setenv("GOJUP_CACHE_DIR", cache)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(cache, "xdg")) // belt and braces: never the real home
	t.Setenv("HOME", filepath.Join(cache, "home"))
	t.Setenv("MONGODB_URI", "")
	os.Unsetenv("MONGODB_URI")
	t.Setenv("GOJUP_MONGOD", bin)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if _, _, err := stopShared(ctx, filepath.Join(cache, "mongod"), stopWait); err != nil {
			t.Errorf("cleanup: %v", err)
		}
		for _, pid := range serversUnder(cache) {
			t.Errorf("cleanup: gojup-mongod pid %d still running; killing it", pid)
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	return cache
}

// serversUnder lists live gojup-mongod processes whose command line mentions dir.
func serversUnder(dir string) []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		var pid int
		if _, err := fmt.Sscan(e.Name(), &pid); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || len(b) == 0 {
			continue
		}
		argv := bytes.Split(b, []byte{0})
		if strings.Contains(string(argv[0]), BinaryName) && bytes.Contains(b, []byte(dir)) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func TestStartWithMONGODB_URIStartsNothing(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("GOJUP_CACHE_DIR", cache)
	t.Setenv("GOJUP_MONGOD", "/nonexistent/gojup-mongod") // would fail if Start tried
	const want = "mongodb://ann:secret@db.example.com:27017/?authSource=admin"
	t.Setenv("MONGODB_URI", want)
	got, err := Start(context.Background())
	if err != nil || got != want {
		t.Fatalf("Start() = %q, %v; want %q, nil", got, err, want)
	}
	if ents, _ := os.ReadDir(cache); len(ents) != 0 {
		t.Errorf("Start created state in %s: %v", cache, ents)
	}
}

func TestStartWithoutBinary(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("GOJUP_CACHE_DIR", cache)
	t.Setenv("MONGODB_URI", "")
	os.Unsetenv("MONGODB_URI")
	t.Setenv("GOJUP_MONGOD", "")
	os.Unsetenv("GOJUP_MONGOD")
	t.Setenv("PATH", t.TempDir())
	_, err := Start(context.Background())
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("Start() error = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{"gojup-mongod", "make lab", "go install github.com/gojup/gojup/mongod/cmd/gojup-mongod", "MONGODB_URI"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

// startInOtherProcess runs Start in a fresh process (this test binary in
// helper mode), like a second kernel would.
func startInOtherProcess(ctx context.Context) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "MONGOENV_TEST_HELPER=start")
	return cmd
}

func TestSharedServer(t *testing.T) {
	bin := needServer(t)
	cache := isolate(t, bin)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// Two "kernels" start at the same moment, in separate processes.
	t0 := time.Now()
	var outs [2]bytes.Buffer
	var cmds [2]*exec.Cmd
	for i := range cmds {
		cmds[i] = startInOtherProcess(ctx)
		cmds[i].Stdout = &outs[i]
		cmds[i].Stderr = &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("kernel %d: Start failed: %v\n%s", i, err, outs[i].String())
		}
	}
	uri0, uri1 := strings.TrimSpace(outs[0].String()), strings.TrimSpace(outs[1].String())
	if uri0 != uri1 || !strings.HasPrefix(uri0, "mongodb://127.0.0.1:") {
		t.Fatalf("two kernels got %q and %q, want the same mongodb://127.0.0.1:PORT/ URI", uri0, uri1)
	}
	if pids := serversUnder(cache); len(pids) != 1 {
		t.Fatalf("%d gojup-mongod processes run, want 1: %v", len(pids), pids)
	}
	t.Logf("two kernel processes got %s after %v", uri0, time.Since(t0).Round(time.Millisecond))
	// The starting processes have exited: the server outlived them.
	uri, err := Start(ctx)
	if err != nil || uri != uri0 {
		t.Fatalf("third Start() = %q, %v; want %q (the running server)", uri, err, uri0)
	}
	fi, err := os.Stat(filepath.Join(cache, "mongod", "state.json"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}

	// A write through one kernel's server is seen by the next kernel.
	writeDoc(ctx, t, uri0, "persisted")

	var out bytes.Buffer
	if err := serve(ctx, []string{"status"}, &out, &out); err != nil || !strings.Contains(out.String(), uri0) {
		t.Errorf("gojup mongod status: %v, printed %q; want the URI %s", err, out.String(), uri0)
	}
	out.Reset()
	stopStart := time.Now()
	if err := serve(ctx, []string{"stop"}, &out, &out); err != nil || !strings.Contains(out.String(), "stopped") {
		t.Fatalf("gojup mongod stop: %v, printed %q", err, out.String())
	}
	t.Logf("stop with a client connected took %v", time.Since(stopStart).Round(time.Millisecond))
	if pids := serversUnder(cache); len(pids) != 0 {
		t.Fatalf("gojup-mongod still running after stop: %v", pids)
	}
	if _, err := os.Stat(filepath.Join(cache, "mongod", "state.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("state file left after stop: %v", err)
	}
	out.Reset()
	if err := serve(ctx, []string{"status"}, &out, &out); err != nil || !strings.Contains(out.String(), "not running") {
		t.Errorf("status after stop: %v, %q", err, out.String())
	}
	out.Reset()
	if err := serve(ctx, []string{"stop"}, &out, &out); err != nil || !strings.Contains(out.String(), "not running") {
		t.Errorf("second stop: %v, %q", err, out.String())
	}

	// Restart: same port when free (so old kernels' MONGODB_URI still works), same data.
	uri2, err := Start(ctx)
	if err != nil {
		t.Fatalf("Start after stop: %v", err)
	}
	if uri2 != uri0 {
		t.Logf("restarted server moved from %s to %s (old port taken?)", uri0, uri2)
	}
	if got := readDoc(ctx, t, uri2); got != "persisted" {
		t.Errorf("after restart the document reads %q, want %q", got, "persisted")
	}
}

func TestStaleStateIsReplaced(t *testing.T) {
	bin := needServer(t)
	cache := isolate(t, bin)
	dir := filepath.Join(cache, "mongod")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// A server that died without cleaning up (SIGKILL, reboot): a pid that
	// does not run gojup-mongod (our own) and a dead port.
	stale := fmt.Sprintf(`{"pid": %d, "uri": "mongodb://127.0.0.1:1/"}`, os.Getpid())
	if err := os.WriteFile(filepath.Join(dir, "state.json"), []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	uri, err := Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if uri == "mongodb://127.0.0.1:1/" {
		t.Fatal("Start returned the stale URI")
	}
	if pids := serversUnder(cache); len(pids) != 1 {
		t.Fatalf("%d servers, want 1", len(pids))
	}
}

func TestForegroundServerIsShared(t *testing.T) {
	bin := needServer(t)
	cache := isolate(t, bin)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	fgCtx, stopFg := context.WithCancel(ctx)
	defer stopFg()
	var out syncbuf.Buffer
	done := make(chan error, 1)
	go func() { done <- serve(fgCtx, []string{"--listen", "127.0.0.1:0"}, &out, &out) }()

	// Kernels started while `gojup mongod` runs use it.
	var st state
	for {
		var err error
		if st, err = readState(filepath.Join(cache, "mongod", "state.json")); err == nil {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("gojup mongod exited early: %v\n%s", err, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	uri, err := Start(ctx)
	if err != nil || uri != st.URI {
		t.Fatalf("Start() = %q, %v; want the foreground server's %q", uri, err, st.URI)
	}
	// A second foreground server on the shared data is refused clearly.
	if err := serve(ctx, []string{"--listen", "127.0.0.1:0"}, &out, &out); err == nil || !strings.Contains(err.Error(), "already runs") {
		t.Errorf("second gojup mongod: %v, want an 'already runs' error", err)
	}
	stopFg() // what Ctrl-C does through main's signal context
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("gojup mongod after SIGTERM: %v\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("gojup mongod did not stop within 20 s of SIGTERM")
	}
	if !strings.Contains(out.String(), "listening on "+st.URI) || !strings.Contains(out.String(), "stopped") {
		t.Errorf("foreground output:\n%s", out.String())
	}
	if pids := serversUnder(cache); len(pids) != 0 {
		t.Errorf("server still running: %v", pids)
	}
}

// TestBadURIFailsFastAndClearly is what a lesson cell does when no server
// answers: it must fail within the server selection timeout, naming the URI.
func TestBadURIFailsFastAndClearly(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	uri := "mongodb://learner:hunter2@" + addr + "/"
	const timeout = 2 * time.Second

	client, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(timeout))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // the cell's own, generous deadline
	defer cancel()
	start := time.Now()
	err = client.Ping(ctx, nil)
	took := time.Since(start)
	if err == nil {
		t.Fatal("Ping succeeded against a closed port")
	}
	if took > timeout+5*time.Second {
		t.Errorf("Ping failed after %v, want about the %v server selection timeout", took, timeout)
	}
	msg := ConnectError(uri, err).Error()
	t.Logf("after %v a learner sees:\n%s", took.Round(time.Millisecond), msg)
	for _, want := range []string{"cannot reach MongoDB at mongodb://learner:***@" + addr + "/", "server selection", "MONGODB_URI"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q", want)
		}
	}
	if strings.Contains(msg, "hunter2") {
		t.Error("message leaks the password")
	}
}

func writeDoc(ctx context.Context, t *testing.T, uri, v string) {
	t.Helper()
	c := connect(ctx, t, uri)
	if _, err := c.Database("mongoenv_test").Collection("c").InsertOne(ctx, bson.M{"_id": "k", "v": v}); err != nil {
		t.Fatalf("insert: %v", err)
	}
}

func readDoc(ctx context.Context, t *testing.T, uri string) string {
	t.Helper()
	c := connect(ctx, t, uri)
	var doc struct {
		V string `bson:"v"`
	}
	if err := c.Database("mongoenv_test").Collection("c").FindOne(ctx, bson.M{"_id": "k"}).Decode(&doc); err != nil {
		t.Fatalf("find: %v", err)
	}
	return doc.V
}

func connect(ctx context.Context, t *testing.T, uri string) *mongo.Client {
	t.Helper()
	c, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(10 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Disconnect(context.Background()) })
	return c
}
