package install

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// isolate points HOME, JUPYTER_DATA_DIR and friends at temp dirs so no test can
// touch the real home directory.
func isolate(t *testing.T) (home string) {
	t.Helper()
	home = t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("JUPYTER_PATH", "")
	return home
}

func readSpec(t *testing.T, dir string) (KernelSpec, map[string]any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ks KernelSpec
	if err := json.Unmarshal(b, &ks); err != nil {
		t.Fatalf("kernel.json: %v\n%s", err, b)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	return ks, raw
}

func TestInstallWritesSpecAndLogos(t *testing.T) {
	isolate(t)
	old := syscall.Umask(0o077) // modes must not depend on the umask
	defer syscall.Umask(old)

	data := filepath.Join(t.TempDir(), "new", "data")
	dir, err := Install(Options{
		DataDir:    data,
		Executable: "/opt/gojup/bin/gojup",
		Env:        map[string]string{"MONGODB_URI": "mongodb://db:27017"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(data, "kernels", "gojup"); dir != want {
		t.Fatalf("dir = %s, want %s", dir, want)
	}
	ks, raw := readSpec(t, dir)
	wantArgv := []string{"/opt/gojup/bin/gojup", "kernel", "-f", "{connection_file}"}
	if strings.Join(ks.Argv, " ") != strings.Join(wantArgv, " ") {
		t.Errorf("argv = %q, want %q", ks.Argv, wantArgv)
	}
	if ks.DisplayName != "Go (gojup)" || ks.Language != "go" || ks.InterruptMode != "message" {
		t.Errorf("spec = %+v", ks)
	}
	if v, _ := ks.Metadata["gojup_version"].(string); v == "" {
		t.Errorf("metadata.gojup_version missing: %v", ks.Metadata)
	}
	if ks.Env["MONGODB_URI"] != "mongodb://db:27017" {
		t.Errorf("env = %v", ks.Env)
	}
	for _, k := range []string{"argv", "display_name", "language", "interrupt_mode", "metadata", "env"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("kernel.json has no %q", k)
		}
	}

	for _, name := range append([]string{"kernel.json"}, LogoFiles...) {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %v, want 0644", name, fi.Mode().Perm())
		}
	}
	for d := dir; d != filepath.Dir(data); d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o755 {
			t.Errorf("%s mode %v, want 0755", d, fi.Mode().Perm())
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temp files left behind: %v", leftovers)
	}
}

func TestInstallWithoutEnvOmitsEnv(t *testing.T) {
	isolate(t)
	dir, err := Install(Options{DataDir: t.TempDir(), Executable: "/x/gojup"})
	if err != nil {
		t.Fatal(err)
	}
	_, raw := readSpec(t, dir)
	if _, ok := raw["env"]; ok {
		t.Errorf("env present without --env: %v", raw["env"])
	}
}

func TestInstallRejectsBadInput(t *testing.T) {
	isolate(t)
	for _, name := range []string{"../evil", "a/b", "with space", "..", "."} {
		if _, err := Install(Options{DataDir: t.TempDir(), Name: name, Executable: "/x/gojup"}); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
	if _, err := Install(Options{DataDir: t.TempDir(), Executable: "relative/gojup"}); err == nil {
		t.Error("relative executable accepted")
	}
	if _, err := Install(Options{Executable: "/x/gojup"}); err == nil {
		t.Error("empty data dir accepted")
	}
}

func TestReinstallReplaces(t *testing.T) {
	isolate(t)
	data := t.TempDir()
	if _, err := Install(Options{DataDir: data, Executable: "/old/gojup", DisplayName: "Old"}); err != nil {
		t.Fatal(err)
	}
	dir, err := Install(Options{DataDir: data, Executable: "/new/gojup"})
	if err != nil {
		t.Fatal(err)
	}
	ks, _ := readSpec(t, dir)
	if ks.Argv[0] != "/new/gojup" || ks.DisplayName != DefaultDisplayName {
		t.Errorf("reinstall did not replace: %+v", ks)
	}
}

func TestUserDataDir(t *testing.T) {
	home := isolate(t)
	realHome, err := filepath.EvalSymlinks(home)
	if err != nil {
		t.Fatal(err)
	}
	d, err := UserDataDir()
	if err != nil || d != filepath.Join(realHome, ".local", "share", "jupyter") {
		t.Errorf("HOME only: %q, %v", d, err)
	}
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if d, _ := UserDataDir(); d != "/xdg/jupyter" {
		t.Errorf("XDG_DATA_HOME: %q", d)
	}
	t.Setenv("JUPYTER_DATA_DIR", "/jdd")
	if d, _ := UserDataDir(); d != "/jdd" {
		t.Errorf("JUPYTER_DATA_DIR: %q", d)
	}
}

func TestInstallCommandUserDefault(t *testing.T) {
	isolate(t)
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	var out, errb bytes.Buffer
	err := installCommand([]string{"--name", "gojup-test", "--display-name", "Go (test)", "--env", "A=1", "--env", "B=x=y"}, &out, &errb)
	if err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	dir := filepath.Join(data, "kernels", "gojup-test")
	ks, _ := readSpec(t, dir)
	exe, err := Executable()
	if err != nil {
		t.Fatal(err)
	}
	if ks.Argv[0] != exe || !filepath.IsAbs(ks.Argv[0]) {
		t.Errorf("argv[0] = %q, want %q", ks.Argv[0], exe)
	}
	if ks.DisplayName != "Go (test)" || ks.Env["A"] != "1" || ks.Env["B"] != "x=y" {
		t.Errorf("spec = %+v", ks)
	}
	if !strings.Contains(out.String(), dir) {
		t.Errorf("output does not name the directory: %q", out.String())
	}

	out.Reset()
	if err := uninstallCommand([]string{"--user", "--name", "gojup-test"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("uninstall left %s: %v", dir, err)
	}
	if err := uninstallCommand([]string{"--name", "gojup-test"}, &out, &errb); err == nil {
		t.Error("second uninstall succeeded")
	}
}

func TestInstallCommandPrefix(t *testing.T) {
	isolate(t)
	prefix := t.TempDir()
	var out, errb bytes.Buffer
	if err := installCommand([]string{"--prefix", prefix}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(prefix, "share", "jupyter", "kernels", "gojup")
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "JUPYTER_PATH") {
		t.Errorf("no JUPYTER_PATH hint for an unusual prefix: %q", out.String())
	}
	// With JUPYTER_PATH pointing there, no hint.
	t.Setenv("JUPYTER_PATH", filepath.Join(prefix, "share", "jupyter"))
	out.Reset()
	if err := installCommand([]string{"--prefix", prefix}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "note:") {
		t.Errorf("hint although JUPYTER_PATH covers it: %q", out.String())
	}
	if err := uninstallCommand([]string{"--prefix", prefix}, &out, &errb); err != nil {
		t.Fatal(err)
	}
}

func TestCommandErrors(t *testing.T) {
	isolate(t)
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	for _, args := range [][]string{
		{"--user", "--prefix", "/tmp/x"},
		{"--sys-prefix", "--system"},
		{"--env", "NOEQUALS"},
		{"--env", "=v"},
		{"--name", "bad/name"},
		{"--bogus"},
		{"extra-arg"},
	} {
		var out, errb bytes.Buffer
		if err := installCommand(args, &out, &errb); err == nil {
			t.Errorf("install %q succeeded", args)
		}
	}
	var out, errb bytes.Buffer
	if err := installCommand([]string{"-h"}, &out, &errb); err != nil {
		t.Errorf("-h: %v", err)
	}
	if !strings.Contains(errb.String(), "--sys-prefix") && !strings.Contains(errb.String(), "-sys-prefix") {
		t.Errorf("usage lacks flags: %q", errb.String())
	}
}

func TestUninstallRefusesNonKernelDir(t *testing.T) {
	isolate(t)
	data := t.TempDir()
	victim := filepath.Join(data, "kernels", "gojup")
	if err := os.MkdirAll(victim, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(victim, "precious.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Uninstall(data, "gojup"); err == nil {
		t.Fatal("removed a directory without kernel.json")
	}
	if _, err := os.Stat(filepath.Join(victim, "precious.txt")); err != nil {
		t.Fatal(err)
	}
}

// TestSysPrefixFollowsJupyterShebang runs a fake `jupyter` whose shebang names a
// fake python that prints a prefix, as a conda or venv install would.
func TestSysPrefixFollowsJupyterShebang(t *testing.T) {
	isolate(t)
	bin := t.TempDir()
	py := filepath.Join(bin, "python3")
	if err := os.WriteFile(py, []byte("#!/bin/sh\necho /opt/fakeconda\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "jupyter"), []byte("#!"+py+"\nprint('hi')\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	d, err := SysPrefixDataDir()
	if err != nil {
		t.Fatal(err)
	}
	if d != "/opt/fakeconda/share/jupyter" {
		t.Errorf("sys-prefix dir = %q", d)
	}
}

func TestShebangInterpreter(t *testing.T) {
	dir := t.TempDir()
	for body, want := range map[string]string{
		"#!/usr/bin/python3\n":               "/usr/bin/python3",
		"#!/usr/bin/env python3\nx":          "python3",
		"#!/opt/conda/bin/python3.11 -s\n":   "/opt/conda/bin/python3.11",
		"#!/bin/sh\nexec python3 \"$@\"\n":   "",
		"#!/usr/bin/env bash\n":              "",
		"no shebang":                         "",
		"#!\n":                               "",
		"#!/usr/bin/python3":                 "/usr/bin/python3",
		"#!/usr/local/bin/pypy3-python\r\n ": "/usr/local/bin/pypy3-python",
	} {
		p := filepath.Join(dir, "script")
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
		if got := shebangInterpreter(p); got != want {
			t.Errorf("shebang of %q = %q, want %q", body, got, want)
		}
	}
}

func TestLogos(t *testing.T) {
	for name, size := range map[string]int{"logo-32x32.png": 32, "logo-64x64.png": 64} {
		b, err := Logo(name)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if cfg.Width != size || cfg.Height != size {
			t.Errorf("%s is %dx%d", name, cfg.Width, cfg.Height)
		}
	}
	b, err := Logo("logo-svg.svg")
	if err != nil {
		t.Fatal(err)
	}
	var svg struct {
		XMLName xml.Name
		ViewBox string `xml:"viewBox,attr"`
	}
	if err := xml.Unmarshal(b, &svg); err != nil {
		t.Fatal(err)
	}
	if svg.XMLName.Local != "svg" || svg.ViewBox != "0 0 64 64" {
		t.Errorf("svg root %v viewBox %q", svg.XMLName, svg.ViewBox)
	}
}

func TestVersionString(t *testing.T) {
	if VersionString() == "" {
		t.Fatal("empty version")
	}
	old := Version
	defer func() { Version = old }()
	Version = "v9.9.9"
	if VersionString() != "v9.9.9" {
		t.Errorf("Version override ignored: %q", VersionString())
	}
}
