package main

import (
	"errors"
	"fmt"
)

type Temporary interface{ Temporary() bool }
type netErr struct{ temp bool }

func (e netErr) Error() string   { return "net error" }
func (e netErr) Temporary() bool { return e.temp }
func check(err error) string {
	if t, ok := err.(Temporary); ok && t.Temporary() {
		return "retry"
	}
	return "fail"
}
func main() {
	fmt.Println(check(netErr{true}), check(netErr{false}), check(errors.New("x")))
}
