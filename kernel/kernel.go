// Package kernel is the gojup supervisor process: it owns the Jupyter sockets, signs and
// verifies messages, answers protocol requests, keeps the execution counter and history,
// and runs cells in a worker process (package kernel/worker) that it restarts when a cell
// kills it. See docs/architecture.md.
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

// Version is the gojup version reported in kernel_info and by `gojup version`.
const Version = "0.1.0"

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

// Kernel is a running gojup kernel.
type Kernel struct {
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

	k := &Kernel{
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
func (k *Kernel) requestShutdown(restart bool) {
	k.shutdownOnce.Do(func() { k.shutdown <- shutdownReq{restart: restart} })
}

// newRequestID returns a fresh id for a request to a worker.
func (k *Kernel) newRequestID() uint64 { return k.nextID.Add(1) }
