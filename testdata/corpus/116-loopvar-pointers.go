package main

import "fmt"

func main() {
	var ps []*int
	for i := 0; i < 3; i++ {
		ps = append(ps, &i)
	}
	for _, p := range ps {
		fmt.Print(*p, " ")
	}
	fmt.Println()
	type item struct{ name string }
	var items []*item
	for _, it := range []item{{"a"}, {"b"}} {
		items = append(items, &it)
	}
	fmt.Println(items[0].name, items[1].name)
}
