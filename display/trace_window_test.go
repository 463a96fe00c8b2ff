package display

import (
	"bytes"
	"runtime/trace"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gojup/gojup/internal/traceidle"
)

// named starts n goroutines named prefix 1..n that sleep a little, and waits for them.
func named(prefix string, n int) {
	var wg sync.WaitGroup
	for i := 1; i <= n; i++ {
		wg.Add(1)
		Go(prefix+" "+string(rune('0'+i)), func() { defer wg.Done(); time.Sleep(2 * time.Millisecond) })
	}
	wg.Wait()
}

func lanesOf(t *testing.T, tl *Timeline, err error) string {
	t.Helper()
	if err == nil {
		err = tl.Err()
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(tl.Lanes(), ",")
}

func TestTraceTwiceInARow(t *testing.T) {
	// Both windows are in the second snapshot: each timeline has its own goroutines only.
	a := Trace("a", func() { named("a", 2) })
	b := Trace("b", func() { named("b", 3) })
	if got := lanesOf(t, a, nil); got != "caller,a 1,a 2" {
		t.Errorf("first: lanes %s", got)
	}
	if got := lanesOf(t, b, nil); got != "caller,b 1,b 2,b 3" {
		t.Errorf("second: lanes %s", got)
	}
}

func TestStartTraceOverlapping(t *testing.T) {
	outer := StartTrace("outer")
	named("o", 1)
	var inner func() (*Timeline, error)
	done := make(chan struct{})
	go func() { // another goroutine's recording, nested in time inside outer's
		defer close(done)
		inner = StartTrace("inner")
		named("i", 2)
	}()
	<-done
	named("p", 1)
	tlOuter, errOuter := outer() // stopped before inner: the windows overlap
	tlInner, errInner := inner()
	if got := lanesOf(t, tlInner, errInner); got != "caller,i 1,i 2" {
		t.Errorf("inner: lanes %s", got)
	}
	got := lanesOf(t, tlOuter, errOuter)
	// The goroutine that ran inner is outer's child, so its lanes are outer's too.
	for _, want := range []string{"o 1", "p 1"} {
		if !slices.Contains(tlOuter.Lanes(), want) {
			t.Errorf("outer: lanes %s lack %s", got, want)
		}
	}
	// Nested in the same goroutine.
	outer = StartTrace("outer")
	named("o", 1)
	tlInner = Trace("inner", func() { named("i", 1) })
	tlOuter, errOuter = outer()
	if got := lanesOf(t, tlInner, nil); got != "caller,i 1" {
		t.Errorf("nested inner: lanes %s", got)
	}
	if got := lanesOf(t, tlOuter, errOuter); got != "caller,o 1,i 1" {
		t.Errorf("nested outer: lanes %s", got)
	}
}

func TestTraceAfterIdleStop(t *testing.T) {
	if tl := Trace("before", func() { named("x", 1) }); tl.Err() != nil {
		t.Fatal(tl.Err())
	}
	// What the keepAlive timer does, and the kernel before a cell that does not trace.
	traceidle.Stop()
	flight.mu.Lock()
	running := flight.fr != nil
	flight.mu.Unlock()
	if running || trace.IsEnabled() {
		t.Fatal("flight recorder still running after the idle stop")
	}
	tl := Trace("after", func() { named("y", 1) })
	if got := lanesOf(t, tl, nil); got != "caller,y 1" {
		t.Errorf("lanes %s", got)
	}
	// A running recording keeps it.
	outer := StartTrace("outer")
	traceidle.Stop()
	if !trace.IsEnabled() {
		t.Error("the idle stop stopped the recorder of a running recording")
	}
	if _, err := outer(); err != nil {
		t.Fatal(err)
	}
}

func TestTrimToWindow(t *testing.T) {
	// A snapshot holding an earlier recording's generations: trimming drops them and the
	// window still parses to the same lanes. flight.stop trims as it writes; here the
	// whole snapshot is taken by hand to compare.
	// An outer recording keeps the recorder (and its history) alive across the others.
	outer, err := flight.start()
	if err != nil {
		t.Fatal(err)
	}
	defer flight.stop(outer)
	Trace("earlier", func() { named("e", 2) })
	rec, err := flight.start()
	if err != nil {
		t.Fatal(err)
	}
	named("w", 2)
	if _, err := flight.stop(rec); err != nil {
		t.Fatal(err)
	}
	flight.mu.Lock()
	var whole bytes.Buffer
	_, err = flight.fr.WriteTo(&whole)
	flight.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	data := whole.Bytes()
	mark := rootMessage(rec.id, rootLabel)
	trimmed := trimToWindow(data, mark)
	if len(trimmed) >= len(data) {
		t.Errorf("trimmed %d bytes of %d: nothing dropped", len(trimmed), len(data))
	}
	tlWhole, errWhole := parseWindow("whole", bytes.NewReader(data), 2, rec.id)
	tlCut, errCut := parseWindow("cut", bytes.NewReader(trimmed), 2, rec.id)
	if a, b := lanesOf(t, tlWhole, errWhole), lanesOf(t, tlCut, errCut); a != b || a != "caller,w 1,w 2" {
		t.Errorf("lanes whole %s, trimmed %s", a, b)
	}

	// Written in pieces of any size, the same bytes are kept.
	for _, piece := range []int{1, 7, 100, 4096} {
		w := newWindowWriter(mark, 0)
		for rest := data; len(rest) > 0; {
			k := min(piece, len(rest))
			w.Write(rest[:k])
			rest = rest[k:]
		}
		if !bytes.Equal(w.Bytes(), trimmed) {
			t.Errorf("written %d bytes at a time: kept %d bytes, want the %d of one write", piece, len(w.Bytes()), len(trimmed))
		}
	}

	// Without the mark only the last generation is kept, and the parser says the start is lost.
	last := trimToWindow(data, "no such mark")
	if len(last) >= len(data) {
		t.Errorf("without the mark: kept %d bytes of %d", len(last), len(data))
	}
	if _, err := parseWindow("lost", bytes.NewReader(last), 2, rec.id); err == nil || !strings.Contains(err.Error(), "lost the start") {
		t.Errorf("without the mark: err = %v, want the lost start", err)
	}

	// Framing it does not know: everything from there on is kept.
	odd := append(append([]byte(nil), data[:traceHeaderLen]...), 0xEE, 1, 2, 3)
	if got := trimToWindow(odd, mark); !bytes.Equal(got, odd) {
		t.Errorf("unknown batch type: kept %v, want all of %v", got, odd)
	}
}

// trimToWindow is windowWriter for a snapshot already in memory.
func trimToWindow(data []byte, mark string) []byte {
	w := newWindowWriter(mark, 0)
	_, _ = w.Write(data)
	return w.Bytes()
}
