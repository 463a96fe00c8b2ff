package main

import (
	"errors"
	"fmt"
)

type MyErr struct{ Code int }

func (e MyErr) Error() string { return fmt.Sprintf("code %d", e.Code) }
func run() (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	panic(MyErr{42})
}
func main() {
	err := run()
	fmt.Println(err)
	var me MyErr
	fmt.Println(errors.As(err, &me), me.Code)
}
