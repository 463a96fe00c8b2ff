package corpus

import (
	"go/build"
	"io"

	"github.com/traefik/yaegi/interp"

	"github.com/gojup/gojup/kernel/symbols"
)

// newInterp returns an interpreter configured like the worker's (kernel/worker NewSession):
// the generated symbol tables of kernel/symbols loaded with symbols.Use (not in.Use, which
// would make yaegi load its own partial Go 1.22 cmp/maps/slices), and the complete generic
// source packages (cmp, iter, maps, slices) from symbols.Overlay.
func newInterp(opt interp.Options, stdin io.Reader) (*interp.Interpreter, error) {
	opt.GoPath = build.Default.GOPATH
	opt.SourcecodeFilesystem = symbols.Overlay(build.Default.GOPATH)
	opt.Stdin = stdin
	in := interp.New(opt)
	return in, symbols.Use(in, stdin, opt.Stdout)
}
