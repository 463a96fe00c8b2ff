package kernel_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
	"github.com/gojup/gojup/kernel/wire"
)

func timeout(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// run executes code and fails the test unless the reply has status want.
func run(t *testing.T, c *kerneltest.Client, code, want string) *kerneltest.Result {
	t.Helper()
	r, err := c.Execute(timeout(t, 60*time.Second), code)
	if err != nil {
		t.Fatalf("execute %q: %v", code, err)
	}
	if r.Status != want {
		t.Fatalf("execute %q: status %q, want %q; error %+v; stderr %q", code, r.Status, want, r.Error(), r.Stderr())
	}
	return r
}

func TestKernelInfo(t *testing.T) {
	k := kerneltest.Start(t)
	info, err := k.Client.KernelInfo(timeout(t, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if info["protocol_version"] != "5.4" || info["implementation"] != "gojup" || info["status"] != "ok" {
		t.Errorf("kernel_info = %v", info)
	}
	li, _ := info["language_info"].(map[string]any)
	for key, want := range map[string]string{"name": "go", "mimetype": "text/x-go", "file_extension": ".go",
		"pygments_lexer": "go", "codemirror_mode": "go"} {
		if li[key] != want {
			t.Errorf("language_info[%s] = %v, want %s", key, li[key], want)
		}
	}
	if v, _ := li["version"].(string); !regexp.MustCompile(`^1\.\d+`).MatchString(v) {
		t.Errorf("language_info.version = %q", v)
	}
}

func TestIOPubWelcome(t *testing.T) {
	k := kerneltest.Start(t)
	w := k.Client.Welcome()
	if len(w) == 0 {
		t.Fatal("no iopub_welcome")
	}
	var c struct {
		Subscription *string `json:"subscription"`
	}
	if err := json.Unmarshal(w[0].Content, &c); err != nil || c.Subscription == nil || *c.Subscription != "" {
		t.Errorf("iopub_welcome content = %s", w[0].Content)
	}
}

func TestIPCTransport(t *testing.T) {
	k := kerneltest.Start(t, kerneltest.Options{Transport: "ipc"})
	if _, err := k.Client.KernelInfo(timeout(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
}

func TestExecuteKeepsState(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, "x := 41", "ok")
	r := run(t, c, "x + 1", "ok")
	if got := strings.TrimSpace(r.Text()); got != "42" {
		t.Errorf("x + 1 = %q, want 42", got)
	}
	var reply struct {
		ExecutionCount int `json:"execution_count"`
	}
	_ = r.ReplyContent(&reply)
	if reply.ExecutionCount != 2 {
		t.Errorf("execution_count = %d, want 2", reply.ExecutionCount)
	}
	r = run(t, c, "import \"fmt\"\nfmt.Println(\"hello\", x)", "ok")
	if r.Stdout() != "hello 41\n" {
		t.Errorf("stdout = %q", r.Stdout())
	}
}

func TestStreamingBeforeReply(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, `import ("fmt"; "time")`, "ok")
	m, err := c.SendExecute("fmt.Println(\"first\")\ntime.Sleep(time.Second)\nfmt.Println(\"second\")", kerneltest.ExecuteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := timeout(t, 30*time.Second)
	if _, err := c.WaitIOPub(ctx, m.Header.MsgID, func(o *wire.Message) bool { return o.Header.MsgType == "stream" }); err != nil {
		t.Fatal(err)
	}
	// The first line is out while the cell still sleeps for a second: nothing after it yet.
	for _, o := range c.IOPub(m.Header.MsgID) {
		if typ := o.Header.MsgType; typ == "stream" && strings.Contains(string(o.Content), "second") ||
			typ == "status" && strings.Contains(string(o.Content), `"idle"`) {
			t.Errorf("the first line was not published before the cell ended: %s", o.Content)
		}
	}
	r, err := c.ExecuteResult(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if r.Stdout() != "first\nsecond\n" {
		t.Errorf("stdout = %q", r.Stdout())
	}
	firstStream, reply := -1, -1
	for i, o := range c.IOPub(m.Header.MsgID) {
		if o.Header.MsgType == "stream" && firstStream < 0 {
			firstStream = i
		}
		if o.Header.MsgType == "status" && strings.Contains(string(o.Content), "idle") {
			reply = i
		}
	}
	if firstStream < 0 || firstStream > reply {
		t.Errorf("stream index %d, idle index %d", firstStream, reply)
	}
}

func TestErrorHasCellPosition(t *testing.T) {
	k := kerneltest.Start(t)
	r := run(t, k.Client, "a := 1\nb := undefinedThing + a", "error")
	e := r.Error()
	if e == nil {
		t.Fatal("no error output")
	}
	all := e.EValue + "\n" + strings.Join(e.Traceback, "\n")
	if !strings.Contains(all, "undefinedThing") || !regexp.MustCompile(`\b2:\d+`).MatchString(all) {
		t.Errorf("error does not name line 2: %+v", e)
	}
	if strings.Contains(all, "_.go") {
		t.Errorf("error shows interpreter positions: %+v", e)
	}
}

func TestStopOnErrorAborts(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	ctx := timeout(t, 60*time.Second)
	m1, _ := c.SendExecute("a := 1\nb := undefinedThing + a", kerneltest.ExecuteOptions{})
	m2, _ := c.SendExecute("y := 2", kerneltest.ExecuteOptions{})
	m3, _ := c.SendExecute("z := 3", kerneltest.ExecuteOptions{})
	for i, m := range []*wire.Message{m1, m2, m3} {
		r, err := c.ExecuteResult(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{0: "error", 1: "aborted", 2: "aborted"}[i]
		if r.Status != want {
			t.Errorf("request %d: status %q, want %q", i+1, r.Status, want)
		}
	}
	run(t, c, "y", "error") // the aborted cell never ran
	run(t, c, "1 + 1", "ok")
}

func TestHistory(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, "h1 := 10", "ok")
	run(t, c, "h2 := h1 * 2", "ok")
	ctx := timeout(t, 10*time.Second)
	get := func(content map[string]any) [][]any {
		t.Helper()
		r, err := c.Request(ctx, "shell", "history_request", content)
		if err != nil {
			t.Fatal(err)
		}
		var h struct {
			Status  string  `json:"status"`
			History [][]any `json:"history"`
		}
		if err := json.Unmarshal(r.Content, &h); err != nil || h.Status != "ok" {
			t.Fatalf("history reply %s", r.Content)
		}
		return h.History
	}
	tail := get(map[string]any{"hist_access_type": "tail", "n": 2, "output": false, "raw": true})
	if len(tail) != 2 || tail[0][2] != "h1 := 10" || tail[1][2] != "h2 := h1 * 2" {
		t.Errorf("tail = %v", tail)
	}
	rng := get(map[string]any{"hist_access_type": "range", "session": 0, "start": 2, "stop": 3, "output": false, "raw": true})
	if len(rng) != 1 || rng[0][2] != "h2 := h1 * 2" {
		t.Errorf("range = %v", rng)
	}
	search := get(map[string]any{"hist_access_type": "search", "pattern": "h2*", "n": 5, "unique": true, "output": false, "raw": true})
	if len(search) != 1 || search[0][2] != "h2 := h1 * 2" {
		t.Errorf("search = %v", search)
	}
	info, err := os.Stat(filepath.Join(filepath.Dir(k.ConnFile), "history.json"))
	if err == nil && info.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v", info.Mode().Perm())
	}
}

func TestIsComplete(t *testing.T) {
	k := kerneltest.Start(t)
	for code, want := range map[string]string{
		"x := 1":             "complete",
		"func f() {":         "incomplete",
		"s := `raw":          "incomplete",
		"x := )":             "invalid",
		"fmt.Println(\"a\")": "complete",
	} {
		r, err := k.Client.Request(timeout(t, 10*time.Second), "shell", "is_complete_request", map[string]any{"code": code})
		if err != nil {
			t.Fatal(err)
		}
		var c struct{ Status string }
		_ = json.Unmarshal(r.Content, &c)
		if c.Status != want {
			t.Errorf("is_complete(%q) = %s, want %s", code, c.Status, want)
		}
	}
}

func TestUnknownRequestGetsError(t *testing.T) {
	k := kerneltest.Start(t)
	r, err := k.Client.Request(timeout(t, 10*time.Second), "shell", "frobnicate_request", map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.MsgType != "frobnicate_reply" || !strings.Contains(string(r.Content), "UnknownRequest") {
		t.Errorf("reply %s %s", r.Header.MsgType, r.Content)
	}
}

func TestInterruptInfiniteLoop(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, "n := 5", "ok")
	ctx := timeout(t, 30*time.Second)
	m, err := c.SendExecute("for {}", kerneltest.ExecuteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitIOPub(ctx, m.Header.MsgID, func(o *wire.Message) bool { return o.Header.MsgType == "execute_input" }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // let the loop start spinning
	start := time.Now()
	if err := c.Interrupt(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := c.ExecuteResult(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("interrupt → reply in %v", time.Since(start))
	if r.Status != "error" || r.Error() == nil || r.Error().EName != "Interrupted" {
		t.Errorf("status %s error %+v", r.Status, r.Error())
	}
	if got := strings.TrimSpace(run(t, c, "n * 2", "ok").Text()); got != "10" {
		t.Errorf("after interrupt n*2 = %q", got)
	}
}

func TestWrongKeyIsNeverExecuted(t *testing.T) {
	k := kerneltest.Start(t)
	ctx := timeout(t, 30*time.Second)
	bad, err := k.NewClient(ctx, "wrong-key")
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	marker := filepath.Join(k.Dir, "pwned")
	code := "import \"os\"\nos.WriteFile(" + strconvQuote(marker) + ", []byte(\"x\"), 0o644)"
	if _, err := bad.SendExecute(code, kerneltest.ExecuteOptions{}); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(k.Log(), "bad signature") {
		if ctx.Err() != nil {
			t.Fatalf("kernel did not log the rejected message")
		}
		time.Sleep(10 * time.Millisecond)
	}
	run(t, k.Client, "1 + 1", "ok")
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the badly signed cell ran")
	}
	if strings.Contains(k.Log(), k.Conn.Key) {
		t.Error("the kernel log contains the key")
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestGoroutinePanicIsReported(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, "import \"time\"\nfunc double(n int) int { return 2 * n }", "ok")
	r := run(t, c, "go func() { panic(\"x\") }()\ntime.Sleep(2 * time.Second)", "error")
	e := r.Error()
	if e == nil || !strings.Contains(e.EName+": "+e.EValue+"\n"+strings.Join(e.Traceback, "\n"), "panic: x") {
		t.Fatalf("crash error = %+v", e)
	}
	if got := strings.TrimSpace(run(t, c, "double(21)", "ok").Text()); got != "42" {
		t.Errorf("after the panic double(21) = %q", got)
	}
}

func TestKilledWorkerIsReplacedAndDeclarationsRestored(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, "import (\"os\"; \"syscall\")\nfunc double(n int) int { return 2 * n }\nv := 7", "ok")
	r := run(t, c, "syscall.Kill(os.Getpid(), syscall.SIGKILL)", "error")
	e := r.Error()
	if e == nil || !strings.Contains(e.EValue, "killed by signal 9") {
		t.Fatalf("error = %+v", e)
	}
	if !strings.Contains(r.Stderr(), "worker restarted") {
		t.Errorf("no restart notice; stderr %q", r.Stderr())
	}
	if got := strings.TrimSpace(run(t, c, "double(21)", "ok").Text()); got != "42" {
		t.Errorf("after the crash double(21) = %q", got)
	}
}

func TestOutputFloodIsBatched(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	const n = 100000
	r := run(t, c, "import \"fmt\"\nfor i := 0; i < 100000; i++ { fmt.Println(i) }", "ok")
	out := r.Stdout()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != n || lines[0] != "0" || lines[n-1] != "99999" {
		t.Fatalf("got %d lines", len(lines))
	}
	msgs := 0
	for _, o := range r.Outputs {
		if o.Header.MsgType == "stream" {
			msgs++
		}
	}
	if msgs > n/100 {
		t.Errorf("%d stream messages for %d lines: not batched", msgs, n)
	}
}

func TestOutputLimit(t *testing.T) {
	k := kerneltest.Start(t, kerneltest.Options{Env: []string{"GOJUP_MAX_OUTPUT=100KiB"}})
	r := run(t, k.Client, "import \"strings\"\nimport \"fmt\"\nfor i := 0; i < 100; i++ { fmt.Println(strings.Repeat(\"x\", 9999)) }", "ok")
	if n := len(r.Stdout()); n > 100<<10 || n < 90<<10 {
		t.Errorf("stdout length %d, want just under 100 KiB", n)
	}
	if !strings.Contains(r.Stderr(), "[output truncated: the cell printed more than") {
		t.Errorf("no truncation notice; stderr %q", r.Stderr())
	}
	run(t, k.Client, "1 + 1", "ok")
}

func TestShutdown(t *testing.T) {
	k := kerneltest.Start(t)
	run(t, k.Client, "1 + 1", "ok")
	if err := k.Client.Shutdown(timeout(t, 10*time.Second), false); err != nil {
		t.Fatal(err)
	}
	if !k.Exited(5 * time.Second) {
		t.Fatal("kernel still running after shutdown_request")
	}
}

func TestHeartbeatWhileCellSpinsOnAllCores(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, `import "runtime"`, "ok")
	ctx := timeout(t, 60*time.Second)
	m, err := c.SendExecute("for i := 0; i < runtime.NumCPU(); i++ { go func() { for {} }() }\nfor {}", kerneltest.ExecuteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitIOPub(ctx, m.Header.MsgID, func(o *wire.Message) bool { return o.Header.MsgType == "execute_input" }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	var worst time.Duration
	for range 10 {
		d, err := c.Heartbeat(timeout(t, 5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		worst = max(worst, d)
	}
	t.Logf("worst heartbeat round trip while spinning: %v", worst)
	if worst > 500*time.Millisecond {
		t.Errorf("heartbeat took %v", worst)
	}
	// SIGINT to the kernel interrupts the cell like interrupt_request.
	if err := k.Cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	r, err := c.ExecuteResult(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "error" || r.Error() == nil || r.Error().EName != "Interrupted" {
		t.Errorf("after SIGINT: status %s error %+v", r.Status, r.Error())
	}
	run(t, c, "1 + 1", "ok")
}

func TestNoOrphansAfterWorkerDeath(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	arg := "4242.17" // an unusual argument to find the process by
	run(t, c, "import (\"os\"; \"os/exec\"; \"syscall\")\ncmd := exec.Command(\"sleep\", \""+arg+"\")\nerr := cmd.Start()\nerr", "ok")
	if !processWithArg(arg) {
		t.Fatal("the cell's child process is not running")
	}
	run(t, c, "syscall.Kill(os.Getpid(), syscall.SIGKILL)", "error")
	if processWithArg(arg) {
		t.Error("the cell's child process outlived its worker")
	}
}

// processWithArg reports whether a process with arg in its command line is running.
func processWithArg(arg string) bool {
	ds, _ := os.ReadDir("/proc")
	for _, d := range ds {
		b, _ := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
		if strings.Contains(string(b), arg) {
			st, _ := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
			if !strings.Contains(string(st), ") Z ") { // zombies awaiting their reaper do not count
				return true
			}
		}
	}
	return false
}

func TestShellShutdownWithRestartFlag(t *testing.T) {
	k := kerneltest.Start(t)
	r, err := k.Client.Request(timeout(t, 10*time.Second), "shell", "shutdown_request", map[string]any{"restart": true})
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Status  string `json:"status"`
		Restart bool   `json:"restart"`
	}
	if err := json.Unmarshal(r.Content, &c); err != nil || c.Status != "ok" || !c.Restart {
		t.Errorf("shutdown_reply %s", r.Content)
	}
	if !k.Exited(5 * time.Second) {
		t.Fatal("kernel still running after shutdown_request")
	}
}

func TestCommsAreDeclined(t *testing.T) {
	k := kerneltest.Start(t)
	ctx := timeout(t, 10*time.Second)
	r, err := k.Client.Request(ctx, "shell", "comm_info_request", map[string]any{})
	if err != nil || !strings.Contains(string(r.Content), `"comms":{}`) {
		t.Fatalf("comm_info_reply %v %v", r, err)
	}
	m, err := k.Client.Send("shell", "comm_open", map[string]any{"comm_id": "c1", "target_name": "jupyter.widget", "data": map[string]any{}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Client.WaitIOPub(ctx, m.Header.MsgID, func(o *wire.Message) bool {
		return o.Header.MsgType == "comm_close" && strings.Contains(string(o.Content), "c1")
	}); err != nil {
		t.Fatal("no comm_close for an unknown comm target")
	}
}

func TestWorkerDeathBetweenCellsIsReportedAndRecovered(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, "import (\"os\"; \"syscall\"; \"time\")\nfunc triple(n int) int { return 3 * n }", "ok")
	r := run(t, c, "go func() { time.Sleep(300 * time.Millisecond); syscall.Kill(os.Getpid(), syscall.SIGKILL) }()", "ok")
	ctx := timeout(t, 30*time.Second)
	id := r.Request.Header.MsgID
	// The death is reported under the cell that ran last, after its idle status.
	if _, err := c.WaitIOPub(ctx, id, func(o *wire.Message) bool {
		return o.Header.MsgType == "error" && strings.Contains(string(o.Content), "killed by signal 9")
	}); err != nil {
		t.Fatal("no error output for the worker that died between cells")
	}
	if _, err := c.WaitIOPub(ctx, id, func(o *wire.Message) bool {
		return o.Header.MsgType == "stream" && strings.Contains(string(o.Content), "worker restarted")
	}); err != nil {
		t.Fatal("no restart notice")
	}
	if got := strings.TrimSpace(run(t, c, "triple(14)", "ok").Text()); got != "42" {
		t.Errorf("after the restart triple(14) = %q", got)
	}
}

func TestMemoryLimitStopsTheCell(t *testing.T) {
	k := kerneltest.Start(t, kerneltest.Options{Env: []string{"GOJUP_MEMORY_LIMIT=300MiB"}})
	c := k.Client
	run(t, c, "import \"bytes\"\nfunc quad(n int) int { return 4 * n }", "ok")
	r := run(t, c, "var keep [][]byte\nfor { keep = append(keep, bytes.Repeat([]byte{1}, 16<<20)) }", "error")
	e := r.Error()
	if e == nil || e.EName != "out of memory" || !strings.Contains(e.EValue, "more than 300 MiB") ||
		!strings.Contains(e.EValue, "GOJUP_MEMORY_LIMIT") {
		t.Fatalf("error = %+v", e)
	}
	if got := strings.TrimSpace(run(t, c, "quad(10) + 2", "ok").Text()); got != "42" {
		t.Errorf("after the restart quad(10)+2 = %q", got)
	}
}

func TestStdinRoundTrip(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	c.OnInput(func(prompt string, password bool) string { return "gopher" })
	r, err := c.ExecuteWith(timeout(t, 30*time.Second), "import (\"bufio\"; \"fmt\"; \"os\")\nline, _ := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Printf(\"hello %s\", line)",
		kerneltest.ExecuteOptions{AllowStdin: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "ok" || r.Stdout() != "hello gopher\n" {
		t.Errorf("status %s stdout %q error %+v", r.Status, r.Stdout(), r.Error())
	}
}

func TestInterruptBlockedMutex(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, "import \"sync\"\nfunc five() int { return 5 }", "ok")
	ctx := timeout(t, 30*time.Second)
	m, err := c.SendExecute("var mu sync.Mutex\nmu.Lock()\nmu.Lock()", kerneltest.ExecuteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitIOPub(ctx, m.Header.MsgID, func(o *wire.Message) bool { return o.Header.MsgType == "execute_input" }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	if err := c.Interrupt(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := c.ExecuteResult(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("interrupt of a blocked Mutex.Lock → reply in %v; stderr %q", time.Since(start), r.Stderr())
	if r.Status != "error" || r.Error() == nil || r.Error().EName != "Interrupted" {
		t.Errorf("status %s error %+v", r.Status, r.Error())
	}
	if got := strings.TrimSpace(run(t, c, "five() * 2", "ok").Text()); got != "10" {
		t.Errorf("after the interrupt five()*2 = %q", got)
	}
}
