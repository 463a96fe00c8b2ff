// Command bench is gojup's end-to-end benchmark suite: it starts gojup and the reference
// kernel ipykernel (Debian's `python3` kernel) on free ports in temporary directories, talks
// to both over ZeroMQ with the kernel/kerneltest client, interleaving the two kernels run by
// run so that the noise of a shared machine hits both, and writes docs/benchmarks.md: one
// table of measures with medians / p90 / p99, the ratio gojup / ipykernel, the budget from
// the design notes and pass or miss.
//
// It also runs the display package's Go benchmarks (timeline render, trace overhead) and
// bench/client_view.py, the same start and execute measures seen through jupyter_client.
//
// Usage (from the repository root; `make bench` does this after building bin/gojup):
//
//	go run ./bench                 # full suite, ~5–10 minutes on 2 cores, rewrites docs/benchmarks.md
//	go run ./bench -quick          # few runs of each, for trying the suite out
//	go run ./bench -only startup,exec -out /tmp/b.md
//
// Every kernel started runs in its own process group, which is killed at the end, on
// failure and on SIGINT/SIGTERM. HOME, Jupyter, XDG, history and cache directories point
// into one temporary directory that is removed at the end; MONGODB_URI points to a closed
// port so that no MongoDB-compatible server starts.
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// config holds the number of runs of each measure.
type config struct {
	startRuns, execRuns, floodRuns, firstOutRuns, hbRuns, hbPings, hangRuns, crashRuns,
	complRuns, leakCells, timelineRuns int
	goBenchTime string
}

var (
	fullConfig = config{startRuns: 15, execRuns: 300, floodRuns: 3, firstOutRuns: 5, hbRuns: 3, hbPings: 40,
		hangRuns: 3, crashRuns: 5, complRuns: 200, leakCells: 1000, timelineRuns: 30, goBenchTime: "1s"}
	quickConfig = config{startRuns: 3, execRuns: 30, floodRuns: 1, firstOutRuns: 2, hbRuns: 1, hbPings: 10,
		hangRuns: 1, crashRuns: 2, complRuns: 20, leakCells: 100, timelineRuns: 2, goBenchTime: "3x"}
)

// measureFunc is one group of measures.
type measureFunc struct {
	name string
	f    func(*suite, context.Context) error
}

var measures = []measureFunc{
	{"startup", (*suite).measureStartup},
	{"exec", (*suite).measureExecute},
	{"firstout", (*suite).measureFirstOutput},
	{"flood", (*suite).measureFlood},
	{"heartbeat", (*suite).measureHeartbeat},
	{"hangs", (*suite).measureHangs},
	{"crash", (*suite).measureCrash},
	{"complete", (*suite).measureCompleteInspect},
	{"memory", (*suite).measureMemory},
	{"timeline", (*suite).measureTimelineKernel},
	{"gobench", (*suite).measureGoBench},
	{"clientview", (*suite).measureClientView},
}

func main() {
	log.SetFlags(log.Ltime)
	log.SetPrefix("bench: ")
	quick := flag.Bool("quick", false, "few runs of each measure (a smoke test of the suite)")
	only := flag.String("only", "", "comma-separated measure groups to run (default all): "+groupNames())
	out := flag.String("out", "docs/benchmarks.md", "report to write (its hand-written sections are kept)")
	gojup := flag.String("gojup", "bin/gojup", "gojup binary (built with `go build -o bin/gojup .` when missing)")
	python := flag.String("python", "/usr/bin/python3", "Python with ipykernel and jupyter_client")
	flag.Parse()

	os.Exit(run(*quick, *only, *out, *gojup, *python))
}

func groupNames() string {
	var n []string
	for _, m := range measures {
		n = append(n, m.name)
	}
	return strings.Join(n, ",")
}

func run(quick bool, only, out, gojup, python string) (code int) {
	cfg := fullConfig
	if quick {
		cfg = quickConfig
	}
	var err error
	if gojupBin, err = filepath.Abs(gojup); err != nil {
		log.Print(err)
		return 1
	}
	pythonBin = python
	if _, err := os.Stat(gojupBin); err != nil {
		log.Printf("building %s", gojupBin)
		if out, err := exec.Command("go", "build", "-o", gojupBin, ".").CombinedOutput(); err != nil {
			log.Printf("go build: %v\n%s", err, out)
			return 1
		}
	}
	benchRoot, err = os.MkdirTemp("", "gojup-bench-")
	if err != nil {
		log.Print(err)
		return 1
	}
	// Snapshot the binary: bin/gojup is shared and may be rebuilt by someone during the run.
	if err := copyFile(gojupBin, filepath.Join(benchRoot, "gojup")); err != nil {
		log.Print(err)
		os.RemoveAll(benchRoot)
		return 1
	}
	gojupSource = gojupBin
	gojupBin = filepath.Join(benchRoot, "gojup")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer func() {
		killAll()
		os.RemoveAll(benchRoot)
	}()
	defer func() {
		if r := recover(); r != nil {
			log.Printf("panic: %v", r)
			code = 2
		}
	}()

	s := &suite{cfg: cfg, quick: quick, started: time.Now(), loadStart: loadAvg()}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			want[n] = true
		}
	}
	for _, m := range measures {
		if len(want) > 0 && !want[m.name] {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		t0 := time.Now()
		log.Printf("%s… (load %s)", m.name, loadAvg())
		if err := m.f(s, ctx); err != nil {
			log.Printf("%s FAILED: %v", m.name, err)
			s.errors = append(s.errors, fmt.Sprintf("%s: %v", m.name, err))
			code = 1
		}
		s.durations = append(s.durations, fmt.Sprintf("%s %.0f s", m.name, time.Since(t0).Seconds()))
		killAll() // nothing survives a group
	}
	s.loadEnd = loadAvg()
	s.elapsed = time.Since(s.started)
	if ctx.Err() != nil {
		log.Print("interrupted: not writing the report")
		return 130
	}
	if err := s.writeReport(out); err != nil {
		log.Print(err)
		return 1
	}
	log.Printf("wrote %s (%s, load %s → %s)", out, s.elapsed.Round(time.Second), s.loadStart, s.loadEnd)
	fmt.Print(s.summary())
	return code
}

// machine describes the machine for the report.
func machine() string {
	host, _ := os.Hostname()
	goVersion, _ := exec.Command("go", "version").Output()
	ipy, _ := exec.Command(pythonBin, "-c", "import ipykernel, jupyter_client, sys; print('ipykernel', ipykernel.__version__, '· jupyter_client', jupyter_client.__version__, '· Python', sys.version.split()[0])").Output()
	gj, _ := exec.Command(gojupBin, "version").Output()
	sum := "?"
	if b, err := os.ReadFile(gojupBin); err == nil {
		sum = fmt.Sprintf("%x", sha256.Sum256(b))[:12]
	}
	mod := "?"
	if st, err := os.Stat(gojupSource); err == nil {
		mod = st.ModTime().UTC().Format("2006-01-02 15:04:05")
	}
	return fmt.Sprintf("%s, %d CPUs (%s), %s RAM; %s; %s; %s (copy of %s built %s UTC, sha256 %s…)",
		host, runtime.NumCPU(), cpuModel(), memTotal(), strings.TrimSpace(string(goVersion)),
		strings.TrimSpace(string(ipy)), strings.TrimSpace(string(gj)), gojupSource, mod, sum)
}

// gojupSource is the binary the suite copied to gojupBin.
var gojupSource string

// copyFile copies an executable.
func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}
