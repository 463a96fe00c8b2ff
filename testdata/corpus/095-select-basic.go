package main

import "fmt"

func main() {
	c1 := make(chan string)
	c2 := make(chan string)
	go func() { c1 <- "one" }()
	msg := <-c1
	go func() { c2 <- "two" }()
	for i := 0; i < 1; i++ {
		select {
		case m := <-c2:
			fmt.Println("received", m)
		}
	}
	fmt.Println(msg)
	ch := make(chan int, 1)
	select {
	case v := <-ch:
		fmt.Println(v)
	default:
		fmt.Println("no value")
	}
	ch <- 9
	select {
	case v := <-ch:
		fmt.Println("got", v)
	default:
		fmt.Println("no value")
	}
}
