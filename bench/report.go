package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// noLimit marks a row without a budget.
const noLimit = -1

// row is one line of the results table.
type row struct {
	Measure string
	// Stat is the statistic compared with the budget and shown: "p50", "p99" or "max".
	Stat   string
	S      pairSamples
	Budget string
	// Limit is the budget in the gojup sample's unit (noLimit: none).
	Limit float64
	// PyText replaces the ipykernel value when the measure does not apply to it.
	PyText string
}

// detail is an extra distribution shown below the table.
type detail struct {
	name string
	S    pairSamples
}

// suite collects the results of one run of the benchmarks.
type suite struct {
	cfg                config
	quick              bool
	rows, hangs        []row
	details            []detail
	goBench, clientOut string
	clientRows         []row
	errors, durations  []string
	started            time.Time
	elapsed            time.Duration
	loadStart, loadEnd string
}

func (s *suite) add(r row) { s.rows = append(s.rows, r) }

func (r row) value(k *kind) float64 {
	sm := r.S[k]
	if sm == nil {
		return math.NaN()
	}
	switch r.Stat {
	case "p99":
		return sm.q(.99)
	case "p90":
		return sm.q(.9)
	case "max":
		return sm.max()
	}
	return sm.p50()
}

func (r row) cell(k *kind) string {
	if k == ipyKind && r.PyText != "" {
		return r.PyText
	}
	sm := r.S[k]
	if sm == nil || (sm.n() == 0 && sm.Fails == 0) {
		return "—"
	}
	if sm.n() == 0 {
		return fmt.Sprintf("failed (%d runs)", sm.Fails)
	}
	out := fmt.Sprintf("%s %s", fmtNum(r.value(k)), sm.Unit)
	if sm.Fails > 0 {
		out += fmt.Sprintf(" (%d of %d runs failed)", sm.Fails, sm.Fails+sm.n())
	}
	return out
}

func (r row) ratio() string {
	g, p := r.value(gojupKind), r.value(ipyKind)
	if r.PyText != "" || math.IsNaN(g) || math.IsNaN(p) || p == 0 {
		return "—"
	}
	return fmt.Sprintf("%s×", fmtNum(g/p))
}

func (r row) verdict() string {
	if r.Limit == noLimit {
		return "info"
	}
	sm := r.S[gojupKind]
	if sm == nil || sm.n() == 0 {
		return "**MISS** (no result)"
	}
	if sm.Fails > 0 {
		return "**MISS** (failed runs)"
	}
	if r.value(gojupKind) <= r.Limit {
		return "pass"
	}
	return "**MISS**"
}

func (r row) notes() string {
	var n []string
	for _, k := range kinds {
		if sm := r.S[k]; sm != nil && sm.Note != "" {
			n = append(n, k.Name+": "+sm.Note)
		}
	}
	return strings.Join(n, "; ")
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// ---- Go benchmarks of the display package -------------------------------------------------

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+\d+\s+(.*)$`)

// parseGoBench returns name → unit → value from `go test -bench` output.
func parseGoBench(out string) map[string]map[string]float64 {
	res := map[string]map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		f := strings.Fields(m[3])
		vals := map[string]float64{}
		for i := 0; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				vals[f[i+1]] = v
			}
		}
		res[m[1]] = vals
	}
	return res
}

var svgLog = regexp.MustCompile(`(\d+) lanes, (\d+) events: SVG (\d+) bytes in (\S+)`)

// measureGoBench runs the display package's benchmarks and its 1M-event SVG test.
func (s *suite) measureGoBench(ctx context.Context) error {
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", ".", "-benchtime", s.cfg.goBenchTime, "-count", "1", "./display/...")
	cmd.Env = append(os.Environ(), "GOJUP_MONGO=off", "MONGODB_URI=mongodb://127.0.0.1:1")
	out, err := cmd.CombinedOutput()
	s.goBench = string(out)
	if err != nil {
		return fmt.Errorf("go test -bench ./display/...: %v\n%s", err, tail(string(out), 3000))
	}
	b := parseGoBench(string(out))
	one := func(v float64, unit string, ok bool) pairSamples {
		sm := &sample{Unit: unit}
		if ok {
			sm.Vals = []float64{v}
		} else {
			sm.Fails = 1
			sm.Note = "benchmark not found"
		}
		return pairSamples{gojupKind: sm}
	}
	r, ok := b["BenchmarkRenderSVG100k"]
	s.add(row{Measure: "timeline: SVG render of 100k events (BenchmarkRenderSVG100k, ns/op)", Stat: "p50", S: one(r["ns/op"]/1e6, "ms", ok),
		Budget: "≤ 200 ms", Limit: 200, PyText: "n/a"})
	s.add(row{Measure: "timeline: SVG size for 100k events", Stat: "p50", S: one(r["svg-bytes"]/1e3, "KB", ok && r["svg-bytes"] > 0),
		Budget: "≤ 1 MB", Limit: 1 << 20 / 1e3, PyText: "n/a"})
	for _, w := range []string{"lesson", "cpu4x20ms", "pingpong100k"} {
		r, ok := b["BenchmarkTraceOverhead/"+w]
		overhead, ok := r["overhead-%"]
		limit, budget := float64(10), "≤ 10 %"
		if w == "pingpong100k" {
			limit, budget = noLimit, "— (design: +48 % known for ping-pong)"
		}
		s.add(row{Measure: "timeline: `Trace` overhead, compiled workload " + w + " (BenchmarkTraceOverhead, record + parse, interleaved medians)", Stat: "p50",
			S: one(overhead, "%", ok), Budget: budget, Limit: limit, PyText: "n/a"})
	}
	// The 1M-event case: TestSVGSizeBounded renders 1M synthetic events and logs times.
	cmd = exec.CommandContext(ctx, "go", "test", "-run", "^TestSVGSizeBounded$", "-v", "-count", "1", "./display/")
	out, err = cmd.CombinedOutput()
	s.goBench += "\n$ go test -run '^TestSVGSizeBounded$' -v ./display/\n" + string(out)
	if err != nil {
		return fmt.Errorf("TestSVGSizeBounded: %v", err)
	}
	for _, m := range svgLog.FindAllStringSubmatch(string(out), -1) {
		d, err := time.ParseDuration(m[4])
		if err != nil {
			continue
		}
		size, _ := strconv.ParseFloat(m[3], 64)
		sm := &sample{Unit: "ms", Vals: []float64{float64(d) / 1e6}, Note: fmt.Sprintf("SVG %.0f KB", size/1e3)}
		s.add(row{Measure: fmt.Sprintf("timeline: SVG render of %s events on %s lanes (TestSVGSizeBounded, one run)", m[2], m[1]), Stat: "p50",
			S: pairSamples{gojupKind: sm}, Budget: "— (200 ms is for 100k)", Limit: noLimit, PyText: "n/a"})
	}
	return nil
}

// ---- client view (jupyter_client) ---------------------------------------------------------

// measureClientView runs bench/client_view.py: start and `1+1` seen through jupyter_client.
func (s *suite) measureClientView(ctx context.Context) error {
	dir := filepath.Join(benchRoot, "client-view")
	if err := os.MkdirAll(filepath.Join(dir, "kernels", "gojup"), 0o700); err != nil {
		return err
	}
	spec := map[string]any{"argv": []string{gojupBin, "kernel", "-f", "{connection_file}"}, "display_name": "Go (gojup)",
		"language": "go", "interrupt_mode": "message"}
	b, _ := json.Marshal(spec)
	if err := os.WriteFile(filepath.Join(dir, "kernels", "gojup", "kernel.json"), b, 0o600); err != nil {
		return err
	}
	runs := 10
	if s.quick {
		runs = 2
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, pythonBin, "bench/client_view.py", "--runs", strconv.Itoa(runs), "--exec-runs", strconv.Itoa(runs*10))
	cmd.Env = append(benchEnv(dir), "JUPYTER_PATH="+dir)
	cmd.Dir = "."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.SysProcAttr = procGroup()
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("client_view.py: %v\n%s", err, tail(stderr.String(), 3000))
	}
	var res map[string]map[string][]float64
	if err := json.Unmarshal(out, &res); err != nil {
		return fmt.Errorf("client_view.py output: %v\n%s", err, out)
	}
	get := func(name, key string) *sample {
		return &sample{Unit: "ms", Vals: res[name][key]}
	}
	s.clientRows = []row{
		{Measure: "KernelManager.start_kernel → wait_for_ready (kernel_info_reply)", Stat: "p50",
			S: pairSamples{gojupKind: get("gojup", "start_ms"), ipyKind: get("python3", "start_ms")}, Budget: "≤ 20 ms (budget is for the kernel alone)", Limit: noLimit},
		{Measure: "BlockingKernelClient.execute(\"1+1\") → execute_reply", Stat: "p50",
			S: pairSamples{gojupKind: get("gojup", "exec_ms"), ipyKind: get("python3", "exec_ms")}, Budget: "median ≤ 0.6 ms (kernel alone)", Limit: noLimit},
	}
	return nil
}

// ---- the report -----------------------------------------------------------------------------

const (
	introBegin    = "<!-- BEGIN HAND-WRITTEN: intro (kept when the suite rewrites this file) -->"
	introEnd      = "<!-- END HAND-WRITTEN: intro -->"
	analysisBegin = "<!-- BEGIN HAND-WRITTEN: analysis (kept when the suite rewrites this file) -->"
	analysisEnd   = "<!-- END HAND-WRITTEN: analysis -->"
)

const defaultIntro = `gojup's promise to instructors is that it answers instantly. This file holds the numbers,
measured against the reference kernel (Debian's ipykernel) in the same run, run by run
interleaved, because the machines are shared and noisy: read the ratio column as much as the
absolute numbers, and the load average below.`

const defaultAnalysis = `(Nothing written yet: explain each miss here, with the plan or the fix.)`

// handWritten returns the text between begin and end in the existing report, or def.
func handWritten(old, begin, end, def string) string {
	i := strings.Index(old, begin)
	j := strings.Index(old, end)
	if i < 0 || j < i {
		return def
	}
	return strings.TrimSpace(old[i+len(begin) : j])
}

func (s *suite) writeReport(path string) error {
	old, _ := os.ReadFile(path)
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# gojup benchmarks\n\n%s\n%s\n%s\n\n", introBegin, handWritten(string(old), introBegin, introEnd, defaultIntro), introEnd)
	w("## How to reproduce\n\n```sh\nmake bench          # builds bin/gojup, runs `go run ./bench`, rewrites this file (~5–10 min)\n")
	w("make bench-micro    # go test -bench micro-benchmarks → bench/micro.txt, benchstat vs the previous run (bench/Makefile.inc)\n```\n\n")
	w("`go run ./bench -quick` is a 1-minute smoke run; `-only startup,exec` runs some groups (%s).\n\n", groupNames())
	w("## Run\n\n")
	w("- Date: %s (UTC), suite took %s%s\n", s.started.UTC().Format("2006-01-02 15:04"), s.elapsed.Round(time.Second),
		map[bool]string{true: " — **quick run: few samples, not for decisions**", false: ""}[s.quick])
	w("- Machine: %s\n", machine())
	w("- Load average (1, 5, 15 min) at start: **%s**, at end: **%s** — the machine is shared; other builds ran during the suite\n", s.loadStart, s.loadEnd)
	w("- Method: each kernel is started by the suite with `-f conn.json` on free loopback ports, as a front end does, and driven over ZeroMQ by the Go client kernel/kerneltest; gojup and ipykernel alternate run by run. Interrupts are sent as each kernelspec says: gojup `interrupt_request` on control (`interrupt_mode: message`), ipykernel SIGINT. Times are measured at the client. RSS is the sum over the kernel process and its children (/proc).\n")
	w("- Time per group: %s\n", strings.Join(s.durations, ", "))
	if len(s.errors) > 0 {
		w("- **Errors:**\n")
		for _, e := range s.errors {
			w("  - `%s`\n", mdEscape(strings.SplitN(e, "\n", 2)[0]))
		}
	}
	w("\n## Results\n\n")
	w("`stat` is the statistic compared with the budget; the full distributions are below. ratio = gojup / ipykernel (< 1: gojup faster or smaller).\n\n")
	w("| measure | stat | gojup | ipykernel | ratio | budget | result |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	all := append(append([]row{}, s.rows...), s.hangs...)
	for _, r := range all {
		w("| %s | %s | %s | %s | %s | %s | %s |\n", mdEscape(r.Measure), r.Stat, mdEscape(r.cell(gojupKind)), mdEscape(r.cell(ipyKind)),
			r.ratio(), mdEscape(r.Budget), r.verdict())
	}
	pass, miss := 0, 0
	for _, r := range all {
		switch v := r.verdict(); {
		case v == "pass":
			pass++
		case strings.HasPrefix(v, "**MISS"):
			miss++
		}
	}
	w("\n%d budgets passed, %d missed.\n\n", pass, miss)
	w("### Notes per measure\n\n")
	for _, r := range all {
		if n := r.notes(); n != "" {
			w("- %s: %s\n", r.Measure, n)
		}
	}
	w("\n### Distributions\n\n| measure | gojup | ipykernel |\n| --- | --- | --- |\n")
	for _, r := range all {
		w("| %s | %s | %s |\n", mdEscape(r.Measure), mdEscape(r.S[gojupKind].dist()), mdEscape(r.S[ipyKind].dist()))
	}
	for _, d := range s.details {
		w("| %s | %s | %s |\n", mdEscape(d.name), mdEscape(d.S[gojupKind].dist()), mdEscape(d.S[ipyKind].dist()))
	}
	if len(s.clientRows) > 0 {
		w("\n## Client view (bench/client_view.py, jupyter_client %s)\n\n", "7.4.9")
		w("The same start and execute measures through jupyter_client's KernelManager and BlockingKernelClient (what nbclient and the notebook server use), interleaved the same way. These include jupyter_client's own overhead (Python, polling), so they are for comparison, not for the budgets.\n\n")
		w("| measure | gojup | ipykernel | ratio | budget (kernel alone) |\n| --- | --- | --- | --- | --- |\n")
		for _, r := range s.clientRows {
			w("| %s | %s | %s | %s | %s |\n", mdEscape(r.Measure), mdEscape(r.S[gojupKind].dist()), mdEscape(r.S[ipyKind].dist()), r.ratio(), mdEscape(r.Budget))
		}
	}
	if s.goBench != "" {
		w("\n## Go benchmarks of the display package\n\n`go test -run '^$' -bench . -benchtime %s ./display/...`:\n\n```\n%s\n```\n", s.cfg.goBenchTime, strings.TrimSpace(s.goBench))
	}
	w("\n## Analysis\n\n%s\n%s\n%s\n", analysisBegin, handWritten(string(old), analysisBegin, analysisEnd, defaultAnalysis), analysisEnd)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// summary is the table printed on stdout at the end.
func (s *suite) summary() string {
	var b strings.Builder
	for _, r := range append(append([]row{}, s.rows...), s.hangs...) {
		fmt.Fprintf(&b, "%-8s %-22s %-22s %-8s %s\n", r.verdict(), r.cell(gojupKind), r.cell(ipyKind), r.ratio(), r.Measure)
	}
	if len(s.errors) > 0 {
		log.Printf("%d groups failed", len(s.errors))
	}
	return b.String()
}
