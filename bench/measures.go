package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
	"github.com/gojup/gojup/kernel/wire"
)

// execTiming is what one execute request took, seen from the client.
type execTiming struct {
	reply, idle time.Duration // send → execute_reply, send → status idle
	res         *kerneltest.Result
}

// execute sends code and waits for the reply and for idle.
func execute(ctx context.Context, p *kernelProc, code string) (execTiming, error) {
	start := time.Now()
	m, err := p.Client.SendExecute(code, kerneltest.ExecuteOptions{})
	if err != nil {
		return execTiming{}, err
	}
	return finish(ctx, p, m, start)
}

func finish(ctx context.Context, p *kernelProc, m *wire.Message, start time.Time) (execTiming, error) {
	var t execTiming
	if _, err := p.Client.Reply(ctx, m.Header.MsgID); err != nil {
		return t, fmt.Errorf("%s: no execute_reply: %w", p.Kind.Name, err)
	}
	t.reply = time.Since(start)
	if _, err := p.Client.Outputs(ctx, m.Header.MsgID); err != nil {
		return t, fmt.Errorf("%s: no idle: %w", p.Kind.Name, err)
	}
	t.idle = time.Since(start)
	res, err := p.Client.ExecuteResult(ctx, m)
	t.res = res
	return t, err
}

// checkReady runs the kernel's `1+1` and reports whether the answer is 2 within d.
func checkReady(p *kernelProc, d time.Duration) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	t, err := execute(ctx, p, "1+1")
	if err != nil {
		return 0, err
	}
	if t.res.Status != "ok" || strings.TrimSpace(t.res.Text()) != "2" {
		e := t.res.Error()
		if e == nil {
			e = &kerneltest.ErrorContent{}
		}
		return 0, fmt.Errorf("%s: 1+1 gave status %s, %q, error %s: %s %q", p.Kind.Name, t.res.Status, t.res.Text(), e.EName, e.EValue, e.Traceback)
	}
	return t.reply, nil
}

// order returns the kinds in the order of run i: alternating, so that neither kernel
// always runs right after the other.
func order(i int) []*kind {
	if i%2 == 0 {
		return []*kind{gojupKind, ipyKind}
	}
	return []*kind{ipyKind, gojupKind}
}

// pairSamples holds one sample per kernel.
type pairSamples map[*kind]*sample

func newPair(unit string) pairSamples {
	return pairSamples{gojupKind: {Unit: unit}, ipyKind: {Unit: unit}}
}

// replaceKernel stops p and starts a fresh ready kernel of the same kind in ps.
func replaceKernel(ctx context.Context, ps map[*kind]*kernelProc, k *kind) error {
	ps[k].Stop()
	p, err := startReady(ctx, k)
	if err != nil {
		return err
	}
	ps[k] = p
	return nil
}

// ---- measures ----------------------------------------------------------------------------

// measureStartup: process start → first kernel_info_reply, and → execute_reply of `1+1`.
func (s *suite) measureStartup(ctx context.Context) error {
	ki, first := newPair("ms"), newPair("ms")
	for i := range s.cfg.startRuns {
		for _, k := range order(i) {
			err := func() error {
				rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				defer cancel()
				p, err := startKernel(rctx, k)
				if err != nil {
					return err
				}
				defer p.Stop()
				if _, err := p.Client.KernelInfo(rctx); err != nil {
					return fmt.Errorf("%s: kernel_info: %w\n%s", k.Name, err, tail(p.Log(), 2000))
				}
				ki[k].addDur(time.Since(p.Started))
				m, err := p.Client.SendExecute("1+1", kerneltest.ExecuteOptions{})
				if err != nil {
					return err
				}
				if _, err := p.Client.Reply(rctx, m.Header.MsgID); err != nil {
					return fmt.Errorf("%s: first 1+1: %w", k.Name, err)
				}
				first[k].addDur(time.Since(p.Started))
				return nil
			}()
			if err != nil {
				log.Printf("startup run %d: %v", i, err)
				ki[k].Fails++
				first[k].Fails++
			}
		}
	}
	s.add(row{Measure: "start → first kernel_info_reply", Stat: "p50", S: ki, Budget: "≤ 20 ms", Limit: 20})
	s.add(row{Measure: "start → first `1+1` execute_reply", Stat: "p50", S: first, Budget: "≤ 100 ms", Limit: 100})
	return nil
}

// measureExecute: warm `1+1` execute_request → execute_reply and → idle.
func (s *suite) measureExecute(ctx context.Context) error {
	ps, err := startPair(ctx)
	if err != nil {
		return err
	}
	defer stopAll(ps)
	for _, p := range ps {
		for range 10 {
			if _, err := checkReady(p, 10*time.Second); err != nil {
				return err
			}
		}
	}
	reply, idle, cpu := newPair("ms"), newPair("ms"), newPair("ms CPU")
	cpu0 := map[*kind]time.Duration{}
	for k, p := range ps {
		cpu0[k] = treeCPU(p.Pid())
	}
	for i := range s.cfg.execRuns {
		for _, k := range order(i) {
			rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			t, err := execute(rctx, ps[k], "1+1")
			cancel()
			if err != nil || t.res.Status != "ok" {
				reply[k].Fails++
				idle[k].Fails++
				continue
			}
			reply[k].addDur(t.reply)
			idle[k].addDur(t.idle)
		}
	}
	for k, p := range ps {
		cpu[k].Vals = []float64{float64(treeCPU(p.Pid())-cpu0[k]) / 1e6 / float64(s.cfg.execRuns)}
	}
	// The floor without the worker: kernel_info_request is answered by the kernel process.
	info := newPair("ms")
	for i := range s.cfg.execRuns {
		for _, k := range order(i) {
			rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			start := time.Now()
			_, err := ps[k].Client.Request(rctx, "shell", "kernel_info_request", map[string]any{})
			cancel()
			if err != nil {
				info[k].Fails++
				continue
			}
			info[k].addDur(time.Since(start))
		}
	}
	s.add(row{Measure: "`1+1` execute_request → execute_reply (warm)", Stat: "p50", S: reply, Budget: "median ≤ 0.6 ms", Limit: 0.6})
	s.add(row{Measure: "`1+1` execute_request → status idle (warm)", Stat: "p50", S: idle, Budget: "—", Limit: noLimit})
	s.add(row{Measure: "kernel_info_request → reply (warm; no worker involved: the protocol floor)", Stat: "p50", S: info, Budget: "—", Limit: noLimit})
	s.add(row{Measure: "CPU time of kernel + worker per `1+1` cell (mean; 10 ms clock ticks)", Stat: "p50", S: cpu, Budget: "—", Limit: noLimit})
	return nil
}

// flood codes print 1,000,000 lines.
const (
	floodGo = "import \"fmt\"\nfor i := 0; i < 1000000; i++ {\n\tfmt.Println(i)\n}"
	floodPy = "for i in range(1000000):\n    print(i)"
)

func floodBytes() int {
	n := 0
	for i := range 1000000 {
		n += len(strconv.Itoa(i)) + 1
	}
	return n
}

// measureFlood: a 1,000,000-line print delivered in full, with kernel RSS during it.
func (s *suite) measureFlood(ctx context.Context) error {
	ps, err := startPair(ctx)
	if err != nil {
		return err
	}
	defer stopAll(ps)
	want := floodBytes()
	dur, self, total, cpu := newPair("ms"), newPair("MB"), newPair("MB"), newPair("CPU-s")
	code := map[*kind]string{gojupKind: floodGo, ipyKind: floodPy}
	for i := range s.cfg.floodRuns {
		for _, k := range order(i) {
			p := ps[k]
			rctx, cancel := context.WithTimeout(ctx, 120*time.Second)
			smp := sampleRSS(p.Pid(), 20*time.Millisecond)
			cpu0 := treeCPU(p.Pid())
			t, err := execute(rctx, p, code[k])
			cancel()
			pSelf, pTotal := smp.Stop()
			cpu[k].Vals = append(cpu[k].Vals, float64(treeCPU(p.Pid())-cpu0)/1e9)
			if err != nil {
				log.Printf("flood %s: %v", k.Name, err)
				dur[k].Fails++
				continue
			}
			got := len(t.res.Stdout())
			msgs := 0
			for _, o := range t.res.Outputs {
				if o.Header.MsgType == "stream" {
					msgs++
				}
			}
			if got != want {
				log.Printf("flood %s: got %d bytes, want %d", k.Name, got, want)
				dur[k].Fails++
				dur[k].Note = fmt.Sprintf("incomplete: %d of %d bytes", got, want)
				continue
			}
			dur[k].addDur(t.idle)
			self[k].Vals = append(self[k].Vals, float64(pSelf)/1e6)
			total[k].Vals = append(total[k].Vals, float64(pTotal)/1e6)
			if dur[k].Note == "" {
				dur[k].Note = fmt.Sprintf("%d bytes in %d stream messages", got, msgs)
			}
		}
	}
	s.add(row{Measure: "1,000,000 printed lines fully delivered (send → idle, all bytes counted)", Stat: "p50", S: dur, Budget: "≤ 3 s", Limit: 3000})
	s.add(row{Measure: "CPU time used by kernel + worker for the 1M-line print (less sensitive to load than wall time)", Stat: "p50", S: cpu, Budget: "—", Limit: noLimit})
	s.add(row{Measure: "peak kernel-process RSS during the 1M-line print", Stat: "max", S: self, Budget: "bounded", Limit: noLimit})
	s.add(row{Measure: "peak kernel + worker RSS during the 1M-line print", Stat: "max", S: total, Budget: "bounded", Limit: noLimit})
	return nil
}

// measureFirstOutput: first stream output of a cell that prints and then sleeps 2 s.
func (s *suite) measureFirstOutput(ctx context.Context) error {
	ps, err := startPair(ctx)
	if err != nil {
		return err
	}
	defer stopAll(ps)
	code := map[*kind]string{
		gojupKind: "import (\n\t\"fmt\"\n\t\"time\"\n)\nfmt.Println(\"a\")\ntime.Sleep(2 * time.Second)",
		ipyKind:   "import time\nprint(\"a\")\ntime.sleep(2)",
	}
	first := newPair("ms")
	for i := range s.cfg.firstOutRuns {
		for _, k := range order(i) {
			p := ps[k]
			rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			start := time.Now()
			m, err := p.Client.SendExecute(code[k], kerneltest.ExecuteOptions{})
			if err == nil {
				_, err = p.Client.WaitIOPub(rctx, m.Header.MsgID, func(o *wire.Message) bool { return o.Header.MsgType == "stream" })
			}
			if err == nil {
				first[k].addDur(time.Since(start))
				_, err = finish(rctx, p, m, start)
			}
			cancel()
			if err != nil {
				first[k].Fails++
				log.Printf("first output %s: %v", k.Name, err)
			}
		}
	}
	s.add(row{Measure: "first output of `Println(\"a\"); Sleep(2s)` at the client", Stat: "p50", S: first, Budget: "≤ 100 ms", Limit: 100})
	return nil
}

// measureHeartbeat: heartbeat round trips while a cell spins on every core, then interrupt.
func (s *suite) measureHeartbeat(ctx context.Context) error {
	ps, err := startPair(ctx)
	if err != nil {
		return err
	}
	defer stopAll(ps)
	code := map[*kind]string{
		gojupKind: "import \"runtime\"\nfor n := 0; n < runtime.NumCPU(); n++ {\n\tgo func() {\n\t\tfor {\n\t\t}\n\t}()\n}\nfor {\n}",
		ipyKind:   "while True:\n    pass",
	}
	hb, intr := newPair("ms"), newPair("ms")
	for i := range s.cfg.hbRuns {
		for _, k := range order(i) {
			p := ps[k]
			rctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			m, err := p.Client.SendExecute(code[k], kerneltest.ExecuteOptions{})
			if err != nil {
				cancel()
				return err
			}
			time.Sleep(300 * time.Millisecond)
			for range s.cfg.hbPings {
				hctx, hcancel := context.WithTimeout(rctx, 2*time.Second)
				d, err := p.Client.Heartbeat(hctx)
				hcancel()
				if err != nil {
					hb[k].Fails++
					break
				}
				hb[k].addDur(d)
				time.Sleep(20 * time.Millisecond)
			}
			start := time.Now()
			if err := p.interrupt(rctx); err != nil {
				log.Printf("interrupt %s: %v", k.Name, err)
			}
			ictx, icancel := context.WithTimeout(rctx, 10*time.Second)
			_, err = p.Client.Outputs(ictx, m.Header.MsgID)
			icancel()
			cancel()
			if err != nil {
				intr[k].Fails++
				if err := replaceKernel(ctx, ps, k); err != nil {
					return err
				}
				continue
			}
			if err := waitReady(p, start, 5*time.Second); err != nil {
				intr[k].Fails++
				intr[k].Note = "not ready 5 s after the interrupt: " + firstLine(err.Error())
				if err := replaceKernel(ctx, ps, k); err != nil {
					return err
				}
				continue
			}
			intr[k].addDur(time.Since(start))
			if share := cpuShare(p.Pid(), 300*time.Millisecond); share > 0.5 {
				intr[k].Note = fmt.Sprintf("still %.1f cores busy after the interrupt", share)
				if err := replaceKernel(ctx, ps, k); err != nil {
					return err
				}
			}
		}
	}
	s.add(row{Measure: "heartbeat round trip while a cell spins on every core", Stat: "p99", S: hb, Budget: "≤ 10 ms", Limit: 10})
	s.hangs = append(s.hangs, row{Measure: "interrupt → ready (next `1+1` answers): all-core spin (NumCPU goroutines + `for {}`; Python `while True: pass`)", Stat: "max", S: intr, Budget: "≤ 1 s", Limit: 1000})
	return nil
}

// measureCompleteInspect: complete_request and inspect_request round trips.
func (s *suite) measureCompleteInspect(ctx context.Context) error {
	ps, err := startPair(ctx)
	if err != nil {
		return err
	}
	defer stopAll(ps)
	setup := map[*kind]string{gojupKind: "import (\n\t\"fmt\"\n\t\"strings\"\n)", ipyKind: "import os"}
	comp := map[*kind]string{gojupKind: "fmt.Pr", ipyKind: "os.pa"}
	insp := map[*kind]string{gojupKind: "strings.Builder", ipyKind: "str.join"}
	for k, p := range ps {
		if _, err := execute(ctx, p, setup[k]); err != nil {
			return err
		}
	}
	cs, is := newPair("ms"), newPair("ms")
	bad := map[*kind]string{}
	for i := range s.cfg.complRuns {
		for _, k := range order(i) {
			p := ps[k]
			for _, req := range []struct {
				typ, code string
				s         *sample
			}{{"complete_request", comp[k], cs[k]}, {"inspect_request", insp[k], is[k]}} {
				rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				start := time.Now()
				content := map[string]any{"code": req.code, "cursor_pos": len([]rune(req.code))}
				if req.typ == "inspect_request" {
					content["detail_level"] = 0
				}
				r, err := p.Client.Request(rctx, "shell", req.typ, content)
				cancel()
				if err != nil {
					req.s.Fails++
					continue
				}
				req.s.addDur(time.Since(start))
				var c struct {
					Status  string   `json:"status"`
					Matches []string `json:"matches"`
					Found   bool     `json:"found"`
				}
				_ = json.Unmarshal(r.Content, &c)
				if c.Status != "ok" || (req.typ == "complete_request" && len(c.Matches) == 0) || (req.typ == "inspect_request" && !c.Found) {
					bad[k] = fmt.Sprintf("%s of %q: status %s, %d matches, found %v", req.typ, req.code, c.Status, len(c.Matches), c.Found)
				}
			}
		}
	}
	for k, b := range bad {
		cs[k].Note = "WRONG ANSWER: " + b
	}
	s.add(row{Measure: "complete_request (`fmt.Pr`; Python `os.pa`) → reply", Stat: "p99", S: cs, Budget: "p99 ≤ 50 ms", Limit: 50})
	s.add(row{Measure: "inspect_request (`strings.Builder`; Python `str.join`) → reply", Stat: "p99", S: is, Budget: "p99 ≤ 100 ms", Limit: 100})
	return nil
}

// measureTimelineKernel: lesson cells with and without tracing, in the kernel.
func (s *suite) measureTimelineKernel(ctx context.Context) error {
	p, err := startReady(ctx, gojupKind)
	if err != nil {
		return err
	}
	defer p.Stop()
	rctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	t, err := execute(rctx, p, timelineSetup)
	if err != nil {
		return err
	}
	if t.res.Status != "ok" {
		return fmt.Errorf("timeline setup: %s %v", t.res.Status, t.res.Error())
	}
	for _, w := range timelineWorkloads {
		runs := s.cfg.timelineRuns
		if w.lesson {
			runs = max(2, runs/3) // these cells take 50–300 ms each
		}
		plain, traced, svgBytes := tracedPair(rctx, p, w, runs)
		over := &sample{Unit: "%"}
		if plain.n() > 0 && traced.n() > 0 {
			over.Vals = []float64{(traced.p50()/plain.p50() - 1) * 100}
			over.Note = fmt.Sprintf("cell → idle p50 %s ms traced vs %s ms plain (+%s ms); largest SVG/HTML output %d bytes",
				fmtNum(traced.p50()), fmtNum(plain.p50()), fmtNum(traced.p50()-plain.p50()), svgBytes)
		} else {
			over.Fails = 1
			over.Note = plain.Note + traced.Note
		}
		s.add(row{Measure: "timeline: tracing overhead in the kernel, cell → idle with the chart built and shown, " + w.name, Stat: "p50",
			S: pairSamples{gojupKind: over}, Budget: "≤ 10 %", Limit: 10, PyText: "n/a"})
		s.details = append(s.details, detail{w.name + ": without tracing (cell → idle)", pairSamples{gojupKind: plain}},
			detail{w.name + ": traced (cell → idle)", pairSamples{gojupKind: traced}})

		rplain, rtraced := recordingPair(rctx, p, w, runs)
		rec := &sample{Unit: "%"}
		if rplain.n() > 0 && rtraced.n() > 0 {
			rec.Vals = []float64{(rtraced.p50()/rplain.p50() - 1) * 100}
			rec.Note = fmt.Sprintf("the code's own run time p50 %s ms recorded vs %s ms not (+%s ms)",
				fmtNum(rtraced.p50()), fmtNum(rplain.p50()), fmtNum(rtraced.p50()-rplain.p50()))
		} else {
			rec.Fails = 1
			rec.Note = rplain.Note + rtraced.Note
		}
		s.add(row{Measure: "timeline: recording overhead in the kernel, the code's own run time, " + w.name, Stat: "p50",
			S: pairSamples{gojupKind: rec}, Budget: "≤ 10 %", Limit: 10, PyText: "n/a"})
	}
	return nil
}

// recordingPair measures how much recording slows w's code itself: the code times its own
// run, untraced and recorded (by the same %%timeline magic or display.Trace as w.traced,
// without building or showing the chart), interleaved; it returns the run times.
func recordingPair(ctx context.Context, p *kernelProc, w timelineWorkload, runs int) (plain, traced *sample) {
	const report = "\nfmt.Println(\"elapsed-ns\", benchElapsed.Nanoseconds())"
	timed := "benchT0 := time.Now()\n" + w.plain + "\nbenchElapsed = time.Since(benchT0)"
	plainCell := "var benchElapsed time.Duration\n" + timed + report
	tracedCell := "var benchElapsed time.Duration\n_ = display.Trace(\"bench\", func() {\n" + timed + "\n})" + report
	if magic, _, _ := strings.Cut(w.traced, "\n"); strings.HasPrefix(magic, "%%timeline") {
		tracedCell = magic + "\n" + plainCell
	}
	plain, traced = &sample{Unit: "ms"}, &sample{Unit: "ms"}
	for i := range 2 * runs {
		code, smp := plainCell, plain
		if i%4 == 1 || i%4 == 2 { // plain, traced, traced, plain, ...
			code, smp = tracedCell, traced
		}
		t, ok := executeOK(ctx, p, code, smp)
		if !ok {
			continue
		}
		_, ns, ok := strings.Cut(strings.TrimSpace(t.res.Stdout()), "elapsed-ns ")
		v, perr := strconv.ParseFloat(strings.TrimSpace(ns), 64)
		if !ok || perr != nil {
			smp.Fails++
			smp.Note = "no elapsed time in the output: " + firstLine(t.res.Stdout())
			continue
		}
		smp.Vals = append(smp.Vals, v/1e6)
	}
	return plain, traced
}

// executeOK runs code and reports whether it ran without error; if not, it counts the
// failure in smp.
func executeOK(ctx context.Context, p *kernelProc, code string, smp *sample) (execTiming, bool) {
	t, err := execute(ctx, p, code)
	if err != nil || t.res.Status != "ok" {
		smp.Fails++
		if err == nil {
			smp.Note = fmt.Sprintf("%s: %v", t.res.Status, t.res.Error())
		}
		return t, false
	}
	return t, true
}

// tracedPair runs w's plain and traced cells runs times each, interleaved (the order
// alternating), and returns their cell → idle times and the largest SVG/HTML output.
func tracedPair(ctx context.Context, p *kernelProc, w timelineWorkload, runs int) (plain, traced *sample, svgBytes int) {
	plain, traced = &sample{Unit: "ms"}, &sample{Unit: "ms"}
	for i := range runs {
		for j, code := range []string{w.plain, w.traced} {
			if i%2 == 1 {
				code = []string{w.traced, w.plain}[j]
			}
			smp := plain
			if code == w.traced {
				smp = traced
			}
			t, ok := executeOK(ctx, p, code, smp)
			if !ok {
				continue
			}
			smp.addDur(t.idle)
			if smp != traced {
				continue
			}
			for _, o := range t.res.Outputs {
				var c struct {
					Data map[string]any `json:"data"`
				}
				_ = json.Unmarshal(o.Content, &c)
				for mt, v := range c.Data {
					if str, ok := v.(string); ok && (strings.Contains(mt, "svg") || strings.Contains(mt, "html")) {
						svgBytes = max(svgBytes, len(str))
					}
				}
			}
		}
	}
	return plain, traced, svgBytes
}

// hasIdle reports whether msgs hold a status idle message.
func hasIdle(msgs []*wire.Message) bool {
	for _, m := range msgs {
		if m.Header.MsgType == "status" && strings.Contains(string(m.Content), `"idle"`) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// waitReady runs `1+1` until it answers 2, retrying while the kernel refuses it (gojup's
// WorkerBusy, ipykernel's "aborted" right after an error), until d after start.
func waitReady(p *kernelProc, start time.Time, d time.Duration) error {
	for {
		_, err := checkReady(p, d)
		if err == nil || time.Since(start) > d {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// workerHeap returns the Go heap in use of gojup's worker after a GC, in MB, read by a cell
// (the cell runs in the worker process); NaN when the cell fails.
func workerHeap(ctx context.Context, p *kernelProc) float64 {
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	t, err := execute(rctx, p, "import (\n\t\"runtime\"\n\t\"runtime/debug\"\n)\n"+
		"func() uint64 {\n\tdebug.FreeOSMemory()\n\tvar ms runtime.MemStats\n\truntime.ReadMemStats(&ms)\n\treturn ms.HeapAlloc\n}()")
	if err != nil || t.res.Status != "ok" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t.res.Text()), 64)
	if err != nil {
		return math.NaN()
	}
	return v / 1e6
}
