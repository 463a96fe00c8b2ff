package main

import (
	"fmt"
	"strconv"
)

func main() {
	i := 65
	f := float64(i) * 1.5
	s := string(rune(i))
	neg := -2.7
	fmt.Println(f, s, int(f), int(neg))
	b := []byte("héllo")
	r := []rune("héllo")
	fmt.Println(len(b), len(r), string(r[1]), string(b[:2]))
	fmt.Println(strconv.Itoa(42)+"!", fmt.Sprint(3.5))
	var u uint32 = 1<<32 - 1
	fmt.Println(int32(u), uint16(u))
}
