package main

import (
	"fmt"
	"strings"
)

func main() {
	for line := range strings.Lines("a\nb\nc") {
		fmt.Printf("%q\n", line)
	}
	for part := range strings.SplitSeq("1,2,3", ",") {
		fmt.Print(part, ";")
	}
	fmt.Println()
}
