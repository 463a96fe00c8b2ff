package mongoenv

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// stopWait is how long `gojup mongod stop` waits after SIGTERM.
const stopWait = 10 * time.Second

const serveUsage = `usage: gojup mongod [flags]       run the embedded MongoDB-compatible server in the foreground
       gojup mongod start           start the shared server in the background (kernels do this on demand)
       gojup mongod status          print the shared server's URI
       gojup mongod stop            stop the shared server
       gojup mongod help            this text, and the server's flags

Without --data, the foreground server uses the shared data and registers itself, so kernels
started while it runs use it. MONGODB_URI, when set, makes kernels use that server instead.
`

// ServeCommand implements `gojup mongod`:
//
//	gojup mongod [gojup-mongod flags]   run the server in the foreground (Ctrl-C stops it)
//	gojup mongod start                  start the shared server in the background, print its URI
//	gojup mongod status                 print the shared server's URI, or that none runs
//	gojup mongod stop                   stop the shared server (SIGTERM, then wait)
//
// Output goes to os.Stdout and os.Stderr.
func ServeCommand(ctx context.Context, args []string) error {
	return serve(ctx, args, os.Stdout, os.Stderr)
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, serveUsage)
		if bin, err := findBinary(); err == nil {
			fmt.Fprintf(stdout, "\n%s flags:\n", bin)
			_ = foreground(ctx, bin, []string{"--help"}, stdout, stdout)
		}
		return nil
	case "status":
		return status(ctx, stdout)
	case "stop":
		dir, err := StateDir()
		if err != nil {
			return err
		}
		st, was, err := stopShared(ctx, dir, stopWait)
		if err != nil {
			return err
		}
		if !was {
			fmt.Fprintln(stdout, "gojup mongod: the shared server is not running")
			return nil
		}
		fmt.Fprintf(stdout, "gojup mongod: stopped the shared server (pid %d, %s)\n", st.PID, Redact(st.URI))
		return nil
	case "start":
		dir, err := StateDir()
		if err != nil {
			return err
		}
		uri, err := startShared(ctx, dir)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, Redact(uri))
		return nil
	}
	if sub != "" && !strings.HasPrefix(sub, "-") {
		return fmt.Errorf("unknown command %q\n%s", sub, serveUsage)
	}
	bin, err := findBinary()
	if err != nil {
		return err
	}
	if !hasFlag(args, "data") {
		dir, err := StateDir()
		if err != nil {
			return err
		}
		if st, alive, err := serverStatus(ctx, dir); err == nil && alive {
			return fmt.Errorf("the shared server already runs at %s (pid %d); use it, or stop it first with `gojup mongod stop`", Redact(st.URI), st.PID)
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("mongoenv: %w", err)
		}
		p := pathsIn(dir)
		args = append([]string{"--data", p.data, "--state", p.state}, args...)
	}
	return foreground(ctx, bin, args, stdout, stderr)
}

// status prints which MongoDB kernels use.
func status(ctx context.Context, w io.Writer) error {
	if uri := os.Getenv(EnvURI); uri != "" {
		fmt.Fprintf(w, "MONGODB_URI is set: kernels use %s and start no embedded server\n", Redact(uri))
	}
	dir, err := StateDir()
	if err != nil {
		return err
	}
	st, alive, err := serverStatus(ctx, dir)
	if err != nil {
		return err
	}
	if !alive {
		fmt.Fprintf(w, "the shared embedded server is not running (kernels start it on demand; data: %s)\n", filepath.Join(dir, "data"))
		return nil
	}
	fmt.Fprintf(w, "%s\n  pid %d, started %s, data %s, log %s\n", Redact(st.URI), st.PID, st.Started, st.DataDir, pathsIn(dir).log)
	return nil
}

// hasFlag reports whether args set the flag name (-name, --name, -name=, --name=).
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

// exitError reports a foreground server's non-zero exit.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("gojup-mongod exited with status %d", e.code) }

// ExitCode returns the server's exit status, for main to pass on.
func (e *exitError) ExitCode() int { return e.code }
