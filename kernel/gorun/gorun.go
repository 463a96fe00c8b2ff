// Package gorun implements the %%go run cell magic: it compiles a cell as a real Go program
// with the Go toolchain and runs it, streaming its output.
//
// The cell is written as main.go of a temporary module "cell" (go 1.26). A program may import
// github.com/gojup/gojup/display: Run gets the gojup module's sources (go.mod, go.sum,
// display, kernel/ipc, internal/traceidle — the gojup binary embeds them) and the module replaces
// github.com/gojup/gojup with a copy of them. The build is offline: GOFLAGS=-mod=mod,
// GOPROXY=off, GOSUMDB=off, GOTOOLCHAIN=local, so third-party modules must already be in the
// module cache. The program is built with go build and run in the caller's working
// directory. With a Relay, its display output reaches the notebook: the program gets an
// event pipe of its own (ipc.EnvEventFD), and Run forwards each event after the text the
// program printed before it (see relay.go). Without one, display calls print text/plain.
package gorun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrNoToolchain is returned when no go command is on PATH.
var ErrNoToolchain = errors.New("%%go run needs the Go toolchain (go) on PATH: install Go from https://go.dev/dl")

// ExitError reports that the program (or the build) ended with a non-zero status.
type ExitError struct {
	Code  int  // exit status of the program, or of go build when Build is true
	Build bool // the program did not compile
}

func (e *ExitError) Error() string {
	if e.Build {
		return "build failed"
	}
	return "exit status " + strconv.Itoa(e.Code)
}

// Usage is the help text of the magic (for %help).
const Usage = `%%go run [-race] [--] [args...]
    Compile the cell as a Go program (package main, func main) with the Go toolchain and run
    it with args. Output streams as it comes; interrupt kills the program. -race enables the
    race detector. The program runs in the notebook's directory and may import
    github.com/gojup/gojup/display: its HTML, tables, images and timelines show in the
    notebook. Builds are offline: third-party modules must be in the module cache.`

// Run compiles src (a Go file; "package main" is added when missing) and runs it with args,
// writing the program's output (and build errors) to stdout and stderr as they come.
// args are the magic's arguments: flags for the build (-race) and then the program's
// arguments (after an optional "--"). Cancelling ctx kills the build and the program (the
// whole process group). module holds the gojup module's go.mod, go.sum and the sources of
// display and the packages it imports (nil: the program cannot import gojup packages). It returns
// ErrNoToolchain without a go command, *ExitError when the build fails or the program exits
// non-zero, and ctx.Err() when cancelled.
//
// relay, when its Events is set, forwards the program's display output (see Relay).
func Run(ctx context.Context, module fs.FS, args []string, src string, stdout, stderr io.Writer, relay Relay) error {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return ErrNoToolchain
	}
	buildFlags, progArgs, err := parseArgs(args)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "gojup-gorun-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := writeModule(dir, src, module); err != nil {
		return err
	}

	bin := filepath.Join(dir, "prog")
	build := exec.CommandContext(ctx, goCmd, append(append([]string{"build", "-o", bin}, buildFlags...), ".")...)
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOTOOLCHAIN=local", "GOWORK=off")
	if slices.Contains(buildFlags, "-race") {
		build.Env = append(build.Env, "CGO_ENABLED=1")
	}
	var buildErr bytes.Buffer // the tail of stderr, to explain build failures
	// One writer for both, so exec copies them with one goroutine (stderr need not be safe
	// for concurrent writes).
	build.Stderr = io.MultiWriter(stderr, &tailWriter{buf: &buildErr, max: 16 << 10})
	build.Stdout = build.Stderr
	if err := runGroup(build); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return fmt.Errorf("%%%%go run: go build: %w", err)
		}
		if hint := missingModuleHint(buildErr.String()); hint != "" {
			fmt.Fprintln(stderr, hint)
		}
		return &ExitError{Code: ee.ExitCode(), Build: true}
	}

	prog := exec.CommandContext(ctx, bin, progArgs...)
	prog.Stdout, prog.Stderr = stdout, stderr
	var rl *relayRun
	if relay.Events != nil {
		if rl, err = relay.start(prog); err != nil {
			return err
		}
	}
	inGroup(prog)
	if err = prog.Start(); err == nil {
		if rl != nil {
			rl.started()
		}
		err = prog.Wait()
	} else if rl != nil {
		rl.started()
	}
	if rl != nil {
		rl.finish()
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return &ExitError{Code: ee.ExitCode()}
	}
	return err
}

// runGroup runs cmd in its own process group, all of which a cancelled context kills.
func runGroup(cmd *exec.Cmd) error {
	inGroup(cmd)
	return cmd.Run()
}

// inGroup makes cmd start in its own process group, all of which a cancelled context kills.
func inGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
}

var missingModule = regexp.MustCompile(`(?m)(?:no required module provides package|cannot find module providing package) ([^\s;:]+)`)

// missingModuleHint explains a build failure caused by a module missing from the cache.
func missingModuleHint(stderr string) string {
	m := missingModule.FindStringSubmatch(stderr)
	if m == nil {
		return ""
	}
	return fmt.Sprintf("%%%%go run builds offline: package %s is not in the module cache. Download it once with `go mod download` or `go get %s` in a terminal (with network), then run the cell again.", m[1], m[1])
}

// parseArgs splits the magic's arguments into build flags and program arguments.
func parseArgs(args []string) (build, prog []string, err error) {
	for i, a := range args {
		switch {
		case a == "--":
			return build, args[i+1:], nil
		case a == "-race" || a == "--race":
			build = append(build, "-race")
		case strings.HasPrefix(a, "-") && len(prog) == 0:
			return nil, nil, fmt.Errorf("%%%%go run: unknown flag %s\nusage: %s", a, Usage)
		default:
			return build, args[i:], nil
		}
	}
	return build, nil, nil
}

// writeModule writes the cell module into dir, with a copy of the gojup module from module
// when the program imports one of its packages.
func writeModule(dir, src string, module fs.FS) error {
	if !hasPackageClause(src) {
		src = "package main\n\n" + src
	}
	gomod := "module cell\n\ngo 1.26\n"
	var gosum []byte
	if strings.Contains(src, `"github.com/gojup/gojup/`) {
		if module == nil {
			return errors.New("%%go run: this gojup has no copy of its display package to build with")
		}
		if err := copyModule(filepath.Join(dir, "gojup"), module); err != nil {
			return fmt.Errorf("%%go run: copy the display package: %w", err)
		}
		gomod += "\nrequire github.com/gojup/gojup v0.0.0\n\nreplace github.com/gojup/gojup => ./gojup\n"
		var err error
		if gosum, err = fs.ReadFile(module, "go.sum"); err != nil {
			return fmt.Errorf("%%go run: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644)
}

// modulePackages are the gojup packages a program may import (with what they need).
var modulePackages = []string{"display", "kernel/ipc", "internal/traceidle"}

// copyModule writes the gojup module into dir: its go.mod without replace and tool lines
// (they name paths that exist only in the repository) and go.sum, and the non-test sources
// of modulePackages.
func copyModule(dir string, module fs.FS) error {
	gomod, err := fs.ReadFile(module, "go.mod")
	if err != nil {
		return err
	}
	var kept []string
	for _, l := range strings.Split(string(gomod), "\n") {
		if !strings.HasPrefix(l, "replace ") && !strings.HasPrefix(l, "tool ") && !strings.HasPrefix(l, "//") {
			kept = append(kept, l)
		}
	}
	files := map[string][]byte{"go.mod": []byte(strings.Join(kept, "\n"))}
	if files["go.sum"], err = fs.ReadFile(module, "go.sum"); err != nil {
		return err
	}
	for _, pkg := range modulePackages {
		names, err := fs.Glob(module, pkg+"/*.go")
		if err != nil {
			return err
		}
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			if files[name], err = fs.ReadFile(module, name); err != nil {
				return err
			}
		}
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

var packageClause = regexp.MustCompile(`(?m)^package\s+\w+`)

func hasPackageClause(src string) bool { return packageClause.MatchString(src) }

// tailWriter keeps the last max bytes written to it.
type tailWriter struct {
	buf *bytes.Buffer
	max int
}

func (w *tailWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	if over := w.buf.Len() - w.max; over > 0 {
		w.buf.Next(over)
	}
	return len(p), nil
}
