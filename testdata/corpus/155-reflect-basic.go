package main

import (
	"fmt"
	"reflect"
)

type T struct {
	A int `tag:"a"`
	B string
}

func main() {
	v := reflect.ValueOf(T{1, "x"})
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		fmt.Println(t.Field(i).Name, v.Field(i).Interface())
	}
	fmt.Println(reflect.TypeOf(3).Kind(), reflect.TypeOf([]string{}).Elem())
}
