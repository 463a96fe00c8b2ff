package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gojup/gojup/display"
	"github.com/gojup/gojup/internal/traceidle"
	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/ipc"
)

// stopWait is how long an interrupted cell may take to leave the interpreter before the
// worker reports itself tainted (the kernel kills workers that do not reply in 500 ms).
const stopWait = 150 * time.Millisecond

// maxResultText bounds the text/plain of an execute_result (a huge slice as the last
// expression of a cell would otherwise flood the front end).
const maxResultText = 256 << 10

// executeContent is the content of a Jupyter execute_request.
type executeContent struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
}

// pagerRE matches `fmt.Println?` (and `??`): a request for the docs of a name.
var pagerRE = regexp.MustCompile(`^(?:\?{1,2}([\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)|([\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*)\?{1,2})$`)

// execute runs one execute_request and sends its events and its Final reply.
func (w *Worker) execute(req ipc.Request) {
	var c executeContent
	reply := map[string]any{"status": "ok", "execution_count": req.ExecutionCount, "user_expressions": map[string]any{}, "payload": []any{}}
	var meta map[string]any
	defer func() {
		if rec := recover(); rec != nil { // a bug of the worker, not of the cell
			reply = errorReply("InternalError", fmt.Sprintf("gojup worker: %v", rec))
			reply["execution_count"] = req.ExecutionCount
			w.logf("execute panicked: %v\n%s", rec, debug.Stack())
		}
		ev := ipc.Event{ID: req.ID, Type: "execute_reply", Content: mustJSON(reply), Final: true}
		if meta != nil {
			ev.Metadata = mustJSON(meta)
		}
		if err := w.ch.SendSynced(ev, true); err != nil {
			w.logf("send execute_reply: %v", err)
		}
	}()
	fail := func(e *cell.Error) {
		for k, v := range e.Content() {
			reply[k] = v
		}
		reply["status"] = "error"
		ev := ipc.Event{ID: req.ID, Type: "error", Content: mustJSON(e.Content())}
		if err := w.ch.SendSynced(ev, false); err != nil {
			w.logf("send error: %v", err)
		}
	}
	if err := json.Unmarshal(req.Content, &c); err != nil {
		fail(&cell.Error{Name: "BadRequest", Value: "malformed execute_request: " + err.Error()})
		return
	}
	if m := pagerRE.FindStringSubmatch(strings.TrimSpace(c.Code)); m != nil {
		name := m[1] + m[2]
		text, _ := w.describe(name, 1)
		if text == "" {
			text = "no documentation found for " + name
		}
		reply["payload"] = []any{map[string]any{"source": "page", "data": map[string]any{"text/plain": text}, "start": 0}}
		return
	}

	ctx, cancel := context.WithCancel(context.Background())
	r := &running{id: req.ID, cancel: cancel, shells: map[int]bool{}}
	w.mu.Lock()
	w.cur = r
	w.mu.Unlock()
	allow := c.AllowStdin == nil || *c.AllowStdin
	stopWatch := w.stdin.watch(w.ch, req.ID, allow)
	w.sess.execCount = req.ExecutionCount
	out := w.runCode(ctx, r, c.Code)
	w.sess.execCount = 0
	stopWatch()
	w.mu.Lock()
	w.cur = nil
	canceled := r.canceled
	w.mu.Unlock()
	cancel()
	w.stdin.reset()

	if canceled {
		if out.Err == nil || out.Err.Name != "Interrupted" {
			out.Err = interrupted()
		}
		if w.sess.Busy() {
			out.Err.Traceback = append(out.Err.Traceback, "(the cell is stuck in compiled code and cannot be stopped inside this worker)")
		}
	}
	if w.sess.Busy() {
		// The kernel should restart the worker (and restore the session).
		meta = map[string]any{"tainted": true, "tainted_reason": "an interrupted cell is stuck in compiled code (time.Sleep, Mutex.Lock, WaitGroup.Wait, ...)"}
	}
	if out.Err != nil {
		fail(out.Err)
		return
	}
	if out.HasValue && displayHandles(out.Values) {
		out.HasValue = false // display.HTML(...), tl.Show(), a progress bar: already shown
	}
	if out.HasValue && !c.Silent {
		w.sendResult(req, out.Values, out.Text, out.ResultSrc)
	}
	if len(c.UserExpressions) > 0 {
		reply["user_expressions"] = w.userExpressions(c.UserExpressions)
	}
}

// runCode runs the magics, shell lines and Go code of a cell.
func (w *Worker) runCode(ctx context.Context, r *running, code string) Outcome {
	if !traceidle.MayTrace(code) {
		traceidle.Stop() // a recorder kept from a timeline cell would slow this one
	}
	c := cell.Parse(code)
	if c.CellMagic != nil {
		return Outcome{Err: w.runMagic(ctx, r, "%%"+c.CellMagic.Name, c.CellMagic.Args, c.CellMagic.Body, true)}
	}
	for _, sp := range c.Specials {
		var err *cell.Error
		if strings.HasPrefix(sp.Text, "!") {
			err = w.runShell(ctx, r, strings.TrimPrefix(sp.Text, "!"))
		} else {
			name, args, _ := strings.Cut(sp.Text, " ")
			err = w.runMagic(ctx, r, name, strings.TrimSpace(args), "", false)
		}
		if err != nil {
			return Outcome{Err: err}
		}
	}
	if len(c.Parts) == 0 && c.ScanErr == nil {
		return Outcome{}
	}
	return w.sess.RunCell(ctx, c)
}

// sendResult sends the execute_result of a cell's final expression.
func (w *Worker) sendResult(req ipc.Request, vals []any, text, src string) {
	if text == "" {
		text = cell.FormatResult(vals)
	}
	if len(text) > maxResultText {
		cut := maxResultText
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = fmt.Sprintf("%s… (%d more bytes not shown)", text[:cut], len(text)-cut)
	}
	data := map[string]any{"text/plain": text}
	metadata := map[string]any{}
	if len(vals) == 1 && ResultBundle != nil {
		d, m, ok := bundle(vals[0])
		if !ok {
			d, m, ok = w.sess.interpretedBundle(src)
		}
		if ok {
			data, metadata = d, m
			if _, ok := data["text/plain"]; !ok {
				data["text/plain"] = text
			}
		}
	}
	content := map[string]any{"execution_count": req.ExecutionCount, "data": data, "metadata": metadata}
	if err := w.ch.SendSynced(ipc.Event{ID: req.ID, Type: "execute_result", Content: mustJSON(content)}, false); err != nil {
		w.logf("send execute_result: %v", err)
	}
}

// bundle calls ResultBundle, which runs code the cell may have defined (String methods).
func bundle(v any) (data, metadata map[string]any, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	data, metadata, ok = ResultBundle(v)
	if metadata == nil {
		metadata = map[string]any{}
	}
	return data, metadata, ok
}

// userExpressions evaluates the user_expressions of an execute_request.
func (w *Worker) userExpressions(exprs map[string]string) map[string]any {
	res := map[string]any{}
	for name, expr := range exprs {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		r, err := w.sess.EvalExpr(ctx, expr)
		cancel()
		if err != nil {
			c := err.Content()
			c["status"] = "error"
			res[name] = c
			continue
		}
		res[name] = map[string]any{"status": "ok", "data": map[string]any{"text/plain": r.String()}, "metadata": map[string]any{}}
	}
	return res
}

// stdoutFile and stderrFile are where cells' shell commands write.
var stdoutFile, stderrFile = os.Stdout, os.Stderr

// displayHandles reports whether vals are all handles of displayed output (a *Display
// from Show, HTML, Update…, or a *ProgressBar, which draws itself): showing them again
// as an execute_result would only print "display gojup-…".
func displayHandles(vals []any) bool {
	for _, v := range vals {
		switch unwrap(v).(type) {
		case *display.Display, *display.ProgressBar:
		default:
			return false
		}
	}
	return len(vals) > 0
}
