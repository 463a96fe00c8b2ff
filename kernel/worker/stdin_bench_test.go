package worker

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// BenchmarkReadingStdin is the cost of one stdin sample while two goroutines keep both
// cores busy, as a CPU-bound cell does.
func BenchmarkReadingStdin(b *testing.B) {
	var stop atomic.Bool
	defer stop.Store(true)
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for !stop.Load() {
			}
		}()
	}
	for b.Loop() {
		if readingStdin() {
			b.Fatal("nothing reads stdin")
		}
	}
}
