package main

import "fmt"

type Celsius float64
type Fahrenheit float64

func (c Celsius) ToF() Fahrenheit { return Fahrenheit(c*9/5 + 32) }
func (c Celsius) String() string  { return fmt.Sprintf("%.1f°C", float64(c)) }

type IntList []int

func (l IntList) Sum() (s int) {
	for _, v := range l {
		s += v
	}
	return
}
func main() {
	c := Celsius(100)
	fmt.Println(c.ToF(), c)
	fmt.Println(IntList{1, 2, 3}.Sum())
}
