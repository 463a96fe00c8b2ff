package main

import "fmt"

func main() {
	done := make(chan bool)
	data := 0
	go func() {
		data = 42
		done <- true
	}()
	<-done
	fmt.Println(data)
}
