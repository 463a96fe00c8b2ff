// Command genexport writes the type information of every package cells can
// import (the keys of symbols.Symbols plus symbols.SourcePackages) into one
// file, exportdata.bin, which package typecheck embeds. It needs the Go
// toolchain (go list -export); the kernel that embeds its output does not.
//
// File format: gob-encoded []typecheck.Entry-like records {Path, Data}, where
// Data is the package's export data as written by gcexportdata.Write, the
// whole stream compressed with DEFLATE.
package main

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/gob"
	"flag"
	"fmt"
	"go/importer"
	"go/token"
	"io"
	"log"
	"os"
	"os/exec"
	"path"
	"sort"
	"strings"

	"golang.org/x/tools/go/gcexportdata"

	"github.com/gojup/gojup/kernel/symbols"
)

type entry struct {
	Path string
	Data []byte
}

func main() {
	out := flag.String("o", "exportdata.bin", "output file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("genexport: ")
	if err := run(*out); err != nil {
		log.Fatal(err)
	}
}

func run(out string) error {
	seen := map[string]bool{}
	var paths []string
	for key := range symbols.Symbols {
		p := path.Dir(key)
		if p == "." || strings.HasPrefix(p, "github.com/traefik/yaegi") || p == "unsafe" || seen[p] {
			continue
		}
		seen[p] = true
		paths = append(paths, p)
	}
	for _, p := range symbols.SourcePackages {
		if !seen[p] {
			seen[p] = true
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)

	exports, err := exportFiles(paths)
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(p string) (io.ReadCloser, error) {
		f, ok := exports[p]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", p)
		}
		return os.Open(f)
	})
	var entries []entry
	for _, p := range paths {
		pkg, err := imp.Import(p)
		if err != nil {
			return fmt.Errorf("importing %s: %w", p, err)
		}
		var buf bytes.Buffer
		if err := gcexportdata.Write(&buf, fset, pkg); err != nil {
			return fmt.Errorf("writing export data of %s: %w", p, err)
		}
		entries = append(entries, entry{p, buf.Bytes()})
	}

	f, err := os.Create(out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	zw, err := flate.NewWriter(bw, flate.BestCompression)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(zw).Encode(entries); err != nil {
		return fmt.Errorf("encoding: %w", err)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	log.Printf("%d packages", len(entries))
	return nil
}

// exportFiles maps every package in paths, and their dependencies, to the
// compiler's export data file.
func exportFiles(paths []string) (map[string]string, error) {
	args := append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}} {{.Export}}"}, paths...)
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %w: %s", err, stderr.String())
	}
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(outb)), "\n") {
		if p, f, ok := strings.Cut(line, " "); ok && f != "" {
			m[p] = f
		}
	}
	return m, nil
}
