package main

import "fmt"

func inc(p *int) { *p++ }

type Node struct {
	Val  int
	Next *Node
}

func main() {
	x := 1
	inc(&x)
	inc(&x)
	fmt.Println(x)
	var np *Node
	fmt.Println(np == nil)
	list := &Node{1, &Node{2, &Node{3, nil}}}
	for n := list; n != nil; n = n.Next {
		fmt.Print(n.Val, " ")
	}
	fmt.Println()
	p := new(int)
	*p = 42
	fmt.Println(*p)
}
