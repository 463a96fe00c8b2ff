package display

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	xtrace "golang.org/x/exp/trace"
)

// gorec is what the parser knows about one goroutine of the timeline.
type gorec struct {
	id    xtrace.GoID
	lane  int // index in builder.lanes
	state uint16
	note  uint32
	since xtrace.Time
	open  bool
	spans []span
	where string // where it was created: "file.go:12 (func)"
}

// maxEvents bounds the events read from one trace (about 20 s of parsing); the timeline
// of a longer trace ends early, with a note.
const maxEvents = 10_000_000

// builder turns trace events into a Timeline.
type builder struct {
	tl        *Timeline
	t0, tEnd  xtrace.Time
	started   bool
	stopped   bool
	id        uint64 // the recording whose window is drawn; 0: the last one in the trace
	root      xtrace.GoID
	rootLabel string
	desc      map[xtrace.GoID]*gorec
	order     []*gorec
	names     map[xtrace.GoID]string
	sites     map[xtrace.GoID]string // "cell L:C" of the go statement, from the kernel's rewrite
	gcOpen    map[string]xtrace.Time
	last      xtrace.Time
	// stackNotes caches what a stack says (stackNote): the interpreter blocks thousands of
	// times at the same few stacks, each dozens of frames deep.
	stackNotes map[stackQuery]string
	// running and runnable are the timeline's indexes of the two states most events enter
	// (-1 until first used: the legend lists states in order of first use).
	running, runnable int32
}

// cachedState returns the index of state name, looked up once into *ix.
func (b *builder) cachedState(ix *int32, name string) uint16 {
	if *ix < 0 {
		*ix = int32(b.tl.stateLocked(name))
	}
	return uint16(*ix)
}

// stackQuery is a question about a stack: which channel operation (yaegiChanOp) or which
// sync primitive (syncKind) it blocks in.
type stackQuery struct {
	stack xtrace.Stack
	sync  bool
}

// stackNote answers q, once per stack.
func (b *builder) stackNote(q stackQuery) string {
	if note, ok := b.stackNotes[q]; ok {
		return note
	}
	note := ""
	if q.sync {
		note = syncKind(q.stack)
	} else {
		note = yaegiChanOp(q.stack)
	}
	b.stackNotes[q] = note
	return note
}

// ParseTrace builds the timeline of a Go execution trace (as written by runtime/trace)
// recorded by StartTrace or Trace: the goroutine that started the recording (or called
// TraceRoot) and its descendants, between the start and the stop of the recording.
// cores is the GOMAXPROCS of the traced program, for the parallelism figure.
func ParseTrace(title string, r io.Reader, cores int) (*Timeline, error) {
	return parseWindow(title, r, cores, 0)
}

// parseWindow is ParseTrace for the window of recording id (0: the last recording). A
// snapshot of the shared flight recorder may hold other recordings' windows, before,
// around or inside this one.
func parseWindow(title string, r io.Reader, cores int, id uint64) (*Timeline, error) {
	rd, err := xtrace.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("display: read trace: %w", err)
	}
	b := &builder{
		tl:     newTimeline(title, time.Now),
		desc:   map[xtrace.GoID]*gorec{},
		names:  map[xtrace.GoID]string{},
		sites:  map[xtrace.GoID]string{},
		gcOpen: map[string]xtrace.Time{},
		id:     id,

		stackNotes: map[stackQuery]string{},
		running:    -1,
		runnable:   -1,
	}
	b.tl.traced, b.tl.cores = true, cores
	for n := 0; !b.stopped; n++ {
		if n == maxEvents {
			b.tl.notes = append(b.tl.notes, fmt.Sprintf("Only the first %d trace events are drawn.", maxEvents))
			break
		}
		ev, err := rd.ReadEvent()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("display: read trace: %w", err)
		}
		b.event(&ev)
	}
	if !b.started {
		return nil, errors.New("display: the trace lost the start of the recording (it was longer than the flight recorder's window)")
	}
	if !b.stopped {
		b.tEnd = b.last
		if len(b.tl.notes) == 0 {
			b.tl.notes = append(b.tl.notes, "The trace ended before the recording was stopped; the end is missing.")
		}
	}
	b.finish()
	return b.tl, nil
}

func (b *builder) event(ev *xtrace.Event) {
	b.last = ev.Time()
	kind := ev.Kind()
	if !b.started && kind != xtrace.EventLog {
		return // before the window: only its root mark (and names) matter
	}
	switch kind {
	case xtrace.EventLog:
		b.log(ev)
	case xtrace.EventStateTransition:
		if b.started {
			b.transition(ev)
		}
	case xtrace.EventRangeBegin, xtrace.EventRangeActive:
		if r := ev.Range(); isGC(r) {
			if _, open := b.gcOpen[r.Name]; !open {
				b.gcOpen[r.Name] = ev.Time()
			}
		}
	case xtrace.EventRangeEnd:
		if r := ev.Range(); isGC(r) {
			if t, open := b.gcOpen[r.Name]; open {
				delete(b.gcOpen, r.Name)
				b.addGC(r.Name, t, ev.Time())
			}
		}
	}
}

// isGC reports whether r is drawn in the GC band: the concurrent mark phase (global) and
// stop-the-world pauses (scoped to the goroutine that stopped the world).
func isGC(r xtrace.Range) bool {
	return r.Name == "GC concurrent mark phase" || strings.HasPrefix(r.Name, "stop-the-world")
}

// addGC records a GC range; STW pauses get state 1, the mark phase state 0.
func (b *builder) addGC(name string, from, to xtrace.Time) {
	if !b.started || to <= b.t0 {
		return
	}
	from = max(from, b.t0)
	s := span{start: int64(from - b.t0), end: int64(to - b.t0), note: b.tl.internLocked(name)}
	if strings.HasPrefix(name, "stop-the-world") {
		s.state = 1
	}
	b.tl.gc = append(b.tl.gc, s)
}

func (b *builder) log(ev *xtrace.Event) {
	l := ev.Log()
	switch l.Category {
	case logRoot:
		id, label := splitRoot(l.Message)
		if b.id != 0 && id != b.id {
			return // another recording's window
		}
		// (Re)start from this goroutine: it is running now.
		b.started, b.t0, b.root, b.rootLabel = true, ev.Time(), ev.Goroutine(), label
		b.desc = map[xtrace.GoID]*gorec{}
		b.order = nil
		clear(b.gcOpen)
		b.tl.gc = nil
		g := b.add(ev.Goroutine())
		b.open(g, ev.Time(), b.tl.stateLocked(stateRunning), 0)
	case logStop:
		if b.started && (b.id == 0 || l.Message == strconv.FormatUint(b.id, 10)) {
			b.stopped, b.tEnd = true, ev.Time()
		}
	case logName:
		b.names[ev.Goroutine()] = l.Message
	case logSite:
		b.sites[ev.Goroutine()] = l.Message
	}
}

// splitRoot splits a logRoot message into the recording's id and the lane label; a message
// without an id (an older trace) has id 0.
func splitRoot(msg string) (uint64, string) {
	idText, label, ok := strings.Cut(msg, " ")
	if !ok {
		return 0, msg
	}
	id, err := strconv.ParseUint(idText, 10, 64)
	if err != nil {
		return 0, msg
	}
	return id, label
}

func (b *builder) add(id xtrace.GoID) *gorec {
	g := &gorec{id: id, lane: len(b.order), spans: make([]span, 0, 64)}
	b.desc[id] = g
	b.order = append(b.order, g)
	return g
}

func (b *builder) open(g *gorec, t xtrace.Time, state uint16, note uint32) {
	g.state, g.note, g.since, g.open = state, note, t, true
}

// close ends g's current span at t; by is the goroutine that woke it, if any.
func (b *builder) close(g *gorec, t xtrace.Time, by xtrace.GoID) {
	if !g.open {
		return
	}
	g.open = false
	if t <= g.since && len(g.spans) > 0 {
		return
	}
	s := span{start: int64(g.since - b.t0), end: int64(t - b.t0), state: g.state, note: g.note}
	if by > 0 && by != g.id {
		s.by = int64(by)
	}
	// Merge with the previous span when nothing changed (e.g. status events at
	// generation boundaries).
	if n := len(g.spans); n > 0 && g.spans[n-1].state == s.state && g.spans[n-1].note == s.note && g.spans[n-1].end == s.start && s.by == 0 {
		g.spans[n-1].end = s.end
		return
	}
	g.spans = append(g.spans, s)
}

func (b *builder) transition(ev *xtrace.Event) {
	st := ev.StateTransition()
	if st.Resource.Kind != xtrace.ResourceGoroutine {
		return
	}
	id := st.Resource.Goroutine()
	from, to := st.Goroutine()
	g := b.desc[id]
	if g == nil {
		if from != xtrace.GoNotExist || to != xtrace.GoRunnable || b.desc[ev.Goroutine()] == nil ||
			runtimeGoroutine(st.Stack) {
			return
		}
		g = b.add(id) // created by one of ours
		g.where = creationSite(ev.Stack())
		b.open(g, ev.Time(), b.tl.stateLocked(stateRunnable), b.tl.internLocked("created"))
		return
	}
	if from == xtrace.GoUndetermined && g.open {
		return // a status report at a generation boundary, not a change
	}
	if to == xtrace.GoNotExist {
		b.close(g, ev.Time(), 0)
		return
	}
	state, note := b.classify(ev, &st, to)
	if g.open && state == g.state && note == g.note {
		return // no change (status at a generation boundary)
	}
	var by xtrace.GoID
	if from == xtrace.GoWaiting && to == xtrace.GoRunnable {
		by = ev.Goroutine()
	}
	b.close(g, ev.Time(), by)
	b.open(g, ev.Time(), state, note)
}

// classify maps a goroutine's new state to a timeline state and a note.
func (b *builder) classify(ev *xtrace.Event, st *xtrace.StateTransition, to xtrace.GoState) (uint16, uint32) {
	tl := b.tl
	switch to {
	case xtrace.GoRunning:
		return b.cachedState(&b.running, stateRunning), 0
	case xtrace.GoRunnable:
		if st.Reason == "preempted" {
			return b.cachedState(&b.runnable, stateRunnable), tl.internLocked("preempted")
		}
		return b.cachedState(&b.runnable, stateRunnable), 0
	case xtrace.GoSyscall:
		return tl.stateLocked(stateSyscall), 0
	case xtrace.GoWaiting:
	default:
		return tl.stateLocked(stateOther), tl.internLocked(to.String())
	}
	reason := st.Reason
	switch reason {
	case "chan receive", "chan send":
		return tl.stateLocked(stateChan), tl.internLocked(reason)
	case "select":
		// The yaegi interpreter does every channel operation with a select (to be
		// cancellable); its stack says which operation the cell's code did.
		switch op := b.stackNote(stackQuery{stack: stackOf(ev, st)}); op {
		case "":
			return tl.stateLocked(stateSelect), tl.internLocked(reason)
		case "select":
			return tl.stateLocked(stateSelect), tl.internLocked(reason)
		default:
			return tl.stateLocked(stateChan), tl.internLocked(op)
		}
	case "sync", "sync.(*Cond).Wait":
		what := b.stackNote(stackQuery{stack: stackOf(ev, st), sync: true})
		if strings.Contains(what, "Mutex") {
			return tl.stateLocked(stateMutex), tl.internLocked(what)
		}
		if what == "" {
			what = reason
		}
		return tl.stateLocked(stateWait), tl.internLocked(what)
	case "sleep":
		return tl.stateLocked(stateSleep), tl.internLocked("time.Sleep")
	case "network":
		return tl.stateLocked(stateIO), tl.internLocked("network / file I/O")
	}
	return tl.stateLocked(stateOther), tl.internLocked(reason)
}

func stackOf(ev *xtrace.Event, st *xtrace.StateTransition) xtrace.Stack {
	if st.Stack != xtrace.NoStack {
		return st.Stack
	}
	return ev.Stack()
}

// syncKind names the sync primitive a goroutine blocks in, from its stack, e.g.
// "sync.(*Mutex).Lock" or "sync.(*WaitGroup).Wait".
func syncKind(s xtrace.Stack) string {
	for f := range s.Frames() {
		fn := f.Func
		if strings.HasPrefix(fn, "sync.(*") && !strings.HasPrefix(fn, "sync.(*Mutex).lockSlow") &&
			!strings.HasPrefix(fn, "sync.(*RWMutex).rUnlockSlow") {
			return strings.TrimSuffix(fn, "Slow")
		}
		if strings.HasPrefix(fn, "internal/sync.(*Mutex)") {
			continue
		}
	}
	return ""
}

// yaegiChanOp tells which channel operation of interpreted code a "select" block is:
// "chan receive", "chan send", "select", or "" when the stack is not the interpreter's.
func yaegiChanOp(s xtrace.Stack) string {
	for f := range s.Frames() {
		fn := f.Func
		i := strings.Index(fn, "yaegi/interp.")
		if i < 0 {
			continue
		}
		fn = fn[i+len("yaegi/interp."):]
		switch {
		case strings.HasPrefix(fn, "recv"), strings.HasPrefix(fn, "rangeChan"):
			return "chan receive"
		case strings.HasPrefix(fn, "send"):
			return "chan send"
		case strings.HasPrefix(fn, "_select"):
			return "select"
		}
	}
	return ""
}

// runtimeGoroutine reports whether a goroutine's start stack is the runtime's own (e.g.
// GC mark workers, started by whichever goroutine triggered the first GC).
func runtimeGoroutine(start xtrace.Stack) bool {
	for f := range start.Frames() {
		return strings.HasPrefix(f.Func, "runtime.") || strings.HasPrefix(f.Func, "internal/")
	}
	return false
}

// creationSite names the innermost frame of the creating goroutine's stack that is
// not in the runtime, gojup (this package, the kernel) or the yaegi interpreter: where
// the go statement, or the call of Go, is in the program's code. In the kernel no frame
// is the cell's (the cell line comes from the logSite mark instead), so it is "".
func creationSite(s xtrace.Stack) string {
	for f := range s.Frames() {
		fn := f.Func
		ours := strings.HasPrefix(fn, "github.com/gojup/gojup/") && !strings.HasSuffix(f.File, "_test.go")
		if ours || strings.HasPrefix(fn, "runtime.") || strings.Contains(fn, "yaegi/interp.") ||
			strings.HasPrefix(fn, "reflect.") {
			continue
		}
		return fmt.Sprintf("%s:%d (%s)", filepath.Base(f.File), f.Line, fn[strings.LastIndex(fn, "/")+1:])
	}
	return ""
}

// finish closes the open spans and fills the timeline's lanes.
func (b *builder) finish() {
	for name, t := range b.gcOpen {
		delete(b.gcOpen, name)
		b.addGC(name, t, b.tEnd)
	}
	tl := b.tl
	tl.end = int64(b.tEnd - b.t0)
	tl.names = map[int64]string{}
	seen := map[string]int{}
	k := 0
	for _, g := range b.order {
		b.close(g, b.tEnd, 0)
		name, ok := b.names[g.id]
		switch {
		case g.id == b.root:
			name = b.rootLabel
		case !ok:
			k++
			name = fmt.Sprintf("go #%d", k)
			if site := b.sites[g.id]; site != "" {
				name += " (" + site + ")"
			}
		}
		if n := seen[name]; n > 0 {
			seen[name]++
			name = fmt.Sprintf("%s (%d)", name, n+1)
		} else {
			seen[name] = 1
		}
		tl.names[int64(g.id)] = name
		l := tl.laneLocked(name)
		l.spans = g.spans
		if site := b.sites[g.id]; site != "" {
			l.info = "started by the go statement at " + site
		} else if g.where != "" {
			l.info = "started at " + g.where
		}
	}
	tl.version++
}
