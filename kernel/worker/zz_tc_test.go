package worker

import (
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/typecheck"
)

func TestTmpTCStart(t *testing.T) {
	t0 := time.Now()
	typecheck.Warm()
	t.Logf("warm %v", time.Since(t0))
	s := typecheck.NewSession(nil)
	t.Logf("newsession %v", time.Since(t0))
	s.Check("1+1")
	t.Logf("check1 %v", time.Since(t0))
	s.Check("import \"fmt\"\nfmt.Sprint(1)")
	t.Logf("check2 %v", time.Since(t0))
	s.Check("1+2")
	t.Logf("check3 %v", time.Since(t0))
}
