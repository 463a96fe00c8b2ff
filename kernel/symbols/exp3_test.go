package symbols

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/traefik/yaegi/interp"
)

func TestExperiment3(t *testing.T) {
	cases := [][]string{
		{`import ("fmt"; "sync")`, `var mu sync.Mutex; var wg sync.WaitGroup; n := 0; for i := 0; i < 10; i++ { wg.Add(1); go func() { defer wg.Done(); mu.Lock(); n++; mu.Unlock() }() }; wg.Wait(); fmt.Println(n)`},
		{`import ("fmt"; "sync")`, `f := sync.OnceValue(func() int { fmt.Println("computing"); return 42 }); fmt.Println(f(), f())`},
		{`import ("fmt"; "sync")`, `type C struct { mu sync.Mutex; n int }`, `c := &C{}; c.mu.Lock(); c.n++; c.mu.Unlock(); fmt.Println(c.n)`},
		{`import ("fmt"; "sync")`, `var l sync.Locker = &sync.Mutex{}; l.Lock(); l.Unlock(); fmt.Println("ok")`},
	}
	for _, c := range cases {
		var out bytes.Buffer
		i := interp.New(interp.Options{Unrestricted: true, GoPath: ".", SourcecodeFilesystem: os.DirFS("/tmp/ysrc2"), Stdout: &out, Stderr: &out})
		ex := interp.Exports{}
		for k, v := range Symbols {
			ex[k] = v
		}
		ex["gojup/binary/sync/sync"] = Symbols["sync/sync"]
		delete(ex, "sync/sync")
		ex["fmt/./fmt"] = ex["fmt/fmt"]
		delete(ex, "fmt/fmt")
		if err := i.Use(ex); err != nil {
			t.Fatal(err)
		}
		var err error
		for _, part := range c {
			if _, err = i.EvalWithContext(context.Background(), part); err != nil {
				break
			}
		}
		t.Logf("%s\n  => %q err=%v", c, out.String(), err)
	}
}
