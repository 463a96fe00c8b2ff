package rewrite_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/worker"
)

func TestScratch(t *testing.T) {
	raw, _ := os.ReadFile("/tmp/x/cells.txt")
	var out, errb bytes.Buffer
	s, err := worker.NewSession(&out, &errb)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range strings.Split(string(raw), "\n----\n") {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		o := s.RunCell(ctx, cell.Parse(c))
		cancel()
		fmt.Printf("== cell %d: %q\nstdout=%q stderr=%q err=%v\n", i, c, out.String(), errb.String(), o.Err)
		out.Reset()
		errb.Reset()
	}
}
