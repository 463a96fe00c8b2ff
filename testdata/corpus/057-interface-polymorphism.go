package main

import "fmt"

type Visitor interface{ Visit(n int) string }
type Printer struct{}
type Doubler struct{ total int }

func (Printer) Visit(n int) string { return fmt.Sprint("print ", n) }
func (d *Doubler) Visit(n int) string {
	d.total += 2 * n
	return fmt.Sprint("total ", d.total)
}
func walk(v Visitor, ns []int) {
	for _, n := range ns {
		fmt.Println(v.Visit(n))
	}
}
func main() {
	walk(Printer{}, []int{1, 2})
	d := &Doubler{}
	walk(d, []int{1, 2, 3})
	fmt.Println(d.total)
}
