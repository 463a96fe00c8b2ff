package main

import "fmt"

func f() (s []string) {
	s = append(s, "start")
	defer func() { s = append(s, "deferred") }()
	s = append(s, "body")
	return s
}
func main() {
	fmt.Println(f())
}
