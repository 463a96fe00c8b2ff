// Command copysrc copies the gojup packages that %%go run programs may import (display and
// what it needs) into kernel/gorun/_modsrc, which package gorun embeds. Run it with
// `go generate ./kernel/gorun` from the repository root after changing those packages.
// go.mod and go.sum are stored as go.mod.txt and go.sum.txt (an embedded directory may not
// hold a go.mod).
package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// packages are copied with their subdirectories (non-test .go files only).
var packages = []string{"display", "kernel/ipc"}

func main() {
	root, out := os.Args[1], os.Args[2]
	if err := os.RemoveAll(out); err != nil {
		fail(err)
	}
	for _, p := range packages {
		err := filepath.WalkDir(filepath.Join(root, p), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			return copyFile(path, filepath.Join(out, rel))
		})
		if err != nil {
			fail(err)
		}
	}
	if err := copyGoMod(filepath.Join(root, "go.mod"), filepath.Join(out, "go.mod.txt")); err != nil {
		fail(err)
	}
	if err := copyFile(filepath.Join(root, "go.sum"), filepath.Join(out, "go.sum.txt")); err != nil {
		fail(err)
	}
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

// copyGoMod copies go.mod without replace and tool directives (they name local paths).
func copyGoMod(from, to string) error {
	f, err := os.Open(from)
	if err != nil {
		return err
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "replace ") || strings.HasPrefix(l, "tool ") || strings.HasPrefix(l, "//") {
			continue
		}
		b.WriteString(l + "\n")
	}
	return os.WriteFile(to, []byte(b.String()), 0o644)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "copysrc:", err)
	os.Exit(1)
}
