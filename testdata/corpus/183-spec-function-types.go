package main

import (
	"fmt"
	"strings"
)

type Handler func(string) string

func (h Handler) Twice(s string) string { return h(h(s)) }
func chain(hs ...Handler) Handler {
	return func(s string) string {
		for _, h := range hs {
			s = h(s)
		}
		return s
	}
}
func main() {
	up := Handler(strings.ToUpper)
	ex := Handler(func(s string) string { return s + "!" })
	fmt.Println(ex.Twice("hi"), chain(up, ex)("go"))
}
