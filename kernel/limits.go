package kernel

import (
	"bufio"
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
)

const (
	defaultMaxOutput   = 64 << 20
	defaultMemoryLimit = 4 << 30
)

// limits are the resource limits of cells, from the environment.
type limits struct {
	maxOutput   int64 // GOJUP_MAX_OUTPUT: stream bytes per cell
	memoryLimit int64 // GOJUP_MEMORY_LIMIT: worker RSS
}

func loadLimits(env *envSet, log *slog.Logger) limits {
	l := limits{maxOutput: defaultMaxOutput, memoryLimit: defaultMemoryLimit}
	if total := totalRAM(); total > 0 && total/2 < l.memoryLimit {
		l.memoryLimit = total / 2
	}
	if v := env.get("GOJUP_MAX_OUTPUT"); v != "" {
		if n, err := parseSize(v); err == nil {
			l.maxOutput = n
		} else {
			log.Warn("ignoring GOJUP_MAX_OUTPUT", "value", v, "err", err)
		}
	}
	if v := env.get("GOJUP_MEMORY_LIMIT"); v != "" {
		if n, err := parseSize(v); err == nil {
			l.memoryLimit = n
		} else {
			log.Warn("ignoring GOJUP_MEMORY_LIMIT", "value", v, "err", err)
		}
	}
	return l
}

// parseSize parses "1048576", "512MiB", "4G", "1.5GiB", "100 MB" (powers of 1024 for all units).
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') {
		i--
	}
	num, unit := strings.TrimSpace(s[:i]), strings.ToLower(strings.TrimSpace(s[i:]))
	mult := map[string]float64{"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
		"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
		"t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40}[unit]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || mult == 0 || f < 0 {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	return int64(f * mult), nil
}

// formatSize formats n bytes for messages: "64 MiB", "4.0 GiB".
func formatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// totalRAM returns MemTotal from /proc/meminfo in bytes, or 0.
func totalRAM() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				kb, _ := strconv.ParseInt(fields[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// rss returns the resident set size of process pid in bytes.
func rss(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0, err
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0, fmt.Errorf("short statm")
	}
	pages, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil {
		return 0, err
	}
	return pages * int64(os.Getpagesize()), nil
}

// envSet is the kernel's environment, which later workers inherit; safe for concurrent use.
type envSet struct {
	mu   sync.Mutex
	vars []string
}

func newEnvSet(vars []string) *envSet { return &envSet{vars: append([]string(nil), vars...)} }

func (e *envSet) get(key string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.vars) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(e.vars[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

func (e *envSet) set(key, value string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.vars[:0]
	for _, kv := range e.vars {
		if k, _, _ := strings.Cut(kv, "="); k != key {
			out = append(out, kv)
		}
	}
	e.vars = append(out, key+"="+value)
}

func (e *envSet) list() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.vars...)
}
