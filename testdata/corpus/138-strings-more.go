package main

import (
	"fmt"
	"strings"
)

func main() {
	s := "The quick brown fox"
	fmt.Println(strings.Count(s, "o"), strings.LastIndex(s, "o"), strings.IndexByte(s, 'q'))
	fmt.Println(strings.EqualFold("Go", "GO"), strings.ToLower(s))
	fmt.Println(strings.TrimLeft("xxhixx", "x"), strings.TrimSuffix("file.go", ".go"), strings.Trim("--a--", "-"))
	fmt.Println(strings.SplitN("a,b,c,d", ",", 2), strings.Map(func(r rune) rune { return r + 1 }, "HAL"))
	before, after, found := strings.Cut("key=value", "=")
	fmt.Println(before, after, found)
	r := strings.NewReplacer("a", "1", "b", "2")
	fmt.Println(r.Replace("abcab"))
	fmt.Println(strings.ContainsAny("hello", "xyz"), strings.ContainsRune("hello", 'l'), strings.Compare("a", "b"))
	fmt.Printf("%q\n", strings.FieldsFunc("a1b2c3", func(r rune) bool { return r >= '0' && r <= '9' }))
}
