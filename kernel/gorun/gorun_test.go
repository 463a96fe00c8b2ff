package gorun

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gojup/gojup/internal/syncbuf"
	"github.com/gojup/gojup/kernel/ipc"
)

func needGo(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no Go toolchain")
	}
	if testing.Short() {
		t.Skip("-short: compiles programs")
	}
}

func TestNoToolchain(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var out bytes.Buffer
	err := Run(context.Background(), repoModule, nil, "func main() {}", &out, &out, Relay{})
	if !errors.Is(err, ErrNoToolchain) {
		t.Fatalf("err = %v, want ErrNoToolchain", err)
	}
	if !strings.Contains(err.Error(), "%%go run needs the Go toolchain (go) on PATH: install Go from https://go.dev/dl") {
		t.Errorf("message %q", err)
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		args        []string
		build, prog string
		wantErr     bool
	}{
		{nil, "", "", false},
		{[]string{"-race"}, "-race", "", false},
		{[]string{"-race", "a", "-b"}, "-race", "a -b", false},
		{[]string{"--", "-race"}, "", "-race", false},
		{[]string{"-x"}, "", "", true},
	}
	for _, tt := range tests {
		b, p, err := parseArgs(tt.args)
		if (err != nil) != tt.wantErr || strings.Join(b, " ") != tt.build || strings.Join(p, " ") != tt.prog {
			t.Errorf("parseArgs(%q) = %q, %q, %v", tt.args, b, p, err)
		}
	}
}

// repoModule is the gojup module as the binary embeds it (sources.go): the repository itself.
var repoModule = os.DirFS(filepath.Join("..", ".."))

func TestRun(t *testing.T) {
	needGo(t)
	tests := []struct {
		name       string
		args       []string
		src        string
		wantOut    string
		wantStderr string
		wantErr    *ExitError
	}{
		{"hello", nil, "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"hello\") }", "hello\n", "", nil},
		{"no package clause, args, exit status", []string{"a", "b"},
			"import (\"fmt\"; \"os\")\nfunc main() { fmt.Println(os.Args[1:]); os.Exit(3) }", "[a b]\n", "", &ExitError{Code: 3}},
		{"panic", nil, "package main\nfunc main() { panic(\"boom\") }", "", "panic: boom", &ExitError{Code: 2}},
		{"build error", nil, "package main\nfunc main() { undefinedThing() }", "", "undefined: undefinedThing", &ExitError{Code: 1, Build: true}},
		{"missing module", nil, "package main\nimport _ \"example.com/not/there\"\nfunc main() {}", "", "not in the module cache", &ExitError{Code: 1, Build: true}},
		{"display package", nil, "package main\nimport (\"fmt\"; \"github.com/gojup/gojup/display\")\nfunc main() { _ = display.Width; fmt.Println(\"ok\") }", "ok\n", "", nil},
		{"race", []string{"-race"}, `package main

import "fmt"

func main() {
	n := 0
	done := make(chan bool)
	for i := 0; i < 2; i++ {
		go func() { n++; done <- true }()
	}
	<-done
	<-done
	fmt.Println("n =", n)
}`, "n = 2\n", "WARNING: DATA RACE", &ExitError{Code: 66}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := Run(context.Background(), repoModule, tt.args, tt.src, &stdout, &stderr, Relay{})
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && (err == nil || err.Error() != tt.wantErr.Error()) {
				t.Fatalf("err = %v, want %v\nstderr:\n%s", err, tt.wantErr, stderr.String())
			}
			if stdout.String() != tt.wantOut {
				t.Errorf("stdout = %q, want %q", stdout.String(), tt.wantOut)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantStderr, stderr.String())
			}
		})
	}
}

// TestStreamsAndCancels checks that output arrives while the program runs and that
// cancelling the context kills it.
func TestStreamsAndCancels(t *testing.T) {
	needGo(t)
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var err error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err = Run(ctx, repoModule, nil, "package main\nimport (\"fmt\"; \"time\")\nfunc main() { fmt.Println(\"first\"); time.Sleep(time.Hour) }", pw, os.Stderr, Relay{})
		pw.Close()
	}()
	line, rerr := bufio.NewReader(pr).ReadString('\n')
	if rerr != nil || line != "first\n" {
		t.Fatalf("first line %q, %v", line, rerr)
	}
	start := time.Now()
	cancel()
	go io.Copy(io.Discard, pr)
	wg.Wait()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	t.Logf("stopped %v after cancel", time.Since(start))
}

// TestRelayDisplay runs a program that uses the display package with a Relay and checks
// that its events come out for the request, in order with its text, without its markers.
func TestRelayDisplay(t *testing.T) {
	needGo(t)
	evR, evW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncbuf.Buffer // the program's text and the relay's markers both go to "fd 1"
	ch := ipc.NewChannel(evW, &stdout, &stderr)
	var events []ipc.Event
	decoded := make(chan struct{})
	go func() {
		defer close(decoded)
		dec := ipc.NewDecoder(evR)
		for {
			var ev ipc.Event
			if dec.Decode(&ev) != nil {
				return
			}
			events = append(events, ev)
		}
	}()
	src := `package main

import (
	"fmt"
	"time"

	"github.com/gojup/gojup/display"
)

func main() {
	fmt.Println("before")
	d := display.HTML("<b>one</b>")
	fmt.Println("middle")
	d.UpdateHTML("<b>two</b>")
	tl := display.Trace("sleepers", func() {
		done := make(chan bool)
		go func() { time.Sleep(5 * time.Millisecond); done <- true }()
		<-done
	})
	tl.Show()
	fmt.Println("after")
}`
	if err := Run(context.Background(), repoModule, nil, src, &stdout, &stderr, Relay{Events: ch, RequestID: 42}); err != nil {
		t.Fatalf("Run: %v\nstderr: %s", err, stderr.Bytes())
	}
	evW.Close()
	<-decoded

	// Replay fd 1 as the kernel would: text, and each marker stands for its event.
	bySync := map[uint64]ipc.Event{}
	for _, ev := range events {
		bySync[ev.Sync] = ev
		if ev.ID != 42 {
			t.Errorf("event %s has id %d, want the request's 42", ev.Type, ev.ID)
		}
	}
	var seq []string
	var sp ipc.MarkerSplitter
	sp.Split(stdout.Bytes(), func(b []byte) {
		for _, l := range strings.Fields(string(b)) {
			seq = append(seq, l)
		}
	}, func(n uint64) {
		ev := bySync[n]
		var c struct {
			Data map[string]any `json:"data"`
		}
		_ = json.Unmarshal(ev.Content, &c)
		html, _ := c.Data["text/html"].(string)
		switch {
		case strings.Contains(html, "<svg"):
			seq = append(seq, ev.Type+":svg")
		default:
			seq = append(seq, ev.Type+":"+html)
		}
	})
	got := strings.Join(seq, " ")
	want := "before display_data:<b>one</b> middle update_display_data:<b>two</b> display_data:svg after"
	if got != want {
		t.Errorf("fd 1 replayed:\n got %s\nwant %s", got, want)
	}
	if len(events) != 3 {
		t.Errorf("%d events, want 3: %+v", len(events), events)
	}
}
