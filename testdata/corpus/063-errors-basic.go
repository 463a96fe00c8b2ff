package main

import (
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")

func find(m map[string]int, k string) (int, error) {
	v, ok := m[k]
	if !ok {
		return 0, ErrNotFound
	}
	return v, nil
}
func main() {
	m := map[string]int{"a": 1}
	if v, err := find(m, "a"); err == nil {
		fmt.Println("found", v)
	}
	_, err := find(m, "b")
	fmt.Println(err, err == ErrNotFound)
}
