package wire

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// Signer computes and checks message signatures. A Signer with an empty key signs nothing
// and accepts every signature, as the messaging spec allows.
type Signer struct {
	key     []byte
	newHash func() hash.Hash
}

// NewSigner returns a Signer for scheme ("hmac-sha256", "hmac-sha1", "hmac-sha224",
// "hmac-sha384", "hmac-sha512") and key.
func NewSigner(scheme string, key []byte) (*Signer, error) {
	var h func() hash.Hash
	switch strings.ToLower(scheme) {
	case "hmac-sha256", "":
		h = sha256.New
	case "hmac-sha1":
		h = sha1.New
	case "hmac-sha224":
		h = sha256.New224
	case "hmac-sha384":
		h = sha512.New384
	case "hmac-sha512":
		h = sha512.New
	default:
		return nil, fmt.Errorf("wire: unsupported signature scheme %q", scheme)
	}
	return &Signer{key: append([]byte(nil), key...), newHash: h}, nil
}

// Enabled reports whether messages are signed (the key is not empty).
func (s *Signer) Enabled() bool { return s != nil && len(s.key) > 0 }

// Sign returns the hex signature of parts (header, parent header, metadata, content), or
// nil when signing is disabled.
func (s *Signer) Sign(parts ...[]byte) []byte {
	if !s.Enabled() {
		return nil
	}
	m := hmac.New(s.newHash, s.key)
	for _, p := range parts {
		m.Write(p)
	}
	sum := m.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// Verify reports whether sig is the signature of parts, comparing in constant time.
// With signing disabled every signature is accepted.
func (s *Signer) Verify(sig []byte, parts ...[]byte) bool {
	if !s.Enabled() {
		return true
	}
	want := s.Sign(parts...)
	// hex is case-insensitive; normalise without branching on secret data.
	got := []byte(strings.ToLower(string(sig)))
	return hmac.Equal(got, want)
}
