package display

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/gojup/gojup/kernel/ipc"
)

// Jupyter message types sent by this package.
const (
	typeDisplayData   = "display_data"
	typeUpdateDisplay = "update_display_data"
	typeClearOutput   = "clear_output"
)

// MIME types used by this package.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMESVG      = "image/svg+xml"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMEJSON     = "application/json"
	MIMELaTeX    = "text/latex"
)

// sink is where display output goes: the kernel's event channel, or plain text on a writer
// when the process does not run under a gojup kernel.
type sink struct {
	ch  *ipc.Channel // nil: text fallback
	out io.Writer    // text fallback for display data
	err io.Writer    // text fallback for progress lines
}

// currentSink returns the sink of this process. Tests replace it.
var currentSink = func() sink {
	return sink{ch: ipc.Default(), out: os.Stdout, err: os.Stderr}
}

// send sends one Jupyter message of type typ. Without a kernel, text/plain of data is
// written to the fallback writer (clear_output writes nothing).
func (s sink) send(typ string, content map[string]any) error {
	if s.ch == nil {
		if typ == typeClearOutput {
			return nil
		}
		data, _ := content["data"].(map[string]any)
		text, _ := data[MIMEText].(string)
		if _, err := fmt.Fprintln(s.out, text); err != nil {
			return fmt.Errorf("display: write text fallback: %w", err)
		}
		return nil
	}
	b, err := ipc.Marshal(content)
	if err != nil {
		return fmt.Errorf("display: encode %s: %w", typ, err)
	}
	if err := s.ch.SendSynced(ipc.Event{Type: typ, Content: b}, false); err != nil {
		return fmt.Errorf("display: send %s: %w", typ, err)
	}
	return nil
}

// A Display is output shown in the notebook that can be replaced in place with Update.
// Display functions (HTML, Markdown, Show, ...) return one. Its methods are safe for
// concurrent use; errors are kept and reported by Err instead of interrupting a cell.
//
//	d := display.Markdown("**starting…**")
//	// ... work ...
//	d.UpdateMarkdown("**done** in 3 s")
type Display struct {
	id   string
	sink sink
	mu   sync.Mutex
	err  error
}

// newID returns a display id unique across processes.
func newID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("display: crypto/rand: %v", err)) // never happens on supported systems
	}
	return "gojup-" + hex.EncodeToString(b[:])
}

// ID returns the Jupyter display_id of d.
func (d *Display) ID() string { return d.id }

// Err returns the first error met while sending d's output, or nil.
func (d *Display) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// String describes d briefly; it is what a cell shows when a *Display is its result.
func (d *Display) String() string { return "display " + d.id }

func (d *Display) note(err error) {
	if err == nil {
		return
	}
	d.mu.Lock()
	if d.err == nil {
		d.err = err
	}
	d.mu.Unlock()
}

func content(b Bundle, id string) map[string]any {
	md := b.Metadata
	if md == nil {
		md = map[string]any{}
	}
	return map[string]any{
		"data":      b.Data,
		"metadata":  md,
		"transient": map[string]any{"display_id": id},
	}
}

// showBundle sends b as a new display_data message and returns its Display.
func showBundle(b Bundle) *Display {
	d := &Display{id: newID(), sink: currentSink()}
	d.mu.Lock() // keep an Update from another goroutine behind the first message
	err := d.sink.send(typeDisplayData, content(b.complete(), d.id))
	d.mu.Unlock()
	d.note(err)
	return d
}

// update replaces the output of d with b.
func (d *Display) update(b Bundle) *Display {
	d.mu.Lock()
	err := d.sink.send(typeUpdateDisplay, content(b.complete(), d.id))
	d.mu.Unlock()
	d.note(err)
	return d
}

// Update replaces d's output with the rich form of v (see BundleOf and Show): a Bundle,
// a value with an HTML/Markdown/SVG/MIMEBundle method, an image, a table or timeline, or
// else the value's text.
func (d *Display) Update(v any) *Display { return d.update(bundleOrText(v)) }

// UpdateHTML replaces d's output with HTML.
func (d *Display) UpdateHTML(s string) *Display { return d.update(htmlBundle(s)) }

// UpdateMarkdown replaces d's output with Markdown.
func (d *Display) UpdateMarkdown(s string) *Display { return d.update(markdownBundle(s)) }

// UpdateText replaces d's output with plain text.
func (d *Display) UpdateText(s string) *Display { return d.update(textBundle(s)) }

// UpdateSVG replaces d's output with an SVG image.
func (d *Display) UpdateSVG(s string) *Display { return d.update(svgBundle(s)) }

// UpdateMIME replaces d's output with a MIME bundle (see MIME).
func (d *Display) UpdateMIME(data, metadata map[string]any) *Display {
	return d.update(Bundle{Data: data, Metadata: metadata})
}

// Clear clears the output of the running cell. With wait, the output is cleared only when
// new output arrives, which avoids flicker when redrawing in a loop:
//
//	for i := range 10 {
//		display.Clear(true)
//		display.Markdown(fmt.Sprintf("step **%d**", i))
//	}
//
// Outside a kernel, Clear does nothing.
func Clear(wait bool) error {
	return currentSink().send(typeClearOutput, map[string]any{"wait": wait})
}
