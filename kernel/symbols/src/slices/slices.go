// Package slices is gojup's interpreter version of the standard package
// slices: the same API, written in the subset of Go that yaegi v0.16.1 runs.
//
// yaegi assigns the types it infers from a call's arguments to the type parameters
// in the order the parameters mention them, and never infers one from another's
// constraint (no core types). So a function has the standard library's [S ~[]E, E]
// list when a later parameter gives E (Contains(s S, v E), SortFunc(x S, cmp
// func(a, b E) int)): S then takes the argument's type whole, which also works
// for slices of compiled types (strings.Fields, filepath.Glob). When only the
// slice gives E (Sort, Max, Clone, ...) it must be []E, from which yaegi v0.16.1
// infers E for interpreted slice types only: with a slice type from compiled code
// the call fails ("CFG post-order panic"; see kernel/symbols/README.md).
// Constraints are declared in this package, since yaegi cannot use another
// package's.
package slices

import (
	"sort"
)

type ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr |
		~float32 | ~float64 |
		~string
}

func less[E ordered](x, y E) bool { return (x != x && y == y) || x < y }

func compare[E ordered](x, y E) int {
	if less(x, y) {
		return -1
	}
	if less(y, x) {
		return +1
	}
	return 0
}

// Sort sorts a slice of any ordered type in ascending order.
func Sort[E ordered](x []E) {
	sort.Slice(x, func(i, j int) bool { return less(x[i], x[j]) })
}

// SortFunc sorts x in ascending order as determined by cmp.
func SortFunc[S ~[]E, E any](x S, cmp func(a, b E) int) {
	sort.Slice(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 })
}

// SortStableFunc sorts x keeping the original order of equal elements.
func SortStableFunc[S ~[]E, E any](x S, cmp func(a, b E) int) {
	sort.SliceStable(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 })
}

// IsSorted reports whether x is sorted in ascending order.
func IsSorted[E ordered](x []E) bool {
	for i := len(x) - 1; i > 0; i-- {
		if less(x[i], x[i-1]) {
			return false
		}
	}
	return true
}

// IsSortedFunc reports whether x is sorted in ascending order by cmp.
func IsSortedFunc[S ~[]E, E any](x S, cmp func(a, b E) int) bool {
	for i := len(x) - 1; i > 0; i-- {
		if cmp(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

// BinarySearch searches for target in a sorted slice and returns the
// position where target is found, or where it would appear.
func BinarySearch[S ~[]E, E ordered](x S, target E) (int, bool) {
	i := sort.Search(len(x), func(i int) bool { return !less(x[i], target) })
	return i, i < len(x) && compare(x[i], target) == 0
}

// BinarySearchFunc works like BinarySearch with a custom comparison.
// (T2 is not used: yaegi assigns the types it infers to the type parameters in the order
// the parameters mention them, S T E T, so a second slot must take target's T.)
func BinarySearchFunc[S ~[]E, T2, E, T any](x S, target T, cmp func(E, T) int) (int, bool) {
	i := sort.Search(len(x), func(i int) bool { return cmp(x[i], target) >= 0 })
	return i, i < len(x) && cmp(x[i], target) == 0
}

// Contains reports whether v is present in s.
func Contains[S ~[]E, E comparable](s S, v E) bool { return Index(s, v) >= 0 }

// ContainsFunc reports whether at least one element e of s satisfies f(e).
func ContainsFunc[S ~[]E, E any](s S, f func(E) bool) bool { return IndexFunc(s, f) >= 0 }

// Index returns the index of the first occurrence of v in s, or -1.
func Index[S ~[]E, E comparable](s S, v E) int {
	for i := range s {
		if v == s[i] {
			return i
		}
	}
	return -1
}

// IndexFunc returns the first index i satisfying f(s[i]), or -1.
func IndexFunc[S ~[]E, E any](s S, f func(E) bool) int {
	for i := range s {
		if f(s[i]) {
			return i
		}
	}
	return -1
}

// Equal reports whether two slices are equal.
func Equal[E comparable](s1, s2 []E) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i := range s1 {
		if s1[i] != s2[i] {
			return false
		}
	}
	return true
}

// EqualFunc reports whether two slices are equal using eq on each pair.
func EqualFunc[S1 ~[]E1, S2 ~[]E2, E1, E2 any](s1 S1, s2 S2, eq func(E1, E2) bool) bool {
	if len(s1) != len(s2) {
		return false
	}
	for i := range s1 {
		if !eq(s1[i], s2[i]) {
			return false
		}
	}
	return true
}

// Compare compares the elements of s1 and s2 lexicographically.
func Compare[E ordered](s1, s2 []E) int {
	for i := range s1 {
		if i >= len(s2) {
			return +1
		}
		if c := compare(s1[i], s2[i]); c != 0 {
			return c
		}
	}
	if len(s1) < len(s2) {
		return -1
	}
	return 0
}

// CompareFunc is like Compare but uses a custom comparison function on each pair of
// elements.
func CompareFunc[S1 ~[]E1, S2 ~[]E2, E1, E2 any](s1 S1, s2 S2, cmp func(E1, E2) int) int {
	for i := range s1 {
		if i >= len(s2) {
			return +1
		}
		if c := cmp(s1[i], s2[i]); c != 0 {
			return c
		}
	}
	if len(s1) < len(s2) {
		return -1
	}
	return 0
}

// Reverse reverses the elements of the slice in place.
func Reverse[E any](s []E) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// Max returns the maximal value in x. It panics if x is empty.
func Max[E ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Max: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if less(m, x[i]) {
			m = x[i]
		}
	}
	return m
}

// Min returns the minimal value in x. It panics if x is empty.
func Min[E ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Min: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if less(x[i], m) {
			m = x[i]
		}
	}
	return m
}

// MaxFunc returns the maximal value in x, using cmp to compare elements.
func MaxFunc[S ~[]E, E any](x S, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) > 0 {
			m = x[i]
		}
	}
	return m
}

// MinFunc returns the minimal value in x, using cmp to compare elements.
func MinFunc[S ~[]E, E any](x S, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for i := 1; i < len(x); i++ {
		if cmp(x[i], m) < 0 {
			m = x[i]
		}
	}
	return m
}

// Clone returns a copy of the slice.
func Clone[E any](s []E) []E {
	if s == nil {
		return nil
	}
	return append([]E{}, s...)
}

// Compact replaces consecutive runs of equal elements with a single copy.
func Compact[E comparable](s []E) []E {
	if len(s) < 2 {
		return s
	}
	i := 1
	for k := 1; k < len(s); k++ {
		if s[k] != s[k-1] {
			s[i] = s[k]
			i++
		}
	}
	return s[:i]
}

// CompactFunc is like Compact but uses eq to compare elements.
func CompactFunc[S ~[]E, E any](s S, eq func(E, E) bool) S {
	if len(s) < 2 {
		return s
	}
	i := 1
	for k := 1; k < len(s); k++ {
		if !eq(s[k], s[k-1]) {
			s[i] = s[k]
			i++
		}
	}
	return s[:i]
}

// Delete removes the elements s[i:j] from s, returning the modified slice.
func Delete[E any](s []E, i, j int) []E {
	_ = s[i:j:len(s)]
	if i == j {
		return s
	}
	oldlen := len(s)
	s = append(s[:i], s[j:]...)
	var zero E
	for k := len(s); k < oldlen; k++ {
		s[:oldlen][k] = zero
	}
	return s
}

// DeleteFunc removes the elements for which del returns true.
func DeleteFunc[S ~[]E, E any](s S, del func(E) bool) S {
	i := 0
	for _, v := range s {
		if !del(v) {
			s[i] = v
			i++
		}
	}
	var zero E
	for k := i; k < len(s); k++ {
		s[k] = zero
	}
	return s[:i]
}

// Insert inserts the values v... into s at index i.
// (yaegi v0.16.1 cannot call variadic generic functions: see README.md.)
func Insert[E any](s []E, i int, v ...E) []E {
	_ = s[i:]
	r := append([]E{}, s[:i]...)
	r = append(r, v...)
	return append(r, s[i:]...)
}

// Replace replaces the elements s[i:j] by the given v, and returns the modified slice.
// It panics if j > len(s) or s[i:j] is not a valid slice of s.
// (yaegi v0.16.1 cannot infer type parameters from variadic parameters: []E, not S.)
func Replace[E any](s []E, i, j int, v ...E) []E {
	_ = s[i:j]
	tail := append([]E{}, s[j:]...)
	r := append(s[:i], v...)
	r = append(r, tail...)
	var zero E
	for k := len(r); k < len(s); k++ {
		s[k] = zero // r shares s's array: clear the obsolete elements, as the standard library does
	}
	return r
}

// Concat returns a new slice concatenating the passed in slices.
// (yaegi v0.16.1 cannot call variadic generic functions: see README.md.)
func Concat[E any](ss ...[]E) []E {
	var r []E
	for _, s := range ss {
		r = append(r, s...)
	}
	return r
}

// Repeat returns a new slice that repeats x count times.
func Repeat[E any](x []E, count int) []E {
	if count < 0 {
		panic("cannot be negative")
	}
	r := make([]E, 0, len(x)*count)
	for i := 0; i < count; i++ {
		r = append(r, x...)
	}
	return r
}

// Grow increases the slice's capacity, if necessary, to guarantee space for
// another n elements.
func Grow[E any](s []E, n int) []E {
	if n < 0 {
		panic("cannot be negative")
	}
	if n -= cap(s) - len(s); n > 0 {
		s = append(s[:cap(s)], make([]E, n)...)[:len(s)]
	}
	return s
}

// Clip removes unused capacity from the slice.
func Clip[E any](s []E) []E { return s[:len(s):len(s)] }

// All returns an iterator over index-value pairs in the slice.
func All[E any](s []E) func(yield func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i, v := range s {
			if !yield(i, v) {
				return
			}
		}
	}
}

// Backward returns an iterator over index-value pairs, traversing backward.
func Backward[E any](s []E) func(yield func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i := len(s) - 1; i >= 0; i-- {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

// Values returns an iterator that yields the slice elements in order.
func Values[E any](s []E) func(yield func(E) bool) {
	return func(yield func(E) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}

// AppendSeq appends the values from seq to the slice and returns it.
func AppendSeq[Slice ~[]E, E any](s Slice, seq func(yield func(E) bool)) Slice {
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

// Collect collects values from seq into a new slice.
func Collect[E any](seq func(yield func(E) bool)) []E {
	var s []E
	seq(func(v E) bool {
		s = append(s, v)
		return true
	})
	return s
}

// Sorted collects values from seq into a new slice, sorts it, and returns it.
func Sorted[E ordered](seq func(yield func(E) bool)) []E {
	s := Collect(seq)
	Sort(s)
	return s
}

// SortedFunc collects values from seq into a new slice, sorts it with cmp.
func SortedFunc[E any](seq func(yield func(E) bool), cmp func(E, E) int) []E {
	s := Collect(seq)
	SortFunc(s, cmp)
	return s
}

// SortedStableFunc collects values from seq into a new slice, sorts it with
// cmp keeping the order of equal elements, and returns it.
func SortedStableFunc[E any](seq func(yield func(E) bool), cmp func(E, E) int) []E {
	s := Collect(seq)
	SortStableFunc(s, cmp)
	return s
}

// Chunk returns an iterator over consecutive sub-slices of up to n elements.
func Chunk[E any](s []E, n int) func(yield func([]E) bool) {
	if n < 1 {
		panic("cannot be less than 1")
	}
	return func(yield func([]E) bool) {
		for i := 0; i < len(s); i += n {
			end := i + n
			if end > len(s) {
				end = len(s)
			}
			if !yield(s[i:end]) { // yaegi: no 3-index slice in generic closures
				return
			}
		}
	}
}
