package main

import "fmt"

func main() {
	fmt.Println("start")
	done := make(chan bool)
	go func() {
		panic("goroutine failed")
	}()
	<-done
	fmt.Println("unreachable")
}
