package main

import (
	"fmt"
	"maps"
	"slices"
	"sort"
)

func main() {
	m := map[string]int{"b": 2, "a": 1}
	var keys []string
	for k := range maps.Keys(m) {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
	for i, v := range slices.All([]string{"x", "y"}) {
		fmt.Println(i, v)
	}
}
