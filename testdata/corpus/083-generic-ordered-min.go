package main

import "fmt"

type Ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~float32 | ~float64 | ~string
}

func Min[T Ordered](a, b T) T {
	if a < b {
		return a
	}
	return b
}
func Clamp[T Ordered](v, lo, hi T) T { return Min(hi, max(v, lo)) }
func main() {
	fmt.Println(Min(3, 5), Min("b", "a"), Min(2.5, -1))
	fmt.Println(Clamp(15, 0, 10), Clamp(-3, 0, 10), Clamp(5, 0, 10))
}
