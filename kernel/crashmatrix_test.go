package kernel_test

// The crash matrix and the interrupt list of issue 3, as tests through a real kernel
// process and the Go ZMQ client. Each test logs a summary table; run with -v to see it.

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
	"github.com/gojup/gojup/kernel/wire"
)

// hbMonitor pings the kernel's heartbeat every 50 ms until stopped.
type hbMonitor struct {
	stop chan struct{}
	done chan struct{}

	mu    sync.Mutex
	n     int
	fails int
	worst time.Duration
}

func startHeartbeat(c *kerneltest.Client) *hbMonitor {
	h := &hbMonitor{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			d, err := c.Heartbeat(ctx)
			cancel()
			h.mu.Lock()
			h.n++
			if err != nil {
				h.fails++
			}
			h.worst = max(h.worst, d)
			h.mu.Unlock()
			if err != nil {
				return // a REQ socket without its reply cannot send again
			}
			select {
			case <-h.stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return h
}

// finish stops the monitor and fails t if a heartbeat went unanswered for 2 s.
func (h *hbMonitor) finish(t *testing.T) (n int, worst time.Duration) {
	t.Helper()
	close(h.stop)
	<-h.done
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fails > 0 || h.n == 0 {
		t.Errorf("heartbeat: %d of %d pings unanswered within 2 s", h.fails, h.n)
	}
	return h.n, h.worst
}

// allText is everything a failed cell showed: ename, evalue, traceback and stderr.
func allText(r *kerneltest.Result) string {
	var sb strings.Builder
	if e := r.Error(); e != nil {
		sb.WriteString(e.EName + ": " + e.EValue + "\n" + strings.Join(e.Traceback, "\n") + "\n")
	}
	sb.WriteString(r.Stderr())
	return sb.String()
}

var restartNotice = regexp.MustCompile(`worker restarted in ([0-9.]+[µm]?s)(?:; declarations of (\d+) cells restored in ([0-9.]+[µm]?s))?`)

// restartTimes parses the restart notice: total restart time and restore time.
func restartTimes(stderr string) (total, restore time.Duration, ok bool) {
	m := restartNotice.FindStringSubmatch(stderr)
	if m == nil {
		return 0, 0, false
	}
	total, _ = time.ParseDuration(m[1])
	if m[3] != "" {
		restore, _ = time.ParseDuration(m[3])
	}
	return total, restore, true
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond)) }

// pidAlive reports whether pid is a running (not zombie) process.
func pidAlive(pid int) bool {
	st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	return err == nil && !strings.Contains(string(st), ") Z ")
}

// procRSS returns the resident memory of pid in bytes.
func procRSS(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.ParseInt(f[1], 10, 64)
	return n * int64(os.Getpagesize())
}

// The session every crash row must get back after its crash.
const crashSessionDecls = "import (\"fmt\"; \"strings\")\n" +
	"type Point struct{ X, Y int }\n" +
	"func (p Point) Sum() int { return p.X + p.Y }\n" +
	"const Answer = 42\n" +
	"func shout(s string) string { return strings.ToUpper(s) + \"!\" }"

const crashSessionCheck = "fmt.Sprintf(\"%s %d %d\", shout(\"back\"), Point{1, 2}.Sum(), Answer)"
const crashSessionWant = "BACK! 3 42"

type crashRow struct {
	name string
	code string
	// want are substrings of what the user sees (ename, evalue, traceback, stderr).
	want []string
	// ename, when set, is the exact ename.
	ename string
	// status is the reply status; "" means "error".
	status string
	// survives: the worker is not replaced (the session is kept as it is).
	survives bool
	// check runs extra assertions on the result.
	check func(t *testing.T, k *kerneltest.Kernel, r *kerneltest.Result)
}

type crashLine struct {
	row, ename, evalue, restart, restore, next, hb string
}

// TestCrashMatrix runs each crash row of issue 3 against one kernel (with a low memory
// limit and a low output limit) and checks what the user sees and the session after.
func TestCrashMatrix(t *testing.T) {
	t.Parallel()
	k := kerneltest.Start(t, kerneltest.Options{Env: []string{"GOJUP_MEMORY_LIMIT=300MiB", "GOJUP_MAX_OUTPUT=1MiB"}})
	c := k.Client
	run(t, c, crashSessionDecls, "ok")

	var sleepPid int
	rows := []crashRow{
		{name: "go func(){ panic }()", code: "import \"time\"\ngo func() { panic(\"x\") }()\ntime.Sleep(10 * time.Second)",
			ename: "panic", want: []string{"panic: x", "goroutine", "created by the go statement at cell 2:1"}},
		{name: "panic in time.AfterFunc", code: "import \"time\"\ntime.AfterFunc(time.Millisecond, func() { panic(\"from AfterFunc\") })\ntime.Sleep(10 * time.Second)",
			ename: "panic", want: []string{"panic: from AfterFunc", "created by time.AfterFunc at cell 2:1"}},
		{name: "panic in http.HandlerFunc", code: "import (\"net/http\"; \"net/http/httptest\")\n" +
			"srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(\"in handler\") }))\n" +
			"defer srv.Close()\n_, err := http.Get(srv.URL)\nif err != nil { panic(err) }",
			// net/http recovers a handler's panic (as in any Go program): the server logs it with
			// its stack and closes the connection; the cell sees the failed request.
			survives: true, want: []string{"http: panic serving", "in handler", "EOF"}},
		{name: "concurrent map writes", code: "import \"time\"\nm := map[int]int{}\n" +
			"for g := 0; g < 2; g++ { go func() { for i := 0; ; i++ { m[i%64] = i } }() }\ntime.Sleep(20 * time.Second)",
			ename: "fatal error", want: []string{"fatal error: concurrent map writes", "goroutine"}},
		// Under a memory limit below Go's 1 GB maximum stack, the worker lowers its maximum
		// stack (debug.SetMaxStack, a quarter of GOMEMLIMIT), so deep recursion is still a
		// stack overflow. With the default limit see TestInfiniteRecursionIsAStackOverflow.
		{name: "infinite recursion, 300 MiB limit", code: "func down(n int) int { return down(n+1) + 1 }\ndown(0)",
			ename: "fatal error", want: []string{"stack overflow", "goroutine stack exceeds"}},
		{name: "os.Exit(3)", code: "import \"os\"\nos.Exit(3)", ename: "exit status 3", want: []string{"os.Exit(3)"}},
		{name: "log.Fatal(\"x\")", code: "import \"log\"\nlog.Fatal(\"fatal-x\")", ename: "exit status 1", want: []string{"log.Fatal", "fatal-x"}},
		{name: "runtime.Goexit()", code: "import \"runtime\"\nruntime.Goexit()", ename: "Goexit", survives: true,
			want: []string{"runtime.Goexit"}},
		{name: "memory over GOJUP_MEMORY_LIMIT", code: "import \"bytes\"\nvar keep [][]byte\nfor { keep = append(keep, bytes.Repeat([]byte{1}, 16<<20)) }",
			ename: "out of memory", want: []string{"the cell used more than 300 MiB", "GOJUP_MEMORY_LIMIT"},
			check: func(t *testing.T, k *kerneltest.Kernel, r *kerneltest.Result) {
				if n := procRSS(k.Cmd.Process.Pid); n > 200<<20 {
					t.Errorf("kernel RSS after the worker's OOM: %d MiB", n>>20)
				}
			}},
		{name: "exec sleep 1000, then crash", code: "import (\"fmt\"; \"os/exec\"; \"time\")\ncmd := exec.Command(\"sleep\", \"1000\")\n" +
			"if err := cmd.Start(); err != nil { panic(err) }\nfmt.Println(\"pid\", cmd.Process.Pid)\ntime.Sleep(200 * time.Millisecond)\n" +
			"go func() { panic(\"crash after starting a child\") }()\ntime.Sleep(10 * time.Second)",
			ename: "panic", want: []string{"panic: crash after starting a child"},
			check: func(t *testing.T, k *kerneltest.Kernel, r *kerneltest.Result) {
				f := strings.Fields(r.Stdout())
				if len(f) != 2 || f[0] != "pid" {
					t.Fatalf("stdout %q, want the child's pid", r.Stdout())
				}
				sleepPid, _ = strconv.Atoi(f[1])
				deadline := time.Now().Add(2 * time.Second)
				for pidAlive(sleepPid) && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if pidAlive(sleepPid) {
					t.Errorf("orphan: the cell's `sleep 1000` (pid %d) outlived its worker", sleepPid)
				}
			}},
		{name: "1 GB of output, GOJUP_MAX_OUTPUT=1MiB", status: "ok", survives: true,
			code: "import (\"os\"; \"strings\")\nline := strings.Repeat(\"y\", 1023) + \"\\n\"\nchunk := strings.Repeat(line, 1024)\n" +
				"os.Stdout.WriteString(\"FIRST\\n\")\nfor i := 0; i < 1024; i++ { os.Stdout.WriteString(chunk) }",
			want: []string{"[output truncated: the cell printed more than 1 MiB; the rest was discarded]"},
			check: func(t *testing.T, k *kerneltest.Kernel, r *kerneltest.Result) {
				out := r.Stdout()
				if !strings.HasPrefix(out, "FIRST\n"+strings.Repeat("y", 1023)+"\n") || len(out) > 1<<20 || len(out) < 1<<20-1024 {
					t.Errorf("stdout: %d bytes, starts %q", len(out), out[:min(len(out), 20)])
				}
				if strings.Trim(out[6:], "y\n") != "" {
					t.Error("stdout before the cut is not the cell's output")
				}
				streams := 0
				for _, o := range r.Outputs {
					if o.Header.MsgType == "stream" {
						streams++
					}
				}
				if streams > 100 {
					t.Errorf("%d stream messages for 1 MiB: not batched", streams)
				}
				if n := procRSS(k.Cmd.Process.Pid); n > 200<<20 {
					t.Errorf("kernel RSS after 1 GB of output: %d MiB", n>>20)
				}
				t.Logf("stdout kept %d bytes in %d stream messages; kernel RSS %d MiB", len(out), streams, procRSS(k.Cmd.Process.Pid)>>20)
			}},
	}
	var table []crashLine
	told := map[string]bool{}
	lostNames := regexp.MustCompile(`\blost\d+\b`)
	for i, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			line := crashLine{row: row.name, ename: "-", evalue: "-", restart: "-", restore: "-", next: "-", hb: "-"}
			defer func() {
				if t.Failed() {
					line.row += " (FAILED)"
				}
				table = append(table, line)
			}()
			lostVar := fmt.Sprintf("lost%d", i)
			run(t, c, lostVar+" := fmt.Sprint(\"row\", "+strconv.Itoa(i)+")", "ok")
			hb := startHeartbeat(c)
			start := time.Now()
			r, err := c.Execute(timeout(t, 90*time.Second), row.code)
			if err != nil {
				hb.finish(t)
				t.Fatal(err)
			}
			took := time.Since(start)
			wantStatus := row.status
			if wantStatus == "" {
				wantStatus = "error"
			}
			if r.Status != wantStatus {
				t.Errorf("status %q, want %q", r.Status, wantStatus)
			}
			e := r.Error()
			if wantStatus == "error" {
				if e == nil {
					t.Fatalf("no error output; stderr %q", r.Stderr())
				}
				var rc kerneltest.ErrorContent
				if err := r.ReplyContent(&rc); err != nil || rc.EName != e.EName || rc.EValue != e.EValue {
					t.Errorf("execute_reply %+v does not match the error output %+v", rc, e)
				}
				if row.ename != "" && e.EName != row.ename {
					t.Errorf("ename %q, want %q", e.EName, row.ename)
				}
				line.ename, line.evalue = e.EName, e.EValue
				if tb := strings.Join(e.Traceback, "\n"); strings.Contains(tb, "traefik/yaegi") || strings.Contains(tb, "reflect.Value") {
					t.Errorf("the traceback shows the interpreter's frames:\n%s", tb)
				}
				if len(e.Traceback) > 2 && e.Traceback[0] == e.Traceback[2] {
					t.Errorf("traceback repeats its first line: %q", e.Traceback[:3])
				}
			}
			text := allText(r)
			for _, w := range row.want {
				if !strings.Contains(text, w) {
					t.Errorf("the user does not see %q:\n%s", w, text)
				}
			}
			if row.check != nil {
				row.check(t, k, r)
			}
			total, restore, restarted := restartTimes(r.Stderr())
			if restarted == row.survives {
				t.Errorf("worker restarted: %t, want %t; stderr %q", restarted, !row.survives, r.Stderr())
			}
			if restarted {
				line.restart, line.restore = ms(total), ms(restore)
				if !strings.Contains(r.Stderr(), "lost variables: ") || !strings.Contains(r.Stderr(), lostVar) {
					t.Errorf("no line telling that %s was lost; stderr %q", lostVar, r.Stderr())
				}
				// Variables an earlier notice named are not named again.
				for _, n := range lostNames.FindAllString(r.Stderr(), -1) {
					if told[n] {
						t.Errorf("%s was named as lost by an earlier restart already: %q", n, r.Stderr())
					}
					told[n] = true
				}
			}
			next := time.Now()
			got := strings.TrimSpace(run(t, c, crashSessionCheck, "ok").Text())
			line.next = ms(time.Since(next))
			if got != crashSessionWant {
				t.Errorf("after the crash the session's declarations give %s, want %s", got, crashSessionWant)
			}
			if row.survives {
				if v := run(t, c, lostVar, "ok").Text(); !strings.Contains(v, "row") {
					t.Errorf("the worker survived but %s = %q", lostVar, v)
				}
			}
			n, worst := hb.finish(t)
			line.hb = fmt.Sprintf("%s (%d)", ms(worst), n)
			t.Logf("cell took %v; restart %s ms (restore %s ms); next cell %s ms; heartbeat worst %v of %d",
				took.Round(time.Millisecond), line.restart, line.restore, line.next, worst, n)
		})
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n| row | ename | evalue | restart ms | restore ms | next cell ms | hb worst ms (pings) |\n|---|---|---|---|---|---|---|\n")
	for _, l := range table {
		ev := l.evalue
		if len(ev) > 90 {
			ev = ev[:90] + "…"
		}
		fmt.Fprintf(&sb, "| %s | %s | %s | %s | %s | %s | %s |\n", l.row, l.ename, ev, l.restart, l.restore, l.next, l.hb)
	}
	t.Log(sb.String())
}

// TestRestoreOf50Cells crashes a session of 50 declaration cells and checks that the
// restart notice reports the restore and that every declaration is back. The
// 500 ms restore budget is checked by `make bench` (bench/measures_hangs.go), not
// here: a timed assertion flakes on a loaded CI machine; the times are logged.
func TestRestoreOf50Cells(t *testing.T) {
	t.Parallel()
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, "import (\"fmt\"; \"os\"; \"strings\")", "ok")
	for i := 1; i < 50; i++ {
		run(t, c, fmt.Sprintf("type T%[1]d struct{ A, B int }\nfunc (t T%[1]d) Sum() int { return t.A + t.B + %[1]d }\n"+
			"const C%[1]d = %[1]d\nvar V%[1]d = []int{%[1]d, C%[1]d}\nfunc F%[1]d(s string) string { return strings.Repeat(s, %[1]d%%3+1) }\n"+
			"w%[1]d := fmt.Sprint(%[1]d)", i), "ok")
	}
	for round := range 3 {
		crashAt := time.Now()
		r := run(t, c, "os.Exit(2)", "error")
		replyAt := time.Now()
		total, restore, ok := restartTimes(r.Stderr())
		if !ok || restore == 0 {
			t.Fatalf("no restart notice with the restore time; stderr %q", r.Stderr())
		}
		if m := regexp.MustCompile(`declarations of (\d+) cells`).FindStringSubmatch(r.Stderr()); m == nil || m[1] < "50" || len(m[1]) != 2 {
			t.Errorf("notice %q", r.Stderr())
		}
		if round == 0 && (!strings.Contains(r.Stderr(), "lost variables: ") || !strings.Contains(r.Stderr(), "w49")) {
			t.Errorf("the lost variables are not named; stderr %q", r.Stderr())
		}
		got := strings.TrimSpace(run(t, c, "fmt.Sprintln(T49{1, 2}.Sum(), C37, V25, F10(\"ab\"), T1{}.Sum())", "ok").Text())
		nextAt := time.Now()
		if got != "52 37 [25 25] abab 1" {
			t.Errorf("after the restore: %s", got)
		}
		t.Logf("round %d: crash cell → reply %v (restart %v, restore of 50 cells %v); reply → next cell's reply %v",
			round, replyAt.Sub(crashAt).Round(time.Millisecond), total, restore, nextAt.Sub(replyAt).Round(time.Millisecond))
	}
}

type interruptRow struct {
	name string
	// setup runs first (its state must survive when the worker is not restarted).
	setup string
	code  string
	stdin bool
	// sigint sends SIGINT to the kernel process instead of interrupt_request.
	sigint bool
}

// TestInterruptMatrix interrupts each blocking or spinning cell of issue 3 and checks the
// reply (ename Interrupted within 1 s), the session after and, when the worker had to be
// restarted, that the user was told.
func TestInterruptMatrix(t *testing.T) {
	t.Parallel()
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, "import (\"bufio\"; \"fmt\"; \"net\"; \"os\"; \"sync\"; \"time\")\nfunc seven() int { return 7 }", "ok")
	release := make(chan struct{})
	defer close(release)
	c.OnInput(func(string, bool) string { <-release; return "" }) // the user never answers
	rows := []interruptRow{
		{name: "for {}", code: "for {}"},
		{name: "for { i++ }", code: "i := 0\nfor { i++ }"},
		{name: "time.Sleep(time.Hour)", code: "time.Sleep(time.Hour)"},
		{name: "<-make(chan int)", code: "<-make(chan int)"},
		{name: "select {}", code: "select {}"},
		{name: "Mutex.Lock twice", code: "var mu sync.Mutex\nmu.Lock()\nmu.Lock()"},
		{name: "WaitGroup.Wait never satisfied", code: "var wg sync.WaitGroup\nwg.Add(1)\nwg.Wait()"},
		{name: "net Accept", code: "ln, err := net.Listen(\"tcp\", \"127.0.0.1:0\")\nif err != nil { panic(err) }\nln.Accept()"},
		{name: "net conn.Read", code: "ln, err := net.Listen(\"tcp\", \"127.0.0.1:0\")\nif err != nil { panic(err) }\n" +
			"go func() { c, _ := ln.Accept(); time.Sleep(time.Hour); c.Close() }()\n" +
			"conn, err := net.Dial(\"tcp\", ln.Addr().String())\nif err != nil { panic(err) }\nbuf := make([]byte, 1)\nconn.Read(buf)"},
		{name: "stdin input_request", code: "line, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Println(line, err)", stdin: true},
		{name: "SIGINT to the kernel: for {}", code: "for {}", sigint: true},
		{name: "goroutines left spinning, then a waiting cell",
			setup: "for i := 0; i < 2; i++ { go func() { n := 0; for { n++ } }() }",
			code:  "<-make(chan int)"},
	}
	type result struct {
		name, latency, outcome string
	}
	var table []result
	for i, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			res := result{row.name, "-", "-"}
			defer func() {
				if t.Failed() {
					res.outcome += " (FAILED)"
				}
				table = append(table, res)
			}()
			v := fmt.Sprintf("kept%d", i)
			run(t, c, v+" := fmt.Sprint(\"state\", "+strconv.Itoa(i)+")", "ok")
			if row.setup != "" {
				run(t, c, row.setup, "ok")
			}
			ctx := timeout(t, 30*time.Second)
			m, err := c.SendExecute(row.code, kerneltest.ExecuteOptions{AllowStdin: row.stdin})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.WaitIOPub(ctx, m.Header.MsgID, func(o *wire.Message) bool { return o.Header.MsgType == "execute_input" }); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // let the cell reach its loop or block
			if _, err := c.Reply(timeout(t, time.Millisecond), m.Header.MsgID); err == nil {
				t.Fatalf("the cell ended before the interrupt")
			}
			hb := startHeartbeat(c)
			start := time.Now()
			if row.sigint {
				if err := k.Cmd.Process.Signal(syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
			} else if err := c.Interrupt(ctx); err != nil {
				t.Fatal(err)
			}
			_, err = c.Reply(ctx, m.Header.MsgID)
			latency := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			r, err := c.ExecuteResult(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != "error" || r.Error() == nil || r.Error().EName != "Interrupted" {
				t.Errorf("status %s, error %+v", r.Status, r.Error())
			}
			if latency > time.Second {
				t.Errorf("interrupt → reply took %v (budget 1 s)", latency)
			}
			_, _, restarted := restartTimes(r.Stderr())
			outcome := "state kept"
			if got := strings.TrimSpace(run(t, c, "seven() * 6", "ok").Text()); got != "42" {
				t.Errorf("after the interrupt seven()*6 = %q", got)
			}
			if restarted {
				outcome = "worker restarted, user told"
				if !strings.Contains(r.Stderr(), v) {
					t.Errorf("worker restarted, but the user is not told that %s was lost: %q", v, r.Stderr())
				}
			} else if got := run(t, c, v, "ok").Text(); !strings.Contains(got, fmt.Sprint("state", i)) {
				t.Errorf("no restart notice, yet %s = %q (stderr %q)", v, got, r.Stderr())
			}
			n, worst := hb.finish(t)
			t.Logf("interrupt → reply %v; %s; heartbeat worst %v of %d", latency.Round(time.Millisecond), outcome, worst, n)
			res = result{row.name, ms(latency), outcome + fmt.Sprintf("; hb worst %s ms", ms(worst))}
		})
	}
	var sb strings.Builder
	sb.WriteString("\n| row | interrupt → reply ms | after |\n|---|---|---|\n")
	for _, r := range table {
		fmt.Fprintf(&sb, "| %s | %s | %s |\n", r.name, r.latency, r.outcome)
	}
	t.Log(sb.String())
}

// TestKernelFilesAndSockets checks that the history file is mode 0600 (also when its
// directory is new) and that the kernel listens only on the connection file's address
// and ports.
func TestKernelFilesAndSockets(t *testing.T) {
	t.Parallel()
	hist := filepath.Join(t.TempDir(), "new-dir", "history.json")
	k := kerneltest.Start(t, kerneltest.Options{Env: []string{"GOJUP_HISTORY_FILE=" + hist}})
	run(t, k.Client, "1 + 1", "ok")

	// Sockets: every listening TCP socket of the kernel process.
	pid := k.Cmd.Process.Pid
	inodes := map[string]bool{}
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	for _, fd := range fds {
		l, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if err == nil && strings.HasPrefix(l, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(l, "socket:["), "]")] = true
		}
	}
	want := map[int]bool{k.Conn.ShellPort: true, k.Conn.ControlPort: true, k.Conn.StdinPort: true, k.Conn.IOPubPort: true, k.Conn.HBPort: true}
	seen := map[int]bool{}
	for _, file := range []string{"tcp", "tcp6"} {
		f, err := os.Open(fmt.Sprintf("/proc/%d/net/%s", pid, file))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fl := strings.Fields(sc.Text())
			if len(fl) < 10 || fl[3] != "0A" || !inodes[fl[9]] { // 0A: LISTEN
				continue
			}
			addr, port, _ := strings.Cut(fl[1], ":")
			p, _ := strconv.ParseInt(port, 16, 32)
			if addr != "0100007F" || !want[int(p)] {
				t.Errorf("the kernel listens on %s %s:%d, not only on 127.0.0.1 and the connection file's ports", file, addr, p)
			}
			seen[int(p)] = true
		}
		f.Close()
	}
	if len(seen) != len(want) {
		t.Errorf("listening ports %v, want %v", seen, want)
	}

	k.Stop() // the history is saved on exit at the latest
	fi, err := os.Stat(hist)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v, want 0600", fi.Mode().Perm())
	}
	if di, err := os.Stat(filepath.Dir(hist)); err == nil && di.Mode().Perm()&0o077 != 0 {
		t.Errorf("history directory mode %v: readable by others", di.Mode().Perm())
	}
}

// TestMongoStartFailureIsShownToTheCell: when the embedded MongoDB server cannot be
// started, the first cell that mentions MongoDB says why on stderr (once).
func TestMongoStartFailureIsShownToTheCell(t *testing.T) {
	t.Parallel()
	k := kerneltest.Start(t, kerneltest.Options{Env: []string{"GOJUP_MONGO=", "GOJUP_MONGOD=/nonexistent/gojup-mongod"}})
	c := k.Client
	r := run(t, c, "import \"os\"\nuri := os.Getenv(\"MONGODB_URI\")\nuri", "ok")
	if !strings.Contains(r.Stderr(), "gojup: no MongoDB server for this session: ") || !strings.Contains(r.Stderr(), "GOJUP_MONGOD") {
		t.Errorf("stderr %q", r.Stderr())
	}
	if r := run(t, c, "uri + \"mongo\"", "ok"); strings.Contains(r.Stderr(), "no MongoDB") {
		t.Errorf("said twice: %q", r.Stderr())
	}
}

// TestInfiniteRecursionIsAStackOverflow: with the default memory limit, infinite
// recursion ends as in Go, with a stack overflow, and the session comes back.
func TestInfiniteRecursionIsAStackOverflow(t *testing.T) {
	t.Parallel()
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, crashSessionDecls, "ok")
	hb := startHeartbeat(c)
	start := time.Now()
	r := run(t, c, "func down(n int) int { return down(n+1) + 1 }\ndown(0)", "error")
	took := time.Since(start)
	e := r.Error()
	if e == nil || e.EName != "fatal error" || !strings.Contains(e.EValue, "stack overflow") || !strings.Contains(e.EValue, "goroutine stack exceeds") {
		t.Errorf("error %+v", e)
	}
	if _, _, ok := restartTimes(r.Stderr()); !ok {
		t.Errorf("no restart notice: %q", r.Stderr())
	}
	if got := strings.TrimSpace(run(t, c, crashSessionCheck, "ok").Text()); got != crashSessionWant {
		t.Errorf("after the crash: %s", got)
	}
	n, worst := hb.finish(t)
	t.Logf("recursion cell took %v; the user saw %s: %s; heartbeat worst %v of %d", took.Round(time.Millisecond), e.EName, e.EValue, worst, n)
}
