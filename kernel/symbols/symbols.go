// Package symbols holds the yaegi symbol tables of the packages cells can
// import: the Go standard library of the toolchain that generated them (Go
// 1.26), mongo-driver v2 and gojup's display package, plus Go source for the
// generic standard packages yaegi cannot take as binary symbols (slices, maps,
// cmp, iter).
//
// The worker sets up an interpreter with
//
//	i := interp.New(interp.Options{
//		Unrestricted:         true,
//		GoPath:               build.Default.GOPATH,
//		SourcecodeFilesystem: symbols.Overlay(build.Default.GOPATH),
//		// Stdin, Stdout, Stderr, Env, Args ...
//	})
//	if err := symbols.Use(i, stdin, stdout); err != nil { ... } // not i.Use(symbols.Symbols)
//
// The tables are generated (`go generate ./kernel/symbols/...`); see README.md
// for what works, what does not, and why.
package symbols

import (
	"embed"
	"io/fs"
	"reflect"

	"github.com/traefik/yaegi/interp"
	yunsafe "github.com/traefik/yaegi/stdlib/unsafe"
)

// Symbols are all exported symbols available to cells, keyed as yaegi expects
// ("import/path/name" → symbol name → value). Pass it to interp.Use.
var Symbols = interp.Exports{}

// MapTypes tells yaegi which interfaces an interpreted value passed to some
// compiled functions should be wrapped as (fmt's Stringer and Formatter, json
// and xml marshalers, ...). It is registered in Symbols under ".".
var MapTypes = map[reflect.Value][]reflect.Type{}

//go:embed all:src
var src embed.FS

// SourceFS holds Go source for the packages that are provided to cells as
// source rather than binary symbols (src/<import path>/*.go). Use it as
// interp.Options.SourcecodeFilesystem together with GoPath.
var SourceFS fs.FS = src

// GoPath is the interp.Options.GoPath that goes with SourceFS.
const GoPath = "."

// SourcePackages are the import paths served from SourceFS.
var SourcePackages = []string{"cmp", "iter", "maps", "slices"}

// The generated files' init functions fill Symbols; this file's name sorts
// after theirs, so its init runs last.
func init() {
	// unsafe's builtins and the conversion hook are hand-written in yaegi.
	for name, v := range yunsafe.Symbols["unsafe/unsafe"] {
		if _, ok := Symbols["unsafe/unsafe"][name]; !ok {
			Symbols["unsafe/unsafe"][name] = v
		}
	}
	Symbols["github.com/traefik/yaegi/yaegi"] = yunsafe.Symbols["github.com/traefik/yaegi/yaegi"]
	registerMapTypes()
}
