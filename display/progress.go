package display

import (
	"fmt"
	"html"
	"strings"
	"sync"
	"time"
)

// progressInterval bounds how often a progress bar is redrawn (10 times a second).
const progressInterval = 100 * time.Millisecond

// ProgressBar is a progress bar made by Progress. Its methods are safe for concurrent use,
// so workers can call Add from many goroutines.
type ProgressBar struct {
	total int
	label string

	mu      sync.Mutex
	n       int
	start   time.Time
	last    time.Time // last redraw
	pending bool      // a change not drawn yet
	timer   bool      // a deferred redraw is scheduled
	done    bool
	d       *Display // nil outside a kernel
	sink    sink
	draws   int

	now       func() time.Time                // time source; tests replace it
	afterFunc func(d time.Duration, f func()) // deferred redraw; tests replace it
}

// Progress shows a progress bar for total steps, redrawn in place at most 10 times a
// second (like tqdm). Outside a notebook it draws a single line on stderr.
//
//	bar := display.Progress(len(files), "indexing")
//	for _, f := range files {
//		index(f)
//		bar.Add(1)
//	}
//	bar.Done()
func Progress(total int, label string) *ProgressBar {
	return newProgress(total, label, time.Now, func(d time.Duration, f func()) { time.AfterFunc(d, f) })
}

func newProgress(total int, label string, now func() time.Time, afterFunc func(time.Duration, func())) *ProgressBar {
	p := &ProgressBar{total: total, label: label, sink: currentSink(), now: now, afterFunc: afterFunc}
	p.start = p.now()
	p.last = p.start
	p.redrawLocked(false)
	return p
}

// Add advances the bar by n steps.
func (p *ProgressBar) Add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setLocked(p.n + n)
}

// Set sets the number of steps done.
func (p *ProgressBar) Set(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setLocked(n)
}

// Done draws the final state of the bar. Later Add and Set calls are ignored.
func (p *ProgressBar) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.done = true
	p.redrawLocked(true)
}

// String returns the bar as one line of text.
func (p *ProgressBar) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return progressText(p.label, p.n, p.total, p.now().Sub(p.start))
}

// Err returns the first error met while sending the bar's output, or nil.
func (p *ProgressBar) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.d == nil {
		return nil
	}
	return p.d.Err()
}

func (p *ProgressBar) setLocked(n int) {
	if p.done {
		return
	}
	p.n = n
	p.pending = true
	now := p.now()
	if wait := progressInterval - now.Sub(p.last); wait > 0 {
		if !p.timer {
			p.timer = true
			p.afterFunc(wait, p.flush)
		}
		return
	}
	p.redrawLocked(false)
}

// flush draws a change that arrived too soon after the previous redraw.
func (p *ProgressBar) flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timer = false
	if p.pending && !p.done {
		p.redrawLocked(false)
	}
}

func (p *ProgressBar) redrawLocked(final bool) {
	p.pending = false
	p.last = p.now()
	p.draws++
	elapsed := p.last.Sub(p.start)
	text := progressText(p.label, p.n, p.total, elapsed)
	if p.sink.ch == nil {
		end := ""
		if final {
			end = "\n"
		}
		fmt.Fprintf(p.sink.err, "\r%s%s", text, end)
		return
	}
	b := Bundle{Data: map[string]any{
		MIMEHTML: progressHTML(p.label, p.n, p.total, elapsed, final),
		MIMEText: text,
	}}
	if p.d == nil {
		p.d = &Display{id: newID(), sink: p.sink}
		p.d.note(p.sink.send(typeDisplayData, content(b.complete(), p.d.id)))
		return
	}
	p.d.update(b)
}

func fraction(n, total int) float64 {
	if total <= 0 {
		return 0
	}
	return min(1, max(0, float64(n)/float64(total)))
}

// eta estimates the remaining time from the rate so far.
func eta(n, total int, elapsed time.Duration) string {
	if n <= 0 || total <= 0 || n >= total {
		return ""
	}
	left := time.Duration(float64(elapsed) / float64(n) * float64(total-n))
	return " <" + roundDuration(left)
}

func roundDuration(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(100 * time.Millisecond).String()
	default:
		return d.Round(time.Millisecond).String()
	}
}

func rate(n int, elapsed time.Duration) string {
	if elapsed <= 0 {
		return ""
	}
	return fmt.Sprintf(", %.3g/s", float64(n)/elapsed.Seconds())
}

func progressText(label string, n, total int, elapsed time.Duration) string {
	const width = 30
	f := fraction(n, total)
	full := int(f * width)
	bar := strings.Repeat("█", full) + strings.Repeat("·", width-full)
	if label != "" {
		label += " "
	}
	return fmt.Sprintf("%s%3.0f%% |%s| %d/%d [%s%s%s]", label, f*100, bar, n, total,
		roundDuration(elapsed), eta(n, total, elapsed), rate(n, elapsed))
}

func progressHTML(label string, n, total int, elapsed time.Duration, final bool) string {
	f := fraction(n, total)
	color := "#3b82f6"
	if final && n >= total {
		color = "#22a559"
	}
	return fmt.Sprintf(`<div style="display:flex;align-items:center;gap:8px;font:13px system-ui,-apple-system,'Segoe UI',sans-serif;margin:2px 0">`+
		`<span style="white-space:nowrap">%s</span>`+
		`<div style="flex:0 1 320px;min-width:120px;height:14px;border:1px solid #8888;border-radius:4px;overflow:hidden;background:#8882">`+
		`<div style="width:%.1f%%;height:100%%;background:%s"></div></div>`+
		`<span style="white-space:nowrap;font-variant-numeric:tabular-nums">%.0f%% · %d/%d · %s%s%s</span></div>`,
		html.EscapeString(label), f*100, color, f*100, n, total,
		roundDuration(elapsed), html.EscapeString(eta(n, total, elapsed)), rate(n, elapsed))
}
