package main

import "fmt"

type Expr interface{ Eval() float64 }
type Num float64
type Bin struct {
	Op   byte
	L, R Expr
}

func (n Num) Eval() float64 { return float64(n) }
func (b Bin) Eval() float64 {
	switch b.Op {
	case '+':
		return b.L.Eval() + b.R.Eval()
	case '*':
		return b.L.Eval() * b.R.Eval()
	}
	panic("bad op")
}
func main() {
	e := Bin{'+', Num(2), Bin{'*', Num(3), Num(4)}}
	fmt.Println(e.Eval())
}
