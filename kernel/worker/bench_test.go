package worker

import (
	"context"
	"io"
	"sort"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/cell"
)

// TestRoundTripLatency measures execute_request → execute_reply of `1+1` through real
// pipes (worker side only, no kernel); it reports numbers and fails only when a reply is
// missing or wrong.
func TestRoundTripLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("latency numbers")
	}
	t0 := time.Now()
	p := startWorker(t)
	t.Logf("worker start → ready: %v", time.Since(t0))
	var ds []time.Duration
	for i := 0; i < 200; i++ {
		r := p.ok("1+1")
		if r.text() != "2" {
			t.Fatalf("1+1 = %q", r.text())
		}
		ds = append(ds, r.elapsed)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	t.Logf("1+1 worker round trip: median %v, p90 %v, max %v", ds[len(ds)/2], ds[len(ds)*9/10], ds[len(ds)-1])
}

// BenchmarkRunCell measures evaluating `1+1` in a session, in process.
func BenchmarkRunCell(b *testing.B) {
	s, err := NewSession(io.Discard, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if out := s.RunCell(context.Background(), cell.Parse("1+1")); out.Text != "2" {
			b.Fatalf("1+1 gave %+v", out)
		}
	}
}
