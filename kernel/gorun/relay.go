package gorun

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/gojup/gojup/kernel/ipc"
)

// Relay forwards a program's display output to the notebook: its events are sent on Events
// as part of request RequestID. A Relay without Events leaves display output as text.
type Relay struct {
	Events    *ipc.Channel
	RequestID uint64
}

// relayedTypes are the events a program may send; anything else is dropped.
var relayedTypes = map[string]bool{"display_data": true, "update_display_data": true, "clear_output": true}

// programEventFD is the event pipe's file descriptor in the program (its first ExtraFile).
const programEventFD = 3

// relayRun is the relay of one running program. The program writes sync markers of its own
// numbering to its stdout and stderr; they are stripped here. An event marked with one is
// forwarded (and re-marked by Events) only once the program's text before the marker has
// been copied, and the text after the marker only once the event has been forwarded, so
// text and display output reach the notebook in the order the program made them.
type relayRun struct {
	relay     Relay
	mu        sync.Mutex
	cond      *sync.Cond
	seen      [2]uint64 // last marker read from the program's stdout, stderr
	ended     [2]bool   // that stream ended: nothing more to wait for
	sent      uint64    // highest Sync of the events forwarded (or dropped)
	eventsEnd bool      // the event pipe ended or held garbage: the streams wait no more
	out       [2]*markerWriter
	events    *os.File // our end of the event pipe
	childEnd  *os.File // the program's end, closed here once it started
	forwarded chan struct{}
}

// start prepares cmd (not started yet) for relaying: an event pipe as its first extra
// file, and its stdout and stderr through marker-stripping writers.
func (rl Relay) start(cmd *exec.Cmd) (*relayRun, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("%%%%go run: event pipe: %w", err)
	}
	run := &relayRun{relay: rl, events: r, forwarded: make(chan struct{})}
	run.cond = sync.NewCond(&run.mu)
	for i, dst := range []io.Writer{cmd.Stdout, cmd.Stderr} {
		run.out[i] = &markerWriter{run: run, stream: i, dst: dst}
	}
	cmd.Stdout, cmd.Stderr = run.out[0], run.out[1]
	cmd.ExtraFiles = []*os.File{w}
	cmd.Env = append(os.Environ(), ipc.EnvEventFD+"="+strconv.Itoa(programEventFD))
	run.childEnd = w
	go run.forward()
	return run, nil
}

// started closes this process's copy of the pipe's write end once the program has its own
// (or could not start), so that the pipe ends with the program.
func (run *relayRun) started() { run.childEnd.Close() }

// forward reads the program's events and sends them on, each after the text before it.
func (run *relayRun) forward() {
	defer close(run.forwarded)
	defer run.endEvents()
	dec := ipc.NewDecoder(run.events)
	for {
		var ev ipc.Event
		err := dec.Decode(&ev)
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			run.endEvents() // a marker's event may be lost: stop holding text back
			continue
		case err != nil:
			return
		}
		if ev.Sync != 0 {
			run.waitFor(ev.Sync, ev.SyncStderr)
		}
		if relayedTypes[ev.Type] {
			out := ipc.Event{ID: run.relay.RequestID, Type: ev.Type, Content: ev.Content, Metadata: ev.Metadata}
			_ = run.relay.Events.SendSynced(out, ev.SyncStderr)
		}
		run.mu.Lock()
		run.sent = max(run.sent, ev.Sync)
		run.mu.Unlock()
		run.cond.Broadcast()
	}
}

// endEvents records that no more events will be forwarded.
func (run *relayRun) endEvents() {
	run.mu.Lock()
	run.eventsEnd = true
	run.mu.Unlock()
	run.cond.Broadcast()
}

// waitFor blocks until marker n has been read from stdout (and stderr), or they ended.
func (run *relayRun) waitFor(n uint64, withStderr bool) {
	run.mu.Lock()
	defer run.mu.Unlock()
	for !run.reached(0, n) || withStderr && !run.reached(1, n) {
		run.cond.Wait()
	}
}

func (run *relayRun) reached(stream int, n uint64) bool {
	return run.ended[stream] || run.seen[stream] >= n
}

// mark records marker n read from stream and holds the text after it back until n's event
// has been forwarded. (The program sends an event before writing its marker, so the event
// is in the pipe already.)
func (run *relayRun) mark(stream int, n uint64) {
	run.mu.Lock()
	defer run.mu.Unlock()
	run.seen[stream] = max(run.seen[stream], n)
	run.cond.Broadcast()
	for run.sent < n && !run.eventsEnd {
		run.cond.Wait()
	}
}

// finish is called after the program ended (cmd.Wait returned, so its output is copied):
// it flushes the streams and waits a little for the last events.
func (run *relayRun) finish() {
	run.mu.Lock()
	for i, w := range run.out {
		w.flush()
		run.ended[i] = true
	}
	run.mu.Unlock()
	run.cond.Broadcast()
	select {
	case <-run.forwarded:
	case <-time.After(time.Second): // a child of the program still holds the pipe
		run.events.Close()
		<-run.forwarded
	}
	run.events.Close()
}

// markerWriter strips sync markers from one of the program's output streams.
type markerWriter struct {
	run    *relayRun
	stream int
	dst    io.Writer
	split  ipc.MarkerSplitter
	err    error
}

func (w *markerWriter) Write(p []byte) (int, error) {
	w.split.Split(p, w.text, func(n uint64) { w.run.mark(w.stream, n) })
	return len(p), nil
}

func (w *markerWriter) text(b []byte) {
	if w.err == nil {
		_, w.err = w.dst.Write(b)
	}
}

// flush writes bytes held back as a possible marker start; run.mu is held.
func (w *markerWriter) flush() {
	if b := w.split.Flush(); len(b) > 0 {
		w.text(b)
	}
}
