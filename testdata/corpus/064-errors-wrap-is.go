package main

import (
	"errors"
	"fmt"
)

var ErrPerm = errors.New("permission denied")

func open(name string) error {
	return fmt.Errorf("open %s: %w", name, ErrPerm)
}
func main() {
	err := open("/etc/x")
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrPerm), errors.Unwrap(err) == ErrPerm)
	wrapped := fmt.Errorf("layer2: %w", err)
	fmt.Println(wrapped, errors.Is(wrapped, ErrPerm))
	j := errors.Join(ErrPerm, errors.New("other"))
	fmt.Println(errors.Is(j, ErrPerm))
	fmt.Println(j)
}
