package kernel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/go-zeromq/zmq4"
	"github.com/gojup/gojup/kernel/wire"
)

// sockets are the five Jupyter channels. Sends on one socket are serialised.
type sockets struct {
	shell, control, stdin, iopub, hb zmq4.Socket
	mu                               map[zmq4.Socket]*sync.Mutex
}

func openSockets(ctx context.Context, ci *wire.ConnectionInfo, log *slog.Logger) (*sockets, error) {
	zlog := slog.NewLogLogger(log.Handler(), slog.LevelDebug)
	opts := []zmq4.Option{zmq4.WithLogger(zlog)}
	s := &sockets{
		shell:   zmq4.NewRouter(ctx, opts...),
		control: zmq4.NewRouter(ctx, opts...),
		stdin:   zmq4.NewRouter(ctx, opts...),
		iopub:   zmq4.NewXPub(ctx, opts...),
		hb:      zmq4.NewRep(ctx, opts...),
	}
	s.mu = map[zmq4.Socket]*sync.Mutex{}
	for _, b := range []struct {
		sock zmq4.Socket
		port int
		name string
	}{
		{s.shell, ci.ShellPort, "shell"}, {s.control, ci.ControlPort, "control"},
		{s.stdin, ci.StdinPort, "stdin"}, {s.iopub, ci.IOPubPort, "iopub"}, {s.hb, ci.HBPort, "hb"},
	} {
		s.mu[b.sock] = new(sync.Mutex)
		if err := b.sock.Listen(ci.Endpoint(b.port)); err != nil {
			s.close()
			return nil, fmt.Errorf("kernel: bind %s on %s: %w", b.name, ci.Endpoint(b.port), err)
		}
	}
	return s, nil
}

func (s *sockets) close() {
	for _, sock := range []zmq4.Socket{s.shell, s.control, s.stdin, s.iopub, s.hb} {
		if sock != nil {
			_ = sock.Close()
		}
	}
}

// send encodes m, signs it and sends it on sock.
func (k *kernel) send(sock zmq4.Socket, m *wire.Message) {
	frames, err := wire.Encode(m, k.signer)
	if err != nil {
		k.log.Error("encode message", "type", m.Header.MsgType, "err", err)
		return
	}
	mu := k.socks.mu[sock]
	mu.Lock()
	err = sock.SendMulti(zmq4.NewMsgFrom(frames...))
	mu.Unlock()
	if err != nil {
		k.log.Warn("send message", "type", m.Header.MsgType, "err", err)
	}
}

// reply sends a message of type msgType answering req on sock.
func (k *kernel) reply(sock zmq4.Socket, req *wire.Message, msgType string, content any) {
	m, err := wire.NewMessage(msgType, k.session, req, content)
	if err != nil {
		k.log.Error("build reply", "type", msgType, "err", err)
		return
	}
	k.send(sock, m)
}

// publish sends a message on iopub with parent as its parent (nil for none).
func (k *kernel) publish(parent *wire.Message, msgType string, content any) {
	k.publishMeta(parent, msgType, content, nil)
}

// publishMeta is publish with message metadata.
func (k *kernel) publishMeta(parent *wire.Message, msgType string, content any, metadata []byte) {
	m, err := wire.NewMessage(msgType, k.session, parent, content)
	if err != nil {
		k.log.Error("build iopub message", "type", msgType, "err", err)
		return
	}
	if len(metadata) > 0 {
		m.Metadata = metadata
	}
	m.Identities = [][]byte{[]byte("kernel." + k.session + "." + msgType)}
	k.send(k.socks.iopub, m)
}

// status publishes an execution_state status message.
func (k *kernel) status(parent *wire.Message, state string) {
	k.publish(parent, "status", map[string]string{"execution_state": state})
}

// serveHeartbeat echoes every heartbeat ping. It runs on its own goroutine and takes no locks.
func (k *kernel) serveHeartbeat(ctx context.Context) error {
	for {
		msg, err := k.socks.hb.Recv()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("kernel: heartbeat recv: %w", err)
		}
		if err := k.socks.hb.Send(msg); err != nil && ctx.Err() == nil {
			k.log.Warn("heartbeat send", "err", err)
		}
	}
}

// serveIOPub answers each new iopub subscription with an iopub_welcome message (JEP 65).
func (k *kernel) serveIOPub(ctx context.Context) error {
	for {
		msg, err := k.socks.iopub.Recv()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("kernel: iopub recv: %w", err)
		}
		if len(msg.Frames) == 0 || len(msg.Frames[0]) == 0 || msg.Frames[0][0] != 1 {
			continue // unsubscribe or garbage
		}
		topic := string(msg.Frames[0][1:])
		m, err := wire.NewMessage("iopub_welcome", k.session, nil, map[string]string{"subscription": topic})
		if err != nil {
			continue
		}
		m.Identities = [][]byte{[]byte(topic)}
		k.log.Debug("iopub subscription", "topic", topic)
		k.send(k.socks.iopub, m)
	}
}

// recv reads and verifies the next message of a ROUTER socket. Messages that fail to decode
// or verify are logged and dropped; recv only returns an error when the socket fails.
func (k *kernel) recv(ctx context.Context, sock zmq4.Socket, channel string) (*wire.Message, error) {
	for {
		msg, err := sock.Recv()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("kernel: %s recv: %w", channel, err)
		}
		m, err := wire.Decode(msg.Frames, k.signer)
		if err != nil {
			level := slog.LevelWarn
			if errors.Is(err, wire.ErrBadSignature) {
				level = slog.LevelError
			}
			k.log.Log(ctx, level, "dropped message", "channel", channel, "reason", err, "frames", len(msg.Frames))
			continue
		}
		return m, nil
	}
}

// serveStdin routes input_reply messages to the cell waiting for input.
func (k *kernel) serveStdin(ctx context.Context) error {
	for {
		m, err := k.recv(ctx, k.socks.stdin, "stdin")
		if err != nil {
			return err
		}
		if m.Header.MsgType != "input_reply" {
			k.log.Warn("unexpected message on stdin", "type", m.Header.MsgType)
			continue
		}
		k.exec.inputReply(m)
	}
}
