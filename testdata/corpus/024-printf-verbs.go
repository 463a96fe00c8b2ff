package main

import "fmt"

type P struct {
	X int
	S string
}

func main() {
	p := P{1, "a"}
	fmt.Printf("%v|%+v|%#v|%T\n", p, p, p, p)
	fmt.Printf("%d|%5d|%-5d|%05d|%x|%X|%o|%b\n", 42, 42, 42, 42, 255, 255, 8, 5)
	fmt.Printf("%s|%q|%10s|%-10s|%x\n", "go", "go", "go", "go", "go")
	fmt.Printf("%c|%U|%t|%p\n", 'G', 'G', true, nil)
	fmt.Printf("%6.2f|%-8.3f|%g\n", 3.14159, 2.5, 1e21)
	fmt.Printf("%v %v\n", []int{1, 2}, map[string]int{"b": 2, "a": 1})
	fmt.Printf("%%|%3c|%v\n", 'x', [2]bool{true})
	s := fmt.Sprintf("%08.3f", -3.5)
	fmt.Println(s, len(s))
}
