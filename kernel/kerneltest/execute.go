package kerneltest

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/gojup/gojup/kernel/wire"
)

// Result is what an execute request produced.
type Result struct {
	// Request is the execute_request sent.
	Request *wire.Message
	// Reply is the execute_reply; Status is its content's status ("ok", "error", "aborted").
	Reply  *wire.Message
	Status string
	// Outputs are the iopub messages for the request except status and execute_input.
	Outputs []*wire.Message
}

// ErrorContent is the content of an error output or an error reply.
type ErrorContent struct {
	EName     string   `json:"ename"`
	EValue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// ExecuteOptions are the optional fields of an execute_request.
type ExecuteOptions struct {
	Silent, NoStoreHistory, AllowStdin, NoStopOnError bool
}

// Execute runs code and waits for its reply and for the kernel to go idle.
func (c *Client) Execute(ctx context.Context, code string) (*Result, error) {
	return c.ExecuteWith(ctx, code, ExecuteOptions{})
}

// ExecuteWith is Execute with options.
func (c *Client) ExecuteWith(ctx context.Context, code string, o ExecuteOptions) (*Result, error) {
	m, err := c.SendExecute(code, o)
	if err != nil {
		return nil, err
	}
	return c.ExecuteResult(ctx, m)
}

// SendExecute sends an execute_request without waiting; see ExecuteResult.
func (c *Client) SendExecute(code string, o ExecuteOptions) (*wire.Message, error) {
	return c.Send("shell", "execute_request", map[string]any{
		"code": code, "silent": o.Silent, "store_history": !o.NoStoreHistory, "user_expressions": map[string]any{},
		"allow_stdin": o.AllowStdin, "stop_on_error": !o.NoStopOnError,
	})
}

// ExecuteResult waits for the reply and outputs of an execute_request sent with SendExecute.
func (c *Client) ExecuteResult(ctx context.Context, m *wire.Message) (*Result, error) {
	id := m.Header.MsgID
	reply, err := c.Reply(ctx, id)
	if err != nil {
		return nil, err
	}
	all, err := c.Outputs(ctx, id)
	if err != nil {
		return nil, err
	}
	r := &Result{Request: m, Reply: reply}
	var rc struct {
		Status string `json:"status"`
	}
	_ = json.Unmarshal(reply.Content, &rc)
	r.Status = rc.Status
	for _, o := range all {
		if t := o.Header.MsgType; t != "status" && t != "execute_input" {
			r.Outputs = append(r.Outputs, o)
		}
	}
	return r, nil
}

// Stream returns the concatenated text of the stream outputs named name ("stdout", "stderr").
func (r *Result) Stream(name string) string {
	var sb strings.Builder
	for _, o := range r.Outputs {
		if o.Header.MsgType != "stream" {
			continue
		}
		var s struct{ Name, Text string }
		if json.Unmarshal(o.Content, &s) == nil && s.Name == name {
			sb.WriteString(s.Text)
		}
	}
	return sb.String()
}

// Stdout returns everything the cell printed on stdout.
func (r *Result) Stdout() string { return r.Stream("stdout") }

// Stderr returns everything the cell printed on stderr.
func (r *Result) Stderr() string { return r.Stream("stderr") }

// Text returns the text/plain of the execute_result output, or "".
func (r *Result) Text() string {
	for _, o := range r.Outputs {
		if o.Header.MsgType == "execute_result" {
			var c struct {
				Data map[string]any `json:"data"`
			}
			_ = json.Unmarshal(o.Content, &c)
			s, _ := c.Data["text/plain"].(string)
			return s
		}
	}
	return ""
}

// Error returns the first error output, or nil.
func (r *Result) Error() *ErrorContent {
	for _, o := range r.Outputs {
		if o.Header.MsgType == "error" {
			var e ErrorContent
			_ = json.Unmarshal(o.Content, &e)
			return &e
		}
	}
	return nil
}

// ReplyContent decodes the reply content into v.
func (r *Result) ReplyContent(v any) error { return json.Unmarshal(r.Reply.Content, v) }

// Interrupt sends an interrupt_request on control and waits for its reply.
func (c *Client) Interrupt(ctx context.Context) error {
	_, err := c.Request(ctx, "control", "interrupt_request", map[string]any{})
	return err
}

// Shutdown sends a shutdown_request on control and waits for its reply.
func (c *Client) Shutdown(ctx context.Context, restart bool) error {
	_, err := c.Request(ctx, "control", "shutdown_request", map[string]any{"restart": restart})
	return err
}

// KernelInfo sends a kernel_info_request on shell and returns the reply content.
func (c *Client) KernelInfo(ctx context.Context) (map[string]any, error) {
	r, err := c.Request(ctx, "shell", "kernel_info_request", map[string]any{})
	if err != nil {
		return nil, err
	}
	var out map[string]any
	err = json.Unmarshal(r.Content, &out)
	return out, err
}
