package main

import "fmt"

type T struct{ a int }

func (tv T) Mv(x int) int          { return tv.a + x }
func (tp *T) Mp(f float32) float32 { return float32(tp.a) * f }

type I interface{ Mv(int) int }

func main() {
	var t T = T{3}
	pt := &t
	fmt.Println(t.Mv(1), pt.Mv(2), pt.Mp(1.5), t.Mp(2))
	var i I = t
	fmt.Println(i.Mv(10))
	i = pt
	fmt.Println(i.Mv(20))
}
