package kernel

import (
	"bytes"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gojup/gojup/kernel/ipc"
	"github.com/gojup/gojup/kernel/wire"
)

const (
	stdoutStream = 0
	stderrStream = 1

	// flushInterval is the longest a printed byte waits before it is published, and the
	// shortest time between two stream messages of one stream under a flood.
	flushInterval = 20 * time.Millisecond
	// flushSize publishes a stream at once when this much text is pending.
	flushSize = 64 << 10
	// syncTimeout releases an event whose sync marker never arrived (a cell that
	// redirected os.Stdout cannot hang its reply).
	syncTimeout = 250 * time.Millisecond
	// crashHold is how long stderr after a "panic:" or "fatal error:" line is held back
	// in case the worker dies (the text then goes into the error output instead).
	crashHold = time.Second
	// stderrTailSize bounds the stderr kept for crash reports.
	stderrTailSize = 64 << 10
)

var streamNames = [2]string{"stdout", "stderr"}

// outputs turns the worker's stdout and stderr into coalesced stream messages and keeps
// events in order with them. All its state, including each worker's gate, is guarded by mu;
// messages are published with mu held so that their order on iopub is the order decided here.
type outputs struct {
	pub publishFunc
	mu  sync.Mutex

	parent    *wire.Message // the request output belongs to
	pending   [2][]byte
	lastFlush time.Time
	timer     *time.Timer
	armed     bool

	limit     int64 // per-cell stream bytes; 0 = unlimited
	cellBytes int64
	truncated bool
}

// gate is the per-worker ordering state: sync markers seen and events held back.
type gate struct {
	marks   [2]uint64
	held    []heldEvent
	timer   *time.Timer
	deliver func(ipc.Event) // called with outputs.mu held

	// The worker writes a synced event on fd 4 before its marker on stdout, but the two
	// pipes are read concurrently: a marker can be read before its event. Text after such a
	// marker is held back (after[stream] = the marker) until the event arrived (evSync).
	evSync uint64
	after  [2]uint64
	afterQ [2][]heldText // text and markers read while after[stream] != 0, in order

	atLineStart bool
	tail        []byte // last stderrTailSize bytes of stderr
	capturing   bool
	capture     []byte // stderr since a crash line, held back
	captureGen  int
	dead        bool
}

type heldText struct {
	text   []byte
	marker uint64 // when text is nil
}

type heldEvent struct {
	ev ipc.Event
	at time.Time
}

// publishFunc publishes one iopub message.
type publishFunc func(parent *wire.Message, msgType string, content any)

func newOutputs(pub publishFunc, limit int64) *outputs {
	o := &outputs{pub: pub, limit: limit}
	o.timer = time.AfterFunc(time.Hour, o.onTimer)
	o.timer.Stop()
	return o
}

func newGate(deliver func(ipc.Event)) *gate {
	return &gate{deliver: deliver, atLineStart: true}
}

// setParent flushes pending text under the previous parent and directs output to m,
// starting a new cell for the output limit.
func (o *outputs) setParent(m *wire.Message) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushAllLocked(true)
	o.parent = m
	o.cellBytes, o.truncated = 0, false
}

// notice publishes a line on stderr under parent, after all pending text.
func (o *outputs) notice(parent *wire.Message, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushAllLocked(true)
	o.pub(parent, "stream", map[string]string{"name": "stderr", "text": text})
}

// text handles output text of a worker (markers already removed).
func (o *outputs) text(g *gate, stream int, b []byte) {
	if len(b) == 0 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if g.after[stream] != 0 {
		g.afterQ[stream] = append(g.afterQ[stream], heldText{text: append([]byte(nil), b...)})
		return
	}
	o.textLocked(g, stream, b)
}

// textLocked handles output text of a worker.
func (o *outputs) textLocked(g *gate, stream int, b []byte) {
	if stream == stderrStream {
		g.tail = appendTail(g.tail, b, stderrTailSize)
		if g.capturing {
			g.capture = appendTail(g.capture, b, 4*stderrTailSize)
			return
		}
		if i := crashLine(b, g.atLineStart); i >= 0 {
			o.addLocked(stream, b[:i])
			g.capturing = true
			g.capture = append(g.capture[:0], b[i:]...)
			g.captureGen++
			gen := g.captureGen
			time.AfterFunc(crashHold, func() { o.releaseCapture(g, gen) })
			g.atLineStart = b[len(b)-1] == '\n'
			return
		}
		g.atLineStart = b[len(b)-1] == '\n'
	}
	o.addLocked(stream, b)
}

// crashLine returns the index in b of a line starting with "panic: " or "fatal error: ",
// or -1.
func crashLine(b []byte, atLineStart bool) int {
	for i := 0; i < len(b); i++ {
		if (i == 0 && atLineStart) || (i > 0 && b[i-1] == '\n') {
			if bytes.HasPrefix(b[i:], []byte("panic: ")) || bytes.HasPrefix(b[i:], []byte("fatal error: ")) {
				return i
			}
		}
	}
	return -1
}

// releaseCapture publishes held-back stderr when the worker survived its crash-looking line.
func (o *outputs) releaseCapture(g *gate, gen int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if g.dead || !g.capturing || g.captureGen != gen {
		return
	}
	o.releaseCaptureLocked(g)
}

func (o *outputs) releaseCaptureLocked(g *gate) {
	g.capturing = false
	o.addLocked(stderrStream, g.capture)
	g.capture = nil
}

// addLocked appends text to a stream and flushes it when enough is pending or enough
// time has passed since the last message.
func (o *outputs) addLocked(stream int, b []byte) {
	if len(b) == 0 {
		return
	}
	o.pending[stream] = append(o.pending[stream], b...)
	switch {
	case len(o.pending[stream]) >= flushSize, time.Since(o.lastFlush) >= flushInterval:
		o.flushLocked(stream, false)
		if len(o.pending[stream]) > 0 { // a partial rune held back
			o.armLocked()
		}
	default:
		o.armLocked()
	}
}

func (o *outputs) armLocked() {
	if !o.armed {
		o.armed = true
		o.timer.Reset(flushInterval)
	}
}

func (o *outputs) onTimer() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.armed = false
	o.flushAllLocked(false)
}

func (o *outputs) flushAllLocked(all bool) {
	o.flushLocked(stdoutStream, all)
	o.flushLocked(stderrStream, all)
}

// flushLocked publishes the pending text of a stream. Unless all is set, an incomplete
// UTF-8 sequence at the end is kept for the next message. Invalid UTF-8 becomes U+FFFD.
func (o *outputs) flushLocked(stream int, all bool) {
	p := o.pending[stream]
	if len(p) == 0 {
		return
	}
	n := len(p)
	if !all {
		n -= partialRune(p)
	}
	if n == 0 {
		return
	}
	text := p[:n]
	rest := copy(p, p[n:])
	o.pending[stream] = p[:rest]
	if cap(o.pending[stream]) > 4*flushSize {
		o.pending[stream] = append([]byte(nil), o.pending[stream]...)
	}
	o.lastFlush = time.Now()
	if o.truncated {
		return
	}
	if o.limit > 0 && o.cellBytes+int64(len(text)) > o.limit {
		keep := o.limit - o.cellBytes
		keep -= int64(partialRune(text[:keep]))
		o.publishStreamLocked(stream, text[:keep])
		o.truncated = true
		o.pub(o.parent, "stream", map[string]string{"name": "stderr",
			"text": "\n[output truncated: the cell printed more than " + formatSize(o.limit) + "; the rest was discarded]\n"})
		return
	}
	o.cellBytes += int64(len(text))
	o.publishStreamLocked(stream, text)
}

func (o *outputs) publishStreamLocked(stream int, text []byte) {
	if len(text) == 0 {
		return
	}
	o.pub(o.parent, "stream", map[string]string{"name": streamNames[stream], "text": strings.ToValidUTF8(string(text), "\uFFFD")})
}

// partialRune returns how many bytes at the end of b start a UTF-8 sequence that is not
// complete yet.
func partialRune(b []byte) int {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return 0
		}
		if utf8.RuneStart(c) {
			need := 0
			switch {
			case c&0xE0 == 0xC0:
				need = 2
			case c&0xF0 == 0xE0:
				need = 3
			case c&0xF8 == 0xF0:
				need = 4
			}
			if need > i {
				return i
			}
			return 0
		}
	}
	return 0
}

// marker records sync marker n read from a worker's stream, after publishing the text
// before it, and releases the events it was holding.
func (o *outputs) marker(g *gate, stream int, n uint64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if g.after[stream] != 0 {
		g.afterQ[stream] = append(g.afterQ[stream], heldText{marker: n})
		return
	}
	o.markerLocked(g, stream, n)
}

func (o *outputs) markerLocked(g *gate, stream int, n uint64) {
	if stream == stderrStream && g.capturing {
		// The worker is still writing markers: it survived whatever it printed.
		o.releaseCaptureLocked(g)
	}
	o.flushLocked(stream, true)
	if n > g.marks[stream] {
		g.marks[stream] = n
	}
	o.releaseLocked(g, false)
	if n > g.evSync && !g.dead && g.after[stream] == 0 {
		g.after[stream] = n
		time.AfterFunc(syncTimeout, func() {
			o.mu.Lock()
			defer o.mu.Unlock()
			if g.after[stream] == n {
				o.releaseTextLocked(g, stream)
			}
		})
	}
}

// releaseTextLocked processes the text and markers held back after a marker, until a
// later marker whose event has not arrived holds the rest back again.
func (o *outputs) releaseTextLocked(g *gate, stream int) {
	q := g.afterQ[stream]
	g.after[stream], g.afterQ[stream] = 0, nil
	for i, h := range q {
		if g.after[stream] != 0 {
			g.afterQ[stream] = append(g.afterQ[stream], q[i:]...)
			return
		}
		if h.text != nil {
			o.textLocked(g, stream, h.text)
		} else {
			o.markerLocked(g, stream, h.marker)
		}
	}
}

// releaseSyncedTextLocked releases text held after markers whose events were delivered.
func (o *outputs) releaseSyncedTextLocked(g *gate) {
	for stream := range g.after {
		n := g.after[stream]
		// The event of marker n was delivered when it arrived (evSync) and none held back is
		// as old. A later event still held may be waiting for a marker in this very text.
		delivered := g.evSync >= n && (len(g.held) == 0 || g.held[0].ev.Sync > n)
		if n != 0 && (delivered || g.dead) {
			o.releaseTextLocked(g, stream)
		}
	}
}

// event handles an event from a worker, holding it back until its sync markers arrived.
func (o *outputs) event(g *gate, ev ipc.Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if ev.Sync > g.evSync {
		g.evSync = ev.Sync
	}
	if len(g.held) == 0 && (ev.Sync == 0 || g.synced(ev)) {
		if ev.Sync == 0 {
			o.flushAllLocked(true)
		}
		g.deliver(ev)
		o.releaseSyncedTextLocked(g)
		return
	}
	g.held = append(g.held, heldEvent{ev: ev, at: time.Now()})
	if g.timer == nil {
		g.timer = time.AfterFunc(syncTimeout, func() { o.expire(g) })
	} else if len(g.held) == 1 {
		g.timer.Reset(syncTimeout)
	}
}

func (g *gate) synced(ev ipc.Event) bool {
	return g.marks[stdoutStream] >= ev.Sync && (!ev.SyncStderr || g.marks[stderrStream] >= ev.Sync)
}

func (o *outputs) expire(g *gate) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.releaseLocked(g, false)
	if len(g.held) > 0 {
		g.timer.Reset(time.Until(g.held[0].at.Add(syncTimeout)))
	}
}

// releaseLocked delivers held events, in order, that are synced or waited too long
// (or all of them when force is set).
func (o *outputs) releaseLocked(g *gate, force bool) {
	defer o.releaseSyncedTextLocked(g) // also when a later event stays held
	for len(g.held) > 0 {
		h := g.held[0]
		switch {
		case g.synced(h.ev):
		case force || time.Since(h.at) >= syncTimeout:
			o.flushAllLocked(true)
		default:
			return
		}
		g.held = g.held[1:]
		g.deliver(h.ev)
	}
}

// drain is called when a worker is gone: all its text is published and its held events
// delivered. Stderr held back after a crash line is kept for the crash report.
func (o *outputs) drain(g *gate) {
	o.mu.Lock()
	defer o.mu.Unlock()
	g.dead = true
	for g.after[stdoutStream] != 0 || g.after[stderrStream] != 0 {
		o.releaseTextLocked(g, stdoutStream)
		o.releaseTextLocked(g, stderrStream)
	}
	o.flushAllLocked(true)
	o.releaseLocked(g, true)
}

// crashText returns the stderr that explains a worker's death: the text held back after a
// crash line, or else the tail of stderr.
func (o *outputs) crashText(g *gate) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(g.capture) > 0 {
		return strings.ToValidUTF8(string(g.capture), "\uFFFD")
	}
	return strings.ToValidUTF8(string(g.tail), "\uFFFD")
}

// appendTail appends b to buf keeping at most max bytes (the newest).
func appendTail(buf, b []byte, max int) []byte {
	buf = append(buf, b...)
	if len(buf) > max {
		buf = append(buf[:0], buf[len(buf)-max:]...)
	}
	return buf
}

// stderrTail returns the last stderr of a worker (kept for crash reports).
func (o *outputs) stderrTail(g *gate) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return strings.ToValidUTF8(string(g.tail), "\uFFFD")
}
