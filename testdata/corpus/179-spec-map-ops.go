package main

import "fmt"

func main() {
	m := make(map[string][]int)
	m["a"] = append(m["a"], 1)
	m["a"] = append(m["a"], 2)
	m["b"] = nil
	_, okb := m["b"]
	_, okc := m["c"]
	fmt.Println(m, len(m), okb, okc)
	type key struct{ a, b int }
	mk := map[key]int{{1, 2}: 3}
	mk[key{1, 2}]++
	fmt.Println(mk[key{1, 2}])
	delete(mk, key{9, 9})
	fmt.Println(len(mk))
}
