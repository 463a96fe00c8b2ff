// Package stdlist says which standard library packages the symbol tables
// leave out, for the generator and the drift test.
package stdlist

import "strings"

// Excluded are standard packages without a generated table, with the reason.
var Excluded = map[string]string{
	"runtime/cgo":            "no Go API, needs cgo",
	"runtime/race":           "race-detector runtime, no Go API",
	"runtime/coverage":       "coverage runtime for instrumented binaries only",
	"plugin":                 "needs cgo and a plugin build",
	"time/tzdata":            "no API; importing it embeds 450 KB of zone data",
	"testing/cryptotest":     "test helpers for the crypto packages",
	"crypto/mlkem/mlkemtest": "test vectors for crypto/mlkem",
	"syscall/js":             "js/wasm only",
	"slices":                 "generic only: provided as source (symbols.SourceFS)",
	"maps":                   "generic only: provided as source (symbols.SourceFS)",
	"cmp":                    "generic only: provided as source (symbols.SourceFS)",
	"iter":                   "generic only: provided as source (symbols.SourceFS)",
}

// Skip reports whether the standard package p gets no table: internal,
// vendored and command packages, and Excluded ones.
func Skip(p string) bool {
	if _, ok := Excluded[p]; ok {
		return true
	}
	for _, part := range strings.Split(p, "/") {
		if part == "internal" {
			return true
		}
	}
	return strings.HasPrefix(p, "vendor/") || strings.HasPrefix(p, "cmd/")
}
