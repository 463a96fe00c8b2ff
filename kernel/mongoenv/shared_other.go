//go:build !unix

package mongoenv

import (
	"context"
	"errors"
	"io"
	"os/exec"
	"time"
)

var lookPath = exec.LookPath

type state struct {
	PID     int
	URI     string
	DataDir string
	Started string
}

var errUnsupported = errors.New("mongoenv: the shared embedded MongoDB server is supported on Linux and macOS only; set MONGODB_URI to a running MongoDB")

func startShared(context.Context, string) (string, error) { return "", errUnsupported }

func stopShared(context.Context, string, time.Duration) (state, bool, error) {
	return state{}, false, errUnsupported
}

func serverStatus(context.Context, string) (state, bool, error) {
	return state{}, false, errUnsupported
}

func foreground(context.Context, string, []string, io.Writer, io.Writer) error {
	return errUnsupported
}
