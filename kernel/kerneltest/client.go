// Package kerneltest drives a gojup kernel the way a Jupyter front end does, for
// integration tests and benchmarks.
//
// Start builds the gojup binary (once per test binary), starts `gojup kernel -f conn.json`
// on free ports in temporary directories and connects a Client to it:
//
//	k := kerneltest.Start(t)
//	res, err := k.Client.Execute(ctx, `fmt.Println("hi")`)
//	// res.Status == "ok", res.Stdout() == "hi\n"
//
// A Client can also be used on its own with Dial and any connection file.
package kerneltest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/gojup/gojup/kernel/wire"
)

// Client is a Jupyter client connected to the five channels of a kernel. Its methods are
// safe for concurrent use.
type Client struct {
	ctx     context.Context
	cancel  context.CancelFunc
	signer  *wire.Signer
	session string

	shell, control, stdin, iopub, hb zmq4.Socket
	sendMu                           sync.Mutex

	mu      sync.Mutex
	changed chan struct{}              // closed and replaced whenever a message arrives
	replies map[string]*wire.Message   // parent msg_id → reply (shell, control)
	iopubBy map[string][]*wire.Message // parent msg_id → iopub messages, in order
	welcome []*wire.Message

	onInput func(prompt string, password bool) string // guarded by mu
}

// OnInput sets the function that answers input_request messages (prompt, password) → value.
// Until it is set, inputs are answered with "".
func (c *Client) OnInput(f func(prompt string, password bool) string) {
	c.mu.Lock()
	c.onInput = f
	c.mu.Unlock()
}

// Dial connects a client to the kernel described by ci, subscribes to iopub and waits for
// the kernel's iopub_welcome message.
func Dial(ctx context.Context, ci *wire.ConnectionInfo) (*Client, error) {
	return dial(ctx, ci, true)
}

func dial(ctx context.Context, ci *wire.ConnectionInfo, waitWelcome bool) (*Client, error) {
	signer, err := ci.Signer()
	if err != nil {
		return nil, err
	}
	c := &Client{signer: signer, session: wire.NewID(), changed: make(chan struct{}),
		replies: map[string]*wire.Message{}, iopubBy: map[string][]*wire.Message{}}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	// Cancelling ctx while dialling stops the sockets' connection retries.
	stop := context.AfterFunc(ctx, c.cancel)
	defer stop()
	opts := []zmq4.Option{zmq4.WithDialerRetry(2 * time.Millisecond), zmq4.WithDialerMaxRetries(5000),
		zmq4.WithID(zmq4.SocketIdentity(c.session))}
	c.shell = zmq4.NewDealer(c.ctx, opts...)
	c.control = zmq4.NewDealer(c.ctx, opts...)
	c.stdin = zmq4.NewDealer(c.ctx, opts...)
	c.iopub = zmq4.NewSub(c.ctx, opts...)
	c.hb = zmq4.NewReq(c.ctx, opts...)
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{c.iopub, ci.IOPubPort}, {c.shell, ci.ShellPort}, {c.control, ci.ControlPort}, {c.stdin, ci.StdinPort}, {c.hb, ci.HBPort}} {
		if err := d.s.Dial(ci.Endpoint(d.port)); err != nil {
			c.Close()
			return nil, fmt.Errorf("kerneltest: dial %s: %w", ci.Endpoint(d.port), err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		c.Close()
		return nil, fmt.Errorf("kerneltest: subscribe: %w", err)
	}
	go c.read(c.shell, "shell")
	go c.read(c.control, "control")
	go c.read(c.stdin, "stdin")
	go c.read(c.iopub, "iopub")
	if !waitWelcome {
		return c, nil
	}
	if err := c.wait(ctx, func() bool { return len(c.welcome) > 0 }); err != nil {
		c.Close()
		return nil, fmt.Errorf("kerneltest: no iopub_welcome: %w", err)
	}
	return c, nil
}

// Close closes the client's sockets.
func (c *Client) Close() {
	c.cancel()
	for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.iopub, c.hb} {
		if s != nil {
			_ = s.Close()
		}
	}
}

// Welcome returns the iopub_welcome messages received so far.
func (c *Client) Welcome() []*wire.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*wire.Message(nil), c.welcome...)
}

func (c *Client) read(s zmq4.Socket, channel string) {
	for {
		msg, err := s.Recv()
		if err != nil {
			return
		}
		m, err := wire.Decode(msg.Frames, c.signer)
		if err != nil {
			continue
		}
		if channel == "stdin" && m.Header.MsgType == "input_request" {
			go c.answerInput(m)
			continue
		}
		parent := ParentID(m)
		c.mu.Lock()
		switch {
		case m.Header.MsgType == "iopub_welcome":
			c.welcome = append(c.welcome, m)
		case channel == "iopub":
			c.iopubBy[parent] = append(c.iopubBy[parent], m)
		default:
			c.replies[parent] = m
		}
		close(c.changed)
		c.changed = make(chan struct{})
		c.mu.Unlock()
	}
}

func (c *Client) answerInput(m *wire.Message) {
	var req struct {
		Prompt   string `json:"prompt"`
		Password bool   `json:"password"`
	}
	_ = json.Unmarshal(m.Content, &req)
	value := ""
	c.mu.Lock()
	f := c.onInput
	c.mu.Unlock()
	if f != nil {
		value = f(req.Prompt, req.Password)
	}
	reply, err := wire.NewMessage("input_reply", c.session, m, map[string]string{"value": value})
	if err == nil {
		reply.Identities = nil
		_ = c.sendMsg(c.stdin, reply)
	}
}

// wait blocks until cond (called with c.mu held) is true.
func (c *Client) wait(ctx context.Context, cond func() bool) error {
	for {
		c.mu.Lock()
		ok, ch := cond(), c.changed
		c.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// ParentID returns the msg_id of m's parent header ("" when none).
func ParentID(m *wire.Message) string {
	var h wire.Header
	_ = json.Unmarshal(m.ParentHeader, &h)
	return h.MsgID
}

func (c *Client) socket(channel string) (zmq4.Socket, error) {
	switch channel {
	case "shell":
		return c.shell, nil
	case "control":
		return c.control, nil
	case "stdin":
		return c.stdin, nil
	}
	return nil, fmt.Errorf("kerneltest: cannot send on channel %q", channel)
}

func (c *Client) sendMsg(s zmq4.Socket, m *wire.Message) error {
	frames, err := wire.Encode(m, c.signer)
	if err != nil {
		return err
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	return s.SendMulti(zmq4.NewMsgFrom(frames...))
}

// Send sends a message of msgType with content on channel ("shell", "control" or
// "stdin") and returns it (its Header.MsgID identifies the replies and outputs).
func (c *Client) Send(channel, msgType string, content any) (*wire.Message, error) {
	s, err := c.socket(channel)
	if err != nil {
		return nil, err
	}
	m, err := wire.NewMessage(msgType, c.session, nil, content)
	if err != nil {
		return nil, err
	}
	return m, c.sendMsg(s, m)
}

// Reply waits for the reply to the request with msg_id id.
func (c *Client) Reply(ctx context.Context, id string) (*wire.Message, error) {
	var r *wire.Message
	err := c.wait(ctx, func() bool { r = c.replies[id]; return r != nil })
	return r, err
}

// Request sends a request and waits for its reply.
func (c *Client) Request(ctx context.Context, channel, msgType string, content any) (*wire.Message, error) {
	m, err := c.Send(channel, msgType, content)
	if err != nil {
		return nil, err
	}
	return c.Reply(ctx, m.Header.MsgID)
}

// Outputs waits until the kernel published status idle for request id and returns every
// iopub message it published for it, in order (status messages included).
func (c *Client) Outputs(ctx context.Context, id string) ([]*wire.Message, error) {
	var out []*wire.Message
	err := c.wait(ctx, func() bool {
		out = c.iopubBy[id]
		for _, m := range out {
			if m.Header.MsgType == "status" && strings.Contains(string(m.Content), `"idle"`) {
				return true
			}
		}
		return false
	})
	return append([]*wire.Message(nil), out...), err
}

// IOPub returns the iopub messages received so far for request id, without waiting.
func (c *Client) IOPub(id string) []*wire.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*wire.Message(nil), c.iopubBy[id]...)
}

// WaitIOPub waits until an iopub message for request id satisfies match and returns it.
func (c *Client) WaitIOPub(ctx context.Context, id string, match func(*wire.Message) bool) (*wire.Message, error) {
	var found *wire.Message
	err := c.wait(ctx, func() bool {
		for _, m := range c.iopubBy[id] {
			if match(m) {
				found = m
				return true
			}
		}
		return false
	})
	return found, err
}

// Heartbeat sends one heartbeat ping and returns the round-trip time.
func (c *Client) Heartbeat(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		if err := c.hb.Send(zmq4.NewMsgString("ping")); err != nil {
			done <- err
			return
		}
		_, err := c.hb.Recv()
		done <- err
	}()
	select {
	case err := <-done:
		return time.Since(start), err
	case <-ctx.Done():
		return 0, errors.New("kerneltest: heartbeat timed out")
	}
}

// SendRaw sends frames as they are on channel ("shell", "control" or "stdin"), for tests
// of malformed messages. See Sign.
func (c *Client) SendRaw(channel string, frames [][]byte) error {
	s, err := c.socket(channel)
	if err != nil {
		return err
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	return s.SendMulti(zmq4.NewMsgFrom(frames...))
}

// Sign returns the signature of header, parent header, metadata and content with the
// client's key.
func (c *Client) Sign(parts ...[]byte) []byte { return c.signer.Sign(parts...) }

// Session returns the client's session id.
func (c *Client) Session() string { return c.session }
