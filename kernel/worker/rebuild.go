package worker

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/typecheck"
	"github.com/traefik/yaegi/interp"
)

// The interpreter binds a call to the function, and a value to the type, declared when
// the calling code was compiled: redefining a func, method or type in a later cell would
// not take effect for earlier code. A cell that redefines one (issue 4) is run in a
// rebuilt session instead: a fresh interpreter re-declares the session's cells in order
// from a log (like a restore: imports, types, funcs, consts, pure variables), with the
// new definitions in place of the old ones; variables whose types the redefinition does
// not touch keep their values, the others are reset and named on stderr.

// logEntry is a cell whose Go code ran in the session.
type logEntry struct {
	src   string
	parts []cell.Part
}

// appendLog adds a cell to the session's declaration log.
func (s *Session) appendLog(c *cell.Cell) {
	s.logMu.Lock()
	s.declLog = append(s.declLog, logEntry{c.Source, c.Parts})
	s.logMu.Unlock()
}

// rebuildTimeout bounds the re-declaration of the session.
const rebuildTimeout = 10 * time.Second

// runCellRebuilding runs c, in a rebuilt session when c redefines a func, method or type
// the session declared, and logs it.
func (s *Session) runCellRebuilding(ctx context.Context, c *cell.Cell) Outcome {
	s.logMu.Lock()
	log := s.declLog
	s.logMu.Unlock()
	if red := s.redefined(c); len(red) > 0 && !s.Busy() {
		if out, newLog, ok := s.rebuild(ctx, c, red, log); ok {
			log = newLog
			if out.Err == nil {
				log = append(log, logEntry{c.Source, c.Parts})
			}
			s.logMu.Lock()
			s.declLog = log
			s.logMu.Unlock()
			return out
		}
	}
	out := s.runCell(ctx, c, true)
	if out.Err == nil {
		s.appendLog(c)
	}
	return out
}

// partDecl parses a Decl part (nil if it is not one).
func partDecl(p cell.Part) ast.Decl {
	if p.Kind != cell.Decl {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+p.Src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return nil
	}
	return f.Decls[0]
}

// funcOrTypeNames lists the funcs, methods ("T.M") and types d declares.
func funcOrTypeNames(d ast.Decl) []string {
	if gd, ok := d.(*ast.GenDecl); ok && gd.Tok != token.TYPE {
		return nil
	}
	return declNames(d)
}

// redefined returns the funcs, methods and types c declares that the session declared
// with another source.
func (s *Session) redefined(c *cell.Cell) map[string]bool {
	red := map[string]bool{}
	for _, p := range c.Parts {
		d := partDecl(p)
		if d == nil {
			continue
		}
		for _, n := range funcOrTypeNames(d) {
			if n == "main" {
				continue // a program cell's main is run, not called by other code
			}
			old, ok := s.Decl(n)
			if !ok || strings.TrimSpace(old) == strings.TrimSpace(p.Src) {
				continue
			}
			// Only a func, method or type replaces a func, method or type.
			if od := partDecl(cell.Part{Kind: cell.Decl, Src: old}); od != nil && slices.Contains(funcOrTypeNames(od), n) {
				red[n] = true
			}
		}
	}
	return red
}

// entryNames lists the names the parts of e declare or define.
func entryNames(e logEntry) []string {
	var names []string
	for _, p := range e.parts {
		if d := partDecl(p); d != nil {
			names = append(names, declNames(d)...)
			continue
		}
		if _, defined, _ := restorable(p); defined != nil {
			names = append(names, defined...)
		}
	}
	return names
}

// rebuild runs c in a rebuilt session. ok is false when the session is not rebuilt: its
// log does not cover what it declared (e.g. after a restore), the checker rejects c, or
// earlier funcs, methods or types would not compile with the new definitions (said on
// stderr). Nothing changed then, and c runs in the session as before.
func (s *Session) rebuild(ctx context.Context, c *cell.Cell, red map[string]bool, log []logEntry) (out Outcome, newLog []logEntry, ok bool) {
	t0 := time.Now()
	covered := map[string]bool{}
	for _, e := range log {
		for _, n := range entryNames(e) {
			covered[n] = true
		}
	}
	s.mu.Lock()
	oldDecls := make(map[string]string, len(s.decls))
	for n, src := range s.decls {
		oldDecls[n] = src
	}
	complete := true
	for n := range s.decls {
		if !covered[n] {
			complete = false
		}
	}
	s.mu.Unlock()
	if !complete {
		return Outcome{}, nil, false
	}
	// A cell the checker rejects runs as usual (its errors are shown): the session is
	// not rebuilt with definitions that do not compile.
	if checker != nil {
		units, perr := s.Parse(c)
		if perr != nil {
			return Outcome{}, nil, false
		}
		if _, ds := checker.Check(s.fset, c, units); len(ds) > 0 {
			return Outcome{}, nil, false
		}
	}

	// The new cell's parts that redefine, by name.
	newParts := map[string]cell.Part{}
	for _, p := range c.Parts {
		if d := partDecl(p); d != nil {
			for _, n := range funcOrTypeNames(d) {
				if red[n] {
					newParts[n] = p
				}
			}
		}
	}

	// The old values of variables, read before anything changes.
	redTypes := map[string]bool{}
	for n := range red {
		if !strings.Contains(n, ".") {
			redTypes[n] = true
		}
	}
	tc, _ := checker.(*typeChecker)
	vars := map[string]bool{}
	for _, e := range log {
		for _, p := range e.parts {
			if d := partDecl(p); d != nil {
				if gd, isGen := d.(*ast.GenDecl); isGen && gd.Tok == token.VAR {
					for _, n := range declNames(d) {
						vars[n] = true
					}
				}
			} else if _, defined, _ := restorable(p); defined != nil {
				for _, n := range defined {
					vars[n] = true
				}
			}
		}
	}
	carry := map[string]reflect.Value{}
	for n := range vars {
		if n == "_" || mentions(oldDecls[n], redTypes) {
			continue
		}
		if tc != nil {
			if obj := tc.s.Lookup(n); obj != nil && !compiledType(obj.Type(), map[types.Type]bool{}) {
				continue
			}
		}
		ectx, cancel := context.WithTimeout(ctx, time.Second)
		r, err := s.EvalExpr(ectx, n)
		cancel()
		if err != nil || len(r.Values) != 1 || r.Values[0] == nil {
			continue
		}
		v := reflect.ValueOf(r.Values[0])
		if !compiledReflect(v.Type()) {
			continue
		}
		carry[n] = v
	}

	ns, err := NewSession(os.Stdout, s.stderr.w)
	if err != nil {
		return Outcome{}, nil, false
	}
	ns.traceRoot, ns.execCount = s.traceRoot, s.execCount
	var savedTC typeChecker
	if tc != nil {
		savedTC = *tc
		tc.s, tc.unsynced, tc.soft, tc.last = typecheck.NewSession(nil), false, nil, nil
	}
	abandon := func() (Outcome, []logEntry, bool) {
		if tc != nil {
			*tc = savedTC
		}
		return Outcome{}, nil, false
	}

	// Replay the log, the new definitions in place of the old ones.
	rctx, cancel := context.WithTimeout(ctx, rebuildTimeout)
	defer cancel()
	emitted := map[string]bool{}
	replayed := map[string]bool{}
	var failed []string
	// runEntry logs e and re-declares its restorable parts, but for variables of a
	// redefined type (reset).
	runEntry := func(e logEntry) {
		if len(e.parts) == 0 {
			return
		}
		newLog = append(newLog, e)
		var keep []cell.Part
		for _, p := range e.parts {
			if ok, _, _ := restorable(p); !ok {
				continue
			}
			if gd, isGen := partDecl(p).(*ast.GenDecl); (p.Kind == cell.Stmt || isGen && gd.Tok == token.VAR) && mentions(p.Src, redTypes) {
				continue
			}
			keep = append(keep, p)
		}
		if len(keep) == 0 {
			return
		}
		rc := &cell.Cell{Source: e.src, Parts: keep}
		if o := ns.runCell(rctx, rc, false); o.Err != nil {
			failed = append(failed, strings.TrimSpace(strings.SplitN(o.Err.Value, "\n", 2)[0]))
		}
		for _, n := range entryNames(logEntry{e.src, keep}) {
			replayed[n] = true
		}
	}
	for _, e := range log {
		var cur []cell.Part
		for _, p := range cell.Hoist(e.parts) {
			d := partDecl(p)
			var subst []cell.Part
			replaced := false
			if d != nil {
				for _, n := range funcOrTypeNames(d) {
					if red[n] {
						replaced = true
						if np := newParts[n]; !emitted[n] {
							for _, m := range funcOrTypeNames(partDecl(np)) {
								emitted[m] = true
							}
							subst = append(subst, np)
						}
					}
				}
			}
			if !replaced {
				cur = append(cur, p)
				continue
			}
			runEntry(logEntry{e.src, cur})
			cur = nil
			runEntry(logEntry{c.Source, subst})
		}
		runEntry(logEntry{e.src, cur})
		if rctx.Err() != nil {
			return abandon()
		}
	}
	// replayed lists what was attempted: keep only what the new session declared.
	ns.mu.Lock()
	for n := range replayed {
		if _, ok := ns.decls[n]; !ok {
			delete(replayed, n)
		}
	}
	ns.mu.Unlock()

	// Carry the values over.
	var reset []string
	ns.mu.Lock()
	newDecls := ns.decls
	ns.mu.Unlock()
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	exports := map[string]reflect.Value{}
	for _, n := range names {
		if v, ok := carry[n]; ok {
			p := reflect.New(v.Type())
			p.Elem().Set(v)
			exports["V"+n] = p
		}
	}
	const pkg = "gojuprebuild"
	if len(exports) > 0 {
		err := ns.it.Use(interp.Exports{pkg + "/" + pkg: exports})
		if err == nil {
			src := "package main\nimport " + rebuildAlias + " \"" + pkg + "\"\n"
			f, perr := parser.ParseFile(ns.fset, cell.FileName, src, 0)
			if perr != nil {
				err = perr
			} else if _, cerr := ns.compileRun(rctx, f, src); cerr != nil {
				err = cerr
			}
		}
		if err != nil {
			carry = nil
		}
	}
	for _, n := range names {
		_, wasReplayed := newDecls[n]
		if _, ok := carry[n]; ok {
			stmt := n + " := *" + rebuildAlias + ".V" + n
			if wasReplayed {
				stmt = n + " = *" + rebuildAlias + ".V" + n
			}
			block, err := cell.ParseStmts(ns.fset, []cell.Part{{Kind: cell.Stmt, Src: stmt, Line: 1, Col: 1}})
			if err == nil {
				if _, cerr := ns.compileRun(rctx, block, stmt); cerr == nil {
					if !wasReplayed {
						ns.recordOld(n, oldDecls[n])
						s.checkOld(ns, oldDecls[n])
					}
					continue
				}
			}
		}
		if _, still := oldDecls[n]; still {
			reset = append(reset, n)
		}
	}
	// Funcs, methods and types that could not be re-declared.
	var lost []string
	for n := range oldDecls {
		if !vars[n] && !replayed[n] && !red[n] {
			lost = append(lost, n)
		}
	}
	sort.Strings(lost)
	redNames := make([]string, 0, len(red))
	for n := range red {
		redNames = append(redNames, n)
	}
	sort.Strings(redNames)
	if len(lost) > 0 {
		// Earlier code does not compile with the new definitions: keep the session.
		why := ""
		if len(failed) > 0 {
			why = " (" + failed[0] + ")"
		}
		fmt.Fprintf(s.stderr.w, "gojup: redefined %s: could not rebuild the session, %s would not compile%s; earlier code keeps the old definitions\n",
			strings.Join(redNames, ", "), strings.Join(lost, ", "), why)
		return abandon()
	}

	// Switch to the new interpreter (the executor holds s.evalMu).
	s.mu.Lock()
	s.it, s.fset, s.stderr, s.ctl, s.prev = ns.it, ns.fset, ns.stderr, ns.ctl, ns.prev
	s.imports, s.decls = ns.imports, ns.decls
	s.mu.Unlock()

	msg := fmt.Sprintf("gojup: redefined %s: session rebuilt in %d ms", strings.Join(redNames, ", "), time.Since(t0).Milliseconds())
	if len(reset) > 0 {
		msg += "; reset: " + strings.Join(reset, ", ")
	}
	fmt.Fprintln(s.stderr.w, msg)
	return s.runCell(ctx, c, true), newLog, true
}

// rebuildAlias is the name the carried values are imported under.
const rebuildAlias = "gojupRebuild__"

// recordOld records the source declaring a carried variable.
func (s *Session) recordOld(name, src string) {
	s.mu.Lock()
	s.decls[name] = src
	s.mu.Unlock()
}

// checkOld tells the checker about a carried variable: its old declaration is checked and
// committed, not run.
func (s *Session) checkOld(ns *Session, src string) {
	if checker == nil || src == "" {
		return
	}
	c := cell.Parse(src)
	if c.ScanErr != nil || c.CellMagic != nil {
		return
	}
	units, err := ns.Parse(c)
	if err != nil {
		return
	}
	checker.Check(ns.fset, c, units)
	checker.Done(c, units, len(units), nil)
}

// mentions reports whether src uses one of names as an identifier.
func mentions(src string, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	var sc scanner.Scanner
	fs := token.NewFileSet()
	sc.Init(fs.AddFile("", -1, len(src)), []byte(src), nil, 0)
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return false
		}
		if tok == token.IDENT && names[lit] {
			return true
		}
	}
}

// compiledType reports whether t involves no type declared by cells and no interface
// (whose dynamic values may be of such types).
func compiledType(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Basic:
		return true
	case *types.Alias:
		return compiledType(types.Unalias(t), seen)
	case *types.Named:
		if p := t.Obj().Pkg(); p == nil || p.Path() == "main" {
			return p == nil && t.Obj().Name() != "error"
		}
		if ta := t.TypeArgs(); ta != nil {
			for i := 0; i < ta.Len(); i++ {
				if !compiledType(ta.At(i), seen) {
					return false
				}
			}
		}
		return true
	case *types.Pointer:
		return compiledType(t.Elem(), seen)
	case *types.Slice:
		return compiledType(t.Elem(), seen)
	case *types.Array:
		return compiledType(t.Elem(), seen)
	case *types.Map:
		return compiledType(t.Key(), seen) && compiledType(t.Elem(), seen)
	case *types.Chan:
		return compiledType(t.Elem(), seen)
	}
	return false
}

// compiledReflect reports whether values of t can move to another interpreter: types of
// compiled packages, predeclared types, and pointers, slices, arrays, maps and channels
// of them. Unnamed structs, funcs and interfaces are the interpreter's own.
func compiledReflect(t reflect.Type) bool {
	if t.PkgPath() != "" {
		return !strings.Contains(t.PkgPath(), "yaegi")
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		return t.Name() != ""
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return compiledReflect(t.Elem())
	case reflect.Map:
		return compiledReflect(t.Key()) && compiledReflect(t.Elem())
	}
	return false
}
