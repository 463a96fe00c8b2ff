// Command gojup is a Jupyter kernel for Go.
//
//	gojup kernel -f CONNECTION_FILE   run the kernel (the kernelspec's argv)
//	gojup install [flags]             install the kernelspec
//	gojup uninstall [flags]           remove the kernelspec
//	gojup mongod [flags]              run the shared MongoDB-compatible server
//	gojup version                     print the version
//	gojup help                        print this help
//
// The hidden subcommand `gojup worker` is the interpreter process the kernel starts.
// Logs go to stderr; GOJUP_LOG=debug|info|warn|error sets their level (default info).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/gojup/gojup/install"
	"github.com/gojup/gojup/internal/version"
	"github.com/gojup/gojup/kernel"
	"github.com/gojup/gojup/kernel/mongoenv"
	"github.com/gojup/gojup/kernel/worker"
)

const usage = `gojup — a Jupyter kernel for Go

Usage:
  gojup install [--user | --sys-prefix | --prefix DIR] [--name NAME]   install the kernelspec
  gojup uninstall [--name NAME]                                       remove the kernelspec
  gojup kernel -f CONNECTION_FILE                                     run the kernel (Jupyter does this)
  gojup mongod [flags]                                                run the shared MongoDB-compatible server
  gojup version                                                       print the version
  gojup help                                                          print this help

Environment:
  GOJUP_LOG=debug|info|warn|error   kernel log level (log goes to stderr)
  GOJUP_MEMORY_LIMIT=4GiB           worker memory limit (default: min(4 GiB, half the RAM))
  GOJUP_MAX_OUTPUT=64MiB            output kept per cell before truncation
  GOJUP_HISTORY_FILE=PATH           history file (default: $XDG_DATA_HOME/gojup/history.json)
  MONGODB_URI=URI                   MongoDB for cells (default: a shared embedded server)
  GOJUP_MONGO=off                   do not start the embedded server
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	log := newLogger(stderr)
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "kernel":
		err = runKernel(rest, log)
	case "worker":
		err = worker.Run(context.Background(), worker.Config{GoModule: moduleSources})
	case "install":
		err = install.InstallCommand(rest)
	case "uninstall":
		err = install.UninstallCommand(rest)
	case "mongod":
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		err = mongoenv.ServeCommand(ctx, rest)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "gojup %s (%s %s/%s)\n", version.String(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "gojup: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "gojup %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func runKernel(args []string, log *slog.Logger) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	conn := fs.String("f", "", "Jupyter connection file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conn == "" {
		return errors.New("missing -f CONNECTION_FILE")
	}
	// GOJUP_CPUPROFILE=FILE writes a CPU profile of the kernel process (for `go tool pprof`).
	if path := os.Getenv("GOJUP_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	return kernel.Run(context.Background(), kernel.Config{ConnectionFile: *conn, Logger: log})
}

func newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	switch strings.ToLower(os.Getenv("GOJUP_LOG")) {
	case "debug":
		level = slog.LevelDebug
	case "warn", "warning":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
