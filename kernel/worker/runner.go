package worker

import (
	"github.com/gojup/gojup/display"
	"github.com/gojup/gojup/kernel/cell"
)

// cellRunner runs the interpreter executions of one cell (its imports, declarations,
// statements and final expression are separate executions) on one goroutine, the cell's
// "main goroutine": the goroutines the cell starts are its children (a %%timeline follows
// these links from it), and a runtime.Goexit in the cell's code ends that goroutine in a
// way the worker notices.
//
// A cellRunner is used by the executor goroutine only.
type cellRunner struct {
	jobs  chan func()
	alive bool
	// root, when set, is the lane label the runner's goroutine claims in a running
	// execution trace (display.TraceRoot) before it runs anything.
	root string
	// cell is the execution count of the cell (0: not known), for %goroutines.
	cell int
}

// run runs job on the runner's goroutine, starting one when there is none (the first
// time, or after the last one called runtime.Goexit). It does not wait for job.
func (r *cellRunner) run(job func()) {
	if !r.alive {
		r.alive = true
		r.jobs = make(chan func())
		jobs, root, n := r.jobs, r.root, r.cell
		go func() {
			recordCellGoroutine(n)
			if root != "" {
				display.TraceRoot(root)
			}
			for j := range jobs {
				j()
			}
		}()
	}
	r.jobs <- job
}

// exited tells the runner that its goroutine ended inside a job (runtime.Goexit).
func (r *cellRunner) exited() { r.alive = false }

// close lets the runner's goroutine end once its current job (if any) returns.
func (r *cellRunner) close() {
	if r.alive {
		close(r.jobs)
		r.alive = false
	}
}

// goexitError is the error of a cell whose own goroutine called runtime.Goexit (a Go
// program's main goroutine doing so ends in "fatal error: no goroutines (main called
// runtime.Goexit) - deadlock!" once the others are done).
func goexitError() *cell.Error {
	msg := "runtime.Goexit called in the cell's goroutine"
	return &cell.Error{Name: "Goexit", Value: msg, Traceback: []string{"Goexit: " + msg,
		"(the cell's code stopped there; goroutines it started keep running)"}}
}

// runOn starts job on the session's cell runner, or on a goroutine of its own when no
// cell is running (user expressions, the prelude).
func (s *Session) runOn(job func()) {
	if s.runner != nil {
		s.runner.run(job)
		return
	}
	go job()
}
