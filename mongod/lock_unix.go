//go:build unix

package mongod

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockFileName is the lock file inside the data directory. It holds the pid
// of the server that owns the directory.
const lockFileName = "gojup-mongod.lock"

// lockDataDir takes an exclusive, non-blocking flock on dir's lock file so that
// two servers never open the same SQLite files. The lock is released by the
// returned func, or by the kernel when the process dies.
func lockDataDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, lockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("mongod: lock data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			owner := "another process"
			if b, rerr := os.ReadFile(path); rerr == nil {
				if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil {
					owner = fmt.Sprintf("another gojup-mongod (pid %d)", pid)
				}
			}
			return nil, fmt.Errorf("mongod: data directory %s is in use by %s; stop it first (gojup mongod stop) or use another --data directory", dir, owner)
		}
		return nil, fmt.Errorf("mongod: lock data directory: %w", err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		_ = f.Truncate(0)
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}
