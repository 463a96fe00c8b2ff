//go:build unix && !linux

package mongoenv

import "os/exec"

func setPdeathsig(*exec.Cmd) {}
