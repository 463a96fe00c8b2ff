package kernel_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
	"github.com/gojup/gojup/kernel/wire"
)

// streamText joins the text of the stream messages among msgs.
func streamText(msgs []*wire.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		if m.Header.MsgType != "stream" {
			continue
		}
		var c struct{ Text string }
		_ = json.Unmarshal(m.Content, &c)
		b.WriteString(c.Text)
	}
	return b.String()
}

// TestBackgroundGoroutineOutput checks the documented rule for goroutines that outlive their
// cell (the "daemon thread" lesson): what they print appears under the cell that is running
// when they print, or under the last cell when none runs. Nothing is lost.
func TestBackgroundGoroutineOutput(t *testing.T) {
	k := kerneltest.Start(t)
	c := k.Client
	run(t, c, `import ("fmt"; "time")`, "ok")
	// Cell A starts a goroutine that prints "tick N" every 50 ms for 1.5 s, and returns.
	a := run(t, c, `go func() {
	for i := 0; i < 30; i++ {
		fmt.Println("tick", i)
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Println("ticker done")
}()`, "ok")
	// Cell B runs while the ticker prints.
	b := run(t, c, `time.Sleep(400 * time.Millisecond)
fmt.Println("B done")`, "ok")
	bText := streamText(b.Outputs)
	if !strings.Contains(bText, "tick") || !strings.Contains(bText, "B done") {
		t.Errorf("cell B (running while the goroutine printed) got %q, want ticks and its own line", bText)
	}
	// After B, no cell runs: the rest goes under the last cell, B.
	ctx := timeout(t, 10*time.Second)
	if _, err := c.WaitIOPub(ctx, b.Request.Header.MsgID, func(m *wire.Message) bool {
		return m.Header.MsgType == "stream" && strings.Contains(string(m.Content), "ticker done")
	}); err != nil {
		t.Fatalf("the goroutine's last line never reached cell B: %v (B got %q)", err, streamText(c.IOPub(b.Request.Header.MsgID)))
	}
	all := streamText(c.IOPub(a.Request.Header.MsgID)) + streamText(c.IOPub(b.Request.Header.MsgID))
	for i := 0; i < 30; i++ {
		if !strings.Contains(all, "tick "+strconv.Itoa(i)+"\n") {
			t.Errorf("tick %d was lost; output: %q", i, all)
			break
		}
	}
}
