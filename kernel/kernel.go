// Package kernel is the gojup supervisor process: it owns the Jupyter sockets, signs and
// verifies messages, answers protocol requests, keeps the execution counter and history,
// and runs cells in a worker process (package kernel/worker) that it restarts when a cell
// kills it. See docs/architecture.md.
//
// Rules the kernel implements:
//
//   - Output of background goroutines (events with ID 0, and any stdout/stderr text that
//     arrives between cells) is published under the execute request that is running, or
//     under the last one when none is (as ipykernel does for threads).
//   - stdout and stderr are published as "stream" messages at most every 20 ms per stream,
//     or at once when 64 KiB are pending; invalid UTF-8 becomes U+FFFD. Past
//     GOJUP_MAX_OUTPUT bytes (default 64 MiB) a cell's output is discarded after one visible
//     notice; the pipes are still read so the worker never blocks.
//   - An event with a sync marker is published after the text written before it; if the
//     marker does not come within 250 ms (a cell redirected os.Stdout) it is published anyway.
//   - Interrupt (interrupt_request on control, or SIGINT to the kernel) asks the worker to
//     stop the cell; if the cell has not ended 500 ms later, the worker's process group is
//     killed and a fresh worker restores the session's declarations.
//   - A worker that dies (panic in a goroutine, fatal error, os.Exit, a signal, or the
//     GOJUP_MEMORY_LIMIT RSS limit, default min(4 GiB, half the RAM)) is reported as an
//     error output in Go's words with the end of its stderr, replaced by a fresh worker,
//     and sent the sources of every cell that succeeded so far to re-declare them; a
//     stderr line says which variables were lost. Its process group is killed, so child
//     processes of cells do not outlive it.
//   - Execute requests run one at a time; complete, inspect, is_complete, history and
//     kernel_info are answered while a cell runs.
//   - Unless MONGODB_URI is set (or GOJUP_MONGO=off), the shared MongoDB-compatible server
//     is started in the background and its URI given to workers; cells that mention mongo
//     wait up to 10 s for it.
package kernel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/gojup/gojup/kernel/wire"
)

// Config configures a kernel.
type Config struct {
	// ConnectionFile is the path of the Jupyter connection file.
	ConnectionFile string
	// Logger receives the kernel log; nil means slog.Default().
	Logger *slog.Logger
	// WorkerCommand is the worker's argv; nil means [os.Executable(), "worker"].
	WorkerCommand []string
	// Env is the environment of the kernel (and so of workers); nil means os.Environ().
	Env []string
}

// kernel is a running gojup kernel.
type kernel struct {
	log     *slog.Logger
	conn    *wire.ConnectionInfo
	signer  *wire.Signer
	session string
	socks   *sockets
	env     *envSet
	limits  limits

	hist   *history
	out    *outputs
	sup    *supervisor
	exec   *executor
	mongo  *mongoStart
	nextID atomic.Uint64

	shutdownOnce sync.Once
	shutdown     chan shutdownReq
}

type shutdownReq struct{ restart bool }

// Run starts a kernel for cfg and serves until ctx is cancelled or a client asks for
// shutdown. SIGINT interrupts the running cell; SIGTERM shuts the kernel down.
func Run(ctx context.Context, cfg Config) error {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	ci, err := wire.ReadConnectionFile(cfg.ConnectionFile)
	if err != nil {
		return err
	}
	signer, err := ci.Signer()
	if err != nil {
		return err
	}
	env := cfg.Env
	if env == nil {
		env = os.Environ()
	}
	argv := cfg.WorkerCommand
	if argv == nil {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("kernel: find own executable: %w", err)
		}
		argv = []string{exe, "worker"}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	k := &kernel{
		log:      log,
		conn:     ci,
		signer:   signer,
		session:  wire.NewID(),
		env:      newEnvSet(env),
		shutdown: make(chan shutdownReq, 1),
	}
	k.limits = loadLimits(k.env, log)
	k.hist = openHistory(k.env, log)
	k.out = newOutputs(k.publish, k.limits.maxOutput)
	k.sup = newSupervisor(k, argv)
	k.exec = newExecutor(k)

	socks, err := openSockets(ctx, ci, log)
	if err != nil {
		return err
	}
	k.socks = socks
	defer socks.close()
	log.Info("kernel started", "conn", ci, "pid", os.Getpid())

	k.mongo = startMongo(ctx, k)
	go k.sup.prewarm(ctx)

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)

	errc := make(chan error, 8)
	go func() { errc <- k.serveHeartbeat(ctx) }()
	go func() { errc <- k.serveIOPub(ctx) }()
	go func() { errc <- k.serveRouter(ctx, socks.shell, "shell") }()
	go func() { errc <- k.serveRouter(ctx, socks.control, "control") }()
	go func() { errc <- k.serveStdin(ctx) }()
	go k.exec.run(ctx)

	var runErr error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case s := <-sigs:
			if s == syscall.SIGINT {
				log.Info("SIGINT: interrupting the running cell")
				k.exec.interrupt()
				continue
			}
			log.Info("SIGTERM: shutting down")
			break loop
		case r := <-k.shutdown:
			log.Info("shutdown requested", "restart", r.restart)
			break loop
		case err := <-errc:
			if err != nil && !errors.Is(err, context.Canceled) {
				runErr = err
				log.Error("socket loop failed", "err", err)
				break loop
			}
		}
	}
	k.sup.stop()
	k.hist.close()
	return runErr
}

// requestShutdown makes Run return after the current reply has been sent.
func (k *kernel) requestShutdown(restart bool) {
	k.shutdownOnce.Do(func() { k.shutdown <- shutdownReq{restart: restart} })
}

// newRequestID returns a fresh id for a request to a worker.
func (k *kernel) newRequestID() uint64 { return k.nextID.Add(1) }
