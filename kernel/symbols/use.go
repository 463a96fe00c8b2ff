package symbols

import (
	"fmt"
	"io"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// Use loads the symbol tables into i. Call it instead of i.Use(Symbols).
//
// yaegi v0.16.1's Use, when its argument has the key "fmt/fmt", also
// compiles yaegi's own partial Go 1.22 sources of cmp, maps and slices (no
// slices.Sort, two-type-parameter signatures yaegi cannot infer) and
// registers them under those import paths, which hides the complete versions
// in SourceFS. Use registers fmt under the equivalent key "fmt/./fmt" to
// avoid that, and does itself the part of yaegi's stdlib fix-up that matters
// here: fmt's Print and Scan functions use stdout and stdin when they are not
// nil (nil: the process's os.Stdout and os.Stdin, which the worker redirects).
func Use(i *interp.Interpreter, stdin io.Reader, stdout io.Writer) error {
	exports := make(interp.Exports, len(Symbols)+1)
	for k, v := range Symbols {
		exports[k] = v
	}
	f := make(map[string]reflect.Value, len(Symbols["fmt/fmt"]))
	for k, v := range Symbols["fmt/fmt"] {
		f[k] = v
	}
	mt := map[reflect.Value][]reflect.Type{}
	printTypes := MapTypes[reflect.ValueOf(fmt.Println)]
	scanTypes := MapTypes[reflect.ValueOf(fmt.Scan)]
	if stdout != nil {
		f["Print"] = reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprint(stdout, a...) })
		f["Printf"] = reflect.ValueOf(func(format string, a ...any) (int, error) { return fmt.Fprintf(stdout, format, a...) })
		f["Println"] = reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprintln(stdout, a...) })
		for _, name := range []string{"Print", "Printf", "Println"} {
			mt[f[name]] = printTypes
		}
	}
	if stdin != nil {
		f["Scan"] = reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fscan(stdin, a...) })
		f["Scanf"] = reflect.ValueOf(func(format string, a ...any) (int, error) { return fmt.Fscanf(stdin, format, a...) })
		f["Scanln"] = reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fscanln(stdin, a...) })
		for _, name := range []string{"Scan", "Scanf", "Scanln"} {
			mt[f[name]] = scanTypes
		}
	}
	delete(exports, "fmt/fmt")
	exports["fmt/./fmt"] = f
	if err := i.Use(exports); err != nil {
		return fmt.Errorf("loading symbol tables: %w", err)
	}
	if len(mt) > 0 {
		if err := i.Use(interp.Exports{".": {"MapTypes": reflect.ValueOf(mt)}}); err != nil {
			return fmt.Errorf("loading symbol tables: %w", err)
		}
	}
	return nil
}
