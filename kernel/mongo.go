package kernel

import (
	"context"
	"sync"
	"time"

	"github.com/gojup/gojup/kernel/mongoenv"
)

// mongoStart tracks the start of the shared MongoDB-compatible server.
type mongoStart struct {
	done chan struct{}
	err  error // why the server could not be started; read after done is closed

	reported sync.Once
}

// startMongo starts the server in the background unless MONGODB_URI is set (or
// GOJUP_MONGO=off); its URI is passed to the current and every later worker.
func startMongo(ctx context.Context, k *kernel) *mongoStart {
	ms := &mongoStart{done: make(chan struct{})}
	if k.env.get("MONGODB_URI") != "" || k.env.get("GOJUP_MONGO") == "off" {
		close(ms.done)
		return ms
	}
	go func() {
		defer close(ms.done)
		start := time.Now()
		uri, err := mongoenv.Start(ctx)
		if err != nil {
			k.log.Info("no MongoDB for cells", "err", err)
			ms.err = err
			return
		}
		// Never log uri: it may hold credentials.
		k.log.Info("MongoDB ready for cells", "after", time.Since(start).Round(time.Millisecond))
		k.sup.setenv(map[string]string{"MONGODB_URI": uri})
	}()
	return ms
}

// wait waits at most d for the start to finish.
func (ms *mongoStart) wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ms.done:
	case <-t.C:
	case <-ctx.Done():
	}
}

// failure returns, once, why the server could not be started (nil when it started, is
// still starting or the failure was already reported).
func (ms *mongoStart) failure() error {
	select {
	case <-ms.done:
	default:
		return nil
	}
	var err error
	if ms.err != nil {
		ms.reported.Do(func() { err = ms.err })
	}
	return err
}
