package main

import "fmt"

type Job struct{ id int }

func (j Job) Run(out chan<- int) { out <- j.id }
func main() {
	out := make(chan int)
	j := Job{1}
	go j.Run(out)
	v := <-out
	j = Job{2}
	go j.Run(out)
	fmt.Println(v, <-out)
}
