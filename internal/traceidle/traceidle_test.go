package traceidle

import "testing"

func TestStopAndMayTrace(t *testing.T) {
	Stop() // nothing registered: nothing to do
	n := 0
	Register(func() { n++ })
	Stop()
	Stop()
	if n != 2 {
		t.Fatalf("registered function called %d times, want 2", n)
	}
	for code, want := range map[string]bool{
		"%%timeline join\nx := 1":                   true,
		`display.Trace("t", f)`:                     true,
		"stop := display.StartTrace(\"x\")\nstop()": true,
		"fmt.Println(1)":                            false,
		"time.Sleep(time.Second)":                   false,
	} {
		if got := MayTrace(code); got != want {
			t.Errorf("MayTrace(%q) = %v, want %v", code, got, want)
		}
	}
}
