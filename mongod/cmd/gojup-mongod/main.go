// Command gojup-mongod runs gojup's embedded MongoDB-compatible server:
// FerretDB v1 with its SQLite backend, listening on the loopback interface.
//
// Usage:
//
//	gojup-mongod [--data DIR] [--listen ADDR] [--state FILE] [--log-level LEVEL]
//
// It prints its connection string on stdout once it accepts connections,
// records it (with its pid) in the --state file when one is given, and stops
// cleanly on SIGTERM or SIGINT: connections are closed, SQLite files are
// closed, the state file is removed. gojup kernels start it in the
// background when MONGODB_URI is not set (see gojup's docs/mongodb.md);
// `gojup mongod` runs it in the foreground.
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
	"path/filepath"
	"syscall"
	"time"

	"github.com/gojup/gojup/mongod"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gojup-mongod:", err)
		}
		stop()
		os.Exit(2)
	}
}

// run parses args, serves until ctx is done, and shuts down cleanly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gojup-mongod", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data `directory` (default: the shared gojup data directory under the user cache dir)")
	listen := fs.String("listen", mongod.DefaultListen, "TCP `address` to listen on, loopback only; port 0 picks a free port")
	stateFile := fs.String("state", "", "record pid and URI as JSON in this `file` while running")
	level := fs.String("log-level", "error", "log `level`: debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: gojup-mongod [flags]\n\nRuns gojup's embedded MongoDB-compatible server (FerretDB v1, SQLite backend).\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (see --help)", fs.Args())
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	if *data == "" {
		dir, err := mongod.DefaultDataDir()
		if err != nil {
			return err
		}
		*data = dir
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))

	srv, err := mongod.Start(ctx, mongod.Config{DataDir: *data, Listen: *listen, Logger: logger})
	if err != nil {
		return err
	}
	if *stateFile != "" {
		abs, _ := filepath.Abs(*data)
		st := mongod.State{PID: os.Getpid(), URI: srv.URI(), DataDir: abs, Started: time.Now().UTC().Format(time.RFC3339)}
		if err := mongod.WriteState(*stateFile, st); err != nil {
			srv.Close()
			return err
		}
		defer mongod.RemoveStateIfOwned(*stateFile, os.Getpid())
	}
	fmt.Fprintf(stdout, "gojup-mongod: listening on %s (data %s); stop with Ctrl-C or SIGTERM\n", srv.URI(), *data)

	select {
	case <-ctx.Done():
	case <-srv.Done():
	}
	if err := srv.Close(); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	fmt.Fprintln(stdout, "gojup-mongod: stopped")
	return nil
}
