package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"go/constant"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gojup/gojup/kernel/symbols"
)

var keywords = []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var"}

var builtins = []string{"any", "append", "bool", "byte", "cap", "clear", "close", "comparable", "complex",
	"complex128", "complex64", "copy", "delete", "error", "false", "float32", "float64", "imag", "int",
	"int16", "int32", "int64", "int8", "iota", "len", "make", "max", "min", "new", "nil", "panic", "print",
	"println", "real", "recover", "rune", "string", "true", "uint", "uint16", "uint32", "uint64", "uint8", "uintptr"}

// codeRequest is the content of complete_request and inspect_request.
type codeRequest struct {
	Code        string `json:"code"`
	CursorPos   int    `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// byteOffset converts a cursor position in Unicode code points to a byte offset.
func byteOffset(s string, cp int) int {
	if cp <= 0 {
		return 0
	}
	i := 0
	for n := 0; n < cp && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

func isIdent(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// identBefore returns the start (byte offset) of the identifier ending at off.
func identBefore(s string, off int) int {
	for off > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:off])
		if !isIdent(r) {
			break
		}
		off -= size
	}
	return off
}

// complete answers a complete_request.
func (w *Worker) complete(content json.RawMessage) any {
	var req codeRequest
	if err := json.Unmarshal(content, &req); err != nil {
		return errorReply("BadRequest", err.Error())
	}
	code := req.Code
	end := byteOffset(code, req.CursorPos)
	start := identBefore(code, end)
	prefix := code[start:end]
	var matches []string
	types := map[string]string{}
	if start > 0 && code[start-1] == '.' {
		qstart := identBefore(code, start-1)
		qual := code[qstart : start-1]
		if _, isVar := w.sess.Decl(qual); isVar {
			for name, kind := range w.memberCompletions(qual) {
				if strings.HasPrefix(name, prefix) {
					matches = append(matches, name)
					types[name] = kind
				}
			}
		} else if p, ok := w.packagePath(qual); ok {
			for name, v := range packageMembers(p) {
				if strings.HasPrefix(name, prefix) {
					matches = append(matches, name)
					types[name] = kindOf(v)
				}
			}
		}
	} else {
		add := func(name, typ string) {
			if strings.HasPrefix(name, prefix) {
				if _, dup := types[name]; !dup {
					matches = append(matches, name)
					types[name] = typ
				}
			}
		}
		for _, n := range w.sess.Idents() {
			add(n, "instance")
		}
		for n := range w.sess.Imports() {
			add(n, "module")
		}
		for _, k := range keywords {
			add(k, "keyword")
		}
		for _, b := range builtins {
			add(b, "function")
		}
		for _, n := range allPackageNames() {
			add(n, "module")
		}
	}
	sort.Strings(matches)
	var typed []map[string]any
	startCP := utf8.RuneCountInString(code[:start])
	endCP := utf8.RuneCountInString(code[:end])
	for _, m := range matches {
		typed = append(typed, map[string]any{"start": startCP, "end": endCP, "text": m, "type": types[m]})
	}
	if matches == nil {
		matches = []string{}
	}
	return map[string]any{"status": "ok", "matches": matches, "cursor_start": startCP, "cursor_end": endCP,
		"metadata": map[string]any{"_jupyter_types_experimental": typed}}
}

// packagePath returns the import path a package name refers to: the session's imports
// first, then any package of the symbol tables with that name.
func (w *Worker) packagePath(name string) (string, bool) {
	if p, ok := w.sess.Imports()[name]; ok {
		return p, true
	}
	for k := range symbols.Symbols {
		i := strings.LastIndexByte(k, '/')
		if i > 0 && k[i+1:] == name && PackageName(k[:i]) == name {
			return k[:i], true
		}
	}
	return "", false
}

// packageMembers returns the exported symbols of package path p.
func packageMembers(p string) map[string]reflect.Value {
	m := symbols.Symbols[p+"/"+PackageName(p)]
	out := make(map[string]reflect.Value, len(m))
	for name, v := range m {
		if name != "" && !strings.HasPrefix(name, "_") {
			out[name] = v
		}
	}
	return out
}

// allPackageNames lists the names of the packages in the symbol tables.
func allPackageNames() []string {
	seen := map[string]bool{}
	var names []string
	for k := range symbols.Symbols {
		i := strings.LastIndexByte(k, '/')
		if i > 0 && !seen[k[i+1:]] && !strings.Contains(k, "internal") {
			seen[k[i+1:]] = true
			names = append(names, k[i+1:])
		}
	}
	// Generic packages given to the interpreter as source (slices, maps, cmp, iter).
	for _, p := range symbols.SourcePackages {
		if name := PackageName(p); !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names
}

// kindOf tells what a symbol table entry is.
func kindOf(v reflect.Value) string {
	switch {
	case !v.IsValid():
		return "instance"
	case v.Kind() == reflect.Func:
		return "function"
	case v.Kind() == reflect.Ptr && v.IsNil():
		return "class"
	case v.Type().Implements(reflect.TypeOf((*constant.Value)(nil)).Elem()), !v.CanAddr():
		return "constant" // untyped (constant.Value) or typed (a plain value) constants
	}
	return "instance" // variables are stored addressable
}

// inspect answers an inspect_request.
func (w *Worker) inspect(content json.RawMessage) any {
	var req codeRequest
	if err := json.Unmarshal(content, &req); err != nil {
		return errorReply("BadRequest", err.Error())
	}
	code := req.Code
	off := byteOffset(code, req.CursorPos)
	// The expression under the cursor: identifiers joined by dots, extended to the right.
	end := off
	for end < len(code) {
		r, size := utf8.DecodeRuneInString(code[end:])
		if !isIdent(r) {
			break
		}
		end += size
	}
	start := identBefore(code, off)
	for start > 1 && code[start-1] == '.' {
		s := identBefore(code, start-1)
		if s == start-1 {
			break
		}
		start = s
	}
	name := code[start:end]
	text := ""
	if name != "" {
		text, _ = w.describe(name, req.DetailLevel)
	}
	if text == "" {
		return map[string]any{"status": "ok", "found": false, "data": map[string]any{}, "metadata": map[string]any{}}
	}
	return map[string]any{"status": "ok", "found": true, "data": map[string]any{"text/plain": text}, "metadata": map[string]any{}}
}

// describe returns what is known about name ("x", "pkg", "pkg.Name", "x.f"): the
// declaration source of session identifiers, the Go type of package members (plus
// `go doc` output at detail level 1 when a Go toolchain is installed).
func (w *Worker) describe(name string, detail int) (string, bool) {
	if src, ok := w.sess.Decl(name); ok {
		return src, true
	}
	first, rest, dotted := strings.Cut(name, ".")
	if src, ok := w.sess.Decl(first); ok && dotted {
		return src, true
	}
	p, ok := w.packagePath(first)
	if !ok {
		return "", false
	}
	var b strings.Builder
	docName := p
	if !dotted {
		fmt.Fprintf(&b, "package %s // import %q\n", first, p)
	} else {
		member, _, _ := strings.Cut(rest, ".")
		v, ok := packageMembers(p)[member]
		if !ok {
			return "", false
		}
		b.WriteString(signature(first, member, v))
		b.WriteString("\n")
		docName = p + "." + member
	}
	if detail > 0 {
		if doc := goDoc(docName); doc != "" {
			b.WriteString("\n")
			b.WriteString(doc)
		}
	}
	return b.String(), true
}

// signature describes a symbol table entry in Go syntax.
func signature(pkg, name string, v reflect.Value) string {
	full := pkg + "." + name
	switch kindOf(v) {
	case "function":
		return "func " + full + funcSig(v.Type(), 0)
	case "class":
		t := v.Type().Elem()
		s := "type " + full + " " + t.Kind().String()
		if t.Kind() == reflect.Interface || t.Kind() == reflect.Struct {
			s = "type " + full + " " + typeBody(t)
		}
		if t.Kind() != reflect.Interface {
			pt := reflect.PointerTo(t)
			for i := 0; i < pt.NumMethod(); i++ {
				m := pt.Method(i)
				recv := "*" + t.Name()
				if _, ok := t.MethodByName(m.Name); ok {
					recv = t.Name()
				}
				s += "\n  func (" + recv + ") " + m.Name + funcSig(m.Type, 1)
			}
		}
		return s
	case "constant":
		if cv, ok := v.Interface().(constant.Value); ok {
			if cv.Kind() == constant.Float {
				return fmt.Sprintf("const %s = %s", full, cv.String())
			}
			return fmt.Sprintf("const %s = %s", full, cv.ExactString())
		}
		return fmt.Sprintf("const %s %s = %v", full, v.Type(), v.Interface())
	}
	return fmt.Sprintf("var %s %s", full, v.Type())
}

// typeBody writes the fields of a struct or the methods of an interface.
func typeBody(t reflect.Type) string {
	var lines []string
	if t.Kind() == reflect.Interface {
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			lines = append(lines, "\t"+m.Name+funcSig(m.Type, 0))
		}
		return "interface {\n" + strings.Join(lines, "\n") + "\n}"
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.IsExported() {
			lines = append(lines, "\t"+f.Name+" "+f.Type.String())
		}
	}
	if len(lines) == 0 {
		return "struct {\n\t// unexported fields\n}"
	}
	return "struct {\n" + strings.Join(lines, "\n") + "\n}"
}

// funcSig formats the parameters (from index skip: 1 skips a method's receiver) and
// results of function type t: "(string, int) (int, error)".
func funcSig(t reflect.Type, skip int) string {
	var in, out []string
	for i := skip; i < t.NumIn(); i++ {
		p := t.In(i).String()
		if t.IsVariadic() && i == t.NumIn()-1 {
			p = "..." + t.In(i).Elem().String()
		}
		in = append(in, p)
	}
	for i := 0; i < t.NumOut(); i++ {
		out = append(out, t.Out(i).String())
	}
	s := "(" + strings.Join(in, ", ") + ")"
	switch len(out) {
	case 0:
	case 1:
		s += " " + out[0]
	default:
		s += " (" + strings.Join(out, ", ") + ")"
	}
	return strings.ReplaceAll(s, "interface {}", "any")
}

// goDoc runs `go doc` for name when a Go toolchain is installed.
func goDoc(name string) string {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, goBin, "doc", name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
