package worker

import (
	"math"
	"runtime/debug"
)

// maxStackCap caps the maximum goroutine stack size the worker sets (Go's own default on
// 64-bit systems is 1e9 bytes, kept when there is no memory limit).
const maxStackCap = 1 << 30

// setMaxStack lowers the maximum goroutine stack size below the memory limit (GOMEMLIMIT,
// which the kernel sets to 90 % of GOJUP_MEMORY_LIMIT), so infinite recursion ends as in
// Go, with "goroutine stack exceeds … limit" / "stack overflow", instead of the memory
// limit killing the worker first. A stack of n bytes grows by copying into one of 2n, so
// a quarter of the limit leaves room for that copy and the heap. Without a memory limit
// Go's default stays.
func setMaxStack() {
	if n := maxStackFor(debug.SetMemoryLimit(-1)); n > 0 {
		debug.SetMaxStack(n)
	}
}

// maxStackFor is the maximum stack size for memory limit limit (math.MaxInt64: none), or 0
// to keep Go's default.
func maxStackFor(limit int64) int {
	if limit <= 0 || limit == math.MaxInt64 {
		return 0
	}
	return int(min(maxStackCap, max(limit/4, 1<<20)))
}
