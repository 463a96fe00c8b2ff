package display

import (
	"bytes"
	"runtime"
	"runtime/trace"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// spin burns CPU for about d.
func spin(d time.Duration) int {
	n := 0
	for t := time.Now(); time.Since(t) < d; {
		for i := 0; i < 1000; i++ {
			n += i
		}
	}
	return n
}

// burn does n rounds of CPU work: a fixed amount of work, unlike spin, whose goroutines
// finish by the clock and so take less wall time the more they are descheduled, which
// makes a run's duration depend on where the scheduler preempted them.
func burn(n int) int {
	s := 0
	for r := 0; r < n; r++ {
		for i := 0; i < 1000; i++ {
			s += i ^ r
		}
	}
	return s
}

// calibrate returns the burn rounds that take about d on one goroutine.
func calibrate(d time.Duration) int {
	n := 1000
	for {
		start := time.Now()
		burn(n)
		if took := time.Since(start); took > 10*time.Millisecond {
			return int(float64(n) * float64(d) / float64(took))
		}
		n *= 2
	}
}

// waitFor polls the goroutine dump until a goroutine running fn is in state (as printed by
// runtime.Stack, e.g. "chan receive", "sync.Mutex.Lock"), so tests do not depend on timing.
func waitFor(state, fn string) {
	buf := make([]byte, 1<<20)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		n := runtime.Stack(buf, true)
		for _, g := range strings.Split(string(buf[:n]), "\n\n") {
			if strings.Contains(g, "["+state) && strings.Contains(g, fn) {
				return
			}
		}
		time.Sleep(time.Millisecond)
	}
	panic("timed out waiting for a goroutine in " + fn + " to be in state " + state)
}

// lessonPattern is the known pattern: two CPU-bound goroutines, one sleeping, one that
// blocks on a channel and then on a mutex.
func lessonPattern() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	ch := make(chan int)
	wg.Add(4)
	mu.Lock()
	Go("waiter", func() {
		defer wg.Done()
		<-ch
		mu.Lock()
		mu.Unlock()
	})
	Go("cpu 1", func() { defer wg.Done(); spin(30 * time.Millisecond) })
	Go("cpu 2", func() { defer wg.Done(); spin(30 * time.Millisecond) })
	Go("sleeper", func() { defer wg.Done(); time.Sleep(40 * time.Millisecond) })
	waitFor("chan receive", "lessonPattern.func1")
	ch <- 1
	waitFor("sync.Mutex.Lock", "lessonPattern.func1")
	mu.Unlock()
	wg.Wait()
}

// subsequence reports whether want appears in got in order.
func subsequence(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

func TestTraceLessonPattern(t *testing.T) {
	tl := Trace("lesson", lessonPattern)
	if err := tl.Err(); err != nil {
		t.Fatal(err)
	}
	lanes := tl.Lanes()
	for _, name := range []string{"caller", "cpu 1", "cpu 2", "sleeper", "waiter"} {
		if !slices.Contains(lanes, name) {
			t.Fatalf("lanes %q lack %q\n%s", lanes, name, tl)
		}
	}
	for lane, want := range map[string][]string{
		"cpu 1":   {stateRunning},
		"cpu 2":   {stateRunning},
		"sleeper": {stateSleep},
		"waiter":  {stateChan, stateMutex},
		"caller":  {stateWait},
	} {
		if got := tl.States(lane); !subsequence(got, want) {
			t.Errorf("lane %q: states %q, want %q in that order", lane, got, want)
		}
	}
	if got := tl.States("waiter"); slices.Contains(got, stateSleep) {
		t.Errorf("waiter never sleeps, got %q", got)
	}
	t.Logf("GOMAXPROCS %d\n%s", runtime.GOMAXPROCS(0), tl)
}

func TestTraceRecordsNestedGoroutinesAndNames(t *testing.T) {
	tl := Trace("nested", func() {
		done := make(chan bool)
		go func() { // go #1
			go func() { // go #2, a grandchild
				waitFor("chan receive", "TestTraceRecordsNestedGoroutinesAndNames")
				done <- true
			}()
		}()
		<-done
	})
	if err := tl.Err(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tl.Lanes(), ","); got != "caller,go #1,go #2" {
		t.Fatalf("lanes %s", got)
	}
	if got := tl.States("caller"); !slices.Contains(got, stateChan) {
		t.Errorf("caller states %q lack the channel receive", got)
	}
	svg := tl.SVG()
	checkSVG(t, svg)
	if !strings.Contains(svg, "woken by go #2") {
		t.Errorf("no 'woken by' in tooltips")
	}
}

func TestTraceWithCellTraceStart(t *testing.T) {
	// A cell that records its own trace keeps working while Trace records.
	var inner bytes.Buffer
	tl := Trace("inner", func() {
		if err := trace.Start(&inner); err != nil {
			t.Errorf("trace.Start inside Trace: %v", err)
			return
		}
		time.Sleep(time.Millisecond)
		trace.Stop()
	})
	if tl.Err() != nil || inner.Len() == 0 {
		t.Fatalf("err %v, inner trace %d bytes", tl.Err(), inner.Len())
	}
	// Two recordings at once share the flight recorder.
	outer := StartTrace("outer")
	tl2 := Trace("second", func() { time.Sleep(time.Millisecond) })
	if _, err := outer(); err != nil || tl2.Err() != nil {
		t.Fatalf("nested recordings: %v, %v", err, tl2.Err())
	}
	if _, err := outer(); err == nil {
		t.Fatal("stopping twice did not fail")
	}
}

func pingPong(n int) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	close(ping)
}

// recordTrace returns the raw execution trace of f (a snapshot holding its window).
func recordTrace(tb testing.TB, f func()) []byte {
	rec, err := flight.start()
	if err != nil {
		tb.Fatal(err)
	}
	f()
	data, err := flight.stop(rec)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func BenchmarkParseTrace(b *testing.B) {
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"lesson", lessonPattern},
		{"pingpong50k", func() { pingPong(50_000) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			data := recordTrace(b, c.f)
			for b.Loop() {
				if _, err := ParseTrace("bench", bytes.NewReader(data), 2); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(data)), "trace-bytes")
		})
	}
}

// BenchmarkTraceOverhead compares workloads with and without Trace (recording + parse).
// Each iteration runs the workload plain and traced, in alternating order, so that drift
// in the machine's speed falls on both; the metrics are the medians of each and the
// overhead of the traced median over the plain one.
func BenchmarkTraceOverhead(b *testing.B) {
	work20ms := calibrate(20 * time.Millisecond)
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"lesson", lessonPattern},
		{"cpu4x20ms", func() {
			var wg sync.WaitGroup
			for i := 0; i < 4; i++ {
				wg.Add(1)
				go func() { defer wg.Done(); burn(work20ms) }()
			}
			wg.Wait()
		}},
		{"pingpong100k", func() { pingPong(100_000) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			var plain, traced []float64
			timed := func(f func()) float64 {
				start := time.Now()
				f()
				return float64(time.Since(start)) / 1e6
			}
			tracedRun := func() {
				if tl := Trace("bench", c.f); tl.Err() != nil {
					b.Fatal(tl.Err())
				}
			}
			for i := 0; b.Loop(); i++ {
				if i%2 == 0 {
					plain = append(plain, timed(c.f))
					traced = append(traced, timed(tracedRun))
				} else {
					traced = append(traced, timed(tracedRun))
					plain = append(plain, timed(c.f))
				}
			}
			p, t := median(plain), median(traced)
			b.ReportMetric(p, "plain-ms")
			b.ReportMetric(t, "traced-ms")
			b.ReportMetric((t/p-1)*100, "overhead-%")
		})
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkTraceEmpty is the fixed cost of a recording: Trace of a function doing nothing.
func BenchmarkTraceEmpty(b *testing.B) {
	for b.Loop() {
		if tl := Trace("empty", func() {}); tl.Err() != nil {
			b.Fatal(tl.Err())
		}
	}
}

func TestTraceRootAndGoPanic(t *testing.T) {
	stderr := &reportWriter{written: make(chan struct{}, 1)}
	old := currentSink
	currentSink = func() sink { return sink{out: stderr, err: stderr} }
	defer func() { currentSink = old }()
	stop := StartTrace("rooted")
	done := make(chan struct{})
	go func() { // like the worker's eval goroutine
		defer close(done)
		TraceRoot("cell")
		var wg sync.WaitGroup
		wg.Add(1)
		Go("boom", func() {
			defer wg.Done()
			panic("on purpose") // recovered and reported by Go
		})
		wg.Wait()
	}()
	<-done
	tl, err := stop()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tl.Lanes(), ","); got != "cell,boom" {
		t.Fatalf("lanes %s, want cell,boom (the StartTrace caller is not the root any more)", got)
	}
	<-stderr.written // the report is written after the goroutine's own defers ran
	if got := stderr.String(); !strings.Contains(got, `panic in goroutine "boom": on purpose`) {
		t.Fatalf("panic report %q", got)
	}
}

// reportWriter is a concurrency-safe buffer that signals its first write.
type reportWriter struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	written chan struct{}
}

func (w *reportWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case w.written <- struct{}{}:
	default:
	}
	return w.buf.Write(p)
}

func (w *reportWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestParseTraceWithoutRecordingMarks(t *testing.T) {
	var buf bytes.Buffer
	if err := trace.Start(&buf); err != nil {
		t.Skip("trace already running:", err)
	}
	time.Sleep(time.Millisecond)
	trace.Stop()
	if _, err := ParseTrace("x", &buf, 2); err == nil || !strings.Contains(err.Error(), "lost the start") {
		t.Fatalf("err = %v", err)
	}
	if _, err := ParseTrace("x", strings.NewReader("not a trace"), 2); err == nil {
		t.Fatal("garbage parsed")
	}
}
