package display

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock is a manual time source.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestProgressRateBound(t *testing.T) {
	rec := capture(t)
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	var deferred []func()
	p := newProgress(1000, "work", clock.now, func(_ time.Duration, f func()) { deferred = append(deferred, f) })
	for i := 0; i < 1000; i++ { // 1000 steps over 2 s of fake time
		clock.t = clock.t.Add(2 * time.Millisecond)
		p.Add(1)
	}
	for _, f := range deferred { // late timers find nothing pending
		f()
	}
	p.Done()
	evs := rec.wait()
	// 1 initial + at most one redraw per 100 ms over 2 s + the final one.
	if n := len(evs); n < 15 || n > 1+20+1 {
		t.Fatalf("%d redraws for 2 s of updates, want about 10 per second", n)
	}
	id := decode(t, evs[0]).Transient.DisplayID
	for i, ev := range evs {
		want := "update_display_data"
		if i == 0 {
			want = "display_data"
		}
		if ev.Type != want || decode(t, ev).Transient.DisplayID != id {
			t.Fatalf("event %d: %s, want %s of display %s", i, ev.Type, want, id)
		}
	}
	last := decode(t, evs[len(evs)-1]).Data
	if txt := last["text/plain"].(string); !strings.Contains(txt, "1000/1000") || !strings.Contains(txt, "100%") {
		t.Errorf("final text %q", txt)
	}
	if h := last["text/html"].(string); !strings.Contains(h, "width:100.0%") {
		t.Errorf("final HTML %q", h)
	}
}

func TestProgressDeferredRedraw(t *testing.T) {
	rec := capture(t)
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	var deferred []func()
	p := newProgress(10, "", clock.now, func(_ time.Duration, f func()) { deferred = append(deferred, f) })
	clock.t = clock.t.Add(time.Millisecond)
	p.Set(3) // too soon: deferred
	p.Set(4) // still too soon, no second timer
	if len(deferred) != 1 {
		t.Fatalf("%d timers scheduled, want 1", len(deferred))
	}
	clock.t = clock.t.Add(100 * time.Millisecond)
	deferred[0]()
	evs := rec.wait()
	if len(evs) != 2 || !strings.Contains(decode(t, evs[1]).Data["text/plain"].(string), "4/10") {
		t.Fatalf("events %v", evs)
	}
}

func TestProgressTextFallback(t *testing.T) {
	var out bytes.Buffer
	old := currentSink
	currentSink = func() sink { return sink{out: &out, err: &out} }
	defer func() { currentSink = old }()
	p := Progress(4, "files")
	p.Set(4)
	p.Done()
	p.Add(1) // ignored after Done
	got := out.String()
	if !strings.HasPrefix(got, "\rfiles   0% |") || !strings.HasSuffix(got, "\n") || !strings.Contains(got, "4/4") {
		t.Fatalf("fallback %q", got)
	}
	if strings.Count(got, "\n") != 1 {
		t.Fatalf("want one line updated with \\r, got %q", got)
	}
}
