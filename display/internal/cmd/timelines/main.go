// Command timelines renders lesson-like timelines to SVG and PNG files (PNG needs
// rsvg-convert: apt-get install -y librsvg2-bin), so the charts can be looked at and shown
// in the docs. display/Makefile runs it:
//
//	go run ./display/internal/cmd/timelines -out docs/img -only timeline-explicit,timeline-trace-lesson
//
// Charts: timeline-explicit, timeline-trace-lesson, timeline-trace-mutex,
// timeline-trace-pingpong, timeline-trace-many.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gojup/gojup/display"
)

func main() {
	out := flag.String("out", "docs/img", "output directory")
	png := flag.Bool("png", true, "also convert to PNG with rsvg-convert")
	only := flag.String("only", "", "comma-separated chart names to render (default: all)")
	flag.Parse()
	want := map[string]bool{}
	for _, n := range strings.Split(*only, ",") {
		if n != "" {
			want[n] = true
		}
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	charts := []struct {
		name string
		tl   *display.Timeline
	}{
		{"timeline-explicit", explicit()},
		{"timeline-trace-lesson", display.Trace("two CPU-bound, a sleeper, a channel then a mutex", lesson)},
		{"timeline-trace-mutex", display.Trace("four workers sharing one mutex", mutexWorkers)},
		{"timeline-trace-pingpong", display.Trace("channel ping-pong", pingPong)},
		{"timeline-trace-many", display.Trace("1,000 goroutines fan-out / fan-in", fanOut)},
	}
	for _, c := range charts {
		if len(want) > 0 && !want[c.name] {
			continue
		}
		if err := c.tl.Err(); err != nil {
			log.Fatalf("%s: %v", c.name, err)
		}
		svg := filepath.Join(*out, c.name+".svg")
		if err := os.WriteFile(svg, []byte(c.tl.SVG()), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s (%d bytes)\n%s\n\n", svg, len(c.tl.SVG()), c.tl)
		if *png {
			pngPath := filepath.Join(*out, c.name+".png")
			cmd := exec.Command("rsvg-convert", "-z", "1.5", "-o", pngPath, svg)
			cmd.Stderr = os.Stderr
			if err := cmd.Run(); err != nil {
				log.Fatalf("rsvg-convert: %v", err)
			}
		}
	}
}

func explicit() *display.Timeline {
	tl := display.NewTimeline("three workers: query, then parse")
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		lane := tl.Lane(fmt.Sprintf("worker %d", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			lane.Span("query", func() { time.Sleep(time.Duration(40+25*i) * time.Millisecond) })
			lane.Mark("rows")
			lane.Span("parse", func() { time.Sleep(time.Duration(30-5*i) * time.Millisecond) })
		}()
	}
	wg.Wait()
	return tl
}

func spin(d time.Duration) int {
	n := 0
	for t := time.Now(); time.Since(t) < d; {
		for i := 0; i < 1000; i++ {
			n += i
		}
	}
	return n
}

func lesson() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	ch := make(chan int)
	wg.Add(4)
	display.Go("cpu 1", func() { defer wg.Done(); spin(30 * time.Millisecond) })
	display.Go("cpu 2", func() { defer wg.Done(); spin(30 * time.Millisecond) })
	display.Go("sleeper", func() { defer wg.Done(); time.Sleep(40 * time.Millisecond) })
	mu.Lock()
	display.Go("waiter", func() {
		defer wg.Done()
		<-ch
		mu.Lock()
		spin(5 * time.Millisecond)
		mu.Unlock()
	})
	time.Sleep(20 * time.Millisecond)
	ch <- 1
	time.Sleep(20 * time.Millisecond)
	mu.Unlock()
	wg.Wait()
}

func mutexWorkers() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		display.Go(fmt.Sprintf("worker %d", i), func() {
			defer wg.Done()
			for j := 0; j < 3; j++ {
				spin(3 * time.Millisecond) // work outside the lock
				mu.Lock()
				spin(4 * time.Millisecond) // critical section
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

func pingPong() {
	ping, pong := make(chan int), make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	display.Go("ping", func() {
		defer wg.Done()
		for i := 0; i < 20000; i++ {
			ping <- i
			<-pong
		}
		close(ping)
	})
	display.Go("pong", func() {
		defer wg.Done()
		for v := range ping {
			pong <- v
		}
	})
	wg.Wait()
}

func fanOut() {
	var wg sync.WaitGroup
	results := make(chan int, 10)
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i%20) * time.Millisecond)
			results <- spin(50 * time.Microsecond)
		}()
	}
	go func() { wg.Wait(); close(results) }()
	for range results {
	}
}
