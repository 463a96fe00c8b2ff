package main

import (
	"fmt"
	"strings"
)

func shift(s string, k int) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune('a' + (r-'a'+rune(k)+26)%26)
		case r >= 'A' && r <= 'Z':
			b.WriteRune('A' + (r-'A'+rune(k)+26)%26)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
func main() {
	enc := shift("Hello, World!", 3)
	fmt.Println(enc, shift(enc, -3))
}
