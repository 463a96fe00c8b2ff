package main

import (
	"encoding/json"
	"fmt"
)

type Address struct {
	City string `json:"city"`
}
type Person struct {
	Name    string   `json:"name"`
	Address *Address `json:"address,omitempty"`
	Friends []Person `json:"friends,omitempty"`
}

func main() {
	p := Person{Name: "A", Address: &Address{"Paris"}, Friends: []Person{{Name: "B"}}}
	b, _ := json.Marshal(p)
	fmt.Println(string(b))
	var q Person
	if err := json.Unmarshal(b, &q); err != nil {
		fmt.Println(err)
	}
	fmt.Println(q.Name, q.Address.City, q.Friends[0].Name)
}
