package main

import (
	"fmt"
	"sort"
)

func Keys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
func main() {
	m := map[string]int{"z": 1, "a": 2, "m": 3}
	ks := Keys(m)
	sort.Strings(ks)
	fmt.Println(ks)
}
