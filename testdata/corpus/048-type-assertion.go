package main

import "fmt"

type Animal interface{ Sound() string }
type Dog struct{}

func (Dog) Sound() string { return "woof" }
func (Dog) Fetch() string { return "fetching" }

type Fetcher interface{ Fetch() string }

func main() {
	var a Animal = Dog{}
	if f, ok := a.(Fetcher); ok {
		fmt.Println(f.Fetch())
	}
	d := a.(Dog)
	fmt.Println(d.Sound())
	_, ok := a.(interface{ Fly() })
	fmt.Println(ok)
	var x any = 3
	n, ok := x.(string)
	fmt.Printf("%q %v\n", n, ok)
}
