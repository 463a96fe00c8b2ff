package main

import "fmt"

type Base struct{ ID int }

func (b Base) Describe() string { return fmt.Sprintf("Base(%d)", b.ID) }
func (b *Base) SetID(id int)    { b.ID = id }

type Derived struct {
	Base
	Name string
}

func main() {
	d := Derived{Base{1}, "d"}
	fmt.Println(d.Describe(), d.ID, d.Base.ID)
	d.SetID(7)
	fmt.Println(d.Describe())
	fmt.Printf("%+v\n", d)
}
