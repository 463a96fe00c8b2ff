package worker

import (
	"errors"
	"strings"

	"github.com/gojup/gojup/display"
	"github.com/gojup/gojup/kernel/cell"
	"github.com/gojup/gojup/kernel/ipc"
)

// timelineUsage is the %help line of %%timeline.
const timelineUsage = "%%timeline [title]    run the cell and show the goroutine timeline the Go scheduler recorded"

func init() {
	RegisterMagic(Magic{Name: "timeline", Cell: true, Usage: timelineUsage, Run: runTimeline})
}

// runTimeline runs the body of a %%timeline cell as Go code while recording the execution
// trace, then shows the timeline of the cell's goroutine (lane "cell") and of every
// goroutine it started, after the cell's output. The timeline is shown also when the cell
// fails at run time (a panic, an interrupt), up to where it stopped; the cell's error is
// returned after. A cell that does not compile shows no timeline.
func runTimeline(mc *MagicContext) error {
	title := strings.TrimSpace(mc.Args)
	if title == "" {
		title = "goroutine timeline"
	}
	s := mc.Session
	stop := display.StartTrace(title)
	s.traceRoot = "cell"
	runErr := mc.RunGo("\n" + mc.Body) // keeps the lines of the cell
	s.traceRoot = ""
	tl, err := stop()
	var ce *cell.Error
	if errors.As(runErr, &ce) && ce.Name == "CompileError" {
		return runErr // nothing (or little) ran: no timeline to show
	}
	if err != nil {
		return errors.Join(runErr, err)
	}
	content := map[string]any{"data": tl.MIMEBundle(), "metadata": map[string]any{}, "transient": map[string]any{}}
	ev := ipc.Event{ID: mc.RequestID, Type: "display_data", Content: mustJSON(content)}
	if err := mc.Events.SendSynced(ev, true); err != nil {
		return errors.Join(runErr, err)
	}
	return runErr
}
