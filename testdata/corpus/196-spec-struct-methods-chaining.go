package main

import (
	"fmt"
	"strings"
)

type Builder struct{ parts []string }

func (b *Builder) Add(s string) *Builder {
	b.parts = append(b.parts, s)
	return b
}
func (b *Builder) Build() string { return strings.Join(b.parts, " ") }
func main() {
	s := (&Builder{}).Add("go").Add("is").Add("fun").Build()
	fmt.Println(s)
}
