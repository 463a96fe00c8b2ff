package ipc

import (
	"fmt"
	"strings"
	"testing"
)

// splitAll feeds the input in chunks of size n and renders text and markers as a string.
func splitAll(input string, n int) string {
	var s MarkerSplitter
	var out strings.Builder
	for i := 0; i < len(input); i += n {
		j := min(i+n, len(input))
		s.Split([]byte(input[i:j]),
			func(b []byte) { out.Write(b) },
			func(m uint64) { fmt.Fprintf(&out, "<%d>", m) })
	}
	out.Write(s.Flush())
	return out.String()
}

func TestMarkerSplitter(t *testing.T) {
	m := func(n uint64) string { return string(Marker(n)) }
	tests := []struct{ name, in, want string }{
		{"plain", "hello\nworld\n", "hello\nworld\n"},
		{"one marker", "a" + m(1) + "b", "a<1>b"},
		{"two markers", m(7) + m(8), "<7><8>"},
		{"nul in text", "a\x00b", "a\x00b"},
		{"trailing nul", "abc\x00", "abc\x00"},
		{"prefix lookalike", "\x00\x1bgojup-x", "\x00\x1bgojup-x"},
		{"bad number", "\x00\x1bgojup-sync:zz\x00rest", "\x00\x1bgojup-sync:zz\x00rest"},
		{"big number", "x" + m(18446744073709551615) + "y", "x<18446744073709551615>y"},
	}
	for _, tt := range tests {
		for _, n := range []int{1, 2, 3, 5, 1000} {
			if got := splitAll(tt.in, n); got != tt.want {
				t.Errorf("%s (chunks of %d): got %q, want %q", tt.name, n, got, tt.want)
			}
		}
	}
}
