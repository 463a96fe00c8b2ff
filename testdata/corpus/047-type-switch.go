package main

import (
	"errors"
	"fmt"
	"strconv"
)

func describe(i any) string {
	switch v := i.(type) {
	case nil:
		return "nil"
	case int:
		return "int " + strconv.Itoa(v)
	case string:
		return "string " + v
	case []int:
		return fmt.Sprint("slice len ", len(v))
	case error:
		return "error " + v.Error()
	case fmt.Stringer:
		return "stringer " + v.String()
	case int8, int16:
		return fmt.Sprintf("small int %v", v)
	default:
		return fmt.Sprintf("other %T", v)
	}
}

type S struct{}

func (S) String() string { return "S!" }
func main() {
	for _, v := range []any{nil, 1, "x", []int{1}, errors.New("e"), S{}, int8(3), 2.5} {
		fmt.Println(describe(v))
	}
}
