package main

import "fmt"

func main() {
	s := fmt.Sprint("a", 1, 2, "b", 3.0)
	t := fmt.Sprintln("x", 1)
	u := fmt.Sprintf("%3d|%-4s|%t", 7, "go", false)
	fmt.Print(s, "\n", t, u, "\n")
	var name string
	var age int
	n, err := fmt.Sscanf("ann 31", "%s %d", &name, &age)
	fmt.Println(n, err, name, age)
	var a, b int
	fmt.Sscan("4 5", &a, &b)
	fmt.Println(a + b)
	err2 := fmt.Errorf("code %d: %s", 3, "bad")
	fmt.Println(err2)
}
