package main

import (
	"fmt"
	"sort"
)

func main() {
	m := map[string]int{"a": 1, "b": 2}
	m["c"] = 3
	delete(m, "a")
	v, ok := m["a"]
	fmt.Println(v, ok, len(m))
	fmt.Println(m)
	keys := make([]string, 0)
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
	var nm map[string]int
	fmt.Println(nm["x"], len(nm))
}
