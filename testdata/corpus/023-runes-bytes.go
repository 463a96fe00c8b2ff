package main

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

func main() {
	s := "naïve café"
	fmt.Println(len(s), utf8.RuneCountInString(s))
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	fmt.Println(string(rs))
	fmt.Println(unicode.IsUpper('A'), unicode.IsDigit('5'), unicode.ToLower('Q'), string(unicode.ToUpper('ß')))
	bs := []byte("abc")
	bs[0] = 'X'
	fmt.Println(string(bs), bytes.ToUpper(bs), bytes.Equal(bs, []byte("Xbc")))
	r, size := utf8.DecodeRuneInString("€x")
	fmt.Println(r, size, string(r))
}
