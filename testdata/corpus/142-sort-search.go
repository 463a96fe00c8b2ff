package main

import (
	"fmt"
	"sort"
)

func main() {
	a := []int{1, 3, 5, 7, 9}
	i := sort.Search(len(a), func(i int) bool { return a[i] >= 6 })
	fmt.Println(i, a[i])
	fs := []float64{2.5, -1, 3}
	sort.Float64s(fs)
	fmt.Println(fs)
	s := []string{"b", "c", "a"}
	sort.Sort(sort.Reverse(sort.StringSlice(s)))
	fmt.Println(s)
}
