package corpus

import (
	"github.com/traefik/yaegi/interp"

	"github.com/gojup/gojup/kernel/symbols"
)

// newInterp returns an interpreter configured like the worker's: the generated symbol
// tables of kernel/symbols and its source packages (cmp, iter, maps, slices).
func newInterp(opt interp.Options) (*interp.Interpreter, error) {
	opt.GoPath = symbols.GoPath
	opt.SourcecodeFilesystem = symbols.SourceFS
	in := interp.New(opt)
	return in, in.Use(symbols.Symbols)
}
