// Package install writes and removes the gojup Jupyter kernelspec.
//
// A kernelspec is a directory <data dir>/kernels/<name>/ holding kernel.json and
// the logos. Jupyter front ends find it through the data directories that
// jupyter_core lists (`jupyter --paths`): JUPYTER_PATH entries, the user data
// dir (JUPYTER_DATA_DIR or ~/.local/share/jupyter), sys.prefix/share/jupyter,
// /usr/local/share/jupyter and /usr/share/jupyter.
//
// Everything written is embedded in the binary, so
// `go install github.com/gojup/gojup@latest && gojup install` works without the
// repository.
package install

import (
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/gojup/gojup/internal/version"
)

// DefaultName is the kernelspec name; DefaultDisplayName is what front ends show.
const (
	DefaultName        = "gojup"
	DefaultDisplayName = "Go (gojup)"
)

// Version is the gojup version recorded in kernel.json's metadata (version.Version, the
// one kernel_info reports) unless a build overrides it with
// -ldflags "-X github.com/gojup/gojup/install.Version=v1.2.3".
var Version = version.Version

// VersionString returns Version, else the main module version from the build
// info (set by `go install module@version`), else "devel".
func VersionString() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

//go:embed logo-32x32.png logo-64x64.png logo-svg.svg
var logos embed.FS

// LogoFiles are the files copied next to kernel.json.
var LogoFiles = []string{"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"}

// Logo returns one of the embedded logo files by name.
func Logo(name string) ([]byte, error) { return logos.ReadFile(name) }

// KernelSpec is the content of kernel.json.
type KernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Metadata      map[string]any    `json:"metadata"`
	Env           map[string]string `json:"env,omitempty"`
}

// Options say what to install where.
type Options struct {
	DataDir     string            // Jupyter data directory; the spec goes to DataDir/kernels/Name
	Name        string            // kernelspec name (default DefaultName)
	DisplayName string            // default DefaultDisplayName
	Executable  string            // absolute path of the gojup binary (default: this binary)
	Env         map[string]string // "env" of kernel.json
}

// Spec builds the kernel.json content for the options.
func Spec(o Options) KernelSpec {
	ks := KernelSpec{
		Argv:          []string{o.Executable, "kernel", "-f", "{connection_file}"},
		DisplayName:   o.DisplayName,
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{"gojup_version": VersionString()},
		Env:           o.Env,
	}
	if ks.DisplayName == "" {
		ks.DisplayName = DefaultDisplayName
	}
	return ks
}

var namePattern = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`) // jupyter_client's rule for kernel names

// ValidateName reports whether name is a valid kernelspec name.
func ValidateName(name string) error {
	if !namePattern.MatchString(name) || name == "." || name == ".." {
		return fmt.Errorf("invalid kernel name %q: use letters, digits, '.', '_' and '-' only", name)
	}
	return nil
}

// Install writes DataDir/kernels/Name/{kernel.json, logos} and returns that directory.
// Files get mode 0644, directories 0755; existing files are replaced atomically.
func Install(o Options) (string, error) {
	if o.Name == "" {
		o.Name = DefaultName
	}
	if err := ValidateName(o.Name); err != nil {
		return "", err
	}
	if o.DataDir == "" {
		return "", errors.New("install: no Jupyter data directory")
	}
	if o.Executable == "" {
		exe, err := Executable()
		if err != nil {
			return "", err
		}
		o.Executable = exe
	}
	if !filepath.IsAbs(o.Executable) {
		return "", fmt.Errorf("install: executable path %q is not absolute", o.Executable)
	}
	dataDir, err := filepath.Abs(o.DataDir)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(dataDir, "kernels", o.Name)
	if err := mkdirAll(dir); err != nil {
		return "", err
	}
	js, err := json.MarshalIndent(Spec(o), "", "  ")
	if err != nil {
		return "", err
	}
	if err := writeFile(filepath.Join(dir, "kernel.json"), append(js, '\n')); err != nil {
		return "", err
	}
	for _, name := range LogoFiles {
		b, err := logos.ReadFile(name)
		if err != nil {
			return "", err
		}
		if err := writeFile(filepath.Join(dir, name), b); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// Uninstall removes DataDir/kernels/name. It refuses to remove a directory that
// has no kernel.json, so a wrong --prefix cannot delete unrelated files.
func Uninstall(dataDir, name string) (string, error) {
	if name == "" {
		name = DefaultName
	}
	if err := ValidateName(name); err != nil {
		return "", err
	}
	dir := filepath.Join(dataDir, "kernels", name)
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return dir, fmt.Errorf("no kernelspec %q in %s", name, filepath.Join(dataDir, "kernels"))
		}
		return dir, err
	}
	return dir, os.RemoveAll(dir)
}

// Executable returns the absolute path of the running binary with symlinks resolved.
func Executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("install: cannot find the gojup binary: %w", err)
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	return filepath.Abs(exe)
}

// UserDataDir is jupyter_core's jupyter_data_dir() on Linux and other Unixes:
// $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter.
func UserDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the home directory (set HOME or JUPYTER_DATA_DIR): %w", err)
	}
	if r, err := filepath.EvalSymlinks(home); err == nil {
		home = r
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// SystemDataDir is the first system-wide Jupyter data dir on Linux.
const SystemDataDir = "/usr/local/share/jupyter"

// SysPrefixDataDir is <sys.prefix>/share/jupyter of the Python that runs Jupyter:
// the interpreter named in the shebang of the `jupyter` command on PATH, else
// /usr/bin/python3, else python3 on PATH.
func SysPrefixDataDir() (string, error) {
	var pythons []string
	if j, err := exec.LookPath("jupyter"); err == nil {
		if py := shebangInterpreter(j); py != "" {
			pythons = append(pythons, py)
		}
	}
	pythons = append(pythons, "/usr/bin/python3", "python3")
	var errs []error
	for _, py := range pythons {
		out, err := exec.Command(py, "-c", "import sys; print(sys.prefix)").Output()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", py, err))
			continue
		}
		if prefix := strings.TrimSpace(string(out)); prefix != "" {
			return filepath.Join(prefix, "share", "jupyter"), nil
		}
	}
	return "", fmt.Errorf("--sys-prefix: cannot ask Python for sys.prefix (%w); use --prefix DIR", errors.Join(errs...))
}

// shebangInterpreter returns the interpreter path of a "#!/path/python3" script, or "".
func shebangInterpreter(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	buf := make([]byte, 256)
	n, _ := io.ReadFull(f, buf)
	line, _, _ := strings.Cut(string(buf[:n]), "\n")
	rest, ok := strings.CutPrefix(line, "#!")
	if !ok {
		return ""
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return ""
	}
	interp := fields[0]
	if filepath.Base(interp) == "env" && len(fields) > 1 { // #!/usr/bin/env python3
		interp = fields[len(fields)-1]
	}
	if !strings.Contains(filepath.Base(interp), "python") {
		return ""
	}
	return interp
}

func mkdirAll(dir string) error {
	// Create each missing level with 0755 regardless of the umask.
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("%s exists and is not a directory", dir)
		}
		return nil
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := mkdirAll(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	return os.Chmod(dir, 0o755)
}

// writeFile writes via a temp file and rename, so a running front end never
// reads a half-written kernel.json; the result has mode 0644.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// envFlag collects repeated --env K=V flags.
type envFlag map[string]string

func (e envFlag) String() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k+"="+e[k])
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

func (e envFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", s)
	}
	e[k] = v
	return nil
}

// location holds the mutually exclusive destination flags.
type location struct {
	user, sysPrefix, system bool
	prefix                  string
}

func (l *location) register(fs *flag.FlagSet) {
	fs.BoolVar(&l.user, "user", false, "the user's Jupyter data dir: $JUPYTER_DATA_DIR or ~/.local/share/jupyter (default)")
	fs.BoolVar(&l.sysPrefix, "sys-prefix", false, "<sys.prefix>/share/jupyter of the Python that runs `jupyter`")
	fs.BoolVar(&l.system, "system", false, "system-wide: "+SystemDataDir)
	fs.StringVar(&l.prefix, "prefix", "", "`DIR`/share/jupyter")
}

func (l *location) dataDir() (string, error) {
	n := 0
	for _, b := range []bool{l.user, l.sysPrefix, l.system, l.prefix != ""} {
		if b {
			n++
		}
	}
	if n > 1 {
		return "", errors.New("use only one of --user, --sys-prefix, --system, --prefix")
	}
	switch {
	case l.sysPrefix:
		return SysPrefixDataDir()
	case l.system:
		return SystemDataDir, nil
	case l.prefix != "":
		p, err := filepath.Abs(l.prefix)
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter"), nil
	default:
		return UserDataDir()
	}
}

func newFlagSet(name, usage string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: %s\n\nflags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// InstallCommand implements `gojup install [flags]`; args exclude "install".
func InstallCommand(args []string) error {
	return installCommand(args, os.Stdout, os.Stderr)
}

func installCommand(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gojup install",
		"gojup install [--user | --sys-prefix | --system | --prefix DIR] [--name NAME] [--display-name TEXT] [--env KEY=VALUE ...]", stderr)
	var loc location
	loc.register(fs)
	name := fs.String("name", DefaultName, "kernelspec `NAME`")
	display := fs.String("display-name", DefaultDisplayName, "name shown in the front end's kernel list")
	env := envFlag{}
	fs.Var(env, "env", "`KEY=VALUE` for the kernel's environment (repeatable)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("install: unexpected argument %q", fs.Arg(0))
	}
	dataDir, err := loc.dataDir()
	if err != nil {
		return err
	}
	exe, err := Executable()
	if err != nil {
		return err
	}
	if isGoRunBinary(exe) {
		fmt.Fprintf(stderr, "warning: %s looks like a temporary `go run` binary; the kernelspec will break when it is deleted.\n"+
			"         Build first (go build -o bin/gojup . or go install) and run that binary's install.\n", exe)
	}
	var e map[string]string
	if len(env) > 0 {
		e = env
	}
	dir, err := Install(Options{DataDir: dataDir, Name: *name, DisplayName: *display, Executable: exe, Env: e})
	if err != nil {
		return fmt.Errorf("install: %w", err)
	}
	fmt.Fprintf(stdout, "Installed kernelspec %s (%q) in %s\n  kernel: %s\n", *name, *display, dir, exe)
	if hint := visibilityHint(dataDir); hint != "" {
		fmt.Fprintln(stdout, hint)
	}
	return nil
}

// UninstallCommand implements `gojup uninstall [flags]`; args exclude "uninstall".
func UninstallCommand(args []string) error {
	return uninstallCommand(args, os.Stdout, os.Stderr)
}

func uninstallCommand(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gojup uninstall", "gojup uninstall [--user | --sys-prefix | --system | --prefix DIR] [--name NAME]", stderr)
	var loc location
	loc.register(fs)
	name := fs.String("name", DefaultName, "kernelspec `NAME`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("uninstall: unexpected argument %q", fs.Arg(0))
	}
	dataDir, err := loc.dataDir()
	if err != nil {
		return err
	}
	dir, err := Uninstall(dataDir, *name)
	if err != nil {
		return fmt.Errorf("uninstall: %w", err)
	}
	fmt.Fprintf(stdout, "Removed kernelspec %s from %s\n", *name, dir)
	return nil
}

func isGoRunBinary(exe string) bool {
	return strings.Contains(exe, string(filepath.Separator)+"go-build")
}

// visibilityHint explains how to make Jupyter see a spec installed outside the
// directories it searches by default; "" when no hint is needed.
func visibilityHint(dataDir string) string {
	clean := filepath.Clean(dataDir)
	if d, err := UserDataDir(); err == nil && filepath.Clean(d) == clean {
		return ""
	}
	if clean == SystemDataDir || clean == "/usr/share/jupyter" {
		return ""
	}
	for _, p := range filepath.SplitList(os.Getenv("JUPYTER_PATH")) {
		if p != "" && filepath.Clean(p) == clean {
			return ""
		}
	}
	if d, err := SysPrefixDataDir(); err == nil && filepath.Clean(d) == clean {
		return ""
	}
	return fmt.Sprintf("  note: Jupyter does not search %s by default; add it with\n        export JUPYTER_PATH=%s", dataDir, dataDir)
}
