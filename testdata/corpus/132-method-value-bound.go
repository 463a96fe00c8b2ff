package main

import "fmt"

type Acc struct{ total int }

func (a *Acc) Add(n int) { a.total += n }
func (a Acc) Total() int { return a.total }
func main() {
	a := &Acc{}
	add := a.Add
	for i := range 4 {
		add(i)
	}
	fmt.Println(a.Total())
	b := Acc{5}
	tot := b.Total
	b.total = 50
	fmt.Println(tot(), b.Total())
	fs := map[string]func(int){"add": a.Add}
	fs["add"](10)
	fmt.Println(a.total)
}
