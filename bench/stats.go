package main

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// sample is a set of measurements of one quantity (durations in ms, or bytes, or counts).
type sample struct {
	Unit string // "ms", "MB", "%", ...
	Vals []float64
	// Fails counts runs that did not complete (timeouts, wrong output); they are not in Vals.
	Fails int
	// Note is a short remark shown next to the numbers (e.g. "restarted worker").
	Note string
}

func (s *sample) addDur(d time.Duration) {
	s.Vals = append(s.Vals, float64(d)/float64(time.Millisecond))
}

// q returns the nearest-rank quantile p (0..1) of the values.
func (s *sample) q(p float64) float64 {
	if s == nil || len(s.Vals) == 0 {
		return math.NaN()
	}
	v := slices.Clone(s.Vals)
	slices.Sort(v)
	i := int(math.Ceil(p*float64(len(v)))) - 1
	return v[min(max(i, 0), len(v)-1)]
}

func (s *sample) p50() float64 { return s.q(0.5) }
func (s *sample) max() float64 { return s.q(1) }
func (s *sample) n() int {
	if s == nil {
		return 0
	}
	return len(s.Vals)
}

// fmtNum formats a value with 3 significant digits.
func fmtNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case math.Abs(v) >= 100:
		return fmt.Sprintf("%.0f", v)
	case math.Abs(v) >= 10:
		return fmt.Sprintf("%.1f", v)
	case math.Abs(v) >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

// dist formats n, p50, p90, p99 and max of a sample.
func (s *sample) dist() string {
	if s == nil || (len(s.Vals) == 0 && s.Fails == 0) {
		return "—"
	}
	if len(s.Vals) == 0 {
		return fmt.Sprintf("%d runs, all failed", s.Fails)
	}
	out := fmt.Sprintf("n=%d p50 %s, p90 %s, p99 %s, max %s %s", len(s.Vals), fmtNum(s.q(.5)), fmtNum(s.q(.9)),
		fmtNum(s.q(.99)), fmtNum(s.max()), s.Unit)
	if s.Fails > 0 {
		out += fmt.Sprintf(" (%d failed)", s.Fails)
	}
	return out
}
