package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Name string }

func (e *NotFound) Error() string { return e.Name + " not found" }
func lookup(n string) error {
	return fmt.Errorf("lookup: %w", &NotFound{n})
}
func main() {
	err := lookup("x")
	fmt.Println(err)
	var nf *NotFound
	if errors.As(err, &nf) {
		fmt.Println("as:", nf.Name)
	}
}
