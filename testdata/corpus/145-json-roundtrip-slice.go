package main

import (
	"encoding/json"
	"fmt"
)

type Item struct {
	ID    int      `json:"id"`
	Price float64  `json:"price"`
	Tags  []string `json:"tags,omitempty"`
}

func main() {
	items := []Item{{1, 9.5, nil}, {2, 20, []string{"sale"}}}
	b, _ := json.Marshal(items)
	fmt.Println(string(b))
	var back []Item
	if err := json.Unmarshal(b, &back); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println(len(back), back[1].Tags, back[0].Price)
	var bad Item
	err := json.Unmarshal([]byte(`{"id":"x"}`), &bad)
	fmt.Println(err != nil)
}
