package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func testMessage(t *testing.T) *Message {
	t.Helper()
	parent := &Message{Identities: [][]byte{[]byte("client-1")}, Header: Header{MsgID: "p1", MsgType: "execute_request"}}
	m, err := NewMessage("execute_reply", "sess", parent, map[string]any{"status": "ok", "execution_count": 1})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRoundTrip(t *testing.T) {
	s, err := NewSigner("hmac-sha256", []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	m := testMessage(t)
	m.Buffers = [][]byte{[]byte("buf")}
	frames, err := Encode(m, s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(frames, s)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header != m.Header {
		t.Errorf("header = %+v, want %+v", got.Header, m.Header)
	}
	if string(got.Identities[0]) != "client-1" || len(got.Buffers) != 1 || string(got.Buffers[0]) != "buf" {
		t.Errorf("identities/buffers not preserved: %q %q", got.Identities, got.Buffers)
	}
	var parent Header
	if err := json.Unmarshal(got.ParentHeader, &parent); err != nil || parent.MsgID != "p1" {
		t.Errorf("parent header = %s (%v)", got.ParentHeader, err)
	}
	if !bytes.Equal(got.RawHeader(), frames[3]) {
		t.Errorf("raw header not kept")
	}
}

func TestTampered(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("secret"))
	frames, _ := Encode(testMessage(t), s)
	for i := 3; i < 7; i++ { // header, parent, metadata, content
		bad := make([][]byte, len(frames))
		copy(bad, frames)
		bad[i] = append(append([]byte(nil), frames[i]...), ' ')
		if _, err := Decode(bad, s); !errors.Is(err, ErrBadSignature) {
			t.Errorf("tampered frame %d: err = %v, want ErrBadSignature", i, err)
		}
	}
	// wrong key
	other, _ := NewSigner("hmac-sha256", []byte("other"))
	if _, err := Decode(frames, other); !errors.Is(err, ErrBadSignature) {
		t.Errorf("wrong key: err = %v", err)
	}
	// unsigned message to a signing kernel
	none, _ := NewSigner("hmac-sha256", nil)
	unsigned, _ := Encode(testMessage(t), none)
	if _, err := Decode(unsigned, s); !errors.Is(err, ErrBadSignature) {
		t.Errorf("unsigned: err = %v", err)
	}
	// upper-case hex of the right signature is accepted
	up := make([][]byte, len(frames))
	copy(up, frames)
	up[2] = bytes.ToUpper(frames[2])
	if _, err := Decode(up, s); err != nil {
		t.Errorf("upper-case signature rejected: %v", err)
	}
}

func TestEmptyKey(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", nil)
	frames, _ := Encode(testMessage(t), s)
	if len(frames[2]) != 0 {
		t.Errorf("signature with empty key = %q, want empty", frames[2])
	}
	frames[2] = []byte("anything")
	if _, err := Decode(frames, s); err != nil {
		t.Errorf("empty key must accept any signature: %v", err)
	}
}

func TestSchemes(t *testing.T) {
	for _, sch := range []string{"hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"} {
		s, err := NewSigner(sch, []byte("k"))
		if err != nil {
			t.Fatalf("%s: %v", sch, err)
		}
		frames, _ := Encode(testMessage(t), s)
		if _, err := Decode(frames, s); err != nil {
			t.Errorf("%s: %v", sch, err)
		}
	}
	if _, err := NewSigner("hmac-md5", nil); err == nil {
		t.Error("hmac-md5 accepted")
	}
}

func TestMalformed(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("k"))
	sign := func(h, p, m, c string) [][]byte {
		return [][]byte{[]byte(Delimiter), s.Sign([]byte(h), []byte(p), []byte(m), []byte(c)), []byte(h), []byte(p), []byte(m), []byte(c)}
	}
	cases := map[string]struct {
		frames [][]byte
		want   error
	}{
		"no delimiter":  {[][]byte{[]byte("a"), []byte("b")}, ErrNoDelimiter},
		"short":         {[][]byte{[]byte(Delimiter), []byte("sig"), []byte("{}")}, ErrShortMessage},
		"header array":  {sign(`[]`, `{}`, `{}`, `{}`), ErrBadJSON},
		"no msg_type":   {sign(`{"msg_id":"x"}`, `{}`, `{}`, `{}`), ErrBadJSON},
		"bad content":   {sign(`{"msg_type":"x"}`, `{}`, `{}`, `{"a":`), ErrBadJSON},
		"content array": {sign(`{"msg_type":"x"}`, `{}`, `{}`, `[1]`), ErrBadJSON},
		"wrong type":    {sign(`{"msg_type":5}`, `{}`, `{}`, `{}`), ErrBadJSON},
	}
	for name, c := range cases {
		if _, err := Decode(c.frames, s); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", name, err, c.want)
		}
	}
	if _, err := Decode(sign(`{"msg_type":"x"}`, ``, `{}`, `{}`), s); err != nil {
		t.Errorf("empty parent header must be accepted: %v", err)
	}
}

func TestConnectionFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.json")
	os.WriteFile(p, []byte(`{"ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":"topsecret","signature_scheme":"hmac-sha512"}`), 0o600)
	ci, err := ReadConnectionFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if ci.Transport != "tcp" || ci.Endpoint(ci.IOPubPort) != "tcp://127.0.0.1:4" {
		t.Errorf("endpoint = %s", ci.Endpoint(ci.IOPubPort))
	}
	if bytes.Contains([]byte(ci.String()), []byte("topsecret")) {
		t.Errorf("String leaks the key: %s", ci)
	}
	ipc, err := ParseConnectionInfo([]byte(`{"transport":"ipc","ip":"/tmp/k","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5}`))
	if err != nil || ipc.Endpoint(ipc.ShellPort) != "ipc:///tmp/k-1" {
		t.Errorf("ipc endpoint = %v, %v", ipc, err)
	}
	for _, bad := range []string{`{`, `{"ip":"x","transport":"udp","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5}`,
		`{"ip":"x","shell_port":0,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5}`,
		`{"ip":"x","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"signature_scheme":"rot13"}`} {
		if _, err := ParseConnectionInfo([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
