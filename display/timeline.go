package display

import (
	"sync"
	"time"
)

// liveInterval is how often a live timeline is redrawn (at most 4 times a second).
const liveInterval = 250 * time.Millisecond

// liveIdle stops the redraw loop of a live timeline after this long without changes; the
// next change restarts it.
const liveIdle = 3 * time.Second

// Timeline is a chart of what happened when, one lane per actor (a worker, a goroutine),
// one colored span per activity or state. Build one by hand with NewTimeline and Lane, or
// get the scheduler's view of real goroutines from Trace. A Timeline renders as SVG (with
// a text summary) when it is a cell's final expression, or with Show. Its methods are safe
// for concurrent use.
type Timeline struct {
	mu      sync.Mutex
	title   string
	start   time.Time
	now     func() time.Time
	lanes   []*Lane
	byName  map[string]*Lane
	states  []stateStyle
	stateIx map[string]uint16
	gc      []span // GC band (trace timelines)
	end     int64  // fixed end in ns since start; -1 while recording
	cores   int    // GOMAXPROCS for the parallelism figure; 0 for explicit timelines
	traced  bool   // built from an execution trace
	notes   []string
	err     error    // why a traced timeline is empty
	strs    []string // interned span notes; index 0 is ""
	strIx   map[string]uint32
	names   map[int64]string // goroutine id → lane name, for "woken by"
	version int              // bumped by every change, for live redraws

	live    *Display
	ticking bool
	stopped bool
}

// Lane is one row of a Timeline. Its methods are safe for concurrent use.
type Lane struct {
	tl    *Timeline
	name  string
	info  string // extra line for the lane's tooltip
	spans []span
	marks []mark
}

// span is a time interval in one state, in ns since the timeline's start.
type span struct {
	start, end int64 // end < 0: still open
	by         int64 // goroutine that ended a blocked span, 0 if unknown
	state      uint16
	note       uint32 // index into Timeline.strs
}

type mark struct {
	at    int64
	label string
}

type stateStyle struct {
	name  string
	color string
	text  string // label color on top of color
}

// palette colors spans of explicit timelines, in order of first use.
var palette = [...]string{"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"}

// NewTimeline returns an empty timeline; its clock starts now.
//
//	tl := display.NewTimeline("three workers")
//	var wg sync.WaitGroup
//	for i := 1; i <= 3; i++ {
//		lane := tl.Lane(fmt.Sprintf("worker %d", i))
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			lane.Span("query", func() { time.Sleep(100 * time.Millisecond) })
//			lane.Mark("got rows")
//			lane.Span("parse", func() { time.Sleep(30 * time.Millisecond) })
//		}()
//	}
//	wg.Wait()
//	tl.Show()
func NewTimeline(title string) *Timeline {
	return newTimeline(title, time.Now)
}

func newTimeline(title string, now func() time.Time) *Timeline {
	return &Timeline{
		title:   title,
		start:   now(),
		now:     now,
		byName:  map[string]*Lane{},
		stateIx: map[string]uint16{},
		end:     -1,
		strs:    []string{""},
		strIx:   map[string]uint32{"": 0},
	}
}

// Err returns the error that kept Trace from recording, or nil.
func (tl *Timeline) Err() error {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return tl.err
}

// Title returns the timeline's title.
func (tl *Timeline) Title() string { return tl.title }

// Lane returns the lane with the given name, adding it below the others the first time.
func (tl *Timeline) Lane(name string) *Lane {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return tl.laneLocked(name)
}

func (tl *Timeline) laneLocked(name string) *Lane {
	if l, ok := tl.byName[name]; ok {
		return l
	}
	l := &Lane{tl: tl, name: name}
	tl.byName[name] = l
	tl.lanes = append(tl.lanes, l)
	tl.changedLocked()
	return l
}

// Lanes returns the lane names, top to bottom.
func (tl *Timeline) Lanes() []string {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	names := make([]string, len(tl.lanes))
	for i, l := range tl.lanes {
		names[i] = l.name
	}
	return names
}

// States returns the states (or span labels) a lane went through, in time order, with
// repeats of the same state merged; "runnable" stretches shorter than 50 µs are left out
// so that the order of the interesting states stands out. It returns nil for an unknown
// lane.
func (tl *Timeline) States(lane string) []string {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	l := tl.byName[lane]
	if l == nil {
		return nil
	}
	var out []string
	for _, s := range l.spans {
		name := tl.states[s.state].name
		if name == stateRunnable && s.end >= 0 && s.end-s.start < 50_000 {
			continue
		}
		if len(out) == 0 || out[len(out)-1] != name {
			out = append(out, name)
		}
	}
	return out
}

// Name returns the lane's name.
func (l *Lane) Name() string { return l.name }

// Begin starts a span labeled label (its color is picked by label) and returns the
// function that ends it.
//
//	done := lane.Begin("query")
//	rows := runQuery()
//	done()
func (l *Lane) Begin(label string) (done func()) {
	tl := l.tl
	tl.mu.Lock()
	i := len(l.spans)
	l.spans = append(l.spans, span{start: tl.sinceLocked(), end: -1, state: tl.stateLocked(label)})
	tl.changedLocked()
	tl.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			tl.mu.Lock()
			l.spans[i].end = max(l.spans[i].start, tl.sinceLocked())
			tl.changedLocked()
			tl.mu.Unlock()
		})
	}
}

// Span runs f inside a span labeled label.
//
//	lane.Span("parse", func() { parse(rows) })
func (l *Lane) Span(label string, f func()) {
	done := l.Begin(label)
	defer done()
	f()
}

// Mark puts a labeled point event on the lane at the current time.
//
//	lane.Mark("cache miss")
func (l *Lane) Mark(label string) {
	tl := l.tl
	tl.mu.Lock()
	defer tl.mu.Unlock()
	l.marks = append(l.marks, mark{at: tl.sinceLocked(), label: label})
	tl.changedLocked()
}

func (tl *Timeline) sinceLocked() int64 { return int64(tl.now().Sub(tl.start)) }

// stateLocked returns the index of the state or label name, adding it on first use.
func (tl *Timeline) stateLocked(name string) uint16 {
	if i, ok := tl.stateIx[name]; ok {
		return i
	}
	st := stateStyle{name: name}
	if known, ok := traceStyles[name]; ok {
		st = known
	} else {
		n := 0
		for _, s := range tl.states {
			if _, ok := traceStyles[s.name]; !ok {
				n++
			}
		}
		st.color = palette[n%len(palette)]
		st.text = "#fff"
		if st.color == "#edc948" || st.color == "#bab0ac" || st.color == "#76b7b2" || st.color == "#ff9da7" {
			st.text = "#222"
		}
	}
	i := uint16(len(tl.states))
	tl.states = append(tl.states, st)
	tl.stateIx[name] = i
	return i
}

func (tl *Timeline) internLocked(s string) uint32 {
	if i, ok := tl.strIx[s]; ok {
		return i
	}
	i := uint32(len(tl.strs))
	tl.strs = append(tl.strs, s)
	tl.strIx[s] = i
	return i
}

// endLocked is the time the chart ends: the fixed end of a traced timeline, else the end
// of the last span, or now when a span is still open or the timeline is live.
func (tl *Timeline) endLocked() int64 {
	if tl.end >= 0 {
		return tl.end
	}
	var end int64
	open := tl.live != nil && !tl.stopped
	for _, l := range tl.lanes {
		for _, s := range l.spans {
			if s.end < 0 {
				open = true
			}
			end = max(end, s.end)
		}
		for _, m := range l.marks {
			end = max(end, m.at)
		}
	}
	if open {
		end = max(end, tl.sinceLocked())
	}
	return end
}

// Show displays the timeline (SVG with a text summary) and returns its Display. On a live
// timeline it draws the final picture in place and stops the live updates.
func (tl *Timeline) Show() *Display {
	tl.mu.Lock()
	if tl.live != nil {
		d := tl.live
		tl.stopped = true
		b := tl.bundleLocked()
		tl.mu.Unlock()
		return d.update(b)
	}
	b := tl.bundleLocked()
	tl.mu.Unlock()
	return showBundle(b)
}

// Live displays the timeline now and redraws it in place (at most 4 times a second) while
// spans are added, so a long-running cell shows its progress. Show or Stop draws the final
// picture.
//
//	tl := display.NewTimeline("crawl").Live()
//	defer tl.Stop()
func (tl *Timeline) Live() *Timeline {
	tl.mu.Lock()
	if tl.live != nil {
		tl.mu.Unlock()
		return tl
	}
	b := tl.bundleLocked()
	tl.mu.Unlock()
	d := showBundle(b)
	tl.mu.Lock()
	tl.live = d
	tl.startTickerLocked()
	tl.mu.Unlock()
	return tl
}

// Stop ends the live updates of a timeline and draws its final picture.
func (tl *Timeline) Stop() {
	tl.mu.Lock()
	live := tl.live != nil && !tl.stopped
	tl.mu.Unlock()
	if live {
		tl.Show()
	}
}

func (tl *Timeline) changedLocked() {
	tl.version++
	if tl.live != nil && !tl.stopped && !tl.ticking {
		tl.startTickerLocked()
	}
}

func (tl *Timeline) startTickerLocked() {
	tl.ticking = true
	go tl.tick()
}

// tick redraws a live timeline while it changes. Big charts are redrawn less often (at
// most about 400 KB/s), to stay under notebook servers' output rate limits.
func (tl *Timeline) tick() {
	drawn, idle := -1, time.Duration(0)
	wait := liveInterval
	for {
		time.Sleep(wait)
		tl.mu.Lock()
		if tl.stopped {
			tl.ticking = false
			tl.mu.Unlock()
			return
		}
		if tl.version == drawn && !tl.openLocked() {
			idle += wait
			if idle >= liveIdle {
				tl.ticking = false
				tl.mu.Unlock()
				return
			}
			tl.mu.Unlock()
			continue
		}
		idle, drawn = 0, tl.version
		b := tl.bundleLocked()
		d := tl.live
		tl.mu.Unlock()
		d.update(b)
		size := len(b.Data[MIMEHTML].(string)) + len(b.Data[MIMESVG].(string))
		wait = max(liveInterval, time.Duration(size)*time.Second/(400<<10))
	}
}

// openLocked reports whether a span is still open (so a live chart keeps moving).
func (tl *Timeline) openLocked() bool {
	for _, l := range tl.lanes {
		for i := len(l.spans) - 1; i >= 0 && i >= len(l.spans)-64; i-- {
			if l.spans[i].end < 0 {
				return true
			}
		}
	}
	return false
}

// SVG renders the timeline as a self-contained SVG image about 900 px wide.
func (tl *Timeline) SVG() string {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return tl.renderLocked(defaultWidth)
}

// String returns the timeline's text summary.
func (tl *Timeline) String() string {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return tl.textLocked()
}

// MIMEBundle returns the timeline as inline SVG in text/html and as a text summary.
// The SVG is inline so its tooltips work in every front end; it is not sent a second time
// as image/svg+xml, which front ends rank below text/html and which would double the size
// of every timeline in the notebook. SVG returns the chart alone.
func (tl *Timeline) MIMEBundle() map[string]any {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return tl.bundleLocked().Data
}

func (tl *Timeline) bundleLocked() Bundle {
	svg := tl.renderLocked(defaultWidth)
	return Bundle{Data: map[string]any{
		MIMEHTML: `<div style="max-width:100%;overflow-x:auto">` + svg + `</div>`,
		MIMEText: tl.textLocked(),
	}}
}
