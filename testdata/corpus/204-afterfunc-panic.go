package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("arming")
	done := make(chan bool)
	time.AfterFunc(time.Millisecond, func() {
		panic("timer boom")
	})
	<-done
}
