package worker

import (
	"strings"
	"testing"
)

// Final expressions that are generic calls, and calls with any number of results.
func TestGenericAndMultiResults(t *testing.T) {
	p := startWorker(t)
	p.ok("import \"slices\"\nxs := []int{4, 9, 2}")
	if r := p.ok("slices.Max([]int{4, 9, 2})"); r.text() != "9" {
		t.Errorf("slices.Max = %q", r.text())
	}
	if r := p.ok("slices.Clone(xs)"); r.text() != "[4 9 2]" {
		t.Errorf("slices.Clone = %q", r.text())
	}
	if r := p.ok("func three() (int, int, int) { return 1, 2, 3 }\nthree()"); r.text() != "1 2 3" {
		t.Errorf("three() = %q", r.text())
	}
	if r := p.ok("func four() (int, string, bool, error) { return 1, \"a\", true, nil }\nfour()"); r.text() != "1 a true <nil>" {
		t.Errorf("four() = %q", r.text())
	}
	if r := p.exec("slices.Max([]int{})"); r.reply["status"] != "error" || !strings.Contains(r.traceback(), "slices.Max: empty list") {
		t.Errorf("slices.Max of empty: %v %s", r.reply["status"], r.traceback())
	}
}
