// Package traceidle lets the kernel stop display's idle flight recorder before a cell
// that does not trace. display keeps its recorder running for a while after a recording,
// because starting one costs milliseconds (up to ~9 ms) and timeline cells often follow
// each other; but code that runs while it records is slowed (goroutine hand-offs several
// times), so an untraced cell must not run under it. display registers the stop here;
// the worker calls Stop before each cell that does not trace.
package traceidle

import (
	"strings"
	"sync/atomic"
)

var stop atomic.Pointer[func()]

// Register makes f the function Stop calls (display's: stop the recorder if no recording
// runs). The process has one flight recorder, so there is one function.
func Register(f func()) { stop.Store(&f) }

// Stop stops the idle flight recorder, if one was registered and is running.
func Stop() {
	if f := stop.Load(); f != nil {
		(*f)()
	}
}

// MayTrace reports whether cell source code may record a trace (a %%timeline magic, or a
// call of display's Trace or StartTrace); the recorder is then left running for it.
func MayTrace(code string) bool {
	return strings.Contains(code, "%%timeline") || strings.Contains(code, "Trace(")
}
