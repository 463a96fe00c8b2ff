package main

import "embed"

// moduleSources is what a `%%go run` program needs to import the display package: the
// module's go.mod and go.sum and the sources of display and the packages it imports
// (kernel/ipc, internal/traceidle). The worker writes
// them next to the program (kernel/gorun), so no copy of them is kept in the repository.
//
//go:embed go.mod go.sum display/*.go kernel/ipc/*.go internal/traceidle/*.go
var moduleSources embed.FS
