package main

import "fmt"

func main() {
	i := 0
Loop:
	for {
		switch {
		case i > 5:
			break Loop
		case i%2 == 0:
			i++
			continue Loop
		}
		fmt.Println("odd", i)
		i++
	}
	fmt.Println("out", i)
	n := 0
retry:
	n++
	if n < 3 {
		goto retry
	}
	fmt.Println("retries", n)
}
