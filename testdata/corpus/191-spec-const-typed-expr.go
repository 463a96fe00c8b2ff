package main

import "fmt"

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

func (d Weekday) Next() Weekday { return (d + 1) % 3 }
func main() {
	d := Tuesday
	fmt.Println(d, d.Next(), Monday.Next())
	fmt.Printf("%T\n", Sunday)
}
