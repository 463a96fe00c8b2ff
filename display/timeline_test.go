package display

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// checkSVG fails unless s is well-formed XML with an <svg> root and no scripts or
// external references.
func checkSVG(t testing.TB, s string) {
	t.Helper()
	if !strings.HasPrefix(s, `<svg xmlns="http://www.w3.org/2000/svg"`) {
		t.Fatalf("not an SVG: %.80s", s)
	}
	for _, bad := range []string{"<script", "href=", "@import", "url(", "<foreignObject"} {
		if strings.Contains(s, bad) {
			t.Fatalf("SVG is not self-contained: has %q", bad)
		}
	}
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v", err)
		}
	}
}

func TestExplicitTimeline(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	tl := newTimeline("three <workers>", clock.now)
	step := func(d time.Duration) { clock.t = clock.t.Add(d) }
	w1, w2 := tl.Lane("worker 1"), tl.Lane("worker 2")
	d1 := w1.Begin("query")
	step(10 * time.Millisecond)
	d2 := w2.Begin("query")
	step(30 * time.Millisecond)
	d1()
	d1() // a second call is harmless
	w1.Mark("rows & more")
	w1.Span("parse", func() { step(20 * time.Millisecond) })
	d2()
	if tl.Lane("worker 1") != w1 {
		t.Fatal("Lane does not return the existing lane")
	}
	svg := tl.SVG()
	checkSVG(t, svg)
	for _, want := range []string{
		"three &lt;workers&gt;", ">worker 1<", ">worker 2<", ">query<", ">parse<",
		"rows &amp; more", "worker 1 · query · 40.0 ms (0 – 40.0 ms)", ">20 ms<",
		"2 lanes · 60.0 ms · query 90.0 ms in all · parse 20.0 ms in all · up to 2 at once",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, stateRunning) || strings.Contains(svg, "GC") {
		t.Error("legend shows states that never occur")
	}
	if got := strings.Join(tl.States("worker 1"), ","); got != "query,parse" {
		t.Errorf("States = %s", got)
	}
	if txt := tl.String(); !strings.Contains(txt, "worker 1") || !strings.Contains(txt, "query 67%") {
		t.Errorf("text summary:\n%s", txt)
	}
}

func TestTimelineConcurrentLanes(t *testing.T) {
	tl := NewTimeline("many writers")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := tl.Lane(fmt.Sprint("lane ", i%4))
			for j := 0; j < 200; j++ {
				l.Span("step", func() {})
				l.Mark("m")
			}
		}()
	}
	wg.Wait()
	if n := len(tl.Lanes()); n != 4 {
		t.Fatalf("%d lanes, want 4", n)
	}
	checkSVG(t, tl.SVG())
}

func TestLiveTimelineUpdatesInPlace(t *testing.T) {
	rec := capture(t)
	tl := NewTimeline("live").Live()
	tl.Lane("a").Span("x", func() {})
	tl.Show()
	tl.Stop() // no-op after Show
	evs := rec.wait()
	if len(evs) < 2 || evs[0].Type != "display_data" || evs[len(evs)-1].Type != "update_display_data" {
		t.Fatalf("events %v", evs)
	}
	id := decode(t, evs[0]).Transient.DisplayID
	for _, ev := range evs[1:] {
		if ev.Type != "update_display_data" || decode(t, ev).Transient.DisplayID != id {
			t.Fatalf("event %s of display %s, want updates of %s", ev.Type, decode(t, ev).Transient.DisplayID, id)
		}
	}
	if txt := decode(t, evs[len(evs)-1]).Data["text/plain"].(string); !strings.Contains(txt, "a ") {
		t.Errorf("final update lacks lane a: %q", txt)
	}
}

// syntheticTrace builds a traced timeline of lanes goroutines with events state changes
// in total, alternating between states, as a channel-heavy trace would.
func syntheticTrace(lanes, events int) *Timeline {
	tl := newTimeline("synthetic", time.Now)
	tl.traced, tl.cores = true, 2
	states := []uint16{tl.stateLocked(stateRunning), tl.stateLocked(stateRunnable), tl.stateLocked(stateChan), tl.stateLocked(stateMutex)}
	per := events / lanes
	const wall = int64(time.Second)
	for i := 0; i < lanes; i++ {
		l := tl.laneLocked(fmt.Sprintf("go #%d", i+1))
		l.spans = make([]span, per)
		step := wall / int64(per)
		for j := range l.spans {
			l.spans[j] = span{start: int64(j) * step, end: int64(j+1) * step, state: states[(i+j)%len(states)], by: int64(i%3 + 1)}
		}
	}
	tl.gc = []span{{start: wall / 3, end: wall/3 + 2e6}}
	tl.end = wall
	return tl
}

func TestSVGSizeBounded(t *testing.T) {
	for _, c := range []struct{ lanes, events int }{{2, 1_000_000}, {40, 1_000_000}, {1000, 1_000_000}} {
		tl := syntheticTrace(c.lanes, c.events)
		start := time.Now()
		svg := tl.SVG()
		t.Logf("%d lanes, %d events: SVG %d bytes in %v", c.lanes, c.events, len(svg), time.Since(start))
		if len(svg) > 1<<20 {
			t.Errorf("%d lanes, %d events: SVG is %d bytes, want ≤ 1 MiB", c.lanes, c.events, len(svg))
		}
		checkSVG(t, svg)
		if c.lanes > maxLanes && !strings.Contains(svg, "more lanes are drawn combined") {
			t.Error("no collapse note")
		}
		if !strings.Contains(svg, "GC (dark: stop-the-world)") {
			t.Error("no GC band in the legend")
		}
	}
}

func BenchmarkRenderSVG100k(b *testing.B) {
	tl := syntheticTrace(20, 100_000)
	var n int
	for b.Loop() {
		n = len(tl.SVG())
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

func TestAxisFormatting(t *testing.T) {
	for _, c := range []struct {
		total int64
		step  int64
		tick  string
	}{
		{int64(62 * time.Millisecond), int64(10 * time.Millisecond), "10 ms"},
		{int64(1400 * time.Microsecond), int64(200 * time.Microsecond), "200 µs"},
		{int64(3 * time.Second), int64(500 * time.Millisecond), "500 ms"},
		{int64(9 * time.Second), int64(2 * time.Second), "2 s"},
	} {
		step := tickStep(c.total, 8)
		if step != c.step || fmtTick(step, step) != c.tick {
			t.Errorf("tickStep(%d) = %d (%s), want %d (%s)", c.total, step, fmtTick(step, step), c.step, c.tick)
		}
	}
	for d, want := range map[int64]string{0: "0", 999: "999 ns", 1500: "1.50 µs", 62_345_678: "62.3 ms", 1_234_567_890: "1.23 s"} {
		if got := fmtDuration(d); got != want {
			t.Errorf("fmtDuration(%d) = %q, want %q", d, got, want)
		}
	}
}
