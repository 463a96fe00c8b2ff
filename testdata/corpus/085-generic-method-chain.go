package main

import "fmt"

type Opt[T any] struct {
	v  T
	ok bool
}

func Some[T any](v T) Opt[T] { return Opt[T]{v, true} }
func None[T any]() Opt[T]    { return Opt[T]{} }
func (o Opt[T]) Or(d T) T {
	if o.ok {
		return o.v
	}
	return d
}
func main() {
	fmt.Println(Some(3).Or(0), None[int]().Or(7), Some("x").Or("y"))
}
