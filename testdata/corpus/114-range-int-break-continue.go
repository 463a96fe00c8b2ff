package main

import "fmt"

func main() {
	total := 0
outer:
	for i := range 10 {
		if i%2 == 0 {
			continue
		}
		for j := range i {
			if j > 2 {
				continue outer
			}
			total += j
		}
		if i > 6 {
			break
		}
	}
	fmt.Println(total)
}
