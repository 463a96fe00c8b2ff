package main

import "fmt"

func main() {
	const n = 8
	out := make(chan [2]int, n)
	for i := range n {
		go func() { out <- [2]int{i, i * i * i} }()
	}
	res := make([]int, n)
	for range n {
		r := <-out
		res[r[0]] = r[1]
	}
	fmt.Println(res)
}
