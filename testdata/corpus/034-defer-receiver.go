package main

import "fmt"

type Counter struct{ n int }

func (c Counter) Show()     { fmt.Println("count", c.n) }
func (c *Counter) ShowPtr() { fmt.Println("ptr count", c.n) }
func main() {
	c := Counter{1}
	defer c.Show()
	defer c.ShowPtr()
	c.n = 5
}
