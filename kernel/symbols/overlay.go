package symbols

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Overlay returns a file system for interp.Options.SourcecodeFilesystem to
// use with interp.Options.GoPath set to gopath (e.g. build.Default.GOPATH):
// the packages of SourcePackages come from SourceFS, every other path from
// the operating system, as with yaegi's default file system (which, like
// this one, takes the absolute paths yaegi builds from GoPath).
func Overlay(gopath string) fs.FS { return overlay{root: filepath.Join(gopath, "src")} }

type overlay struct{ root string }

func (o overlay) Open(name string) (fs.File, error) {
	if rel, err := filepath.Rel(o.root, name); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
		first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		for _, p := range SourcePackages {
			if first == p {
				return SourceFS.Open("src/" + filepath.ToSlash(rel))
			}
		}
	}
	return os.Open(name)
}
