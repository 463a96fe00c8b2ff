package main

import (
	"fmt"
	"time"
)

func main() {
	layout := "Jan 2, 2006 at 3:04pm (MST)"
	t, err := time.Parse(layout, "Feb 3, 2013 at 7:54pm (UTC)")
	fmt.Println(t, err)
	fmt.Println(t.Format("2006/01/02 15:04:05"), t.Unix())
	fmt.Println(time.Unix(0, 0).UTC())
	d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Sub(time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(d, d.Hours()/24)
}
