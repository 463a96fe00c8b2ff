package kernel

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

func TestIsCompleteCases(t *testing.T) {
	for code, want := range map[string]string{
		"":                            "complete",
		"x := 1":                      "complete",
		"fmt.Println(\"a\")":          "complete",
		"func f() {":                  "incomplete",
		"for i := 0; i < 3; i++ {":    "incomplete",
		"x := []int{1,\n2,":           "incomplete",
		"s := `multi":                 "incomplete",
		"/* comment":                  "incomplete",
		"x := 1 +":                    "incomplete",
		"x :=":                        "incomplete",
		"x := )":                      "invalid",
		"f(]":                         "invalid",
		"}":                           "invalid",
		"s := \"open":                 "invalid",
		"x := 1 @ 2":                  "invalid",
		"type T struct {\n\tA int\n}": "complete",
	} {
		got := isComplete(code)
		if got["status"] != want {
			t.Errorf("isComplete(%q) = %v, want %s", code, got, want)
		}
	}
	if got := isComplete("func f() {\n\tif x {"); got["indent"] != "\t\t" {
		t.Errorf("indent = %q", got["indent"])
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"*", "anything/with\nnewlines", true}, {"fmt*", "fmt.Println(1)", true}, {"fmt*", "x := 1", false},
		{"?:=*", "x:= 1", true}, {"[abc]*", "b", true}, {"[!abc]*", "b", false}, {"[a-c]x", "bx", true},
		{"*Print*", "fmt.Println()", true}, {"a*b*c", "axxbyyc", true}, {"a*b*c", "axxbyy", false},
	} {
		if got := globMatch(c.p, c.s); got != c.want {
			t.Errorf("globMatch(%q, %q) = %t", c.p, c.s, got)
		}
	}
}

func TestHistoryPersistsAcrossSessions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "history.json")
	env := newEnvSet([]string{"GOJUP_HISTORY_FILE=" + path, "HOME=/nonexistent"})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := openHistory(env, log)
	h.add(1, "a := 1")
	h.add(2, "b := a")
	h.close()
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("history file: %v %v", fi, err)
	}
	h2 := openHistory(env, log)
	defer h2.close()
	if h2.session != 2 {
		t.Errorf("second session number = %d", h2.session)
	}
	h2.add(1, "c := 3")
	decode := func(content string) [][]any {
		var r struct{ History [][]any }
		b, _ := json.Marshal(h2.request(json.RawMessage(content)))
		_ = json.Unmarshal(b, &r)
		return r.History
	}
	if got := decode(`{"hist_access_type":"tail","n":3}`); len(got) != 3 || got[2][2] != "c := 3" {
		t.Errorf("tail = %v", got)
	}
	if got := decode(`{"hist_access_type":"range","session":-1,"start":1,"stop":0}`); len(got) != 2 {
		t.Errorf("range of previous session = %v", got)
	}
	if got := decode(`{"hist_access_type":"range","session":0,"start":1,"stop":2,"output":true}`); len(got) != 1 {
		t.Errorf("range of this session = %v", got)
	}
	if got := decode(`{"hist_access_type":"search","pattern":"?:=*","unique":true}`); len(got) != 0 {
		t.Errorf("search without spaces matched: %v", got)
	}
	if got := decode(`{"hist_access_type":"search","pattern":"* := *","n":2}`); len(got) != 2 || got[1][2] != "c := 3" {
		t.Errorf("search = %v", got)
	}
}

func TestSizes(t *testing.T) {
	for in, want := range map[string]int64{"1024": 1024, "64MiB": 64 << 20, "4G": 4 << 30, "1.5 GiB": 3 << 29, "100kb": 100 << 10} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "x", "-1", "10 parsecs"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
	if got := formatSize(4 << 30); got != "4.0 GiB" {
		t.Errorf("formatSize(4 GiB) = %q", got)
	}
	if got := formatSize(64 << 20); got != "64 MiB" {
		t.Errorf("formatSize(64 MiB) = %q", got)
	}
}

func TestCrashLine(t *testing.T) {
	if crashLine([]byte("ok\npanic: x\n"), true) != 3 || crashLine([]byte("a panic: x"), true) != -1 ||
		crashLine([]byte("fatal error: concurrent map writes"), true) != 0 || crashLine([]byte("panic: x"), false) != -1 {
		t.Error("crashLine")
	}
}

// A cell that finishes while the kernel shuts down adds to a closed history: that must not
// panic (it once did: send on closed channel).
func TestHistoryAddAfterClose(t *testing.T) {
	env := newEnvSet([]string{"GOJUP_HISTORY_FILE=" + filepath.Join(t.TempDir(), "h.json")})
	h := openHistory(env, slog.New(slog.NewTextHandler(io.Discard, nil)))
	h.close()
	h.add(1, "x := 1")
	h.close()
	if len(h.entries) != 1 {
		t.Errorf("entries after close = %d, want 1 (kept in memory)", len(h.entries))
	}
}
