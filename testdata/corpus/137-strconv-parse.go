package main

import (
	"fmt"
	"strconv"
)

func main() {
	n, err := strconv.Atoi("123")
	fmt.Println(n, err)
	_, err = strconv.Atoi("12a")
	fmt.Println(err)
	f, _ := strconv.ParseFloat("3.25", 64)
	b, _ := strconv.ParseBool("true")
	i, _ := strconv.ParseInt("-ff", 16, 64)
	u, err := strconv.ParseUint("300", 10, 8)
	fmt.Println(f, b, i, u, err)
	fmt.Println(strconv.FormatInt(255, 2), strconv.Quote("hi\n"), strconv.FormatFloat(1.5, 'f', 3, 64))
	q, _ := strconv.Unquote(`"a\tb"`)
	fmt.Printf("%q\n", q)
}
