package corpus

import (
	"bytes"
	"context"
	"os"
	"testing"
	"go/parser"
	"go/printer"
	"go/token"

	"github.com/gojup/gojup/kernel/rewrite"
)

func TestScratch(t *testing.T) {
	f := os.Getenv("SCRATCH")
	if f == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(f)
	for _, m := range []Mode{Whole, Split} {
		var out bytes.Buffer
		err := Interpret(context.Background(), f, src, m, Options{Stdout: &out, Stderr: &out, NoTypes: true, NoRewrite: os.Getenv("RAW") != ""})
		t.Logf("%v: %s err=%v", m, out.String(), err)
	}
}

func TestDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(f)
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, f, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	os.Setenv(ExportsEnv, os.Getenv("EXPORTS"))
	info := typeInfo(fset, file)
	if err := rewrite.NodeInfo(fset, file, info); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	printer.Fprint(&buf, fset, file)
	t.Log("\n" + buf.String())
}
