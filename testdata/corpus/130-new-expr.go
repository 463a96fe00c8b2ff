package main

import "fmt"

type Config struct {
	Name    *string
	Retries *int
}

func main() {
	p := new(42)
	fmt.Println(*p)
	s := new("hello")
	*s += " world"
	fmt.Println(*s)
	c := Config{Name: new("svc"), Retries: new(3)}
	fmt.Println(*c.Name, *c.Retries)
	q := new(int)
	fmt.Println(*q)
}
