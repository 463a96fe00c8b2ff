// Command gen regenerates the yaegi symbol tables of package symbols.
//
// It is run by `go generate ./kernel/symbols/...` from the kernel/symbols
// directory. It lists the standard library of the Go toolchain that runs it
// (`go list std`), drops internal, vendored, command and unsupported packages,
// and runs the pinned extractor (`go tool yaegi extract`, see the tool
// directive in go.mod) on every remaining package and on the third-party
// packages cells may import (mongo-driver v2, display). Each package becomes
// one file: go1_26_<pkg>.go for the standard library, mongo_<pkg>.go for the
// driver, gojup_<pkg>.go for the project's own packages. Stale generated
// files are removed first, so the directory always matches one run.
//
// Packages whose API is entirely generic (slices, maps, cmp, iter) are not
// extracted: package symbols provides them as Go source instead (see
// SourceFS), because yaegi resolves an import path to a binary table before
// looking for source, and an empty binary table would hide the source.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/gojup/gojup/kernel/symbols/internal/stdlist"
)

// thirdParty are the non-standard packages cells can import, with the
// prefix of their generated file.
var thirdParty = []struct{ path, prefix string }{
	{"go.mongodb.org/mongo-driver/v2/bson", "mongo"},
	{"go.mongodb.org/mongo-driver/v2/mongo", "mongo"},
	{"go.mongodb.org/mongo-driver/v2/mongo/options", "mongo"},
	{"go.mongodb.org/mongo-driver/v2/mongo/readpref", "mongo"},
	{"go.mongodb.org/mongo-driver/v2/mongo/writeconcern", "mongo"},
	{"go.mongodb.org/mongo-driver/v2/mongo/readconcern", "mongo"},
	{"go.mongodb.org/mongo-driver/v2/event", "mongo"},
	{"github.com/gojup/gojup/display", "gojup"},
}

// restricted maps the sandboxed replacements yaegi's extractor emits for a few
// os and log symbols to the real ones: gojup runs cells unrestricted, like
// yaegi's stdlib/unrestricted set (the worker process absorbs os.Exit).
var restricted = strings.NewReplacer(
	"reflect.ValueOf(osExit)", "reflect.ValueOf(os.Exit)",
	"reflect.ValueOf(osFindProcess)", "reflect.ValueOf(os.FindProcess)",
	"reflect.ValueOf(logFatal)", "reflect.ValueOf(log.Fatal)",
	"reflect.ValueOf(logFatalf)", "reflect.ValueOf(log.Fatalf)",
	"reflect.ValueOf(logFatalln)", "reflect.ValueOf(log.Fatalln)",
	"reflect.ValueOf(logNew)", "reflect.ValueOf(log.New)",
	"reflect.ValueOf((*logLogger)(nil))", "reflect.ValueOf((*log.Logger)(nil))",
)

func main() {
	jobs := flag.Int("j", runtime.NumCPU()+1, "parallel extractions")
	only := flag.String("only", "", "regenerate only these comma-separated packages (keeps other files)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	if err := run(*jobs, *only); err != nil {
		log.Fatal(err)
	}
}

type job struct{ path, file string }

func run(jobs int, only string) error {
	yaegi, err := output("go", "tool", "-n", "yaegi")
	if err != nil {
		return fmt.Errorf("locating the pinned extractor (go get -tool github.com/traefik/yaegi/cmd/yaegi@v0.16.1): %w", err)
	}
	yaegi = strings.TrimSpace(yaegi)
	std, err := output("go", "list", "std")
	if err != nil {
		return fmt.Errorf("go list std: %w", err)
	}
	goVersion := versionPrefix(runtime.Version())

	var todo []job
	for _, p := range strings.Fields(std) {
		if stdlist.Skip(p) {
			continue
		}
		file := goVersion + "_" + strings.ReplaceAll(p, "/", "_") + ".go"
		if p == "syscall" {
			file = goVersion + "_syscall_" + runtime.GOOS + "_" + runtime.GOARCH + ".go"
		}
		todo = append(todo, job{p, file})
	}
	for _, tp := range thirdParty {
		name := strings.TrimPrefix(tp.path, "go.mongodb.org/mongo-driver/v2/")
		name = strings.TrimPrefix(name, "github.com/gojup/gojup/")
		todo = append(todo, job{tp.path, tp.prefix + "_" + strings.ReplaceAll(name, "/", "_") + ".go"})
	}
	if only != "" {
		want := map[string]bool{}
		for _, p := range strings.Split(only, ",") {
			want[p] = true
		}
		var sel []job
		for _, j := range todo {
			if want[j.path] {
				sel = append(sel, j)
			}
		}
		todo = sel
	}
	// Files are written to a staging directory and moved in at the end, so
	// the package keeps building while the extractor runs.
	stage, err := os.MkdirTemp(".", ".gen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)

	var (
		mu     sync.Mutex
		failed []string
		wg     sync.WaitGroup
		ch     = make(chan job)
	)
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				if err := extract(yaegi, j, stage); err != nil {
					mu.Lock()
					failed = append(failed, fmt.Sprintf("%s: %v", j.path, err))
					mu.Unlock()
				}
			}
		}()
	}
	for _, j := range todo {
		ch <- j
	}
	close(ch)
	wg.Wait()
	sort.Strings(failed)
	for _, f := range failed {
		log.Printf("skipped %s", f)
	}
	if only == "" {
		if err := removeGenerated("."); err != nil {
			return err
		}
	}
	for _, j := range todo {
		if err := os.Rename(filepath.Join(stage, j.file), j.file); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	log.Printf("%d packages extracted, %d skipped", len(todo)-len(failed), len(failed))
	return nil
}

// extract runs the extractor for one package in a scratch directory and
// writes the post-processed result to j.file in directory out.
func extract(yaegi string, j job, out string) error {
	// The scratch directory is inside the module so that the extractor
	// resolves third-party packages with this module's go.mod.
	dir, err := os.MkdirTemp(".", ".extract-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command(yaegi, "extract", "-name", "symbols", j.path)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return fmt.Errorf("extractor wrote %d files: %s", len(files), strings.TrimSpace(stderr.String()))
	}
	src, err := os.ReadFile(files[0])
	if err != nil {
		return err
	}
	src = []byte(restricted.Replace(string(src)))
	if strings.HasPrefix(j.file, "go1_") && strings.Contains(j.file, "_syscall_") {
		src = retag(src, runtime.GOOS+" && "+runtime.GOARCH)
	}
	if src, err = format.Source(src); err != nil {
		return fmt.Errorf("formatting generated code: %w", err)
	}
	return os.WriteFile(filepath.Join(out, j.file), src, 0o644)
}

var buildLine = regexp.MustCompile(`(?m)^//go:build (.*)\n(// \+build .*\n)?`)

// retag adds a build constraint to the generated file's //go:build line.
func retag(src []byte, constraint string) []byte {
	return buildLine.ReplaceAllFunc(src, func(m []byte) []byte {
		expr := buildLine.FindSubmatch(m)[1]
		return []byte("//go:build " + string(expr) + " && " + constraint + "\n")
	})
}

// removeGenerated deletes the files a previous run wrote.
func removeGenerated(dir string) error {
	for _, pat := range []string{"go1_*.go", "mongo_*.go", "gojup_*.go"} {
		files, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return err
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if bytes.HasPrefix(b, []byte("// Code generated by 'yaegi extract")) {
				if err := os.Remove(f); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// versionPrefix turns "go1.26.8" into "go1_26".
func versionPrefix(v string) string {
	parts := strings.SplitN(strings.TrimPrefix(v, "go"), ".", 3)
	if len(parts) < 2 {
		return "go"
	}
	minor := strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' })
	if i := strings.IndexAny(minor, "rcbeta"); i > 0 {
		minor = minor[:i]
	}
	return "go" + parts[0] + "_" + minor
}

func output(name string, args ...string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}
