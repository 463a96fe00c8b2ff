package main

import (
	"fmt"
	"sort"
	"strings"
)

func main() {
	results := make(chan string, 3)
	for _, name := range []string{"a", "b", "c"} {
		go func() { results <- strings.ToUpper(name) }()
	}
	got := []string{<-results, <-results, <-results}
	sort.Strings(got)
	fmt.Println(got)
}
