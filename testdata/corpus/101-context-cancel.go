package main

import (
	"context"
	"fmt"
	"time"
)

func work(ctx context.Context, out chan<- string) {
	select {
	case <-ctx.Done():
		out <- "cancelled: " + ctx.Err().Error()
	case <-time.After(5 * time.Second):
		out <- "finished"
	}
}
func main() {
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan string)
	go work(ctx, out)
	cancel()
	fmt.Println(<-out)
}
