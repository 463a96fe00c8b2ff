package display_test

// Integration tests of the display package through a real gojup kernel: cells run in the
// worker (yaegi), display output travels over the kernel's side channel and arrives on
// iopub as a Jupyter front end sees it. Run with `go test ./display -run Kernel`.

import (
	"context"
	"encoding/json"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
	"github.com/gojup/gojup/kernel/wire"
)

func ctxFor(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// exec runs code and fails the test unless the cell succeeded.
func exec(t *testing.T, c *kerneltest.Client, code string) *kerneltest.Result {
	t.Helper()
	r, err := c.Execute(ctxFor(t, 60*time.Second), code)
	if err != nil {
		t.Fatalf("execute %q: %v", code, err)
	}
	if r.Status != "ok" {
		t.Fatalf("execute %q: status %q; error %+v; stderr %q", code, r.Status, r.Error(), r.Stderr())
	}
	return r
}

// output is the content of a display_data, update_display_data or execute_result message.
type output struct {
	Type      string
	Parent    string
	Data      map[string]any `json:"data"`
	Metadata  map[string]any `json:"metadata"`
	Transient struct {
		DisplayID string `json:"display_id"`
	} `json:"transient"`
	Name string `json:"name"` // stream
	Text string `json:"text"` // stream
	Wait *bool  `json:"wait"` // clear_output
}

func decode(t *testing.T, m *wire.Message) output {
	t.Helper()
	var o output
	if err := json.Unmarshal(m.Content, &o); err != nil {
		t.Fatalf("%s content %s: %v", m.Header.MsgType, m.Content, err)
	}
	o.Type = m.Header.MsgType
	o.Parent = kerneltest.ParentID(m)
	return o
}

// outputs returns the decoded outputs of r of the given message type ("" for all).
func outputs(t *testing.T, r *kerneltest.Result, typ string) []output {
	t.Helper()
	var out []output
	for _, m := range r.Outputs {
		if typ == "" || m.Header.MsgType == typ {
			out = append(out, decode(t, m))
		}
	}
	return out
}

func str(v any) string { s, _ := v.(string); return s }

func kinds(r *kerneltest.Result) []string {
	var k []string
	for _, m := range r.Outputs {
		k = append(k, m.Header.MsgType)
	}
	return k
}

// kernel starts one kernel for a test and imports display (and fmt, time) in it.
func kernel(t *testing.T) *kerneltest.Client {
	t.Helper()
	k := kerneltest.Start(t)
	exec(t, k.Client, `import ("fmt"; "time"; "github.com/gojup/gojup/display")`)
	return k.Client
}

func TestKernelDisplayOutputs(t *testing.T) {
	t.Parallel()
	c := kernel(t)

	t.Run("HTML is display_data of the request", func(t *testing.T) {
		r := exec(t, c, `display.HTML("<b>hi</b>")`)
		dd := outputs(t, r, "display_data")
		if len(dd) != 1 {
			t.Fatalf("outputs %v, want one display_data", kinds(r))
		}
		d := dd[0]
		if d.Parent != r.Request.Header.MsgID {
			t.Errorf("display_data parent %q, want the execute_request %q", d.Parent, r.Request.Header.MsgID)
		}
		if str(d.Data["text/html"]) != "<b>hi</b>" {
			t.Errorf("text/html = %q", d.Data["text/html"])
		}
		if _, ok := d.Data["text/plain"].(string); !ok {
			t.Errorf("no text/plain in %v", d.Data)
		}
		if d.Metadata == nil {
			t.Errorf("display_data has no metadata object: %v", d)
		}
		if len(outputs(t, r, "execute_result")) != 0 {
			t.Errorf("a display call statement should not also give an execute_result: %v", kinds(r))
		}
	})

	t.Run("UpdateHTML is update_display_data with the same id", func(t *testing.T) {
		r := exec(t, c, "d := display.HTML(\"a\")\nd.UpdateHTML(\"b\")")
		all := outputs(t, r, "")
		var first, upd *output
		for i := range all {
			switch all[i].Type {
			case "display_data":
				first = &all[i]
			case "update_display_data":
				upd = &all[i]
			}
		}
		if first == nil || upd == nil {
			t.Fatalf("outputs %v, want display_data then update_display_data", kinds(r))
		}
		if first.Transient.DisplayID == "" || first.Transient.DisplayID != upd.Transient.DisplayID {
			t.Errorf("display ids %q and %q, want the same non-empty id", first.Transient.DisplayID, upd.Transient.DisplayID)
		}
		if str(first.Data["text/html"]) != "a" || str(upd.Data["text/html"]) != "b" {
			t.Errorf("html %q then %q, want a then b", first.Data["text/html"], upd.Data["text/html"])
		}
		if upd.Parent != r.Request.Header.MsgID {
			t.Errorf("update parent %q, want %q", upd.Parent, r.Request.Header.MsgID)
		}
		if _, ok := upd.Data["text/plain"]; !ok {
			t.Errorf("update has no text/plain: %v", upd.Data)
		}
		// A later cell can update a display shown by an earlier one.
		r2 := exec(t, c, `d.UpdateHTML("c")`)
		u2 := outputs(t, r2, "update_display_data")
		if len(u2) != 1 || u2[0].Transient.DisplayID != first.Transient.DisplayID || str(u2[0].Data["text/html"]) != "c" {
			t.Errorf("update from a later cell: %+v", u2)
		}
	})

	t.Run("Clear is clear_output", func(t *testing.T) {
		r := exec(t, c, `display.Clear(false)`)
		co := outputs(t, r, "clear_output")
		if len(co) != 1 {
			t.Fatalf("outputs %v, want one clear_output", kinds(r))
		}
		if co[0].Wait == nil || *co[0].Wait {
			t.Errorf("clear_output wait = %v, want false", co[0].Wait)
		}
		r = exec(t, c, `display.Clear(true)`)
		co = outputs(t, r, "clear_output")
		if len(co) != 1 || co[0].Wait == nil || !*co[0].Wait {
			t.Errorf("Clear(true): %+v", co)
		}
	})

	t.Run("display output keeps its place between prints", func(t *testing.T) {
		// Run several times: a wrong order shows up only some of the time.
		const runs = 10
		bad := 0
		for i := 0; i < runs; i++ {
			r := exec(t, c, "fmt.Println(\"before\")\ndisplay.HTML(\"x\")\nfmt.Println(\"after\")")
			var seq []string
			for _, o := range outputs(t, r, "") {
				switch o.Type {
				case "stream":
					seq = append(seq, "stream:"+strings.TrimSpace(o.Text))
				case "display_data":
					seq = append(seq, "display:"+str(o.Data["text/html"]))
				default:
					seq = append(seq, o.Type)
				}
			}
			if got, want := strings.Join(seq, " | "), "stream:before | display:x | stream:after"; got != want {
				if bad == 0 {
					t.Errorf("outputs in order: %s\nwant %s", got, want)
				}
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("wrong order in %d of %d runs", bad, runs)
		}
	})

	t.Run("Table of structs and of bson.M", func(t *testing.T) {
		exec(t, c, "type row struct { Name string; Age int }")
		for _, tc := range []struct{ name, code string }{
			{"structs", `display.Table([]row{{"ada", 36}, {"linus", 21}})`},
			{"bson.M", "import \"go.mongodb.org/mongo-driver/v2/bson\"\ndisplay.Table([]bson.M{{\"Name\": \"ada\", \"Age\": 36}, {\"Name\": \"linus\", \"Age\": 21}})"},
		} {
			r := exec(t, c, tc.code)
			res := outputs(t, r, "execute_result")
			if len(res) != 1 {
				t.Errorf("%s: outputs %v, want an execute_result", tc.name, kinds(r))
				continue
			}
			h, txt := str(res[0].Data["text/html"]), str(res[0].Data["text/plain"])
			if !strings.Contains(h, "<table") || !strings.Contains(h, "linus") || !strings.Contains(h, "Age") {
				t.Errorf("%s: text/html %q has no table of the rows", tc.name, h)
			}
			if !strings.Contains(txt, "ada") || !strings.Contains(txt, "36") || strings.Contains(txt, "<") {
				t.Errorf("%s: text/plain fallback %q", tc.name, txt)
			}
		}
	})

	t.Run("final expression with an HTML method renders as text/html", func(t *testing.T) {
		exec(t, c, "type money float64\nfunc (m money) HTML() string { return fmt.Sprintf(\"<b>€%.2f</b>\", float64(m)) }")
		exec(t, c, "type badge struct{ s string }\nfunc (b *badge) HTML() string { return \"<mark>\" + b.s + \"</mark>\" }")
		exec(t, c, "price := money(12.5)")
		for _, tc := range []struct{ code, html string }{
			{`price`, "<b>€12.50</b>"},       // a variable
			{`money(12.5)`, "<b>€12.50</b>"}, // a conversion
			{`&badge{"new"}`, "<mark>new</mark>"},
		} {
			r := exec(t, c, tc.code)
			res := outputs(t, r, "execute_result")
			if len(res) != 1 {
				t.Errorf("%s: outputs %v, want an execute_result", tc.code, kinds(r))
				continue
			}
			if got := str(res[0].Data["text/html"]); got != tc.html {
				t.Errorf("%s: execute_result text/html = %q, want %q (data %v)", tc.code, got, tc.html, res[0].Data)
			}
			if str(res[0].Data["text/plain"]) == "" {
				t.Errorf("%s: execute_result has no text/plain: %v", tc.code, res[0].Data)
			}
		}
	})
}

func TestKernelProgressRateIsBounded(t *testing.T) {
	t.Parallel()
	c := kernel(t)
	// 2,000 Adds over about 600 ms: the bar may redraw at most 10 times a second.
	start := time.Now()
	r := exec(t, c, `bar := display.Progress(2000, "crunching")
for i := 0; i < 2000; i++ {
	if i%100 == 0 {
		time.Sleep(30 * time.Millisecond)
	}
	bar.Add(1)
}
bar.Done()`)
	elapsed := time.Since(start)
	dd, upd := outputs(t, r, "display_data"), outputs(t, r, "update_display_data")
	if len(dd) != 1 {
		t.Fatalf("outputs %v, want one display_data for the bar", kinds(r))
	}
	id := dd[0].Transient.DisplayID
	if id == "" {
		t.Fatal("the progress bar has no display id")
	}
	if len(upd) < 2 {
		t.Fatalf("%d update_display_data, want the bar redrawn in place while the loop runs", len(upd))
	}
	// 10/s over the cell's wall time, plus the first draw and the final one.
	if max := int(elapsed.Seconds()*10) + 3; len(upd) > max {
		t.Errorf("%d updates in %v: more than %d (10 per second)", len(upd), elapsed, max)
	}
	for _, u := range upd {
		if u.Transient.DisplayID != id {
			t.Errorf("update of display %q, want %q", u.Transient.DisplayID, id)
		}
		if str(u.Data["text/plain"]) == "" || str(u.Data["text/html"]) == "" {
			t.Errorf("update lacks text/plain or text/html: %v", u.Data)
		}
	}
	last := upd[len(upd)-1]
	if !strings.Contains(str(last.Data["text/plain"]), "2000") {
		t.Errorf("final bar %q does not show 2000/2000", last.Data["text/plain"])
	}
	t.Logf("%d updates in %v", len(upd), elapsed)
}

// span is one drawn run of a lane in a timeline SVG: its x position and state.
type span struct {
	x     float64
	state string
}

var (
	rectTitle  = regexp.MustCompile(`<rect x="([0-9.]+)"[^>]*><title>([^<]*)</title></rect>`)
	groupTitle = regexp.MustCompile(`<g><title>([^<]*)</title><rect x="([0-9.]+)"`)
	stateNames = []string{"running", "runnable", "blocked: channel", "blocked: select", "blocked: mutex",
		"blocked: WaitGroup/Cond", "sleeping", "syscall"}
)

// laneStates reads the states of each lane, in time order, from the tooltips of the wide
// runs of a timeline SVG ("lane · state · 12 ms (…)" or "lane · mostly state (…)"), with
// repeats merged and runnable left out.
func laneStates(svg string) map[string][]string {
	spans := map[string][]span{}
	add := func(x, title string) {
		title = html.UnescapeString(title)
		lane, rest, ok := strings.Cut(title, " · ")
		if !ok {
			return
		}
		rest = strings.TrimPrefix(rest, "mostly ")
		for _, s := range stateNames {
			if strings.HasPrefix(rest, s+" ") || rest == s {
				f, _ := strconv.ParseFloat(x, 64)
				spans[lane] = append(spans[lane], span{f, s})
				return
			}
		}
	}
	for _, m := range rectTitle.FindAllStringSubmatch(svg, -1) {
		add(m[1], m[2])
	}
	for _, m := range groupTitle.FindAllStringSubmatch(svg, -1) {
		add(m[2], m[1])
	}
	out := map[string][]string{}
	for lane, ss := range spans {
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].x < ss[j].x })
		var states []string
		for _, s := range ss {
			if s.state == "runnable" {
				continue
			}
			if len(states) == 0 || states[len(states)-1] != s.state {
				states = append(states, s.state)
			}
		}
		out[lane] = states
	}
	return out
}

// inOrder reports whether want appears in got in order.
func inOrder(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// lessonCell is the known pattern: two CPU-bound goroutines, one sleeping, one that blocks
// on a channel and then on a mutex. The waiter's blocks last tens of milliseconds, so they
// are wide runs with their own tooltips whatever the machine's speed.
const lessonCell = `var wg sync.WaitGroup
var mu sync.Mutex
ch := make(chan int)
spin := func(d time.Duration) int {
	n := 0
	for t := time.Now(); time.Since(t) < d; {
		n++
	}
	return n
}
wg.Add(4)
mu.Lock()
display.Go("waiter", func() { defer wg.Done(); <-ch; mu.Lock(); mu.Unlock() })
display.Go("cpu 1", func() { defer wg.Done(); spin(120 * time.Millisecond) })
display.Go("cpu 2", func() { defer wg.Done(); spin(120 * time.Millisecond) })
display.Go("sleeper", func() { defer wg.Done(); time.Sleep(100 * time.Millisecond) })
time.Sleep(50 * time.Millisecond)
ch <- 1
time.Sleep(50 * time.Millisecond)
mu.Unlock()
wg.Wait()
`

// timelineSVG returns the SVG inline in the text/html of the one output of r that has one.
func timelineSVG(t *testing.T, r *kerneltest.Result) (svg, text string) {
	t.Helper()
	for _, o := range outputs(t, r, "") {
		if o.Data["image/svg+xml"] != nil {
			t.Errorf("timeline sent its SVG twice (image/svg+xml besides text/html)")
		}
		h := str(o.Data["text/html"])
		if i, j := strings.Index(h, "<svg"), strings.LastIndex(h, "</svg>"); i >= 0 && j > i {
			s := h[i : j+len("</svg>")]
			if svg != "" {
				t.Errorf("more than one SVG output: %v", kinds(r))
			}
			svg, text = s, str(o.Data["text/plain"])
		}
	}
	if svg == "" {
		t.Fatalf("no output with an inline SVG: %v", kinds(r))
	}
	return svg, text
}

func checkLessonLanes(t *testing.T, svg string) {
	t.Helper()
	states := laneStates(svg)
	for lane, want := range map[string][]string{
		"cpu 1":   {"running"},
		"cpu 2":   {"running"},
		"sleeper": {"sleeping"},
		"waiter":  {"blocked: channel", "blocked: mutex"},
	} {
		got, ok := states[lane]
		if !ok {
			t.Errorf("no lane %q in the SVG (lanes %v)", lane, states)
			continue
		}
		if !inOrder(got, want) {
			t.Errorf("lane %q: states %q, want %q in that order", lane, got, want)
		}
	}
	if got := states["waiter"]; contains(got, "sleeping") {
		t.Errorf("waiter never sleeps, got %q", got)
	}
	if got := states["sleeper"]; contains(got, "blocked: channel") || contains(got, "blocked: mutex") {
		t.Errorf("sleeper never blocks on a channel or mutex, got %q", got)
	}
	if len(svg) > 1<<20 {
		t.Errorf("SVG is %d bytes, over 1 MB", len(svg))
	}
}

func TestKernelTimelineMagic(t *testing.T) {
	t.Parallel()
	c := kernel(t)
	exec(t, c, `import "sync"`)
	r := exec(t, c, "%%timeline lesson pattern\n"+lessonCell+`fmt.Println("done")`)
	if r.Stdout() != "done\n" {
		t.Errorf("stdout %q", r.Stdout())
	}
	svg, text := timelineSVG(t, r)
	if !strings.Contains(svg, "lesson pattern") {
		t.Errorf("the SVG does not carry the title")
	}
	if !strings.Contains(text, "goroutine") {
		t.Errorf("text/plain fallback %q", text)
	}
	checkLessonLanes(t, svg)
	t.Logf("lanes: %v", laneStates(svg))
}

func TestKernelTrace(t *testing.T) {
	t.Parallel()
	c := kernel(t)
	exec(t, c, `import "sync"`)
	r := exec(t, c, "display.Trace(\"traced\", func() {\n"+lessonCell+"})")
	svg, _ := timelineSVG(t, r)
	if !strings.Contains(svg, "traced") {
		t.Errorf("the SVG does not carry the title")
	}
	checkLessonLanes(t, svg)
	// Lanes started by display.Go tell where from only with a frame of the cell's code;
	// in the kernel there is none, and gojup's own frames must not stand in for it.
	if i := strings.Index(svg, "started at"); i >= 0 {
		t.Errorf("a lane says where it was started from gojup's code: %s", svg[i:min(len(svg), i+80)])
	}
	t.Logf("lanes: %v", laneStates(svg))
}

// TestKernelPasswordAndInput: display.Password sends an input_request with password true
// and the prompt; display.Input the same without password; the typed line comes back.
func TestKernelPasswordAndInput(t *testing.T) {
	c := kernel(t)
	type req struct {
		prompt   string
		password bool
	}
	var mu sync.Mutex
	var got []req
	c.OnInput(func(prompt string, password bool) string {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, req{prompt, password})
		if password {
			return "s3cret"
		}
		return "ada"
	})
	r, err := c.ExecuteWith(ctxFor(t, 30*time.Second), `import ("fmt"; "github.com/gojup/gojup/display")
pw, err := display.Password("MongoDB password: ")
name, err2 := display.Input("Your name: ")
fmt.Println(len(pw), err, name, err2)`, kerneltest.ExecuteOptions{AllowStdin: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "ok" || r.Stdout() != "6 <nil> ada <nil>\n" {
		t.Fatalf("status %s, stdout %q, stderr %q", r.Status, r.Stdout(), r.Stderr())
	}
	mu.Lock()
	defer mu.Unlock()
	want := []req{{"MongoDB password: ", true}, {"Your name: ", false}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("input requests = %+v, want %+v", got, want)
	}
}
