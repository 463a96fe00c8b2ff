package main

import "fmt"

const (
	a = 1 << iota
	b
	c
	d
)
const (
	bit0, mask0 = 1 << iota, 1<<iota - 1
	bit1, mask1
	_, _
	bit3, mask3
)

type ByteSize float64

const (
	_           = iota
	KB ByteSize = 1 << (10 * iota)
	MB
	GB
)

func main() {
	fmt.Println(a, b, c, d)
	fmt.Println(bit0, mask0, bit1, mask1, bit3, mask3)
	fmt.Println(KB, MB, GB/MB)
}
