package display

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// State names of traced goroutines.
const (
	stateRunning  = "running"
	stateRunnable = "runnable"
	stateSyscall  = "syscall"
	stateChan     = "blocked: channel"
	stateSelect   = "blocked: select"
	stateMutex    = "blocked: mutex"
	stateWait     = "blocked: WaitGroup/Cond"
	stateSleep    = "sleeping"
	stateIO       = "blocked: I/O"
	stateOther    = "waiting"
)

// traceStyles gives traced states fixed colors that read on the chart's white card.
var traceStyles = map[string]stateStyle{
	stateRunning:  {stateRunning, "#2ca02c", "#fff"},
	stateRunnable: {stateRunnable, "#f5c242", "#222"},
	stateSyscall:  {stateSyscall, "#17becf", "#222"},
	stateChan:     {stateChan, "#e4572e", "#fff"},
	stateSelect:   {stateSelect, "#b05fc7", "#fff"},
	stateMutex:    {stateMutex, "#8c2d04", "#fff"},
	stateWait:     {stateWait, "#3f6fd8", "#fff"},
	stateSleep:    {stateSleep, "#b8bec6", "#222"},
	stateIO:       {stateIO, "#7f7f7f", "#fff"},
	stateOther:    {stateOther, "#d5d8dc", "#222"},
}

// blocked reports whether a state counts as blocked in summaries.
func blocked(name string) bool {
	return strings.HasPrefix(name, "blocked") || name == stateOther
}

// fmtDuration formats d with three significant digits.
func fmtDuration(d int64) string {
	switch x := float64(d); {
	case d == 0:
		return "0"
	case d < 1000:
		return strconv.FormatInt(d, 10) + " ns"
	case d < 1e6:
		return strconv.FormatFloat(x/1e3, 'f', digits(x/1e3), 64) + " µs"
	case d < 1e9:
		return strconv.FormatFloat(x/1e6, 'f', digits(x/1e6), 64) + " ms"
	default:
		return strconv.FormatFloat(x/1e9, 'f', digits(x/1e9), 64) + " s"
	}
}

func digits(x float64) int {
	switch {
	case x >= 100:
		return 0
	case x >= 10:
		return 1
	}
	return 2
}

// tickStep returns a round step (1, 2 or 5 × 10^k ns) giving about n ticks over total.
func tickStep(total int64, n int) int64 {
	if total <= 0 {
		return 1
	}
	raw := float64(total) / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return max(1, int64(m*p))
		}
	}
	return max(1, int64(10*p))
}

// fmtTick formats a tick label in the unit of step.
func fmtTick(t, step int64) string {
	unit, div := "ns", 1.0
	switch {
	case step >= 1e9:
		unit, div = "s", 1e9
	case step >= 1e6:
		unit, div = "ms", 1e6
	case step >= 1e3:
		unit, div = "µs", 1e3
	}
	if t == 0 {
		return "0"
	}
	return strconv.FormatFloat(float64(t)/div, 'f', -1, 64) + " " + unit
}

// textWidth estimates the width of s in px at a 12 px sans-serif font.
func textWidth(s string, px float64) float64 { return float64(utf8.RuneCountInString(s)) * px * 0.58 }

// clip shortens s to fit in w px.
func clip(s string, w float64) string {
	if textWidth(s, 12) <= w {
		return s
	}
	r := []rune(s)
	n := max(1, int(w/(12*0.58))-1)
	if n >= len(r) {
		return s
	}
	return string(r[:n]) + "…"
}

// laneStatsLocked sums the time a lane spent in each state.
func (tl *Timeline) laneStatsLocked(l *Lane, end int64) []int64 {
	sum := make([]int64, len(tl.states))
	for _, s := range l.spans {
		e := s.end
		if e < 0 {
			e = end
		}
		sum[s.state] += max(0, min(e, end)-s.start)
	}
	return sum
}

// maxOverlapLocked returns the largest number of spans open at the same moment.
func (tl *Timeline) maxOverlapLocked(end int64) int {
	type edge struct {
		t int64
		d int
	}
	var edges []edge
	for _, l := range tl.lanes {
		for _, s := range l.spans {
			e := s.end
			if e < 0 {
				e = end
			}
			edges = append(edges, edge{s.start, 1}, edge{e, -1})
		}
	}
	slices.SortFunc(edges, func(a, b edge) int {
		if a.t != b.t {
			return int(min(max(a.t-b.t, -1), 1))
		}
		return a.d - b.d // ends before starts at the same instant
	})
	n, best := 0, 0
	for _, e := range edges {
		n += e.d
		best = max(best, n)
	}
	return best
}

// summaryLocked is the one-line summary under the chart.
func (tl *Timeline) summaryLocked() string {
	end := tl.endLocked()
	if tl.traced {
		return tl.traceSummaryLocked(end)
	}
	total := make([]int64, len(tl.states))
	for _, l := range tl.lanes {
		for i, d := range tl.laneStatsLocked(l, end) {
			total[i] += d
		}
	}
	s := fmt.Sprintf("%d lanes · %s", len(tl.lanes), fmtDuration(end))
	for i, d := range total {
		if d > 0 {
			s += fmt.Sprintf(" · %s %s in all", tl.states[i].name, fmtDuration(d))
		}
	}
	if n := tl.maxOverlapLocked(end); n > 1 {
		s += fmt.Sprintf(" · up to %d at once", n)
	}
	return s
}

// textLocked is the text/plain form: title, summary, and one line per lane.
func (tl *Timeline) textLocked() string {
	end := tl.endLocked()
	s := tl.title + "\n" + tl.summaryLocked() + "\n"
	for _, n := range tl.notes {
		s += n + "\n"
	}
	for i, l := range tl.lanes {
		if i == 40 {
			s += fmt.Sprintf("  … %d more lanes\n", len(tl.lanes)-i)
			break
		}
		s += fmt.Sprintf("  %-18s", l.name)
		st := tl.laneStatsLocked(l, end)
		var life int64
		for _, d := range st {
			life += d
		}
		for j, d := range st {
			if d > 0 && life > 0 {
				s += fmt.Sprintf(" %s %.0f%%", tl.states[j].name, 100*float64(d)/float64(life))
			}
		}
		s += "\n"
	}
	return s[:len(s)-1]
}

// traceSummaryLocked is the summary line of a traced timeline.
func (tl *Timeline) traceSummaryLocked(end int64) string {
	var running, block, life int64
	for _, l := range tl.lanes {
		for k, d := range tl.laneStatsLocked(l, end) {
			life += d
			switch name := tl.states[k].name; {
			case name == stateRunning:
				running += d
			case blocked(name):
				block += d
			}
		}
	}
	pct := func(d int64) string {
		switch p := 100 * float64(d) / float64(max(life, 1)); {
		case p > 0 && p < 1:
			return fmt.Sprintf("%.1f%%", p)
		default:
			return fmt.Sprintf("%.0f%%", p)
		}
	}
	par := float64(running) / float64(max(end, 1))
	return fmt.Sprintf("%d goroutines · wall %s · running %s · blocked %s of goroutine time · parallelism %.2f× on %d cores",
		len(tl.lanes), fmtDuration(end), pct(running), pct(block), par, tl.cores)
}
