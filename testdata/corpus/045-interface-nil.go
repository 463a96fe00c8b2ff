package main

import "fmt"

type I interface{ M() }
type T struct{}

func (*T) M() {}
func get(b bool) I {
	if b {
		var t *T
		return t
	}
	return nil
}
func main() {
	fmt.Println(get(false) == nil)
	fmt.Println(get(true) == nil)
	var i I
	fmt.Println(i == nil)
}
