package worker

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

func init() {
	RegisterMagic(Magic{Name: "goroutines", Usage: "%goroutines           list the live goroutines cells started, and what they wait for",
		Run: func(mc *MagicContext) error {
			_, err := io.WriteString(mc.Stdout, formatGoroutines(cellGoroutines()))
			return err
		}})
}

// Goroutine is a goroutine started by a cell's code that is still alive.
type Goroutine struct {
	ID int64
	// State is the runtime's word for what it does ("running", "chan receive", "sleep",
	// "sync.Mutex.Lock", ...), with interpreted channel operations named as in Go
	// (the interpreter implements them with a select), and For how long, when the runtime
	// says ("2 minutes").
	State, For string
	// In is the innermost compiled function it is in, outside the runtime and the
	// interpreter (e.g. "time.Sleep"), if any.
	In string
	// Cell is the execution count of the cell whose code started it (directly or through
	// other goroutines), 0 when unknown.
	Cell int
	// Stuck marks the goroutine of an interrupted cell that is still in compiled code.
	Stuck bool
}

// cellGoroutineIDs maps the goroutine that ran a cell's code (a cellRunner's) to the
// cell's execution count.
var (
	cellGoMu  sync.Mutex
	cellGoIDs = map[int64]int{}
)

// recordCellGoroutine notes that the calling goroutine runs the code of cell n.
func recordCellGoroutine(n int) {
	if n <= 0 {
		return
	}
	id := curGoroutineID()
	cellGoMu.Lock()
	cellGoIDs[id] = n
	cellGoMu.Unlock()
}

// curGoroutineID is the id of the calling goroutine.
func curGoroutineID() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	id, _ := strconv.ParseInt(string(b[:bytes.IndexByte(b, ' ')]), 10, 64)
	return id
}

var (
	headerRE    = regexp.MustCompile(`^goroutine (\d+) \[([^\]]*)\]:`)
	createdByRE = regexp.MustCompile(`(?m)^created by (\S+) in goroutine (\d+)`)
	frameFuncRE = regexp.MustCompile(`(?m)^([^\s(][^(\n]*(?:\([^)\n]*\))?[^(\n]*)\(`)
)

const yaegiPkg = "github.com/traefik/yaegi/interp."

// cellGoroutines lists the alive goroutines that run (or were started by) interpreted
// code, except the worker's own and the goroutine of a running cell.
func cellGoroutines() []Goroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	type rec struct {
		g      Goroutine
		parent int64
		ours   bool
	}
	all := map[int64]*rec{}
	var order []int64
	for _, block := range strings.Split(string(buf), "\n\n") {
		m := headerRE.FindStringSubmatch(block)
		if m == nil {
			continue
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		r := &rec{g: Goroutine{ID: id}}
		r.g.State, r.g.For, _ = strings.Cut(m[2], ", ")
		var created string
		if c := createdByRE.FindStringSubmatch(block); c != nil {
			created = c[1]
			r.parent, _ = strconv.ParseInt(c[2], 10, 64)
		}
		cellMain := strings.Contains(block, string(executeFrame))
		worker := strings.Contains(block, "gojup/gojup/kernel/worker.") && !cellMain
		interp := strings.Contains(block, yaegiPkg) || strings.HasPrefix(created, yaegiPkg)
		r.ours = interp && !worker
		r.g.Stuck = cellMain
		r.g.In, r.g.State = describeStack(block, r.g.State)
		all[id] = r
		order = append(order, id)
	}
	cellGoMu.Lock()
	defer cellGoMu.Unlock()
	var gs []Goroutine
	for _, id := range order {
		r := all[id]
		if !r.ours {
			continue
		}
		// Follow the parents up to the goroutine of a cell.
		for p, hops := r.parent, 0; p != 0 && hops < 1000; hops++ {
			if n, ok := cellGoIDs[p]; ok {
				r.g.Cell = n
				break
			}
			pr := all[p]
			if pr == nil {
				break
			}
			p = pr.parent
		}
		if r.g.Stuck {
			r.g.Cell = cellGoIDs[id]
		}
		gs = append(gs, r.g)
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i].ID < gs[j].ID })
	return gs
}

// describeStack finds the innermost function of a goroutine's stack outside the
// runtime, reflect and the interpreter, and names the interpreter's channel operations.
func describeStack(block, state string) (in, st string) {
	st = state
	var firstInterp string
	for _, m := range frameFuncRE.FindAllStringSubmatch(block, -1) {
		fn := m[1]
		if strings.HasPrefix(fn, yaegiPkg) {
			if firstInterp == "" {
				firstInterp = strings.TrimPrefix(fn, yaegiPkg)
			}
			continue
		}
		if firstInterp != "" || in != "" || strings.HasPrefix(fn, "goroutine ") || strings.HasPrefix(fn, "created by") {
			continue
		}
		if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "reflect.") || strings.HasPrefix(fn, "internal/") {
			continue
		}
		in = fn
	}
	if state == "select" || state == "select (no cases)" {
		switch {
		case strings.HasPrefix(firstInterp, "recv"), strings.HasPrefix(firstInterp, "rangeChan"):
			st = "chan receive"
		case strings.HasPrefix(firstInterp, "send"):
			st = "chan send"
		}
	}
	if in == "reflect.Select" || strings.HasPrefix(in, "sync.") && strings.Contains(st, "sync.") {
		in = ""
	}
	return in, st
}

// formatGoroutines is the text %goroutines shows.
func formatGoroutines(gs []Goroutine) string {
	if len(gs) == 0 {
		return "No goroutine started by a cell is running.\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d goroutine(s) started by cells are alive:\n", len(gs))
	fmt.Fprintf(&b, "  %-10s %-8s %-24s %s\n", "goroutine", "cell", "state", "in")
	for _, g := range gs {
		cell := "?"
		if g.Cell > 0 {
			cell = fmt.Sprintf("[%d]", g.Cell)
		}
		st := g.State
		if g.For != "" {
			st += ", " + g.For
		}
		in := g.In
		if g.Stuck {
			in = strings.TrimSpace(in + " (the interrupted cell itself)")
		}
		fmt.Fprintf(&b, "  %-10d %-8s %-24s %s\n", g.ID, cell, st, in)
	}
	return b.String()
}
