// Package symbols holds the yaegi symbol tables of the packages cells can import.
package symbols

import (
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"
)

// Symbols are all exported symbols available to cells, keyed as yaegi expects
// ("import/path/name" → symbol name → value).
var Symbols = interp.Exports{}

func init() {
	// Placeholder until the Go 1.26 tables are generated: yaegi's own Go 1.22 tables.
	for k, v := range stdlib.Symbols {
		Symbols[k] = v
	}
	for k, v := range unrestricted.Symbols {
		Symbols[k] = v
	}
}
