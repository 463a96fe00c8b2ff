package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image"
	_ "image/jpeg" // DecodeConfig of JPEG bytes
	"image/png"
	"regexp"
	"strings"
)

// Bundle is a Jupyter MIME bundle: Data maps MIME types to content (strings, or JSON
// values for application/json), Metadata maps MIME types to per-type metadata such as
// {"image/png": {"width": 320}}.
type Bundle struct {
	Data     map[string]any
	Metadata map[string]any
}

// complete returns b with a text/plain entry, which every bundle carries.
func (b Bundle) complete() Bundle {
	data := make(map[string]any, len(b.Data)+1)
	for k, v := range b.Data {
		data[k] = v
	}
	if _, ok := data[MIMEText]; !ok {
		data[MIMEText] = fallbackText(b.Data)
	}
	return Bundle{Data: data, Metadata: b.Metadata}
}

// fallbackText derives text/plain from the richest entry of data.
func fallbackText(data map[string]any) string {
	switch {
	case data[MIMEMarkdown] != nil:
		return fmt.Sprint(data[MIMEMarkdown])
	case data[MIMELaTeX] != nil:
		return fmt.Sprint(data[MIMELaTeX])
	case data[MIMEHTML] != nil:
		return htmlText(fmt.Sprint(data[MIMEHTML]))
	case data[MIMEJSON] != nil:
		b, err := json.MarshalIndent(data[MIMEJSON], "", "  ")
		if err == nil {
			return string(b)
		}
	case data[MIMESVG] != nil:
		return "<SVG image>"
	case data[MIMEPNG] != nil:
		return "<PNG image>"
	case data[MIMEJPEG] != nil:
		return "<JPEG image>"
	}
	return ""
}

var (
	reTags   = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>|<[^>]*>`)
	reBlanks = regexp.MustCompile(`\n\s*\n+`)
)

// htmlText is a rough plain-text rendering of an HTML fragment.
func htmlText(s string) string {
	s = reTags.ReplaceAllString(s, "")
	s = reBlanks.ReplaceAllString(html.UnescapeString(s), "\n")
	return strings.TrimSpace(s)
}

// An Option adjusts the metadata of displayed output, e.g. the size of an image.
type Option func(b *Bundle)

// Width sets the display width in pixels of images (PNG, JPEG, Image).
func Width(px int) Option { return imageMeta("width", px) }

// Height sets the display height in pixels of images (PNG, JPEG, Image).
func Height(px int) Option { return imageMeta("height", px) }

func imageMeta(key string, px int) Option {
	return func(b *Bundle) {
		for _, mime := range []string{MIMEPNG, MIMEJPEG} {
			if _, ok := b.Data[mime]; !ok {
				continue
			}
			if b.Metadata == nil {
				b.Metadata = map[string]any{}
			}
			m, _ := b.Metadata[mime].(map[string]any)
			if m == nil {
				m = map[string]any{}
				b.Metadata[mime] = m
			}
			m[key] = px
		}
	}
}

func (b Bundle) with(opts []Option) Bundle {
	for _, o := range opts {
		if o != nil {
			o(&b)
		}
	}
	return b
}

func textBundle(s string) Bundle { return Bundle{Data: map[string]any{MIMEText: s}} }
func htmlBundle(s string) Bundle { return Bundle{Data: map[string]any{MIMEHTML: s}} }
func svgBundle(s string) Bundle  { return Bundle{Data: map[string]any{MIMESVG: s}} }
func markdownBundle(s string) Bundle {
	return Bundle{Data: map[string]any{MIMEMarkdown: s}}
}

// HTML shows an HTML fragment.
//
//	display.HTML(`<b style="color:tomato">hot</b> take`)
func HTML(s string) *Display { return showBundle(htmlBundle(s)) }

// Markdown shows Markdown text.
//
//	display.Markdown("# Results\n- **3** workers\n- 120 ms")
func Markdown(s string) *Display { return showBundle(markdownBundle(s)) }

// SVG shows an SVG image given as markup.
//
//	display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="teal"/></svg>`)
func SVG(s string) *Display { return showBundle(svgBundle(s)) }

// Text shows plain text (as output, not as a stream).
func Text(s string) *Display { return showBundle(textBundle(s)) }

// LaTeX shows a LaTeX formula, e.g. display.LaTeX(`$e^{i\pi} + 1 = 0$`).
func LaTeX(s string) *Display {
	return showBundle(Bundle{Data: map[string]any{MIMELaTeX: s, MIMEText: s}})
}

// PNG shows PNG-encoded image bytes; Width and Height options scale it.
//
//	b, _ := os.ReadFile("gopher.png")
//	display.PNG(b, display.Width(120))
func PNG(b []byte, opts ...Option) *Display {
	return showBundle(imageBundle(MIMEPNG, b, "PNG").with(opts))
}

// JPEG shows JPEG-encoded image bytes; Width and Height options scale it.
func JPEG(b []byte, opts ...Option) *Display {
	return showBundle(imageBundle(MIMEJPEG, b, "JPEG").with(opts))
}

func imageBundle(mime string, b []byte, kind string) Bundle {
	text := fmt.Sprintf("<%s image, %d bytes>", kind, len(b))
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(b)); err == nil {
		text = fmt.Sprintf("<%s image %d×%d>", kind, cfg.Width, cfg.Height)
	}
	return Bundle{Data: map[string]any{
		mime:     base64.StdEncoding.EncodeToString(b),
		MIMEText: text,
	}}
}

// Image shows an image.Image, encoded as PNG.
//
//	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
//	// ... draw ...
//	display.Image(img, display.Width(256))
func Image(img image.Image, opts ...Option) *Display {
	return showBundle(imageValueBundle(img).with(opts))
}

func imageValueBundle(img image.Image) Bundle {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return textBundle(fmt.Sprintf("<image: %v>", err))
	}
	return imageBundle(MIMEPNG, buf.Bytes(), "PNG")
}

// JSON shows v as JSON (a collapsible tree in JupyterLab, indented text elsewhere).
// v is anything encoding/json can marshal.
//
//	display.JSON(map[string]any{"name": "gopher", "langs": []string{"go"}})
func JSON(v any) *Display { return showBundle(jsonBundle(v)) }

func jsonBundle(v any) Bundle {
	b, err := json.Marshal(v)
	if err != nil {
		return textBundle(fmt.Sprintf("<JSON: %v>", err))
	}
	var tree any // the value as plain JSON (maps, slices), as Jupyter expects
	if err := json.Unmarshal(b, &tree); err != nil {
		return textBundle(fmt.Sprintf("<JSON: %v>", err))
	}
	indented, _ := json.MarshalIndent(tree, "", "  ")
	return Bundle{Data: map[string]any{MIMEJSON: tree, MIMEText: string(indented)}}
}

// MIME shows any MIME bundle. data maps MIME types to content, metadata (may be nil) maps
// MIME types to their metadata. A text/plain entry is added when missing.
//
//	display.MIME(map[string]any{
//		"text/html":  "<i>rich</i>",
//		"text/plain": "rich",
//	}, nil)
func MIME(data, metadata map[string]any) *Display {
	return showBundle(Bundle{Data: data, Metadata: metadata})
}

// Show shows any value the way a cell's final expression would be shown: its rich form
// when BundleOf finds one (tables, timelines, images, values with an HTML, Markdown, SVG or
// MIMEBundle method), else its text. A Bundle is shown as is. Use it to show a table or
// timeline in the middle of a cell:
//
//	display.Show(display.Table(users))
func Show(v any) *Display { return showBundle(bundleOrText(v)) }

func bundleOrText(v any) Bundle {
	switch v := v.(type) {
	case Bundle:
		return v
	case *Bundle:
		return *v
	}
	if data, md, ok := BundleOf(v); ok {
		return Bundle{Data: data, Metadata: md}
	}
	return textBundle(fmt.Sprint(v))
}
