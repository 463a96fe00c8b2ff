package mongoenv

import (
	"os/exec"
	"syscall"
)

// setPdeathsig makes a foreground server stop if gojup dies.
func setPdeathsig(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
