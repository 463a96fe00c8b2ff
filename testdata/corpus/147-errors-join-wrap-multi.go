package main

import (
	"errors"
	"fmt"
)

var (
	ErrA = errors.New("a failed")
	ErrB = errors.New("b failed")
)

func main() {
	err := fmt.Errorf("both: %w and %w", ErrA, ErrB)
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrA), errors.Is(err, ErrB))
	var joined error
	for _, e := range []error{ErrA, nil, ErrB} {
		joined = errors.Join(joined, e)
	}
	fmt.Println(joined)
}
