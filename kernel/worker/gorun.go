package worker

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/gorun"
)

// The %%go run cell magic compiles the cell with the Go toolchain (kernel/gorun). The
// worker registers it (kernel/gorun cannot: it would import this package).
func init() {
	RegisterMagic(Magic{Name: "go", Cell: true, Usage: gorun.Usage, Run: runGoRun})
}

// runGoRun runs a %%go cell: only the run subcommand exists.
func runGoRun(mc *MagicContext) error {
	args := strings.Fields(mc.Args)
	if len(args) == 0 || args[0] != "run" {
		msg := "usage: " + strings.SplitN(gorun.Usage, "\n", 2)[0]
		return &cell.Error{Name: "UsageError", Value: msg, Traceback: []string{msg}}
	}
	err := gorun.Run(mc.Ctx, mc.GoModule, args[1:], mc.Body, mc.Stdout, mc.Stderr, gorun.Relay{Events: mc.Events, RequestID: mc.RequestID})
	var ee *gorun.ExitError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled) || mc.Ctx.Err() != nil:
		return interrupted()
	case errors.Is(err, gorun.ErrNoToolchain):
		return &cell.Error{Name: "NoToolchain", Value: err.Error(), Traceback: []string{err.Error()}}
	case errors.As(err, &ee) && ee.Build:
		msg := "the program did not compile (see the messages above)"
		return &cell.Error{Name: "BuildError", Value: msg, Traceback: []string{"%%go run: " + msg}}
	case errors.As(err, &ee):
		msg := fmt.Sprintf("the program ended with exit status %d", ee.Code)
		return &cell.Error{Name: "ExitError", Value: msg, Traceback: []string{"%%go run: " + msg}}
	}
	return err
}
