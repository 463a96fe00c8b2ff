package ipc

import (
	"bytes"
	"strconv"
)

// MarkerSplitter separates sync markers from the text of an output stream that arrives in
// arbitrary chunks (a marker may be split across two reads).
type MarkerSplitter struct {
	pending []byte // a possible marker prefix held back from the last chunk
}

// Split returns the text of chunk (with any held-back bytes before it) and calls onMarker
// for each marker, in stream order: text before a marker is passed to onText before
// onMarker is called.
func (s *MarkerSplitter) Split(chunk []byte, onText func([]byte), onMarker func(uint64)) {
	data := chunk
	if len(s.pending) > 0 {
		data = append(s.pending, chunk...)
		s.pending = nil
	}
	for len(data) > 0 {
		i := bytes.IndexByte(data, 0)
		if i < 0 {
			onText(data)
			return
		}
		rest := data[i:]
		if len(rest) < len(markerPrefix) && bytes.HasPrefix([]byte(markerPrefix), rest) {
			if i > 0 {
				onText(data[:i])
			}
			s.pending = append([]byte(nil), rest...)
			return
		}
		if !bytes.HasPrefix(rest, []byte(markerPrefix)) {
			onText(data[:i+1])
			data = data[i+1:]
			continue
		}
		end := bytes.IndexByte(rest[len(markerPrefix):], 0)
		if end < 0 {
			if len(rest) > len(markerPrefix)+20 { // too long for a number: not a marker
				onText(data[:i+1])
				data = data[i+1:]
				continue
			}
			if i > 0 {
				onText(data[:i])
			}
			s.pending = append([]byte(nil), rest...)
			return
		}
		n, err := strconv.ParseUint(string(rest[len(markerPrefix):len(markerPrefix)+end]), 10, 64)
		if err != nil {
			onText(data[:i+1])
			data = data[i+1:]
			continue
		}
		if i > 0 {
			onText(data[:i])
		}
		onMarker(n)
		data = rest[len(markerPrefix)+end+1:]
	}
}

// Flush returns bytes held back as a possible marker start (call at end of stream).
func (s *MarkerSplitter) Flush() []byte {
	p := s.pending
	s.pending = nil
	return p
}
