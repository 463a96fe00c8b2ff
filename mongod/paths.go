package mongod

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultDataDir returns the shared data directory gojup kernels use:
// $GOJUP_CACHE_DIR/mongod/data when GOJUP_CACHE_DIR is set, else
// <user cache dir>/gojup/mongod/data (on Linux the user cache dir is
// $XDG_CACHE_HOME or ~/.cache). Package kernel/mongoenv in the main module
// computes the same path.
func DefaultDataDir() (string, error) {
	if d := os.Getenv("GOJUP_CACHE_DIR"); d != "" {
		return filepath.Join(d, "mongod", "data"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no data directory: %w (pass --data DIR or set GOJUP_CACHE_DIR)", err)
	}
	return filepath.Join(d, "gojup", "mongod", "data"), nil
}
