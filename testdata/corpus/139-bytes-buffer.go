package main

import (
	"bytes"
	"fmt"
)

func main() {
	var buf bytes.Buffer
	buf.WriteString("hello ")
	buf.Write([]byte("world"))
	fmt.Fprintf(&buf, " %d", 2024)
	fmt.Println(buf.String(), buf.Len())
	b := make([]byte, 5)
	n, _ := buf.Read(b)
	fmt.Println(n, string(b), buf.String())
	fmt.Println(bytes.Contains([]byte("seafood"), []byte("foo")), bytes.Fields([]byte(" a b ")))
}
