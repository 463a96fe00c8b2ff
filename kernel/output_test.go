package kernel

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gojup/gojup/kernel/ipc"
	"github.com/gojup/gojup/kernel/wire"
)

// recorder collects what outputs publishes.
type recorder struct {
	mu   sync.Mutex
	msgs []recorded
}

type recorded struct {
	typ, name, text string
	id              uint64
}

func (r *recorder) publish(parent *wire.Message, msgType string, content any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, _ := content.(map[string]string)
	r.msgs = append(r.msgs, recorded{typ: msgType, name: c["name"], text: c["text"]})
}

func (r *recorder) deliver(ev ipc.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, recorded{typ: ev.Type, id: ev.ID})
}

func (r *recorder) snapshot() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.msgs...)
}

func (r *recorder) stream(name string) string {
	var sb strings.Builder
	for _, m := range r.snapshot() {
		if m.typ == "stream" && m.name == name {
			sb.WriteString(m.text)
		}
	}
	return sb.String()
}

func TestFloodIsCoalescedAndComplete(t *testing.T) {
	rec := &recorder{}
	o := newOutputs(rec.publish, 0)
	g := newGate(rec.deliver)
	var want bytes.Buffer
	for i := 0; i < 200000; i++ {
		want.WriteString("line number ")
		want.WriteString(strings.Repeat("x", i%7))
		want.WriteString("\n")
	}
	start := time.Now()
	data := want.Bytes()
	for len(data) > 0 {
		n := min(len(data), 4096)
		o.text(g, stdoutStream, data[:n])
		data = data[n:]
	}
	o.drain(g)
	elapsed := time.Since(start)
	if got := rec.stream("stdout"); got != want.String() {
		t.Fatalf("published %d bytes, want %d", len(got), want.Len())
	}
	msgs := len(rec.snapshot())
	limit := want.Len()/flushSize + int(elapsed/flushInterval) + 3
	if msgs > limit {
		t.Errorf("%d messages for %d bytes in %v (limit %d)", msgs, want.Len(), elapsed, limit)
	}
}

func TestSyncedEventWaitsForMarker(t *testing.T) {
	rec := &recorder{}
	o := newOutputs(rec.publish, 0)
	g := newGate(rec.deliver)
	o.event(g, ipc.Event{ID: 1, Type: "display_data", Sync: 1})
	if len(rec.snapshot()) != 0 {
		t.Fatal("event delivered before its marker")
	}
	var sp ipc.MarkerSplitter
	chunk := append([]byte("before\n"), ipc.Marker(1)...)
	chunk = append(chunk, "after\n"...)
	// split the marker across two reads
	for _, part := range [][]byte{chunk[:10], chunk[10:]} {
		sp.Split(part, func(b []byte) { o.text(g, stdoutStream, b) }, func(n uint64) { o.marker(g, stdoutStream, n) })
	}
	o.drain(g)
	got := rec.snapshot()
	var order []string
	for _, m := range got {
		order = append(order, m.typ+":"+m.text)
	}
	if strings.Join(order, "|") != "stream:before\n|display_data:|stream:after\n" {
		t.Errorf("order = %q", order)
	}
}

// TestStderrMarkersBeforeTheirEvents replays the order in which a %%timeline cell's
// display and reply (both synced with stderr) arrived: both stderr markers first, then the
// events, then the stdout markers. The reply waits for stderr marker 2, which sits in the
// text held after stderr marker 1; delivering event 1 must release that text, or the reply
// waits for syncTimeout (it did: every other %%timeline cell took 250 ms longer).
func TestStderrMarkersBeforeTheirEvents(t *testing.T) {
	rec := &recorder{}
	o := newOutputs(rec.publish, 0)
	g := newGate(rec.deliver)
	start := time.Now()
	o.marker(g, stderrStream, 1)
	o.marker(g, stderrStream, 2)
	o.event(g, ipc.Event{ID: 1, Type: "display_data", Sync: 1, SyncStderr: true})
	o.event(g, ipc.Event{ID: 1, Type: "execute_reply", Final: true, Sync: 2, SyncStderr: true})
	o.marker(g, stdoutStream, 1)
	o.marker(g, stdoutStream, 2)
	got := rec.snapshot()
	if len(got) != 2 || got[0].typ != "display_data" || got[1].typ != "execute_reply" {
		t.Fatalf("delivered %+v right after the markers, want display_data then execute_reply", got)
	}
	if d := time.Since(start); d >= syncTimeout {
		t.Errorf("took %v: released by the timeout, not by the markers", d)
	}
}

func TestSyncedEventIsReleasedWithoutMarker(t *testing.T) {
	rec := &recorder{}
	o := newOutputs(rec.publish, 0)
	g := newGate(rec.deliver)
	o.event(g, ipc.Event{ID: 7, Type: "execute_reply", Final: true, Sync: 3, SyncStderr: true})
	o.event(g, ipc.Event{ID: 8, Type: "display_data"}) // queued behind the first
	deadline := time.Now().Add(10 * time.Second)
	for len(rec.snapshot()) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("held event never released")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := rec.snapshot(); got[0].id != 7 || got[1].id != 8 {
		t.Errorf("order = %+v", got)
	}
}

func TestOutputLimitTruncatesWithNotice(t *testing.T) {
	rec := &recorder{}
	o := newOutputs(rec.publish, 1000)
	g := newGate(rec.deliver)
	for i := 0; i < 100; i++ {
		o.text(g, stdoutStream, bytes.Repeat([]byte("é"), 50)) // 100 bytes each
	}
	o.drain(g)
	out := rec.stream("stdout")
	if len(out) > 1000 || len(out) < 990 || !utf8.ValidString(out) {
		t.Errorf("kept %d bytes (valid UTF-8: %t)", len(out), utf8.ValidString(out))
	}
	if n := strings.Count(rec.stream("stderr"), "[output truncated"); n != 1 {
		t.Errorf("%d truncation notices", n)
	}
	o.setParent(nil) // a new cell starts afresh
	o.text(g, stdoutStream, []byte("next\n"))
	o.drain(g)
	if !strings.HasSuffix(rec.stream("stdout"), "next\n") {
		t.Error("output of the next cell dropped")
	}
}

func TestInvalidUTF8IsReplacedAndRunesAreNotSplit(t *testing.T) {
	rec := &recorder{}
	o := newOutputs(rec.publish, 0)
	g := newGate(rec.deliver)
	euro := []byte("€") // 3 bytes
	o.text(g, stdoutStream, euro[:1])
	o.text(g, stdoutStream, append(euro[1:], '\xff', '\n'))
	o.drain(g)
	out := rec.stream("stdout")
	if out != "€\uFFFD\n" {
		t.Errorf("stdout = %q", out)
	}
	for _, m := range rec.snapshot() {
		if _, err := json.Marshal(m.text); err != nil || !utf8.ValidString(m.text) {
			t.Errorf("message not valid UTF-8: %q", m.text)
		}
	}
}

func TestCrashTextIsHeldForTheReport(t *testing.T) {
	rec := &recorder{}
	o := newOutputs(rec.publish, 0)
	g := newGate(rec.deliver)
	o.text(g, stderrStream, []byte("warning\npanic: x\n\ngoroutine 5 [running]:\n"))
	o.drain(g)
	if got := rec.stream("stderr"); got != "warning\n" {
		t.Errorf("published stderr = %q", got)
	}
	if ct := o.crashText(g); !strings.HasPrefix(ct, "panic: x\n") {
		t.Errorf("crash text = %q", ct)
	}
}

func TestCrashLookingTextIsReleasedWhenTheWorkerLives(t *testing.T) {
	rec := &recorder{}
	o := newOutputs(rec.publish, 0)
	g := newGate(rec.deliver)
	o.text(g, stderrStream, []byte("panic: not really\n"))
	o.marker(g, stderrStream, 1) // the worker went on writing
	o.drain(g)
	if got := rec.stream("stderr"); got != "panic: not really\n" {
		t.Errorf("stderr = %q", got)
	}
}

func TestPartialRune(t *testing.T) {
	for in, want := range map[string]int{"abc": 0, "a\xe2\x82": 2, "a\xe2": 1, "€": 0, "\xf0\x9f\x98": 3, "": 0} {
		if got := partialRune([]byte(in)); got != want {
			t.Errorf("partialRune(%q) = %d, want %d", in, got, want)
		}
	}
}
