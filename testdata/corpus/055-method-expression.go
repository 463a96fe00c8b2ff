package main

import "fmt"

type T struct{ n int }

func (t T) Get() int   { return t.n }
func (t *T) Add(d int) { t.n += d }
func main() {
	get := T.Get
	add := (*T).Add
	t := T{3}
	add(&t, 4)
	fmt.Println(get(t))
	fmt.Printf("%T\n", get)
}
