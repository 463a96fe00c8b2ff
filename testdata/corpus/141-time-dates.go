package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.Date(2024, time.February, 28, 22, 30, 0, 0, time.UTC)
	fmt.Println(t)
	t2 := t.Add(3 * time.Hour)
	fmt.Println(t2.Format("2006-01-02 15:04"), t2.Weekday(), t2.YearDay())
	fmt.Println(t2.Sub(t), t2.After(t), t.AddDate(0, 1, 1).Format(time.RFC3339))
	p, err := time.Parse("2006-01-02", "2023-12-25")
	fmt.Println(p.Month(), p.Day(), err)
	fmt.Println(t.Truncate(24 * time.Hour).Format(time.Kitchen))
}
