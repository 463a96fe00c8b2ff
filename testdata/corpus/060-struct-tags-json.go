package main

import (
	"encoding/json"
	"fmt"
)

type User struct {
	Name  string   `json:"name"`
	Age   int      `json:"age,omitempty"`
	Email string   `json:"-"`
	Tags  []string `json:"tags"`
}

func main() {
	u := User{Name: "Ann", Age: 30, Email: "x@y", Tags: []string{"a"}}
	b, err := json.Marshal(u)
	fmt.Println(string(b), err)
	var v User
	err = json.Unmarshal([]byte(`{"name":"Bob","tags":["x","y"]}`), &v)
	fmt.Println(v.Name, v.Age, v.Tags, err)
}
