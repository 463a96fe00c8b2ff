package main

import (
	"fmt"
	"regexp"
)

func main() {
	re := regexp.MustCompile(`(\w+)@(\w+)\.com`)
	s := "mail ann@example.com and bob@test.com"
	fmt.Println(re.FindString(s))
	fmt.Println(re.FindAllString(s, -1))
	m := re.FindStringSubmatch(s)
	fmt.Println(m[1], m[2])
	fmt.Println(re.ReplaceAllString(s, "$1 at $2"))
	fmt.Println(regexp.MustCompile(`^\d+$`).MatchString("12345"))
}
