package display

import (
	"bytes"
	"os"
	"testing"
)

// BenchmarkParseInterpretedTrace parses a recording of the bench's lesson-like cell
// (2000 channel sends to 4 receivers, a mutex, a 50 ms sleep) as it ran in the kernel, with
// the interpreter's deep stacks; testdata/yaegi-lesson.trace has the recording's marks.
func BenchmarkParseInterpretedTrace(b *testing.B) {
	data, err := os.ReadFile("testdata/yaegi-lesson.trace")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := parseWindow("lesson", bytes.NewReader(data), 2, 1); err != nil {
			b.Fatal(err)
		}
	}
}
