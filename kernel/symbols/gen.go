package symbols

// Regenerate the symbol tables with the pinned extractor (go.mod tool directive):
//
//	go generate ./kernel/symbols/...
//
//go:generate go run ./internal/gen
