package main

import "fmt"

func main() {
	block := make(chan bool)
	go func(n int) {
		panic(fmt.Errorf("worker %d failed", n))
	}(7)
	<-block
}
