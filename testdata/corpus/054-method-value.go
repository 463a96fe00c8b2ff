package main

import "fmt"

type T struct{ n int }

func (t T) Get() int { return t.n }
func (t *T) Inc()    { t.n++ }
func main() {
	t := T{1}
	f := t.Get
	t.n = 5
	fmt.Println(f(), t.Get())
	inc := t.Inc
	inc()
	inc()
	fmt.Println(t.n)
	fs := []func() int{t.Get}
	t.n = 100
	fmt.Println(fs[0]())
}
