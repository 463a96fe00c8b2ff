package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int)
	select {
	case v := <-ch:
		fmt.Println(v)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("timeout")
	}
	res := make(chan int, 1)
	go func() { res <- 42 }()
	select {
	case v := <-res:
		fmt.Println("result", v)
	case <-time.After(2 * time.Second):
		fmt.Println("too slow")
	}
}
