package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stdout, "to stdout")
	os.Stdout.WriteString("write string\n")
	fmt.Fprintf(os.Stdout, "%s\n", "formatted")
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "buffered")
	w.Flush()
}
