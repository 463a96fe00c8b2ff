package main

// Interrupt → ready for each hang type, and worker crash → next cell.

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
)

// hangType is a cell that never ends by itself.
type hangType struct {
	name   string
	goCode string // %[1]d is a run number, for fresh variable names
	pyCode string
	// background: the cell returns and leaves work running; the interrupt is sent when the
	// kernel is idle and "ready" means the next cell answers.
	background bool
}

var hangTypes = []hangType{
	{name: "`for {}`", goCode: "for {\n}", pyCode: "while True:\n    pass"},
	{name: "`for { i++ }`", goCode: "i%[1]d := 0\nfor {\n\ti%[1]d++\n}", pyCode: "i = 0\nwhile True:\n    i += 1"},
	{name: "`time.Sleep(time.Hour)`", goCode: "import \"time\"\ntime.Sleep(time.Hour)", pyCode: "import time\ntime.sleep(3600)"},
	{name: "blocked channel receive", goCode: "ch%[1]d := make(chan int)\n<-ch%[1]d", pyCode: "import queue\nqueue.Queue().get()"},
	{name: "`mu.Lock()` twice", goCode: "import \"sync\"\nvar mu%[1]d sync.Mutex\nmu%[1]d.Lock()\nmu%[1]d.Lock()",
		pyCode: "import threading\nl = threading.Lock()\nl.acquire()\nl.acquire()"},
	{name: "`wg.Wait()` never satisfied", goCode: "import \"sync\"\nvar wg%[1]d sync.WaitGroup\nwg%[1]d.Add(1)\nwg%[1]d.Wait()",
		pyCode: "import threading\nthreading.Event().wait()"},
	{name: "blocking network read", goCode: "import \"net\"\nln%[1]d, _ := net.Listen(\"tcp\", \"127.0.0.1:0\")\nconn%[1]d, _ := net.Dial(\"tcp\", ln%[1]d.Addr().String())\nbuf%[1]d := make([]byte, 1)\n_, _ = conn%[1]d.Read(buf%[1]d)",
		pyCode: "import socket\nsrv = socket.create_server(('127.0.0.1', 0))\nc = socket.create_connection(srv.getsockname())\nc.recv(1)"},
	{name: "goroutines left spinning in the background (interrupt while idle → next cell ready)", background: true,
		goCode: "for n%[1]d := 0; n%[1]d < 2; n%[1]d++ {\n\tgo func() {\n\t\tfor {\n\t\t}\n\t}()\n}",
		pyCode: "import threading\ndef spin():\n    while True:\n        pass\nfor _ in range(2):\n    threading.Thread(target=spin, daemon=True).start()"},
}

// measureHangs: interrupt → idle for each hang type, and whether the next cell runs.
func (s *suite) measureHangs(ctx context.Context) error {
	for _, h := range hangTypes {
		if err := s.measureHang(ctx, h); err != nil {
			return err
		}
	}
	return nil
}

func (s *suite) measureHang(ctx context.Context, h hangType) error {
	ps, err := startPair(ctx)
	if err != nil {
		return err
	}
	defer func() { stopAll(ps) }()
	ready, idle := newPair("ms"), newPair("ms")
	notes := map[*kind][]string{}
	note := func(k *kind, n string) {
		for _, x := range notes[k] {
			if x == n {
				return
			}
		}
		notes[k] = append(notes[k], n)
	}
	for i := range s.cfg.hangRuns {
		for _, k := range order(i) {
			p := ps[k]
			code := h.pyCode
			if k == gojupKind {
				code = h.goCode
				if strings.Contains(code, "%[1]d") {
					code = fmt.Sprintf(code, i)
				}
			}
			rctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			m, err := p.Client.SendExecute(code, kerneltest.ExecuteOptions{})
			if err != nil {
				cancel()
				return err
			}
			if h.background {
				if _, err := p.Client.Outputs(rctx, m.Header.MsgID); err != nil {
					note(k, "the cell did not finish")
				}
			}
			time.Sleep(300 * time.Millisecond)
			if r := p.Client.IOPub(m.Header.MsgID); !h.background && hasIdle(r) {
				t, _ := finish(rctx, p, m, time.Now())
				msg := "the cell ended before the interrupt"
				if t.res != nil && t.res.Error() != nil {
					msg += ": " + t.res.Error().EName + ": " + t.res.Error().EValue
				}
				log.Printf("hang %s %s: %s", h.name, k.Name, msg)
				note(k, msg)
				ready[k].Fails++
				cancel()
				continue
			}
			start := time.Now()
			if err := p.interrupt(rctx); err != nil {
				log.Printf("interrupt %s: %v", k.Name, err)
			}
			ok := true
			if !h.background {
				ictx, icancel := context.WithTimeout(rctx, 10*time.Second)
				t, err := finish(ictx, p, m, start)
				icancel()
				if err != nil {
					ok = false
					idle[k].Fails++
					note(k, "no idle within 10 s")
				} else {
					idle[k].addDur(t.idle)
					if e := t.res.Error(); e != nil {
						note(k, "error "+e.EName)
					} else {
						note(k, "reply "+t.res.Status)
					}
				}
			}
			if ok {
				// Ready: the next `1+1` answers 2. Retry while the kernel refuses it (gojup
				// WorkerBusy, ipykernel's "aborted" right after an error), up to 5 s.
				if err := waitReady(p, start, 5*time.Second); err != nil {
					log.Printf("hang %s %s: next cell: %v", h.name, k.Name, err)
					ready[k].Fails++
					note(k, "not ready 5 s after the interrupt: "+firstLine(err.Error()))
					ok = false
				} else {
					ready[k].addDur(time.Since(start))
				}
			}
			cancel()
			share := 0.0
			if ok {
				// Leftover work (spinning goroutines or threads) shows as CPU use once the
				// next cell has answered; skip 200 ms of a restarted worker's start-up.
				time.Sleep(200 * time.Millisecond)
				share = cpuShare(p.Pid(), 500*time.Millisecond)
				if share > 0.5 {
					note(k, fmt.Sprintf("%.1f cores still busy 0.2–0.7 s after the next cell answered", share))
				}
			}
			if !ok || share > 0.5 || (h.background && k == ipyKind) {
				if err := replaceKernel(ctx, ps, k); err != nil {
					return err
				}
			}
		}
	}
	for k, n := range notes {
		ready[k].Note = strings.Join(n, "; ")
	}
	s.hangs = append(s.hangs, row{Measure: "interrupt → ready (next `1+1` answers): " + h.name, Stat: "max", S: ready, Budget: "≤ 1 s", Limit: 1000})
	if !h.background {
		s.details = append(s.details, detail{"interrupt → idle (hung cell's reply): " + h.name, idle})
	}
	return nil
}

// measureCrash: a goroutine panic kills the worker; the next cell needs 50 declarations back.
func (s *suite) measureCrash(ctx context.Context) error {
	p, err := startReady(ctx, gojupKind)
	if err != nil {
		return err
	}
	defer p.Stop()
	rctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if _, err := execute(rctx, p, "import (\n\t\"fmt\"\n\t\"time\"\n)\ntype point struct{ X, Y int }"); err != nil {
		return err
	}
	for n := range 50 {
		t, err := execute(rctx, p, fmt.Sprintf("func f%d(x int) int { return x + %d }", n, n))
		if err != nil || t.res.Status != "ok" {
			return fmt.Errorf("crash setup cell %d: %v", n, err)
		}
	}
	detect, restore, total := &sample{Unit: "ms"}, &sample{Unit: "ms"}, &sample{Unit: "ms"}
	for range s.cfg.crashRuns {
		start := time.Now()
		t, err := execute(rctx, p, "go func() { panic(\"x\") }()\ntime.Sleep(time.Second)")
		if err != nil {
			total.Fails++
			continue
		}
		d := time.Since(start)
		if t.res.Status != "error" {
			total.Note = "crash cell status " + t.res.Status
		}
		t2, err := execute(rctx, p, "f49(1) + point{X: 1}.X")
		if err != nil || t2.res.Status != "ok" || strings.TrimSpace(t2.res.Text()) != "51" {
			total.Fails++
			if t2.res != nil {
				total.Note = fmt.Sprintf("declarations not restored: %s %q", t2.res.Status, t2.res.Text())
			}
			continue
		}
		detect.addDur(d)
		restore.addDur(t2.reply)
		total.addDur(d + t2.reply)
	}
	if total.Note == "" {
		total.Note = "50 declaration cells restored each time"
	}
	s.add(row{Measure: "worker crash (`go func(){ panic(\"x\") }()`) → crash reply → next cell using restored declarations", Stat: "max",
		S: pairSamples{gojupKind: total, ipyKind: nil}, Budget: "≤ 500 ms", Limit: 500,
		PyText: "n/a: a dying ipykernel is restarted by the client, all state lost"})
	s.details = append(s.details, detail{"crash → crash execute_reply", pairSamples{gojupKind: detect}},
		detail{"crash reply → next cell (50 declarations restored) execute_reply", pairSamples{gojupKind: restore}})
	return nil
}
