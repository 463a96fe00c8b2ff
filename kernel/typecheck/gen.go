package typecheck

// Regenerate the embedded export data after the symbol tables changed:
//
//	go generate ./kernel/typecheck/...
//
//go:generate go run ./internal/genexport -o exportdata.bin
