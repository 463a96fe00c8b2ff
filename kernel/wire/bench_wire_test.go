package wire_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gojup/gojup/kernel/wire"
)

// benchSigner is the hmac-sha256 signer every benchmark of this file uses.
func benchSigner(b *testing.B) *wire.Signer {
	s, err := wire.NewSigner("hmac-sha256", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// benchMessages are typical messages: a small execute_request, a stream output of 100
// lines, and an execute_result carrying a 100 KB SVG.
func benchMessages(b *testing.B) map[string]*wire.Message {
	req, err := wire.NewMessage("execute_request", "session", nil, map[string]any{
		"code": "fmt.Println(1+1)", "silent": false, "store_history": true, "user_expressions": map[string]any{},
		"allow_stdin": true, "stop_on_error": true})
	if err != nil {
		b.Fatal(err)
	}
	req.Identities = [][]byte{[]byte("client-identity")}
	stream, err := wire.NewMessage("stream", "session", req, map[string]string{"name": "stdout",
		"text": strings.Repeat("line of output 0123456789\n", 100)})
	if err != nil {
		b.Fatal(err)
	}
	svg, err := wire.NewMessage("execute_result", "session", req, map[string]any{"execution_count": 1,
		"data":     map[string]string{"image/svg+xml": "<svg>" + strings.Repeat(`<rect x="1" y="2" width="3" height="4"/>`, 2500) + "</svg>"},
		"metadata": map[string]any{}})
	if err != nil {
		b.Fatal(err)
	}
	return map[string]*wire.Message{"execute_request": req, "stream100lines": stream, "svg100KB": svg}
}

// BenchmarkEncode measures wire.Encode (serialise + sign) of typical messages.
func BenchmarkEncode(b *testing.B) {
	s := benchSigner(b)
	for _, name := range []string{"execute_request", "stream100lines", "svg100KB"} {
		m := benchMessages(b)[name]
		b.Run(name, func(b *testing.B) {
			var n int
			for b.Loop() {
				frames, err := wire.Encode(m, s)
				if err != nil {
					b.Fatal(err)
				}
				n = 0
				for _, f := range frames {
					n += len(f)
				}
			}
			b.SetBytes(int64(n))
		})
	}
}

// BenchmarkDecode measures wire.Decode (verify + parse) of typical messages.
func BenchmarkDecode(b *testing.B) {
	s := benchSigner(b)
	for _, name := range []string{"execute_request", "stream100lines", "svg100KB"} {
		frames, err := wire.Encode(benchMessages(b)[name], s)
		if err != nil {
			b.Fatal(err)
		}
		var n int
		for _, f := range frames {
			n += len(f)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				if _, err := wire.Decode(frames, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSignVerify measures the HMAC alone over the four signed parts of a message.
func BenchmarkSignVerify(b *testing.B) {
	s := benchSigner(b)
	m := benchMessages(b)["execute_request"]
	header, _ := json.Marshal(m.Header)
	parts := [][]byte{header, m.ParentHeader, m.Metadata, m.Content}
	b.Run("sign", func(b *testing.B) {
		for b.Loop() {
			s.Sign(parts...)
		}
	})
	sig := s.Sign(parts...)
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			if !s.Verify(sig, parts...) {
				b.Fatal("signature does not verify")
			}
		}
	})
}
