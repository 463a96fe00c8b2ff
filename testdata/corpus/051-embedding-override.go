package main

import "fmt"

type Animal struct{ Name string }

func (a Animal) Speak() string { return a.Name + " makes a sound" }
func (a Animal) Intro() string { return "I am " + a.Name }

type Cat struct{ Animal }

func (c Cat) Speak() string { return c.Name + " meows" }

type Speaker interface{ Speak() string }

func main() {
	c := Cat{Animal{"Tom"}}
	fmt.Println(c.Speak())
	fmt.Println(c.Animal.Speak())
	fmt.Println(c.Intro())
	var s Speaker = c
	fmt.Println(s.Speak())
}
