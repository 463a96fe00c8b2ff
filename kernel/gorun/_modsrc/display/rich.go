package display

import "image"

// HTMLer is implemented by values that render themselves as HTML. A cell whose final
// expression is such a value shows the HTML.
//
//	type Badge string
//	func (b Badge) HTML() string { return "<mark>" + html.EscapeString(string(b)) + "</mark>" }
type HTMLer interface{ HTML() string }

// Markdowner is implemented by values that render themselves as Markdown.
type Markdowner interface{ Markdown() string }

// SVGer is implemented by values that render themselves as an SVG image (markup).
type SVGer interface{ SVG() string }

// MIMEBundler is implemented by values that render themselves as a whole MIME bundle
// (MIME type → content). A "text/plain" entry is added when missing.
type MIMEBundler interface{ MIMEBundle() map[string]any }

// BundleOf returns the rich MIME bundle of v and ok = true when v has one: a MIMEBundler,
// HTMLer, SVGer or Markdowner (checked in that order), an image.Image, a *Timeline or a
// *TableView. Otherwise ok is false and the caller shows v as text. The data always
// carries "text/plain" (from v's String method when it has one).
//
// The gojup worker calls it for the value of a cell's final expression. Values of types
// declared in a cell are interpreted and do not satisfy these interfaces through an any
// parameter (nor through a type switch or conversion in the cell, with yaegi v0.16.1):
// the worker evaluates display.BundleOfHTMLer(x) (or BundleOfMarkdowner, BundleOfSVGer,
// BundleOfMIMEBundler) inside the interpreter for such values, which works. For the same
// reason display.Show(x) in a cell shows such a value as text; display.HTML(x.HTML()) works.
func BundleOf(v any) (data, metadata map[string]any, ok bool) {
	var b Bundle
	switch x := v.(type) {
	case nil:
		return nil, nil, false
	case *Display:
		return nil, nil, false // already shown
	case MIMEBundler:
		b = Bundle{Data: x.MIMEBundle()}
	case HTMLer:
		b = htmlBundle(x.HTML())
	case SVGer:
		b = svgBundle(x.SVG())
	case Markdowner:
		b = markdownBundle(x.Markdown())
	case image.Image:
		b = imageValueBundle(x)
	default:
		return nil, nil, false
	}
	if b.Data == nil {
		return nil, nil, false
	}
	if s, isStringer := v.(interface{ String() string }); isStringer {
		if _, has := b.Data[MIMEText]; !has {
			b.Data[MIMEText] = s.String()
		}
	}
	b = b.complete()
	return b.Data, b.Metadata, true
}

// BundleOfHTMLer is BundleOf for a value known to be an HTMLer. Like BundleOfMarkdowner,
// BundleOfSVGer and BundleOfMIMEBundler it exists for interpreters: yaegi (which runs
// notebook cells) wraps a value of a cell-declared type into the compiled interface only
// when it is passed as a parameter of that interface type, so a kernel that knows (e.g.
// from go/types) that a result has an HTML method evaluates display.BundleOfHTMLer(x).
func BundleOfHTMLer(x HTMLer) (data, metadata map[string]any, ok bool) { return BundleOf(x) }

// BundleOfMarkdowner is BundleOf for a Markdowner (see BundleOfHTMLer).
func BundleOfMarkdowner(x Markdowner) (data, metadata map[string]any, ok bool) {
	return BundleOf(x)
}

// BundleOfSVGer is BundleOf for an SVGer (see BundleOfHTMLer).
func BundleOfSVGer(x SVGer) (data, metadata map[string]any, ok bool) { return BundleOf(x) }

// BundleOfMIMEBundler is BundleOf for a MIMEBundler (see BundleOfHTMLer).
func BundleOfMIMEBundler(x MIMEBundler) (data, metadata map[string]any, ok bool) {
	return BundleOf(x)
}
