package kernel

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/gojup/gojup/internal/version"
	"github.com/gojup/gojup/kernel/ipc"
	"github.com/gojup/gojup/kernel/wire"
)

// workerRequestTimeout bounds how long complete and inspect wait for the worker.
const workerRequestTimeout = 5 * time.Second

// serveRouter reads requests from a shell or control socket. Execute requests on shell are
// queued for the executor; every other request is answered here, in order, wrapped in
// busy/idle status messages.
func (k *kernel) serveRouter(ctx context.Context, sock zmq4.Socket, channel string) error {
	for {
		m, err := k.recv(ctx, sock, channel)
		if err != nil {
			return err
		}
		k.log.Debug("request", "channel", channel, "type", m.Header.MsgType, "id", m.Header.MsgID)
		if channel == "shell" && m.Header.MsgType == "execute_request" {
			k.exec.enqueue(sock, m)
			continue
		}
		k.status(m, "busy")
		k.handle(ctx, sock, channel, m)
		k.status(m, "idle")
	}
}

// handle answers one non-execute request.
func (k *kernel) handle(ctx context.Context, sock zmq4.Socket, channel string, m *wire.Message) {
	t := m.Header.MsgType
	switch t {
	case "kernel_info_request":
		k.reply(sock, m, "kernel_info_reply", kernelInfo())
	case "is_complete_request":
		var c struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(m.Content, &c)
		k.reply(sock, m, "is_complete_reply", isComplete(c.Code))
	case "complete_request", "inspect_request":
		k.reply(sock, m, strings.TrimSuffix(t, "_request")+"_reply", k.askWorker(ctx, t, m.Content))
	case "history_request":
		k.reply(sock, m, "history_reply", k.hist.request(m.Content))
	case "comm_info_request":
		k.reply(sock, m, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case "comm_open":
		// No comm targets are registered: close the comm so the front end does not wait.
		var c struct {
			CommID string `json:"comm_id"`
		}
		_ = json.Unmarshal(m.Content, &c)
		k.publish(m, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
	case "comm_msg", "comm_close":
		// Nothing to do: gojup has no comms.
	case "shutdown_request":
		var c struct {
			Restart bool `json:"restart"`
		}
		_ = json.Unmarshal(m.Content, &c)
		content := map[string]any{"status": "ok", "restart": c.Restart}
		k.reply(sock, m, "shutdown_reply", content)
		k.publish(m, "shutdown_reply", content)
		k.requestShutdown(c.Restart)
	case "interrupt_request":
		k.exec.interrupt()
		k.reply(sock, m, "interrupt_reply", map[string]any{"status": "ok"})
	case "debug_request":
		k.reply(sock, m, "debug_reply", errorContent("DebuggingNotSupported", "gojup has no debugger"))
	case "execute_request": // on control: not allowed
		k.reply(sock, m, "execute_reply", errorContent("UnknownRequest", "execute_request must be sent on the shell channel"))
	default:
		if strings.HasSuffix(t, "_request") {
			k.reply(sock, m, strings.TrimSuffix(t, "_request")+"_reply",
				errorContent("UnknownRequest", fmt.Sprintf("gojup does not handle %q on %s", t, channel)))
			return
		}
		k.log.Warn("ignored message", "channel", channel, "type", t)
	}
}

// errorContent is the content of an error reply.
func errorContent(ename, evalue string) map[string]any {
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": []string{ename + ": " + evalue}}
}

func kernelInfo() map[string]any {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.ProtocolVersion,
		"implementation":         "gojup",
		"implementation_version": version.Version,
		"language_info": map[string]any{
			"name":            "go",
			"version":         goVersion,
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"pygments_lexer":  "go",
			"codemirror_mode": "go",
		},
		"banner": "gojup " + version.Version + " — Go " + goVersion + " (interpreted by yaegi)\n" +
			"Cells mix imports, declarations and statements; state lives across cells.",
		"help_links": []map[string]string{
			{"text": "Go documentation", "url": "https://go.dev/doc/"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "gojup", "url": "https://github.com/gojup/gojup"},
		},
	}
}

// askWorker forwards a complete or inspect request to the worker and returns the reply
// content. The worker answers these while a cell runs. When the worker is not available
// or too slow, an empty successful reply is returned.
func (k *kernel) askWorker(ctx context.Context, reqType string, content json.RawMessage) any {
	empty := func() any {
		if reqType == "complete_request" {
			var c struct {
				CursorPos int `json:"cursor_pos"`
			}
			_ = json.Unmarshal(content, &c)
			return map[string]any{"status": "ok", "matches": []string{}, "cursor_start": c.CursorPos,
				"cursor_end": c.CursorPos, "metadata": map[string]any{}}
		}
		return map[string]any{"status": "ok", "found": false, "data": map[string]any{}, "metadata": map[string]any{}}
	}
	w := k.sup.current()
	if w == nil {
		return empty()
	}
	ctx, cancel := context.WithTimeout(ctx, workerRequestTimeout)
	defer cancel()
	ev, err := w.call(ctx, ipc.Request{ID: k.newRequestID(), Type: reqType, Content: content})
	if err != nil {
		k.log.Warn("worker request failed", "type", reqType, "err", err)
		return empty()
	}
	return ev.Content
}
