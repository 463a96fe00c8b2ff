package main

import (
	"encoding/json"
	"fmt"
)

func main() {
	var v any
	json.Unmarshal([]byte(`[1, "two", {"three": 3}, true, null]`), &v)
	for _, e := range v.([]any) {
		fmt.Printf("%T %v\n", e, e)
	}
}
