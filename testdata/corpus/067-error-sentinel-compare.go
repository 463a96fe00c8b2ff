package main

import (
	"errors"
	"fmt"
	"strconv"
)

type Status int

func (s Status) Error() string { return "status " + strconv.Itoa(int(s)) }

const (
	NotFound Status = 404
	Teapot   Status = 418
)

func get(code int) error {
	if code == 200 {
		return nil
	}
	return Status(code)
}
func main() {
	err := get(404)
	fmt.Println(err == NotFound, err)
	fmt.Println(errors.Is(get(418), Teapot), get(200) == nil)
}
