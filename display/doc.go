// Package display shows rich output in gojup notebooks: HTML, Markdown, images, JSON,
// LaTeX, tables, progress bars, and timelines of what goroutines did — drawn from your
// own spans or from the Go scheduler's execution trace.
//
// Import it in a cell:
//
//	import "github.com/gojup/gojup/display"
//
// The same code works in compiled programs: under a gojup kernel (cells, and %%go run
// programs, which get GOJUP_EVENT_FD) output goes to the notebook; anywhere else
// (go run, go test) its text/plain form is printed on standard output and progress bars
// draw a line on standard error.
//
// # Rich output
//
//	display.HTML(`<b>bold</b> and <span style="color:tomato">red</span>`)
//	display.Markdown("## Results\n*3* workers finished in **120 ms**")
//	display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60"><circle cx="30" cy="30" r="25" fill="teal"/></svg>`)
//	display.PNG(pngBytes, display.Width(200))     // JPEG likewise
//	display.Image(img)                            // any image.Image
//	display.JSON(map[string]any{"ok": true, "n": []int{1, 2}})
//	display.LaTeX(`$\sum_{i=1}^n i = \frac{n(n+1)}{2}$`)
//	display.Text("plain text")
//	display.MIME(map[string]any{"text/html": "<i>hi</i>", "text/plain": "hi"}, nil)
//
// Every output carries a text/plain form too, so consoles and exports always have
// something to show. Output printed with fmt before a display call appears before it.
//
// # Updating output in place
//
// Each call returns a *Display whose output can be replaced:
//
//	status := display.Markdown("fetching…")
//	for i, url := range urls {
//		fetch(url)
//		status.UpdateMarkdown(fmt.Sprintf("fetched **%d** of %d", i+1, len(urls)))
//	}
//
// Clear(wait) clears the cell's output (with wait, when the next output arrives).
//
// # Results that show themselves
//
// A cell's last expression is shown richly when its value is an image.Image, a *Timeline,
// a *TableView, or has one of these methods (see HTMLer, Markdowner, SVGer, MIMEBundler):
//
//	type Money float64
//	func (m Money) HTML() string { return fmt.Sprintf("<b>€%.2f</b>", float64(m)) }
//
//	Money(12.5)   // shown as bold HTML
//
// Show(v) shows such a value in the middle of a cell.
//
// # Tables
//
// Table renders slices of structs, of maps (e.g. MongoDB's []bson.M) or of ordered
// documents ([]bson.D) as an HTML table; the first 50 rows are shown with a count of the
// rest:
//
//	var users []bson.M
//	_ = cur.All(ctx, &users)
//	display.Table(users)                 // last expression of a cell
//	display.Table(users).Limit(10).Show() // anywhere
//
// # Progress bars
//
//	bar := display.Progress(len(jobs), "crunching")
//	for _, j := range jobs {
//		j.Run()
//		bar.Add(1)
//	}
//	bar.Done()
//
// The bar is redrawn in place at most 10 times a second, however often Add is called,
// and Add is safe from many goroutines.
//
// # Timelines you draw
//
//	tl := display.NewTimeline("three workers")
//	var wg sync.WaitGroup
//	for i := 1; i <= 3; i++ {
//		lane := tl.Lane(fmt.Sprintf("worker %d", i))
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			done := lane.Begin("query")
//			time.Sleep(50 * time.Millisecond)
//			done()
//			lane.Mark("got rows")
//			lane.Span("parse", func() { time.Sleep(20 * time.Millisecond) })
//		}()
//	}
//	wg.Wait()
//	tl.Show()
//
// tl.Live() shows the timeline at once and redraws it while lanes change; tl.Stop() or
// tl.Show() draws the final picture.
//
// # Timelines the scheduler draws
//
// Trace runs a function under the Go execution tracer and charts every goroutine it
// started: when each one ran, waited to run, or was blocked — on a channel, a select, a
// mutex, a WaitGroup — slept, or was in a system call, with garbage collection as a band
// on top. Hover a span for its duration and reason ("woken by worker 2").
//
//	display.Trace("ping-pong", func() {
//		ping, pong := make(chan int), make(chan int)
//		display.Go("ponger", func() {
//			for v := range ping {
//				pong <- v
//			}
//		})
//		for i := 0; i < 1000; i++ {
//			ping <- i
//			<-pong
//		}
//		close(ping)
//	})
//
// Go(name, f) starts a goroutine with a lane name; other goroutines are "go #1",
// "go #2", … in the order they were started, followed in the kernel by the cell line of
// their go statement ("go #1 (cell 3:2)"). The %%timeline cell magic does the same for
// a whole cell (with StartTrace and TraceRoot). Charts stay readable and small (well under
// 1 MB) for thousands of goroutines and millions of events: they are drawn per pixel
// column, and beyond 40 lanes the rest are combined into one row.
package display
