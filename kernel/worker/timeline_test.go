package worker

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/ipc"
)

// displayData returns the data of the display_data events of r.
func displayData(t *testing.T, r cellRun) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, ev := range r.events {
		if ev.Type != "display_data" {
			continue
		}
		var c struct {
			Data map[string]any `json:"data"`
		}
		if err := json.Unmarshal(ev.Content, &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c.Data)
	}
	return out
}

func TestTimelineMagic(t *testing.T) {
	p := startWorker(t)
	code := `%%timeline four goroutines
import (
	"fmt"
	"sync"
	"time"

	"github.com/gojup/gojup/display"
)
var wg sync.WaitGroup
var mu sync.Mutex
ch := make(chan int)
spin := func() {
	defer wg.Done()
	t0 := time.Now()
	x := 0
	for time.Since(t0) < 60*time.Millisecond {
		x++
	}
}
wg.Add(5)
go func() { defer wg.Done(); time.Sleep(160 * time.Millisecond) }()
display.Go("cpu 1", spin)
display.Go("cpu 2", spin)
display.Go("sleeper", func() { defer wg.Done(); time.Sleep(60 * time.Millisecond) })
display.Go("receiver", func() { defer wg.Done(); <-ch; mu.Lock(); mu.Unlock() })
mu.Lock()
time.Sleep(80 * time.Millisecond)
ch <- 1
time.Sleep(40 * time.Millisecond)
mu.Unlock()
wg.Wait()
fmt.Println("done")`
	r := p.ok(code)
	if r.stdout != "done\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	dd := displayData(t, r)
	if len(dd) != 1 {
		t.Fatalf("%d display_data events, want 1: %+v", len(dd), r.events)
	}
	html, _ := dd[0]["text/html"].(string)
	text, _ := dd[0]["text/plain"].(string)
	svg := ""
	if i, j := strings.Index(html, "<svg"), strings.LastIndex(html, "</svg>"); i >= 0 && j > i {
		svg = html[i : j+len("</svg>")]
	}
	if svg == "" || dd[0]["image/svg+xml"] != nil {
		t.Fatalf("no SVG in %v", dd[0])
	}
	t.Logf("timeline text:\n%s", text)
	if !strings.HasPrefix(text, "four goroutines\n") {
		t.Errorf("title missing: %q", text)
	}
	// One lane per goroutine, with the states each was in.
	lanes := map[string][]string{
		"cell":              {"running", "sleeping", "blocked: WaitGroup/Cond"},
		"cpu 1":             {"running"},
		"cpu 2":             {"running"},
		"sleeper":           {"sleeping"},
		"receiver":          {"blocked: channel", "blocked: mutex"},
		"go #1 (cell 21:1)": {"sleeping"},
	}
	for lane, states := range lanes {
		line := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(lane) + ` +.*$`).FindString(text)
		if line == "" {
			t.Errorf("no lane %q", lane)
			continue
		}
		for _, st := range states {
			if !strings.Contains(line, " "+st+" ") {
				t.Errorf("lane %q lacks state %q: %q", lane, st, line)
			}
		}
		if !strings.Contains(svg, ">"+lane+"<") {
			t.Errorf("SVG has no label %q", lane)
		}
	}
	// The receiver waited on the channel, then on the mutex (the tooltips of its long
	// blocked spans, in time order).
	var seq []string
	for _, m := range regexp.MustCompile(`<title>receiver · ([^·<]+) · ([0-9.]+) ms`).FindAllStringSubmatch(svg, -1) {
		st := strings.TrimSpace(m[1])
		if d, _ := strconv.ParseFloat(m[2], 64); d >= 10 && strings.HasPrefix(st, "blocked") && (len(seq) == 0 || seq[len(seq)-1] != st) {
			seq = append(seq, st)
		}
	}
	if strings.Join(seq, ", ") != "blocked: channel, blocked: mutex" {
		t.Errorf("receiver's long spans: %q, want channel then mutex", seq)
	}
	if n := strings.Count(text, "\n  "); n != len(lanes) {
		t.Errorf("%d lanes, want %d (the worker's own goroutines must not show)", n, len(lanes))
	}
	for _, st := range []string{"sleeping", "blocked: channel", "running"} {
		if !strings.Contains(svg, st) {
			t.Errorf("SVG does not mention %q", st)
		}
	}
	// The session goes on with what the cell declared; a failing cell keeps its cell lines
	// and still shows its timeline.
	if r := p.ok("cap(ch)"); r.text() != "0" {
		t.Errorf("variable of the timeline cell: %q", r.text())
	}
	// A whole program runs its main, traced.
	r = p.ok("%%timeline program\npackage main\n\nimport \"time\"\n\nfunc main() {\n\tdone := make(chan bool)\n\tgo func() { time.Sleep(20 * time.Millisecond); close(done) }()\n\t<-done\n}")
	if dd := displayData(t, r); len(dd) != 1 || !strings.Contains(dd[0]["text/plain"].(string), "  go #1 ") {
		t.Errorf("timeline of a program: %v", dd)
	}
	r = p.exec("%%timeline\nx := 1\nx = \"s\"")
	if r.reply["ename"] != "CompileError" || !strings.HasPrefix(r.traceback(), "cell 3:5: cannot use") || len(displayData(t, r)) != 0 {
		t.Errorf("compile error in a timeline cell: %v\n%s", r.reply, r.traceback())
	}
	r = p.exec("%%timeline\nx := 1\npanic(\"stop\")")
	if r.reply["ename"] != "panic" || !strings.Contains(r.traceback(), "cell 3:1") {
		t.Errorf("panic in a timeline cell: %v\n%s", r.reply, r.traceback())
	}
	if dd := displayData(t, r); len(dd) != 1 || !strings.Contains(dd[0]["text/plain"].(string), "  cell ") {
		t.Errorf("timeline of a failing cell: %v", dd)
	}
	// An interrupted timeline cell shows what it recorded.
	start := p.positions()
	_, ch := p.send("execute_request", map[string]any{"code": "%%timeline spin\nfmt.Println(\"started\")\nfor {\n}"})
	p.waitStdout(start, "started\n")
	p.send(ipc.TypeInterrupt, nil)
	r = p.wait(ch, start, time.Now(), 10*time.Second)
	if r.reply["ename"] != "Interrupted" {
		t.Errorf("interrupted timeline cell: %v", r.reply)
	}
	if dd := displayData(t, r); len(dd) != 1 || !strings.Contains(dd[0]["text/plain"].(string), "  cell               running") {
		t.Errorf("timeline of an interrupted cell: %v", dd)
	}
}

// A cell after a timeline cell does not run recorded (recording slows goroutine hand-offs
// several times, and would skew a timing cell that follows a timeline), while timeline
// cells that follow each other share the recorder.
func TestUntracedCellNotRecorded(t *testing.T) {
	p := startWorker(t)
	p.ok("import (\"fmt\"; \"runtime/trace\")")
	p.ok("%%timeline first\nch := make(chan int)\ngo func() { ch <- 1 }()\n<-ch")
	if r := p.ok("trace.IsEnabled()"); r.text() != "false" {
		t.Errorf("a cell after a timeline cell ran with tracing on: %q", r.text())
	}
	p.ok("%%timeline second\nch2 := make(chan int)\ngo func() { ch2 <- 1 }()\n<-ch2")
	if r := p.ok("%%timeline third\nfmt.Println(trace.IsEnabled())"); r.stdout != "true\n" {
		t.Errorf("inside a timeline cell tracing is off: %q", r.stdout)
	}
}
