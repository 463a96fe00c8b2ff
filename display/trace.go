package display

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/trace"
	"sync/atomic"
	"time"
)

// Trace log categories and messages this package writes into execution traces.
const (
	logRoot    = "gojup.root" // message: the root lane's label
	logStop    = "gojup.stop"
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
// a %%timeline cell. Without a running trace it does nothing.
func TraceRoot(label string) {
	if trace.IsEnabled() {
		trace.Log(context.Background(), logRoot, label)
	}
}

// Trace runs f while recording the Go execution trace and returns the timeline of the
// goroutines it ran: the calling goroutine (lane "caller") and every goroutine started
// by it, directly or not, each in its own lane (named by Go, else "go #1", "go #2", …), with
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
// Recording uses runtime/trace's flight recorder, so f may itself call trace.Start. When
// another flight recorder is running, Trace uses trace.Start instead; when both are taken
// the timeline only carries the error (see Timeline.Err).
//
// Cost: a few percent on typical cells (computation, some channel and mutex traffic), plus
// about a millisecond to start and stop. Code that switches goroutines hundreds of
// thousands of times (a tight channel ping-pong) runs about 2× slower while recorded, and
// building its timeline takes about 1 s per million trace events; traces beyond 256 MB
// lose their start and give an error, and only the first 10 million events are drawn.
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
	rec, err := startRecording()
	if err != nil {
		return func() (*Timeline, error) { return nil, err }
	}
	trace.Log(context.Background(), logRoot, rootLabel)
	var done atomic.Bool
	return func() (*Timeline, error) {
		if done.Swap(true) {
			return nil, errors.New("display: trace already stopped")
		}
		trace.Log(context.Background(), logStop, "")
		data, err := rec.stop()
		if err != nil {
			return nil, err
		}
		return ParseTrace(title, bytes.NewReader(data), runtime.GOMAXPROCS(0))
	}
}

// recording is a running execution trace.
type recording struct {
	fr  *trace.FlightRecorder // nil when trace.Start is used
	buf *bytes.Buffer         // trace.Start's output
}

func startRecording() (*recording, error) {
	fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{MinAge: 24 * time.Hour, MaxBytes: traceLimit})
	errFR := fr.Start()
	if errFR == nil {
		return &recording{fr: fr}, nil
	}
	buf := new(bytes.Buffer)
	if err := trace.Start(buf); err != nil {
		return nil, fmt.Errorf("display: cannot record a trace: flight recorder: %w; trace.Start: %w", errFR, err)
	}
	return &recording{buf: buf}, nil
}

func (r *recording) stop() ([]byte, error) {
	if r.fr == nil {
		trace.Stop()
		return r.buf.Bytes(), nil
	}
	defer r.fr.Stop()
	var buf bytes.Buffer
	if _, err := r.fr.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("display: snapshot trace: %w", err)
	}
	return buf.Bytes(), nil
}
