package main

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

func main() {
	s := "Grüße, 世界!"
	letters, spaces, punct := 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsSpace(r):
			spaces++
		case unicode.IsPunct(r):
			punct++
		}
	}
	fmt.Println(letters, spaces, punct)
	buf := make([]byte, 0, 8)
	buf = utf8.AppendRune(buf, '世')
	fmt.Println(buf, utf8.RuneLen('é'), utf8.ValidString("ok"), utf8.ValidString("\xff"))
	for i, w := 0, 0; i < len("héllo"); i += w {
		r, width := utf8.DecodeRuneInString("héllo"[i:])
		w = width
		fmt.Print(string(r), width, " ")
	}
	fmt.Println()
}
