package main

import "fmt"

func main() {
	var f float64 = -3.9
	fmt.Println(int(f), int64(f), uint8(int(f)))
	var i int = 300
	fmt.Println(uint8(i), int8(i), float32(i)/7)
	var big int64 = 1 << 40
	fmt.Println(int32(big), int16(big+5))
	fmt.Println(string(rune(0x4e16)), []byte("ab"), string([]rune{72, 105}))
}
