package display

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/gojup/gojup/kernel/ipc"
)

// recorder captures the events a display call sends through an ipc.Channel over a pipe,
// as the worker's would.
type recorder struct {
	t      *testing.T
	stdout bytes.Buffer // markers
	mu     sync.Mutex
	events []ipc.Event
	done   chan struct{}
	w      *os.File
}

// capture routes this package's output to a fresh channel until the test ends.
func capture(t *testing.T) *recorder {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{t: t, done: make(chan struct{}), w: w}
	go func() {
		defer close(rec.done)
		dec := ipc.NewDecoder(r)
		for {
			var ev ipc.Event
			if err := dec.Decode(&ev); err != nil {
				return
			}
			rec.mu.Lock()
			rec.events = append(rec.events, ev)
			rec.mu.Unlock()
		}
	}()
	ch := ipc.NewChannel(w, &rec.stdout, &rec.stdout)
	old := currentSink
	currentSink = func() sink { return sink{ch: ch, out: &rec.stdout, err: &rec.stdout} }
	t.Cleanup(func() {
		currentSink = old
		w.Close()
		<-rec.done
		r.Close()
	})
	return rec
}

// wait closes the pipe and returns every event sent so far.
func (rec *recorder) wait() []ipc.Event {
	rec.w.Close()
	<-rec.done
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.events
}

type msg struct {
	Data      map[string]any `json:"data"`
	Metadata  map[string]any `json:"metadata"`
	Transient struct {
		DisplayID string `json:"display_id"`
	} `json:"transient"`
	Wait *bool `json:"wait"`
}

func decode(t *testing.T, ev ipc.Event) msg {
	t.Helper()
	var m msg
	if err := json.Unmarshal(ev.Content, &m); err != nil {
		t.Fatalf("content of %s: %v", ev.Type, err)
	}
	return m
}

func TestHTMLSendsSyncedDisplayData(t *testing.T) {
	rec := capture(t)
	d := HTML("<b>bold</b> &amp; co")
	evs := rec.wait()
	if len(evs) != 1 {
		t.Fatalf("got %d events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.Type != "display_data" || ev.ID != 0 || ev.Sync == 0 || ev.SyncStderr {
		t.Fatalf("event %+v: want display_data, ID 0, synced on stdout only", ev)
	}
	if !bytes.Contains(rec.stdout.Bytes(), ipc.Marker(ev.Sync)) {
		t.Fatalf("marker %d not written to stdout (%q)", ev.Sync, rec.stdout.String())
	}
	m := decode(t, ev)
	if m.Data["text/html"] != "<b>bold</b> &amp; co" || m.Data["text/plain"] != "bold & co" {
		t.Fatalf("data %v", m.Data)
	}
	if m.Transient.DisplayID == "" || m.Transient.DisplayID != d.ID() {
		t.Fatalf("display_id %q, want %q", m.Transient.DisplayID, d.ID())
	}
	if m.Metadata == nil {
		t.Fatal("metadata must be an object, not null")
	}
	if d.Err() != nil {
		t.Fatal(d.Err())
	}
}

func TestUpdateKeepsDisplayID(t *testing.T) {
	rec := capture(t)
	a := Markdown("**a**")
	b := Text("other")
	a.UpdateHTML("<i>a2</i>")
	a.Update(Bundle{Data: map[string]any{"text/html": "<i>a3</i>"}})
	evs := rec.wait()
	if len(evs) != 4 {
		t.Fatalf("got %d events, want 4", len(evs))
	}
	if a.ID() == b.ID() {
		t.Fatal("two displays share an id")
	}
	wantTypes := []string{"display_data", "display_data", "update_display_data", "update_display_data"}
	wantIDs := []string{a.ID(), b.ID(), a.ID(), a.ID()}
	for i, ev := range evs {
		m := decode(t, ev)
		if ev.Type != wantTypes[i] || m.Transient.DisplayID != wantIDs[i] {
			t.Errorf("event %d: %s %s, want %s %s", i, ev.Type, m.Transient.DisplayID, wantTypes[i], wantIDs[i])
		}
	}
	if m := decode(t, evs[3]); m.Data["text/plain"] != "a3" {
		t.Errorf("update lacks text/plain fallback: %v", m.Data)
	}
}

func TestClear(t *testing.T) {
	rec := capture(t)
	if err := Clear(true); err != nil {
		t.Fatal(err)
	}
	evs := rec.wait()
	if len(evs) != 1 || evs[0].Type != "clear_output" {
		t.Fatalf("events %+v", evs)
	}
	if m := decode(t, evs[0]); m.Wait == nil || !*m.Wait {
		t.Fatalf("clear_output content %s", evs[0].Content)
	}
}

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 2, 3))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	return img
}

func TestImagesCarrySizeMetadata(t *testing.T) {
	rec := capture(t)
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage()); err != nil {
		t.Fatal(err)
	}
	PNG(buf.Bytes(), Width(100), Height(50))
	Image(testImage())
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	JPEG(jb.Bytes(), Width(10))
	evs := rec.wait()
	mj := decode(t, evs[2])
	if mj.Data["text/plain"] != "<JPEG image 2×3>" || mj.Data["image/jpeg"] == nil || mj.Metadata["image/png"] != nil {
		t.Errorf("JPEG bundle %+v", mj)
	}
	m := decode(t, evs[0])
	if m.Data["text/plain"] != "<PNG image 2×3>" {
		t.Errorf("text/plain %q", m.Data["text/plain"])
	}
	meta, _ := m.Metadata["image/png"].(map[string]any)
	if meta["width"] != 100.0 || meta["height"] != 50.0 {
		t.Errorf("metadata %v", m.Metadata)
	}
	m2 := decode(t, evs[1])
	if m2.Data["image/png"] != m.Data["image/png"] {
		t.Error("Image and PNG of the same picture differ")
	}
}

func TestJSONIsStructured(t *testing.T) {
	rec := capture(t)
	JSON(struct {
		Name string `json:"name"`
		N    []int  `json:"n"`
	}{"go", []int{1, 2}})
	JSON(func() {}) // not encodable: shown as an error text
	evs := rec.wait()
	obj, ok := decode(t, evs[0]).Data["application/json"].(map[string]any)
	if !ok || obj["name"] != "go" {
		t.Fatalf("application/json %v", decode(t, evs[0]).Data)
	}
	if txt, _ := decode(t, evs[1]).Data["text/plain"].(string); !strings.Contains(txt, "unsupported type") {
		t.Fatalf("error text %q", txt)
	}
}

func TestMIMEAddsTextPlain(t *testing.T) {
	rec := capture(t)
	MIME(map[string]any{"text/latex": "$x^2$"}, map[string]any{"isolated": true})
	m := decode(t, rec.wait()[0])
	if m.Data["text/plain"] != "$x^2$" || m.Metadata["isolated"] != true {
		t.Fatalf("got %+v", m)
	}
}

func TestTextFallbackWithoutKernel(t *testing.T) {
	var out bytes.Buffer
	old := currentSink
	currentSink = func() sink { return sink{out: &out, err: &out} }
	defer func() { currentSink = old }()
	d := HTML("<p>hello <b>world</b></p>")
	d.UpdateMarkdown("# again")
	if err := Clear(false); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "hello world\n# again\n" {
		t.Fatalf("fallback printed %q", got)
	}
}

type badge string

func (b badge) HTML() string   { return "<mark>" + string(b) + "</mark>" }
func (b badge) String() string { return "[" + string(b) + "]" }

type bundler struct{}

func (bundler) MIMEBundle() map[string]any { return map[string]any{"text/markdown": "*m*"} }

type svgOnly struct{}

func (svgOnly) SVG() string { return "<svg/>" }

func TestBundleOf(t *testing.T) {
	cases := []struct {
		v        any
		ok       bool
		mime     string
		wantText string
	}{
		{badge("x"), true, "text/html", "[x]"},
		{bundler{}, true, "text/markdown", "*m*"},
		{svgOnly{}, true, "image/svg+xml", "<SVG image>"},
		{testImage(), true, "image/png", "<PNG image 2×3>"},
		{Table([]struct{ A int }{{1}}), true, "text/html", "A\n─\n1"},
		{42, false, "", ""},
		{nil, false, "", ""},
		{&Display{id: "x"}, false, "", ""},
	}
	for _, c := range cases {
		data, _, ok := BundleOf(c.v)
		if ok != c.ok {
			t.Errorf("BundleOf(%T): ok %v", c.v, ok)
			continue
		}
		if !ok {
			continue
		}
		if data[c.mime] == nil || data["text/plain"] != c.wantText {
			t.Errorf("BundleOf(%T) = %v", c.v, data)
		}
	}
	tl := NewTimeline("t")
	tl.Lane("a").Mark("m")
	if data, _, ok := BundleOf(tl); !ok || data["image/svg+xml"] != nil || !strings.Contains(data["text/html"].(string), "<svg") {
		t.Errorf("timeline bundle %v", data)
	}
}
