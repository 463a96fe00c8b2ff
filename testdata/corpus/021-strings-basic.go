package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

func main() {
	s := "Hello, 世界"
	fmt.Println(len(s), s[0], s[7:], utf8.RuneCountInString(s))
	for i, r := range "aé世" {
		fmt.Println(i, r, string(r))
	}
	fmt.Println(strings.ToUpper(s), strings.Contains(s, "llo"), strings.Index(s, "世"))
	fmt.Println(strings.Split("a,b,c", ","), strings.Join([]string{"x", "y"}, "-"))
	fmt.Println(strings.Repeat("ab", 3), strings.TrimSpace("  t  "), strings.Fields(" a  b c "))
	fmt.Println(strings.HasPrefix(s, "He"), strings.Replace("aaa", "a", "b", 2), strings.Title("x") == "X")
}
