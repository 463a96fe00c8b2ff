package worker

import (
	"context"
	"go/token"
	"go/types"
	"io"
	"strings"
	"testing"

	"github.com/gojup/gojup/kernel/cell"
)

// fakeChecker rejects identifiers named "forbidden" and records what ran.
type fakeChecker struct {
	done []string
}

func (f *fakeChecker) Check(fset *token.FileSet, c *cell.Cell, units []Unit) (*types.Info, []cell.Diagnostic) {
	if i := strings.Index(c.Source, "forbidden"); i >= 0 {
		line := 1 + strings.Count(c.Source[:i], "\n")
		col := i - strings.LastIndex(c.Source[:i], "\n")
		return nil, []cell.Diagnostic{{Line: line, Col: col, Msg: "undefined: forbidden"}}
	}
	return nil, nil
}

func (f *fakeChecker) Done(c *cell.Cell, units []Unit, ran int, err error) {
	s := strings.Repeat("+", ran)
	if err != nil {
		s += "!"
	}
	f.done = append(f.done, s)
}

func TestCheckerHook(t *testing.T) {
	fc := &fakeChecker{}
	SetChecker(fc)
	defer SetChecker(nil)
	s, err := NewSession(io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	out := s.RunCell(ctx, cell.Parse("x := 1\ny := forbidden + x"))
	if out.Err == nil || out.Err.Name != "CompileError" || out.Err.Traceback[0] != "cell 2:6: undefined: forbidden" {
		t.Fatalf("checker diagnostics: %+v", out.Err)
	}
	if _, defined := s.Decl("x"); defined {
		t.Error("a rejected cell ran")
	}
	out = s.RunCell(ctx, cell.Parse("import \"fmt\"\nx := 1\nfunc f() {}\npanic(fmt.Sprint(x))"))
	if out.Err == nil || out.Err.Name != "panic" {
		t.Fatalf("want panic, got %+v", out.Err)
	}
	// Imports, statements and the declaration ran; the panicking statement did not.
	if strings.Join(fc.done, " ") != "+++!" {
		t.Errorf("Done calls %q, want [+++!]", fc.done)
	}
}
