package main

import "fmt"

func main() {
	ch := make(chan string)
	go func() {
		ch <- "ping"
	}()
	msg := <-ch
	fmt.Println(msg)
	done := make(chan struct{})
	go func() {
		fmt.Println("working")
		close(done)
	}()
	<-done
	fmt.Println("done")
}
