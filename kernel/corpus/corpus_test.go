package corpus

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "regenerate testdata/corpus/*.out with go run")

const (
	corpusDir = "../../testdata/corpus"
	childEnv  = "GOJUP_CORPUS_CHILD" // "mode:file": the test binary runs one program and exits
)

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		mode, file, _ := strings.Cut(spec, ":")
		os.Exit(child(mode, file))
	}
	os.Exit(m.Run())
}

// child interprets one program with the process's real stdout and stderr, like the worker.
func child(mode, file string) int {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	m := Whole
	if mode == "split" {
		m = Split
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opt := Options{Stdout: os.Stdout, Stderr: os.Stderr}
	switch os.Getenv("GOJUP_CORPUS_REWRITE") { // for measurements: "raw" or "notypes"
	case "raw":
		opt.NoRewrite = true
	case "notypes":
		opt.NoTypes = true
	}
	err = Interpret(ctx, filepath.Base(file), src, m, opt)
	if e, ok := err.(*ExitError); ok {
		return e.Code
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gojup:", err)
		return 3
	}
	return 0
}

// result is what a run is compared on: stdout, the exit status and the panic line.
func result(stdout, stderr []byte, err error) string {
	code := 0
	if e, ok := err.(*exec.ExitError); ok {
		code = e.ExitCode()
	} else if err != nil {
		return "error: " + err.Error()
	}
	out := string(stdout)
	if code != 0 {
		out += fmt.Sprintf("--- exit status %d\n", code)
		for _, l := range strings.Split(string(stderr), "\n") {
			if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") {
				out += strings.TrimSuffix(l, " [recovered]") + "\n"
				break
			}
		}
	}
	return out
}

func programs(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus programs: %v", err)
	}
	sort.Strings(files)
	return files
}

func golden(file string) string { return strings.TrimSuffix(file, ".go") + ".out" }

// goRun runs file with the Go toolchain.
func goRun(file string) string {
	cmd := exec.Command("go", "run", filepath.Base(file))
	cmd.Dir = filepath.Dir(file)
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=off", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := result(stdout.Bytes(), stderr.Bytes(), err)
	// go run exits 1 and reports the program's status on its last line.
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if last := lines[len(lines)-1]; strings.HasPrefix(last, "exit status ") {
		out = strings.Replace(out, "--- exit status 1\n", "--- "+last+"\n", 1)
	}
	return out
}

// parallel runs f for each file on all cores.
func parallel(files []string, f func(string)) {
	sem := make(chan struct{}, runtime.GOMAXPROCS(0)+1)
	var wg sync.WaitGroup
	for _, file := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(file)
		}()
	}
	wg.Wait()
}

// TestGoldens checks (or with -update rewrites) the expected outputs against `go run`.
func TestGoldens(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no Go toolchain")
	}
	if testing.Short() && !*update {
		t.Skip("-short: not running go run on the corpus")
	}
	files := programs(t)
	var mu sync.Mutex
	parallel(files, func(file string) {
		got := goRun(file)
		mu.Lock()
		defer mu.Unlock()
		if *update {
			if err := os.WriteFile(golden(file), []byte(got), 0o644); err != nil {
				t.Error(err)
			}
			return
		}
		want, err := os.ReadFile(golden(file))
		if err != nil || string(want) != got {
			t.Errorf("%s: golden out of date (run go test ./kernel/corpus -run TestGoldens -update)", filepath.Base(file))
		}
	})
}

// TestCorpus runs every program through the interpreter as one cell and split into cells
// and compares with the golden output of go run.
func TestCorpus(t *testing.T) {
	files := programs(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	type key struct{ file, mode string }
	fails := map[key]string{}
	var mu sync.Mutex
	var jobs []string
	for _, f := range files {
		jobs = append(jobs, "whole:"+f, "split:"+f)
	}
	parallel(jobs, func(job string) {
		mode, file, _ := strings.Cut(job, ":")
		want, err := os.ReadFile(golden(file))
		if err != nil {
			mu.Lock()
			fails[key{file, mode}] = "no golden output"
			mu.Unlock()
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, exe)
		cmd.Env = append(os.Environ(), childEnv+"="+job)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err = cmd.Run()
		got := result(stdout.Bytes(), stderr.Bytes(), err)
		if got != string(want) {
			mu.Lock()
			fails[key{file, mode}] = fmt.Sprintf("got:\n%s\nwant:\n%s\nstderr:\n%s", got, want, tail(stderr.String()))
			mu.Unlock()
		}
	})
	n := len(files)
	rate := map[string]float64{}
	for _, mode := range []string{"whole", "split"} {
		bad := 0
		for k := range fails {
			if k.mode == mode {
				bad++
			}
		}
		rate[mode] = float64(n-bad) / float64(n)
	}
	var names []string
	for k := range fails {
		names = append(names, filepath.Base(k.file)+" "+k.mode)
	}
	sort.Strings(names)
	for _, name := range names {
		f, mode, _ := strings.Cut(name, " ")
		t.Logf("DIFF %s (%s): %s", f, mode, fails[key{filepath.Join(corpusDir, f), mode}])
	}
	t.Logf("corpus: %d programs, whole %.1f%%, split %.1f%%, %v (rewrites: %s)", n, 100*rate["whole"], 100*rate["split"], time.Since(start).Round(time.Millisecond), os.Getenv("GOJUP_CORPUS_REWRITE"))
	if os.Getenv("GOJUP_CORPUS_REWRITE") != "" {
		return // a measurement, not the configuration the baseline is for
	}
	base := baseline(t)
	for mode, r := range rate {
		if r+1e-9 < base[mode] {
			t.Errorf("%s pass rate %.1f%% is below the baseline %.1f%% (testdata/corpus/BASELINE)", mode, 100*r, 100*base[mode])
		}
	}
}

func tail(s string) string {
	if len(s) > 600 {
		return "..." + s[len(s)-600:]
	}
	return s
}

// baseline reads testdata/corpus/BASELINE: lines "whole 0.97" (and "whole-notypes 0.79" for
// runs without type information).
func baseline(t *testing.T) map[string]float64 {
	b := map[string]float64{}
	data, err := os.ReadFile(filepath.Join(corpusDir, "BASELINE"))
	if err != nil {
		t.Fatalf("baseline: %v", err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		f := strings.Fields(l)
		if len(f) == 2 && !strings.HasPrefix(l, "#") {
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				t.Fatalf("baseline: %v", err)
			}
			b[f[0]] = v
		}
	}
	return b
}
