// Package ipc is the protocol between the gojup kernel process and its worker process.
//
// The kernel starts the worker (the same binary, hidden subcommand "worker") with these
// file descriptors:
//
//	0  stdin   the kernel writes lines the user typed in answer to input_request
//	1  stdout  user output, read by the kernel and published as "stream" messages
//	2  stderr  user output and Go runtime crash reports
//	3  requests   kernel → worker, one JSON Request per line
//	4  events     worker → kernel, one JSON Event per line
//
// Requests and events carry Jupyter message contents unchanged where one exists, so the
// kernel only wraps them in headers: an Event of Type "display_data" becomes an iopub
// display_data message whose parent is the request with the Event's ID.
//
// Ordering between the stdout pipe and the event pipe is kept with sync markers: an event
// with a non-zero Sync is published only after the kernel has read Marker(Sync) from stdout
// (and from stderr too, for replies), so text printed before a display call or before the
// end of a cell always reaches the client first. Markers are stripped from the stream.
package ipc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
)

// File descriptors of the worker process (see the package comment).
const (
	RequestFD = 3
	EventFD   = 4
)

// EnvEventFD names the environment variable holding the file descriptor on which a process
// sends events (display output, replies). The worker sets it for itself; a compiled program
// run by %%go run gets it from the kernel so the display package reaches the notebook.
const EnvEventFD = "GOJUP_EVENT_FD"

// Request types the kernel sends besides Jupyter request types
// ("execute_request", "complete_request", "inspect_request").
const (
	TypeInterrupt = "interrupt" // stop the running cell
	TypeRestore   = "restore"   // re-declare a session after a worker restart; Content is RestoreRequest
	TypeShutdown  = "shutdown"  // finish and exit
	TypeSetenv    = "setenv"    // set environment variables for cells; Content is map[string]string
)

// Event types the worker sends besides Jupyter message types
// ("stream" is never sent: output goes through fds 1 and 2).
const (
	TypeReady        = "ready"         // the worker is ready for requests; Content is Ready
	TypeInputRequest = "input_request" // a cell reads stdin; Content is the Jupyter input_request content
	TypeRestoreReply = "restore_reply" // answer to TypeRestore; Content is RestoreReply
	TypeLog          = "log"           // a line for the kernel's log, not for the user
)

// Request is one message from the kernel to the worker.
type Request struct {
	ID      uint64          `json:"id"`
	Type    string          `json:"type"`
	Content json.RawMessage `json:"content,omitempty"`
	// ExecutionCount is the number the kernel gave this execute_request.
	ExecutionCount int `json:"execution_count,omitempty"`
}

// Event is one message from the worker to the kernel.
type Event struct {
	// ID is the Request this event belongs to; 0 for output of no request
	// (background goroutines after their cell ended).
	ID   uint64 `json:"id"`
	Type string `json:"type"`
	// Content is the Jupyter content for Type (for replies: the reply content).
	Content json.RawMessage `json:"content,omitempty"`
	// Metadata is the Jupyter metadata for Type, if any.
	Metadata json.RawMessage `json:"metadata,omitempty"`
	// Sync, when non-zero, holds the event back until Marker(Sync) has been read from
	// stdout, and also from stderr when SyncStderr is set.
	Sync       uint64 `json:"sync,omitempty"`
	SyncStderr bool   `json:"sync_stderr,omitempty"`
	// Final marks the event that ends request ID (its reply).
	Final bool `json:"final,omitempty"`
}

// Ready is the content of a TypeReady event.
type Ready struct {
	PID int `json:"pid"`
}

// RestoreRequest asks a fresh worker to re-declare a session: Cells are the sources of the
// cells that ran successfully, oldest first.
type RestoreRequest struct {
	Cells []string `json:"cells"`
}

// RestoreReply says what a restore brought back and what it could not.
type RestoreReply struct {
	Restored int      `json:"restored"`       // declarations re-evaluated
	Lost     []string `json:"lost,omitempty"` // variables whose values are gone
	Errors   []string `json:"errors,omitempty"`
}

// markerPrefix starts every sync marker. It begins with NUL and ESC so ordinary text output
// never contains it by accident.
const markerPrefix = "\x00\x1bgojup-sync:"

// Marker returns the bytes a process writes to stdout/stderr to mark sync point n.
// The marker is short, so a single write of it is atomic on a pipe.
func Marker(n uint64) []byte {
	return []byte(markerPrefix + strconv.FormatUint(n, 10) + "\x00")
}

// Marshal is json.Marshal without HTML escaping: display data is mostly HTML and SVG, and
// escaping every '<' as \u003c makes it larger for nothing (Jupyter messages are not HTML).
func Marshal(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Message is a Request or an Event: what an Encoder writes and a Decoder reads.
type Message interface {
	// rawParts returns the message's raw JSON fields, which travel outside its header
	// line so that large display data is neither re-validated nor copied by encoding/json.
	rawParts() []*json.RawMessage
}

func (r *Request) rawParts() []*json.RawMessage { return []*json.RawMessage{&r.Content} }
func (e *Event) rawParts() []*json.RawMessage   { return []*json.RawMessage{&e.Content, &e.Metadata} }

// Encoder writes framed messages; it is safe for concurrent use.
//
// A frame is one line, the byte lengths of the message's raw parts and its JSON header
// (the message without those parts), followed by the raw parts themselves:
//
//	12 0 {"id":7,"type":"display_data"}\n{"data":{...}}
type Encoder struct {
	mu sync.Mutex
	w  *bufio.Writer
}

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: bufio.NewWriterSize(w, 64<<10)} }

// Encode writes m as one frame and flushes it.
func (e *Encoder) Encode(m Message) error {
	parts := m.rawParts()
	raw := make([]json.RawMessage, len(parts))
	for i, p := range parts {
		raw[i], *p = *p, nil
	}
	head, err := json.Marshal(m)
	for i, p := range parts {
		*p = raw[i]
	}
	if err != nil {
		return fmt.Errorf("ipc: encode %T: %w", m, err)
	}
	var prefix []byte
	for _, r := range raw {
		prefix = strconv.AppendInt(prefix, int64(len(r)), 10)
		prefix = append(prefix, ' ')
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.w.Write(prefix)
	e.w.Write(head)
	e.w.WriteByte('\n')
	for _, r := range raw {
		e.w.Write(r)
	}
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("ipc: write: %w", err)
	}
	return nil
}

// Decoder reads frames written by an Encoder. Parts may be large (display data of big images).
type Decoder struct{ r *bufio.Reader }

// NewDecoder returns a Decoder reading from r.
func NewDecoder(r io.Reader) *Decoder { return &Decoder{r: bufio.NewReaderSize(r, 64<<10)} }

// maxPart bounds one raw part, so a corrupt length cannot make the reader allocate without limit.
const maxPart = 1 << 30

// Decode reads the next frame into m. It returns io.EOF at the end of the stream. A header
// that is not valid JSON gives a *json.SyntaxError and leaves the stream at the next frame.
func (d *Decoder) Decode(m Message) error {
	line, err := d.r.ReadBytes('\n')
	if len(line) == 0 && err != nil {
		return err
	}
	parts := m.rawParts()
	sizes := make([]int, len(parts))
	for i := range sizes {
		sp := bytes.IndexByte(line, ' ')
		n, convErr := strconv.Atoi(string(line[:max(sp, 0)]))
		if sp < 0 || convErr != nil || n < 0 || n > maxPart {
			return fmt.Errorf("ipc: decode %T: bad frame prefix %.40q", m, line)
		}
		sizes[i], line = n, line[sp+1:]
	}
	raw := make([]json.RawMessage, len(parts))
	for i, n := range sizes {
		if n == 0 {
			continue
		}
		raw[i] = make([]byte, n)
		if _, err := io.ReadFull(d.r, raw[i]); err != nil {
			return fmt.Errorf("ipc: decode %T: short part: %w", m, err)
		}
	}
	if err := json.Unmarshal(line, m); err != nil {
		return fmt.Errorf("ipc: decode %T: %w", m, err)
	}
	for i, p := range parts {
		*p = raw[i]
	}
	return nil
}

// Channel is the event side of a process: the events fd plus the sync markers written to
// its stdout and stderr. Events sent through one Channel are totally ordered.
type Channel struct {
	enc    *Encoder
	mu     sync.Mutex
	next   uint64
	stdout io.Writer
	stderr io.Writer
}

// NewChannel returns a Channel sending events to events and markers to stdout and stderr.
func NewChannel(events, stdout, stderr io.Writer) *Channel {
	return &Channel{enc: NewEncoder(events), stdout: stdout, stderr: stderr}
}

var (
	defaultOnce sync.Once
	defaultChan *Channel
)

// Default returns the Channel of this process, opened from the file descriptor named by
// EnvEventFD, or nil when the process was not started by a gojup kernel. The variable is
// removed from the environment so child processes of cells do not inherit a dangling fd.
func Default() *Channel {
	defaultOnce.Do(func() {
		v := os.Getenv(EnvEventFD)
		if v == "" {
			return
		}
		os.Unsetenv(EnvEventFD)
		fd, err := strconv.Atoi(v)
		if err != nil || fd < 3 {
			return
		}
		f := os.NewFile(uintptr(fd), "gojup-events")
		if f == nil {
			return
		}
		defaultChan = NewChannel(f, os.Stdout, os.Stderr)
	})
	return defaultChan
}

// Send sends ev unsynchronised.
func (c *Channel) Send(ev Event) error { return c.enc.Encode(&ev) }

// SendSynced sends ev so that the kernel publishes it only after everything written to
// stdout before this call (and to stderr too, if withStderr) has been published.
func (c *Channel) SendSynced(ev Event, withStderr bool) error {
	c.mu.Lock()
	c.next++
	n := c.next
	c.mu.Unlock()
	ev.Sync, ev.SyncStderr = n, withStderr
	if err := c.enc.Encode(&ev); err != nil {
		return err
	}
	m := Marker(n)
	if _, err := c.stdout.Write(m); err != nil {
		return fmt.Errorf("ipc: stdout marker: %w", err)
	}
	if withStderr {
		if _, err := c.stderr.Write(m); err != nil {
			return fmt.Errorf("ipc: stderr marker: %w", err)
		}
	}
	return nil
}
