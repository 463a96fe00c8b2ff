// Package mongoenv gives gojup cells a MongoDB to talk to.
//
// When MONGODB_URI is set, that is the server: nothing is started. Otherwise
// [Start] finds or starts one shared embedded server per user: the
// gojup-mongod binary (FerretDB v1 with its SQLite backend, built from the
// separate github.com/gojup/gojup/mongod module so that FerretDB's dependency
// tree stays out of this module). The server runs detached, outlives the
// kernel that started it, and is reused by every later kernel of the user, like
// a system mongod would be. Its state lives in [StateDir]:
//
//	data/               SQLite files, one per database
//	state.json          pid and URI of the running server (0600), written by gojup-mongod
//	gojup-mongod.log    the server's stdout and stderr
//	lock                flock held while a kernel finds or starts the server
//	port                the port last used, so restarts keep the same URI when possible
//
// `gojup mongod` ([ServeCommand]) runs the server in the foreground, starts it
// in the background, reports its status or stops it.
//
// URIs may carry credentials: everything this package prints, logs or returns
// in an error goes through [Redact].
package mongoenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// EnvURI is the variable that points gojup at a MongoDB server. The kernel
// sets it for cells when it starts the embedded server.
const EnvURI = "MONGODB_URI"

// BinaryName is the name of the embedded server's executable.
const BinaryName = "gojup-mongod"

// InstallHint says how to get the embedded server binary.
const InstallHint = "build it with `make lab` (or `make mongod-build`, which writes bin/gojup-mongod next to bin/gojup), " +
	"or `go install github.com/gojup/gojup/mongod/cmd/gojup-mongod@latest` and put it on PATH next to gojup"

// ErrNotInstalled is returned (wrapped) when the gojup-mongod binary cannot be found.
var ErrNotInstalled = errors.New("the embedded MongoDB-compatible server (gojup-mongod) is not installed")

// startTimeout bounds how long Start waits for a new server to accept
// connections, and how long it waits for another kernel that is starting one.
const startTimeout = 10 * time.Second

// Start returns the URI of the MongoDB server cells should use.
//
// If MONGODB_URI is set it is returned as is and nothing starts. Otherwise
// Start reuses the user's shared embedded server when the state file names one
// that is alive and accepts connections, or starts gojup-mongod detached
// (its own session, output to the log file in [StateDir]) and waits until it
// accepts TCP connections, at most about 10 s. An flock on the state
// directory makes concurrent calls, from this and other processes, share one
// server. The server is not stopped when ctx is done: it is shared.
//
// The binary is looked up as $GOJUP_MONGOD, then next to the running
// executable, then on PATH; when it is missing the error wraps
// [ErrNotInstalled] and says how to get it or how to use a real MongoDB.
func Start(ctx context.Context) (uri string, err error) {
	if uri := os.Getenv(EnvURI); uri != "" {
		return uri, nil
	}
	dir, err := StateDir()
	if err != nil {
		return "", err
	}
	return startShared(ctx, dir)
}

// StateDir returns the directory holding the shared server's data and state:
// $GOJUP_CACHE_DIR/mongod when GOJUP_CACHE_DIR is set, else
// <user cache dir>/gojup/mongod ($XDG_CACHE_HOME/gojup/mongod, or
// ~/.cache/gojup/mongod on Linux). gojup-mongod's default --data is the
// data/ folder inside it.
func StateDir() (string, error) {
	if d := os.Getenv("GOJUP_CACHE_DIR"); d != "" {
		return filepath.Join(d, "mongod"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("mongoenv: no cache directory for the embedded MongoDB server: %w (set GOJUP_CACHE_DIR, or set MONGODB_URI to a running MongoDB)", err)
	}
	return filepath.Join(d, "gojup", "mongod"), nil
}

// paths are the files in a state directory.
type paths struct {
	dir, data, state, log, lock, port string
}

func pathsIn(dir string) paths {
	return paths{
		dir:   dir,
		data:  filepath.Join(dir, "data"),
		state: filepath.Join(dir, "state.json"),
		log:   filepath.Join(dir, "gojup-mongod.log"),
		lock:  filepath.Join(dir, "lock"),
		port:  filepath.Join(dir, "port"),
	}
}

// findBinary locates gojup-mongod: $GOJUP_MONGOD, next to os.Executable()
// (as invoked, then with symlinks resolved), then PATH.
func findBinary() (string, error) {
	if p := os.Getenv("GOJUP_MONGOD"); p != "" {
		if isExecutable(p) {
			return p, nil
		}
		return "", fmt.Errorf("mongoenv: GOJUP_MONGOD=%s is not an executable file: %w", p, ErrNotInstalled)
	}
	var looked []string
	if exe, err := os.Executable(); err == nil {
		dirs := []string{filepath.Dir(exe)}
		if real, err := filepath.EvalSymlinks(exe); err == nil && filepath.Dir(real) != dirs[0] {
			dirs = append(dirs, filepath.Dir(real))
		}
		for _, d := range dirs {
			p := filepath.Join(d, BinaryName)
			if isExecutable(p) {
				return p, nil
			}
			looked = append(looked, d)
		}
	}
	if p, err := lookPath(BinaryName); err == nil {
		return p, nil
	}
	looked = append(looked, "PATH")
	return "", fmt.Errorf("mongoenv: %w (looked in %s): %s; or set MONGODB_URI to a running MongoDB, e.g. mongodb://localhost:27017",
		ErrNotInstalled, strings.Join(looked, ", "), InstallHint)
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// hostOf returns host:port of a single-host mongodb:// URI.
func hostOf(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("mongoenv: bad URI %s: %w", Redact(uri), err)
	}
	if u.Scheme != "mongodb" || u.Host == "" {
		return "", fmt.Errorf("mongoenv: unexpected URI %s", Redact(uri))
	}
	return u.Host, nil
}

// accepts reports whether something accepts TCP connections at addr.
func accepts(ctx context.Context, addr string) bool {
	d := net.Dialer{Timeout: time.Second}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
