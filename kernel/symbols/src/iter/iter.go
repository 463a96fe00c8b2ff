// Package iter is gojup's interpreter version of the standard package iter:
// the same API, written in the subset of Go that yaegi v0.16.1 runs.
package iter

// Seq is an iterator over sequences of individual values.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over sequences of pairs of values.
type Seq2[K, V any] func(yield func(K, V) bool)

// Pull converts the push-style iterator seq into a pull-style iterator. It
// runs seq in a goroutine (the standard library uses coroutines).
func Pull[V any](seq Seq[V]) (func() (V, bool), func()) {
	next := make(chan V)
	want := make(chan bool)
	done := false
	go func() {
		if !<-want {
			close(next)
			return
		}
		seq(func(v V) bool {
			next <- v
			return <-want
		})
		close(next)
	}()
	nextFn := func() (V, bool) {
		var zero V
		if done {
			return zero, false
		}
		want <- true
		v, ok := <-next
		if !ok {
			done = true
		}
		return v, ok
	}
	stop := func() {
		if done {
			return
		}
		done = true
		want <- false
		for range next {
		}
	}
	return nextFn, stop
}
