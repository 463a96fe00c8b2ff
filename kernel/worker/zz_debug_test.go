package worker

import (
	"os"
	"strings"
	"testing"
)

func TestDebugShow(t *testing.T) {
	cells := os.Getenv("CELLS")
	if cells == "" {
		t.Skip()
	}
	p := startWorker(t)
	for _, c := range strings.Split(cells, "\n====\n") {
		r := p.exec(c)
		t.Logf("\n--- %s\nstatus=%v result=%q stdout=%q stderr=%q meta=%v\n%s", c, r.reply["status"], r.text(), r.stdout, r.stderr, r.meta, r.traceback())
	}
}
