package main

import (
	"encoding/json"
	"fmt"
)

func main() {
	data := map[string]any{"b": 1, "a": []int{1, 2}, "c": map[string]bool{"ok": true}}
	b, _ := json.MarshalIndent(data, "", "  ")
	fmt.Println(string(b))
	var out map[string]any
	json.Unmarshal([]byte(`{"x": 1.5, "y": "s", "z": null}`), &out)
	fmt.Println(out["x"], out["y"], out["z"] == nil, len(out))
}
