// Package mongod runs FerretDB v1 with its SQLite backend as an embedded,
// MongoDB-compatible server for gojup.
//
// It lives in its own Go module (github.com/gojup/gojup/mongod) so that
// FerretDB's large dependency tree (pgx, OpenTelemetry, a pure-Go SQLite, ...)
// never enters the main gojup module: the kernel's normal build and tests do not
// compile it. The kernel talks to the server only through the gojup-mongod
// binary (cmd/gojup-mongod) and the state file it writes (see [State]).
package mongod

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// DefaultListen is the address gojup-mongod listens on when none is given:
// MongoDB's well-known port, on the loopback interface only.
const DefaultListen = "127.0.0.1:27017"

// Config configures a [Server].
type Config struct {
	// DataDir is the directory holding the SQLite files, one per database.
	// It is created (0700) when missing. Required.
	DataDir string

	// Listen is the TCP address to listen on, host:port. The host must be a
	// loopback address: the server has no authentication. Port 0 picks a free
	// port. Empty means [DefaultListen].
	Listen string

	// Logger receives FerretDB's log records. Nil means errors only, to stderr.
	// FerretDB logs every error response it sends at WARN level, so anything
	// more verbose than ERROR is noisy for learners.
	Logger *slog.Logger
}

// Server is a running embedded FerretDB.
type Server struct {
	uri    string
	cancel context.CancelFunc
	done   chan struct{}
	err    error
	unlock func()
}

// Start validates cfg, takes an exclusive lock on the data directory, and
// starts FerretDB. When Start returns without error the server is listening
// (connections are accepted; the first requests are served as soon as the
// accept loop runs, a few microseconds later). The server runs until ctx is
// done or [Server.Close] is called.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("mongod: no data directory given")
	}
	listen := cfg.Listen
	if listen == "" {
		listen = DefaultListen
	}
	if err := checkLoopback(listen); err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("mongod: data directory: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("mongod: data directory: %w", err)
	}
	unlock, err := lockDataDir(dir)
	if err != nil {
		return nil, err
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	}
	// FerretDB's SQLite backend wants a "file:" URI naming a directory, with a
	// trailing slash.
	sqliteURL := (&url.URL{Scheme: "file", Opaque: filepath.ToSlash(dir) + "/"}).String()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		unlock()
		if strings.Contains(err.Error(), "address already in use") {
			return nil, fmt.Errorf("mongod: cannot listen on %s: address already in use (another server is running there; choose another port, e.g. --listen 127.0.0.1:0)", listen)
		}
		return nil, fmt.Errorf("mongod: starting FerretDB: %w", err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	s := &Server{
		uri:    f.MongoDBURI(), // the listener already exists, so this does not block
		cancel: cancel,
		done:   make(chan struct{}),
		unlock: unlock,
	}
	go func() {
		defer close(s.done)
		defer unlock()
		s.err = f.Run(runCtx)
	}()
	return s, nil
}

// URI returns the server's connection string, e.g. "mongodb://127.0.0.1:27017/".
func (s *Server) URI() string { return s.uri }

// Done is closed when the server has stopped.
func (s *Server) Done() <-chan struct{} { return s.done }

// Close stops the server: the listener closes, open connections are closed,
// the SQLite databases are closed cleanly, and the data directory lock is
// released. It waits for all of that and is safe to call more than once.
func (s *Server) Close() error {
	s.cancel()
	<-s.done
	return s.err
}

// checkLoopback rejects listen addresses that would expose the server beyond
// this machine: FerretDB's SQLite backend has no authentication.
func checkLoopback(listen string) error {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("mongod: listen address %q: %w", listen, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("mongod: listen address %q: only loopback addresses (127.0.0.1, ::1, localhost) are allowed, the server has no authentication", listen)
}
