//go:build !unix

package mongod

// lockDataDir is a no-op where flock is not available: do not point two
// servers at the same data directory there.
func lockDataDir(dir string) (unlock func(), err error) {
	return func() {}, nil
}
