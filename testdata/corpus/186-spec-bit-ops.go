package main

import "fmt"

func popcount(x uint64) int {
	n := 0
	for x != 0 {
		x &= x - 1
		n++
	}
	return n
}
func main() {
	fmt.Println(popcount(0xff), popcount(1<<63|1))
	var flags uint8
	const (
		Read uint8 = 1 << iota
		Write
		Exec
	)
	flags |= Read | Exec
	fmt.Printf("%03b %v %v\n", flags, flags&Write != 0, flags&Exec != 0)
	flags &^= Exec
	fmt.Printf("%03b\n", flags)
	fmt.Println(-8>>1, uint8(200)>>2, 1<<3<<2)
}
