package display

import (
	"bytes"
	"encoding/binary"
)

// Batch header bytes of the execution trace format (internal/trace/tracev2, Go 1.26).
const (
	evEventBatch        = 1
	evExperimentalBatch = 49
	evEndOfGeneration   = 52
	traceHeaderLen      = 16 // "go 1.26 trace" and padding
)

// windowWriter receives a trace snapshot and keeps only the generations from the first
// one holding mark (the literal text of a recording's root mark, which is in the string
// table of its generation) on. Decoding earlier generations is most of the parse time of
// a snapshot of a long-running flight recorder, and holding them costs memory the size
// of the recorder's whole history; generations are self-contained, so the rest parses on
// its own. Anything unexpected in the framing makes it keep everything from there on, so
// the parser sees what is wrong.
type windowWriter struct {
	mark    []byte
	minGen  uint64 // generations before it cannot hold the mark: skipped unread
	maxGen  uint64 // the last generation seen
	header  []byte
	pending []byte // an incomplete batch, waiting for more bytes
	cur     []byte // the batches of the current generation, before the mark is seen
	curGen  uint64
	out     []byte // the header and the kept generations
	found   bool   // the mark was seen: keep everything from now on
	opaque  bool   // unknown framing: keep everything from now on
}

// newWindowWriter returns a windowWriter for mark, which is in generation minGen or a
// later one.
func newWindowWriter(mark string, minGen uint64) *windowWriter {
	return &windowWriter{mark: []byte(mark), minGen: minGen}
}

func (w *windowWriter) Write(p []byte) (int, error) {
	n := len(p)
	if len(w.header) < traceHeaderLen {
		k := min(traceHeaderLen-len(w.header), len(p))
		w.header = append(w.header, p[:k]...)
		p = p[k:]
	}
	if w.found || w.opaque {
		w.out = append(w.out, p...)
		return n, nil
	}
	if len(w.pending) > 0 {
		w.pending = append(w.pending, p...)
		p = w.pending
	}
	for len(p) > 0 && !w.found && !w.opaque {
		size, gen, ok := batchFrame(p)
		if !ok {
			break // incomplete: wait for more
		}
		if size < 0 {
			w.keepAll(p)
			return n, nil
		}
		w.batch(p[:size], gen)
		p = p[size:]
	}
	if w.found || w.opaque {
		w.out = append(w.out, p...)
		w.pending = w.pending[:0]
		return n, nil
	}
	w.pending = append(w.pending[:0], p...)
	return n, nil
}

// batch takes one complete batch of generation gen (0: an end-of-generation marker).
func (w *windowWriter) batch(b []byte, gen uint64) {
	if gen == 0 {
		w.cur = w.cur[:0] // the generation ended without the mark
		return
	}
	w.maxGen = max(w.maxGen, gen)
	if gen < w.minGen {
		return // older than the recording: neither copied nor searched
	}
	if gen != w.curGen {
		w.cur, w.curGen = w.cur[:0], gen
	}
	w.cur = append(w.cur, b...)
	if bytes.Contains(b, w.mark) {
		w.found = true
		w.out = append(append(w.out, w.header...), w.cur...)
		w.cur = nil
	}
}

// keepAll gives up filtering: what was held and rest are all kept.
func (w *windowWriter) keepAll(rest []byte) {
	w.opaque = true
	w.out = append(append(append(w.out, w.header...), w.cur...), rest...)
	w.cur, w.pending = nil, nil
}

// Bytes returns the kept trace: from the generation holding the mark on, or the last
// generation seen when there was no mark (the parser then reports the lost start).
func (w *windowWriter) Bytes() []byte {
	if w.found || w.opaque {
		return append(w.out, w.pending...)
	}
	return append(append(append([]byte(nil), w.header...), w.cur...), w.pending...)
}

// batchFrame returns the length of the batch at the start of p and its generation (0 for
// an end-of-generation marker); ok is false when p holds only part of the batch, and size
// is negative when p does not start with a batch this code knows.
func batchFrame(p []byte) (size int, gen uint64, ok bool) {
	off := 1
	switch p[0] {
	case evEndOfGeneration:
		return 1, 0, true
	case evEventBatch:
	case evExperimentalBatch:
		off++ // the experiment
	default:
		return -1, 0, true
	}
	var fields [4]uint64 // generation, M, timestamp, size
	for i := range fields {
		if off >= len(p) {
			return 0, 0, false
		}
		v, k := binary.Uvarint(p[off:])
		if k == 0 {
			return 0, 0, false
		}
		if k < 0 || (i == 0 && v == 0) {
			return -1, 0, true
		}
		fields[i], off = v, off+k
	}
	if fields[3] > uint64(len(p)-off) {
		return 0, 0, false
	}
	return off + int(fields[3]), fields[0], true
}
