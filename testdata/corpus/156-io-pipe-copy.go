package main

import (
	"fmt"
	"io"
	"strings"
)

func main() {
	r := strings.NewReader("some data to copy")
	var sb strings.Builder
	n, err := io.Copy(&sb, r)
	fmt.Println(n, err, sb.String())
	lr := io.LimitReader(strings.NewReader("abcdefgh"), 3)
	b, _ := io.ReadAll(lr)
	fmt.Println(string(b))
	mr := io.MultiReader(strings.NewReader("ab"), strings.NewReader("cd"))
	all, _ := io.ReadAll(mr)
	fmt.Println(string(all))
}
