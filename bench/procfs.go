package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// procStat is what the suite reads of one process in /proc.
type procStat struct {
	pid, ppid int
	rss       int64 // bytes
	cpuTicks  int64 // utime + stime, clock ticks
	ok        bool
}

// pageSize is the size of an RSS page.
var pageSize = int64(os.Getpagesize())

func readStat(pid int) procStat {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return procStat{}
	}
	// pid (comm) state ppid ... ; comm may contain spaces and parentheses.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 22 {
		return procStat{}
	}
	ppid, _ := strconv.Atoi(f[1])
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	rss, _ := strconv.ParseInt(f[21], 10, 64)
	return procStat{pid: pid, ppid: ppid, rss: rss * pageSize, cpuTicks: ut + st, ok: true}
}

// tree returns the stats of pid and all its descendants.
func tree(pid int) []procStat {
	ents, _ := os.ReadDir("/proc")
	children := map[int][]int{}
	stats := map[int]procStat{}
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		s := readStat(n)
		if s.ok {
			stats[n] = s
			children[s.ppid] = append(children[s.ppid], n)
		}
	}
	var out []procStat
	var walk func(int)
	walk = func(p int) {
		if s, ok := stats[p]; ok {
			out = append(out, s)
		}
		for _, c := range children[p] {
			walk(c)
		}
	}
	walk(pid)
	return out
}

// treeRSS returns the RSS of pid alone and of pid plus its descendants, in bytes.
func treeRSS(pid int) (self, total int64) {
	for _, s := range tree(pid) {
		if s.pid == pid {
			self = s.rss
		}
		total += s.rss
	}
	return self, total
}

// treeCPU returns the CPU time used so far by pid and its descendants.
func treeCPU(pid int) time.Duration {
	var t int64
	for _, s := range tree(pid) {
		t += s.cpuTicks
	}
	return time.Duration(t) * time.Second / 100 // USER_HZ is 100 on Linux
}

// cpuShare returns the CPU used by pid's tree during d, in cores (1.0 = one core busy).
func cpuShare(pid int, d time.Duration) float64 {
	a := treeCPU(pid)
	time.Sleep(d)
	return float64(treeCPU(pid)-a) / float64(d)
}

// rssSampler samples the RSS of a process tree until stopped and keeps the peaks.
type rssSampler struct {
	stop           chan struct{}
	done           sync.WaitGroup
	peakSelf, peak int64
}

func sampleRSS(pid int, every time.Duration) *rssSampler {
	s := &rssSampler{stop: make(chan struct{})}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			self, total := treeRSS(pid)
			s.peakSelf, s.peak = max(s.peakSelf, self), max(s.peak, total)
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// Stop stops sampling and returns the peak RSS of the kernel process alone and of the tree.
func (s *rssSampler) Stop() (self, total int64) {
	close(s.stop)
	s.done.Wait()
	return s.peakSelf, s.peak
}

// loadAvg returns the first line of /proc/loadavg.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// cpuModel returns the CPU model name from /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "?"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// memTotal returns MemTotal from /proc/meminfo, as written there.
func memTotal() string {
	b, _ := os.ReadFile("/proc/meminfo")
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
