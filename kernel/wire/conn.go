// Package wire implements the Jupyter wire protocol used by gojup: connection files,
// message framing over ZeroMQ, and HMAC signing and verification (messaging spec 5.4).
package wire

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strconv"
)

// ConnectionInfo is the content of a Jupyter connection file.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates the connection file at path.
func ReadConnectionFile(path string) (*ConnectionInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("wire: read connection file: %w", err)
	}
	return ParseConnectionInfo(b)
}

// ParseConnectionInfo parses and validates connection file content. A missing transport
// means tcp; a missing signature scheme means hmac-sha256.
func ParseConnectionInfo(b []byte) (*ConnectionInfo, error) {
	var ci ConnectionInfo
	if err := json.Unmarshal(b, &ci); err != nil {
		return nil, fmt.Errorf("wire: parse connection file: %w", err)
	}
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.Transport != "tcp" && ci.Transport != "ipc" {
		return nil, fmt.Errorf("wire: connection file: unsupported transport %q", ci.Transport)
	}
	if ci.IP == "" {
		return nil, fmt.Errorf("wire: connection file: missing ip")
	}
	if ci.SignatureScheme == "" {
		ci.SignatureScheme = "hmac-sha256"
	}
	if _, err := NewSigner(ci.SignatureScheme, nil); err != nil {
		return nil, err
	}
	for name, p := range map[string]int{
		"shell_port": ci.ShellPort, "control_port": ci.ControlPort, "stdin_port": ci.StdinPort,
		"iopub_port": ci.IOPubPort, "hb_port": ci.HBPort,
	} {
		if p <= 0 || p > 65535 {
			return nil, fmt.Errorf("wire: connection file: invalid %s %d", name, p)
		}
	}
	return &ci, nil
}

// Endpoint returns the ZeroMQ endpoint for port as the connection file describes it:
// tcp://IP:PORT, or ipc://IP-PORT for the ipc transport (as jupyter_client names them).
func (c *ConnectionInfo) Endpoint(port int) string {
	if c.Transport == "ipc" {
		return "ipc://" + c.IP + "-" + strconv.Itoa(port)
	}
	return "tcp://" + c.IP + ":" + strconv.Itoa(port)
}

// Signer returns the Signer described by the connection file.
func (c *ConnectionInfo) Signer() (*Signer, error) {
	return NewSigner(c.SignatureScheme, []byte(c.Key))
}

// String describes c without its key.
func (c *ConnectionInfo) String() string {
	return fmt.Sprintf("%s %s shell=%d control=%d stdin=%d iopub=%d hb=%d scheme=%s signed=%t",
		c.Transport, c.IP, c.ShellPort, c.ControlPort, c.StdinPort, c.IOPubPort, c.HBPort,
		c.SignatureScheme, c.Key != "")
}

// LogValue keeps the key out of structured logs.
func (c *ConnectionInfo) LogValue() slog.Value { return slog.StringValue(c.String()) }
