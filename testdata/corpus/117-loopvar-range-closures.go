package main

import "fmt"

func main() {
	m := map[string]int{"x": 1}
	var fs []func() string
	for k, v := range m {
		fs = append(fs, func() string { return fmt.Sprint(k, v) })
	}
	for i, s := range []string{"p", "q"} {
		fs = append(fs, func() string { return fmt.Sprint(i, s) })
	}
	for _, f := range fs {
		fmt.Println(f())
	}
}
