package main

import "fmt"

func main() {
	graph := map[int][]int{1: {2, 3}, 2: {4}, 3: {4, 5}, 4: {6}, 5: {6}, 6: {}}
	dist := map[int]int{1: 0}
	queue := []int{1}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range graph[n] {
			if _, seen := dist[m]; !seen {
				dist[m] = dist[n] + 1
				queue = append(queue, m)
			}
		}
	}
	fmt.Println(dist)
}
