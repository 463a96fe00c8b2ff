package kernel_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
	"github.com/gojup/gojup/kernel/wire"
)

// signedFrames builds a message with a correct signature around arbitrary parts.
func signedFrames(c *kerneltest.Client, header, parent, metadata, content []byte) [][]byte {
	return [][]byte{[]byte(wire.Delimiter), c.Sign(header, parent, metadata, content), header, parent, metadata, content}
}

func header(c *kerneltest.Client, msgType string) []byte {
	b, _ := json.Marshal(wire.Header{MsgID: wire.NewID(), Session: c.Session(), MsgType: msgType, Version: "5.4"})
	return b
}

func TestMalformedMessagesAreRejected(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	ctx := timeout(t, 60*time.Second)
	good, _ := wire.NewMessage("kernel_info_request", c.Session(), nil, map[string]any{})
	goodFrames, _ := wire.Encode(good, mustSigner(t, k))
	big := append(append([]byte(`{"code":"`), bytes.Repeat([]byte("x"), 100<<20)...), `"}`...)
	bad := map[string][][]byte{
		"no delimiter":  {[]byte("a"), []byte("b"), []byte("c")},
		"truncated":     goodFrames[:4],
		"bad json":      signedFrames(c, []byte(`{"msg_type":`), []byte(`{}`), []byte(`{}`), []byte(`{}`)),
		"header array":  signedFrames(c, []byte(`[]`), []byte(`{}`), []byte(`{}`), []byte(`{}`)),
		"content array": signedFrames(c, header(c, "kernel_info_request"), []byte(`{}`), []byte(`{}`), []byte(`[1,2]`)),
		"unsigned":      {[]byte(wire.Delimiter), nil, header(c, "execute_request"), []byte(`{}`), []byte(`{}`), []byte(`{"code":"1"}`)},
		"100 MB":        signedFrames(c, header(c, "is_complete_request"), []byte(`{}`), []byte(`{}`), big),
	}
	for name, frames := range bad {
		for _, ch := range []string{"shell", "control"} {
			if err := c.SendRaw(ch, frames); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	// Replayed message: the same signed kernel_info_request twice gets two replies and no harm.
	for range 2 {
		if err := c.SendRaw("shell", goodFrames[0:]); err != nil {
			t.Fatal(err)
		}
	}
	// Wrong content types get error replies, not silence.
	m, err := c.Send("shell", "execute_request", map[string]any{"code": 5, "silent": "no"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Reply(ctx, m.Header.MsgID)
	if err != nil || !strings.Contains(string(r.Content), `"error"`) {
		t.Fatalf("execute_request with wrong types: %v %v", r, err)
	}
	if _, err := c.KernelInfo(ctx); err != nil {
		t.Fatalf("kernel no longer answers: %v", err)
	}
	run(t, c, "1 + 1", "ok")
	for _, want := range []string{"no <IDS|MSG> delimiter", "bad signature", "malformed message part"} {
		if !strings.Contains(k.Log(), want) {
			t.Errorf("kernel log lacks %q", want)
		}
	}
}

func mustSigner(t *testing.T, k *kerneltest.Kernel) *wire.Signer {
	s, err := k.Conn.Signer()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// FuzzDispatch sends correctly signed requests of any type with any content to a running
// kernel and checks that it still answers kernel_info afterwards. Execute and shutdown
// requests are left out (they would run code or end the kernel).
func FuzzDispatch(f *testing.F) {
	for _, s := range []struct {
		typ, content string
		control      bool
	}{
		{"kernel_info_request", `{}`, false}, {"complete_request", `{"code":"fmt.","cursor_pos":4}`, false},
		{"inspect_request", `{"code":"fmt.Println","cursor_pos":5,"detail_level":7}`, false},
		{"history_request", `{"hist_access_type":"search","pattern":"[[[*","n":-3}`, false},
		{"history_request", `{"hist_access_type":5}`, false}, {"is_complete_request", `{"code":"` + "`" + `"}`, false},
		{"comm_open", `{"comm_id":null}`, false}, {"interrupt_request", `{}`, true}, {"debug_request", `{"command":"x"}`, true},
		{"bogus_request", `{"a":[1,{"b":null}]}`, true}, {"input_reply", `{"value":3}`, false}, {"", `{}`, false},
	} {
		f.Add(s.typ, []byte(s.content), s.control)
	}
	k := kerneltest.Start(f)
	c := k.Client
	f.Fuzz(func(t *testing.T, msgType string, content []byte, control bool) {
		if msgType == "execute_request" || msgType == "shutdown_request" {
			t.Skip("runs code or ends the kernel")
		}
		ch := "shell"
		if control {
			ch = "control"
		}
		h, _ := json.Marshal(wire.Header{MsgID: wire.NewID(), Session: c.Session(), MsgType: msgType, Version: "5.4"})
		if err := c.SendRaw(ch, signedFrames(c, h, []byte(`{}`), []byte(`{}`), content)); err != nil {
			t.Fatal(err)
		}
		if _, err := c.KernelInfo(timeout(t, 20*time.Second)); err != nil {
			t.Fatalf("kernel stopped answering after %q %q: %v\n%s", msgType, content, err, k.Log())
		}
	})
}
