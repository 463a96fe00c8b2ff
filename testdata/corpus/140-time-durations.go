package main

import (
	"fmt"
	"time"
)

func main() {
	d := 90 * time.Minute
	fmt.Println(d, d.Hours(), d.Minutes())
	fmt.Println(time.Duration(1500)*time.Millisecond, 2*time.Second+300*time.Millisecond)
	p, _ := time.ParseDuration("1h15m30.5s")
	fmt.Println(p, p.Seconds(), p.Round(time.Minute), p.Truncate(time.Hour))
	fmt.Println(time.Duration(0), time.Microsecond*3, time.Nanosecond*1500)
}
