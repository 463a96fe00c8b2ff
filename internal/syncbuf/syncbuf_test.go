package syncbuf

import (
	"strings"
	"sync"
	"testing"
)

func TestConcurrentWrites(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				b.Write([]byte("x"))
			}
		}()
	}
	wg.Wait()
	if got := b.String(); got != strings.Repeat("x", 8000) {
		t.Fatalf("%d bytes, want 8000", len(got))
	}
	c := b.Bytes()
	b.Reset()
	if len(c) != 8000 || b.String() != "" {
		t.Errorf("Bytes kept %d bytes, Reset left %q", len(c), b.String())
	}
}
