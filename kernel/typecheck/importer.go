package typecheck

import (
	"bytes"
	"compress/flate"
	_ "embed" // exportdata.bin
	"encoding/gob"
	"fmt"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
)

//go:embed exportdata.bin
var exportData []byte

// Importer loads the type information of the packages cells can import from
// export data embedded at build time (go generate), so no Go toolchain is
// needed at run time. It is safe for concurrent use; packages are decoded on
// first import and kept.
type Importer struct {
	mu    sync.Mutex
	fset  *token.FileSet
	data  map[string][]byte
	pkgs  map[string]*types.Package
	done  map[string]bool
	err   error
	index sync.Once
}

// NewImporter returns an Importer over the embedded export data.
func NewImporter() *Importer {
	return &Importer{
		fset: token.NewFileSet(),
		pkgs: map[string]*types.Package{},
		done: map[string]bool{},
	}
}

// defaultImporter is shared by sessions created with a nil importer.
var defaultImporter = sync.OnceValue(NewImporter)

func (imp *Importer) load() {
	imp.index.Do(func() {
		var entries []struct {
			Path string
			Data []byte
		}
		zr := flate.NewReader(bytes.NewReader(exportData))
		if err := gob.NewDecoder(zr).Decode(&entries); err != nil {
			imp.err = fmt.Errorf("typecheck: decoding embedded export data: %w", err)
			return
		}
		imp.data = make(map[string][]byte, len(entries))
		for _, e := range entries {
			imp.data[e.Path] = e.Data
		}
	})
}

// Warm decodes the package index in the background (about 14 ms of CPU,
// 2 MB of heap), so that the first Check of a session does not wait for it.
func (imp *Importer) Warm() { go imp.load() }

// Warm warms the importer sessions share when NewSession gets nil.
func Warm() { defaultImporter().Warm() }

// Import implements types.Importer.
func (imp *Importer) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	imp.load()
	if imp.err != nil {
		return nil, imp.err
	}
	imp.mu.Lock()
	defer imp.mu.Unlock()
	if imp.done[path] {
		return imp.pkgs[path], nil
	}
	data, ok := imp.data[path]
	if !ok {
		return nil, fmt.Errorf("package %s is not available in gojup", path)
	}
	pkg, err := gcexportdata.Read(bytes.NewReader(data), imp.fset, imp.pkgs, path)
	if err != nil {
		return nil, fmt.Errorf("reading export data of %s: %w", path, err)
	}
	imp.done[path] = true
	return pkg, nil
}

// Packages lists the import paths the importer knows.
func (imp *Importer) Packages() []string {
	imp.load()
	paths := make([]string, 0, len(imp.data))
	for p := range imp.data {
		paths = append(paths, p)
	}
	return paths
}
