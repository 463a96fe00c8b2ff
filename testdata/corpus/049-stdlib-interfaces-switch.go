package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

type E struct{ msg string }

func (e *E) Error() string { return e.msg }

type R struct{ data string }

func (r *R) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, io.EOF
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
func kind(v any) string {
	switch v.(type) {
	case error:
		return "error"
	case io.Reader:
		return "reader"
	case fmt.Stringer:
		return "stringer"
	}
	return "none"
}
func main() {
	fmt.Println(kind(&E{"x"}), kind(&R{"abc"}), kind(errors.New("y")), kind(strings.NewReader("z")), kind(3))
	b, _ := io.ReadAll(&R{"hello reader"})
	fmt.Println(string(b))
	var err error = &E{"boom"}
	_, isE := err.(*E)
	fmt.Println(isE, err)
}
