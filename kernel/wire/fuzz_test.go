package wire

import (
	"bytes"
	"testing"
)

// fuzzSep splits fuzz input into frames.
var fuzzSep = []byte("|\x00|")

// FuzzDecode checks that Decode never panics and that whatever it accepts re-encodes to
// frames it accepts again.
func FuzzDecode(f *testing.F) {
	s, _ := NewSigner("hmac-sha256", []byte("fuzz-key"))
	m, _ := NewMessage("execute_request", "s", nil, map[string]any{"code": "1+1"})
	frames, _ := Encode(m, s)
	f.Add(bytes.Join(frames, fuzzSep), true)
	f.Add(bytes.Join(frames, fuzzSep), false)
	f.Add([]byte("<IDS|MSG>"), false)
	f.Fuzz(func(t *testing.T, data []byte, signed bool) {
		signer := s
		if !signed {
			signer, _ = NewSigner("hmac-sha256", nil)
		}
		msg, err := Decode(bytes.Split(data, fuzzSep), signer)
		if err != nil {
			return
		}
		out, err := Encode(msg, signer)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if _, err := Decode(out, signer); err != nil {
			t.Fatalf("re-decode of accepted message: %v", err)
		}
	})
}
