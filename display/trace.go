package display

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/trace"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gojup/gojup/internal/traceidle"
)

// Trace log categories and messages this package writes into execution traces.
const (
	logRoot    = "gojup.root" // message: "ID label", the recording's id and the root lane's label
	logStop    = "gojup.stop" // message: the recording's id
	logName    = "gojup.name" // message: the goroutine's name (from Go)
	logSite    = "gojup.site" // message: "cell L:C", the go statement (from the kernel's cell rewrite)
	rootLabel  = "caller"
	traceLimit = 256 << 20 // flight recorder window in bytes (about 8M events): the whole recording, within reason
)

// Go starts f in a new goroutine named name, the lane label that goroutine gets in traced
// timelines (Trace, %%timeline). A panic in f is reported on stderr with its stack instead
// of ending the process, so one failing goroutine does not kill a notebook's session.
//
//	display.Trace("producer and consumer", func() {
//		ch := make(chan int)
//		var wg sync.WaitGroup
//		wg.Add(2)
//		display.Go("producer", func() { defer wg.Done(); for i := 0; i < 3; i++ { ch <- i }; close(ch) })
//		display.Go("consumer", func() { defer wg.Done(); for v := range ch { time.Sleep(10 * time.Millisecond); _ = v } })
//		wg.Wait()
//	})
func Go(name string, f func()) {
	go func() {
		if trace.IsEnabled() {
			trace.Log(context.Background(), logName, name)
		}
		defer func() {
			if r := recover(); r != nil {
				fmt.Fprintf(currentSink().err, "panic in goroutine %q: %v\n\n%s", name, r, debug.Stack())
			}
		}()
		f()
	}()
}

// TraceRoot makes the calling goroutine the root of a running trace (see StartTrace): the
// timeline shows it (labeled label) and the goroutines it starts from now on, instead of the
// goroutine that called StartTrace. A kernel calls it first thing in the goroutine that runs
// a %%timeline cell. It applies to the recording started last among the running ones;
// without a running recording it does nothing.
func TraceRoot(label string) {
	if id, ok := flight.innermost(); ok && trace.IsEnabled() {
		trace.Log(context.Background(), logRoot, rootMessage(id, label))
	}
}

// Trace runs f while recording the Go execution trace and returns the timeline of the
// goroutines it ran: the calling goroutine (lane "caller") and every goroutine started
// by it, directly or not, each in its own lane (named by Go, else "go #1", "go #2", …, with
// the cell line of the go statement when run in the gojup kernel), with
// their scheduler states — running, runnable, blocked on a channel, select, mutex or
// WaitGroup/Cond, sleeping, in a system call — and GC as a band above them. As a cell's
// final expression the timeline shows itself; elsewhere call its Show method.
//
//	display.Trace("two workers and a mutex", func() {
//		var mu sync.Mutex
//		var wg sync.WaitGroup
//		for i := 1; i <= 2; i++ {
//			wg.Add(1)
//			display.Go(fmt.Sprint("worker ", i), func() {
//				defer wg.Done()
//				mu.Lock()
//				time.Sleep(20 * time.Millisecond)
//				mu.Unlock()
//			})
//		}
//		wg.Wait()
//	})
//
// Recording uses runtime/trace's flight recorder, so f may itself call trace.Start. The
// recorder is shared by all recordings of the process and kept running for 3 s after the
// last one (starting one stops the world; the gojup kernel stops it before a cell that
// does not trace), so a program that starts its own flight recorder right after a Trace
// gets an error from it. When another flight recorder is running, Trace uses trace.Start
// instead; when both are taken the timeline only carries the error (see Timeline.Err).
//
// Cost: recording slows typical cells (computation, sleeps, some channel and mutex
// traffic) by 0–2 %; starting the recorder takes 0.3–10 ms. Building the timeline
// afterwards takes 1–3 ms for a small trace (the snapshot ends a trace generation) and
// about 5 ms for 2000 channel hand-offs in the kernel's interpreter. Code that switches
// goroutines hundreds of thousands of times (a tight channel ping-pong) runs about 3×
// slower while recorded, and building its timeline takes about 1 s per million trace
// events; traces beyond 256 MB lose their start and give an error, and only the first 10
// million events are drawn.
func Trace(title string, f func()) *Timeline {
	stop := StartTrace(title)
	stopped := false
	defer func() {
		if !stopped {
			_, _ = stop() // f panicked: end the recording, let the panic go on
		}
	}()
	f()
	stopped = true
	tl, err := stop()
	if err != nil {
		tl = newTimeline(title, time.Now)
		tl.err = err
		tl.notes = append(tl.notes, err.Error())
	}
	return tl
}

// StartTrace starts recording the Go execution trace and returns the function that stops
// it and builds the timeline of the calling goroutine and the goroutines it starts (see
// Trace; TraceRoot picks another root). An error starting the recording is returned by stop.
//
//	stop := display.StartTrace("cell 12")
//	runCell()
//	tl, err := stop()
func StartTrace(title string) (stop func() (*Timeline, error)) {
	rec, err := flight.start()
	if err != nil {
		return func() (*Timeline, error) { return nil, err }
	}
	var done atomic.Bool
	return func() (*Timeline, error) {
		if done.Swap(true) {
			return nil, errors.New("display: trace already stopped")
		}
		data, err := flight.stop(rec)
		if err != nil {
			return nil, err
		}
		return parseWindow(title, bytes.NewReader(data), runtime.GOMAXPROCS(0), rec.id)
	}
}

// Recorder tuning. Starting a flight recorder stops the world and costs 0.5–9 ms, so one
// is kept running across recordings that follow each other; it is stopped after
// keepAlive without any, and by the kernel before a cell that does not trace
// (internal/traceidle), so that untraced code does not run recorded (it slows goroutine
// hand-offs several times); and it is restarted (dropping its history) when a recording
// starts on one older than maxHistory with no other recording running, so that
// snapshots stay small.
const (
	keepAlive  = 3 * time.Second
	maxHistory = 3 * time.Second
)

func init() { traceidle.Register(flight.stopIfIdle) }

// flight is the process's flight recorder: a process may run only one, so it is shared by
// all recordings and is necessarily global.
var flight recorderPool

// recorderPool shares one flight recorder among recordings; each recording is the window
// between its own marks (logRoot and logStop carrying its id) in a snapshot.
type recorderPool struct {
	mu      sync.Mutex
	fr      *trace.FlightRecorder // nil when not running
	since   time.Time             // when fr started
	active  int                   // recordings using fr
	idle    *time.Timer           // stops fr after keepAlive without recordings
	nextID  uint64
	windows []uint64 // ids of running recordings, innermost last (for TraceRoot)
	// nextGen is the generation after the last one a snapshot of fr held: a recording
	// started now has its mark in it or a later one, so earlier ones need not be searched.
	nextGen uint64
}

// recording is a running execution trace.
type recording struct {
	id     uint64
	minGen uint64        // the first generation that may hold its start mark
	buf    *bytes.Buffer // trace.Start's output; nil when the shared flight recorder is used
}

// start begins a recording and logs its root mark in the calling goroutine.
func (p *recorderPool) start() (*recording, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nextID++
	rec := &recording{id: p.nextID}
	if p.fr != nil && p.active == 0 && time.Since(p.since) > maxHistory {
		p.stopRecorderLocked()
	}
	if p.fr == nil {
		fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{MinAge: 24 * time.Hour, MaxBytes: traceLimit})
		if errFR := fr.Start(); errFR != nil {
			// Another flight recorder is running (the cell's own): use trace.Start.
			buf := new(bytes.Buffer)
			if err := trace.Start(buf); err != nil {
				return nil, fmt.Errorf("display: cannot record a trace: flight recorder: %w; trace.Start: %w", errFR, err)
			}
			rec.buf = buf
		} else {
			p.fr, p.since = fr, time.Now()
		}
	}
	if rec.buf == nil {
		p.active++
		if p.idle != nil {
			p.idle.Stop()
		}
	}
	p.windows = append(p.windows, rec.id)
	rec.minGen = p.nextGen
	trace.Log(context.Background(), logRoot, rootMessage(rec.id, rootLabel))
	return rec, nil
}

// stop logs rec's stop mark and returns the trace holding its window: its generations of
// the shared recorder's snapshot, or all of what trace.Start wrote.
func (p *recorderPool) stop(rec *recording) ([]byte, error) {
	trace.Log(context.Background(), logStop, strconv.FormatUint(rec.id, 10))
	p.mu.Lock()
	defer p.mu.Unlock()
	if i := slices.Index(p.windows, rec.id); i >= 0 {
		p.windows = slices.Delete(p.windows, i, i+1)
	}
	if rec.buf != nil {
		trace.Stop()
		return rec.buf.Bytes(), nil
	}
	p.active--
	// The snapshot holds the recorder's whole history (up to maxHistory): keep only the
	// generations from rec's start on, as they are written.
	window := newWindowWriter(rootMessage(rec.id, rootLabel), rec.minGen)
	_, err := p.fr.WriteTo(window) // under p.mu: only one WriteTo may run at a time
	if window.maxGen > 0 {
		p.nextGen = window.maxGen + 1
	}
	if p.active == 0 {
		if p.idle == nil {
			p.idle = time.AfterFunc(keepAlive, p.stopIfIdle)
		} else {
			p.idle.Reset(keepAlive)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("display: snapshot trace: %w", err)
	}
	return window.Bytes(), nil
}

// stopIfIdle stops the flight recorder when no recording uses it.
func (p *recorderPool) stopIfIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fr != nil && p.active == 0 {
		p.stopRecorderLocked()
	}
}

// stopRecorderLocked stops the flight recorder, dropping its history; p.mu is held.
func (p *recorderPool) stopRecorderLocked() {
	p.fr.Stop()
	p.fr, p.nextGen = nil, 0
}

// innermost returns the id of the recording started last among the running ones.
func (p *recorderPool) innermost() (uint64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.windows) == 0 {
		return 0, false
	}
	return p.windows[len(p.windows)-1], true
}

// rootMessage is the message of a logRoot mark: the recording's id and the root lane's label.
func rootMessage(id uint64, label string) string {
	return strconv.FormatUint(id, 10) + " " + label
}
