package wire

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Delimiter separates the routing identities of a message from its signed parts.
const Delimiter = "<IDS|MSG>"

// ProtocolVersion is the messaging protocol version gojup speaks.
const ProtocolVersion = "5.4"

// Errors returned by Decode. They are wrapped with details; test with errors.Is.
var (
	ErrNoDelimiter  = errors.New("wire: no <IDS|MSG> delimiter")
	ErrShortMessage = errors.New("wire: fewer than 5 frames after the delimiter")
	ErrBadSignature = errors.New("wire: bad signature")
	ErrBadJSON      = errors.New("wire: malformed message part")
)

// Header is a Jupyter message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message.
type Message struct {
	// Identities are the ZeroMQ routing frames before the delimiter.
	Identities [][]byte
	Header     Header
	// ParentHeader is the header of the request this message answers, or {}.
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte

	// rawHeader is the header exactly as received, used as the parent of replies so that
	// fields gojup does not know survive.
	rawHeader json.RawMessage
}

// RawHeader returns the header as received (for decoded messages) or as encoded.
func (m *Message) RawHeader() json.RawMessage {
	if m.rawHeader != nil {
		return m.rawHeader
	}
	b, _ := json.Marshal(m.Header)
	return b
}

// NewID returns a random message or session id.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// NewMessage returns a message of type msgType in session, answering parent (may be nil),
// with content marshalled from content (a json.RawMessage is used as is).
func NewMessage(msgType, session string, parent *Message, content any) (*Message, error) {
	c, err := marshalContent(content)
	if err != nil {
		return nil, err
	}
	m := &Message{
		Header: Header{
			MsgID:    NewID(),
			Session:  session,
			Username: "gojup",
			Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
			MsgType:  msgType,
			Version:  ProtocolVersion,
		},
		ParentHeader: json.RawMessage("{}"),
		Metadata:     json.RawMessage("{}"),
		Content:      c,
	}
	if parent != nil {
		m.ParentHeader = parent.RawHeader()
		m.Identities = parent.Identities
	}
	return m, nil
}

func marshalContent(content any) (json.RawMessage, error) {
	switch c := content.(type) {
	case nil:
		return json.RawMessage("{}"), nil
	case json.RawMessage:
		if len(c) == 0 {
			return json.RawMessage("{}"), nil
		}
		return c, nil
	}
	b, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("wire: marshal content: %w", err)
	}
	return b, nil
}

// Decode parses the frames of a received message and checks its signature with s.
// It never panics, whatever the frames hold.
func Decode(frames [][]byte, s *Signer) (*Message, error) {
	d := -1
	for i, f := range frames {
		if string(f) == Delimiter {
			d = i
			break
		}
	}
	if d < 0 {
		return nil, ErrNoDelimiter
	}
	rest := frames[d+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("%w (%d)", ErrShortMessage, len(rest))
	}
	sig, parts := rest[0], rest[1:5]
	if !s.Verify(sig, parts...) {
		return nil, ErrBadSignature
	}
	m := &Message{Identities: cloneFrames(frames[:d]), Buffers: cloneFrames(rest[5:])}
	if err := json.Unmarshal(parts[0], &m.Header); err != nil || !isObject(parts[0]) {
		return nil, fmt.Errorf("%w: header: %v", ErrBadJSON, err)
	}
	if m.Header.MsgType == "" {
		return nil, fmt.Errorf("%w: header has no msg_type", ErrBadJSON)
	}
	names := [...]string{"parent_header", "metadata", "content"}
	dst := [...]*json.RawMessage{&m.ParentHeader, &m.Metadata, &m.Content}
	for i, p := range parts[1:] {
		if len(bytes.TrimSpace(p)) == 0 {
			*dst[i] = json.RawMessage("{}")
			continue
		}
		if !isObject(p) || !json.Valid(p) {
			return nil, fmt.Errorf("%w: %s is not a JSON object", ErrBadJSON, names[i])
		}
		*dst[i] = append(json.RawMessage(nil), p...)
	}
	m.rawHeader = append(json.RawMessage(nil), parts[0]...)
	return m, nil
}

func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '{' && b[len(b)-1] == '}'
}

func cloneFrames(fs [][]byte) [][]byte {
	if len(fs) == 0 {
		return nil
	}
	out := make([][]byte, len(fs))
	for i, f := range fs {
		out[i] = append([]byte(nil), f...)
	}
	return out
}

// Encode returns the frames of m signed with s: identities, delimiter, signature, header,
// parent header, metadata, content, buffers.
func Encode(m *Message, s *Signer) ([][]byte, error) {
	header := m.RawHeader()
	parent, meta, content := orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, []byte(Delimiter), s.Sign(header, parent, meta, content), header, parent, meta, content)
	frames = append(frames, m.Buffers...)
	for i, f := range frames {
		if f == nil {
			frames[i] = []byte{}
		}
	}
	return frames, nil
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}
