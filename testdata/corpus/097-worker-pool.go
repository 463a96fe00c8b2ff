package main

import "fmt"

func worker(id int, jobs <-chan int, results chan<- [2]int) {
	for j := range jobs {
		results <- [2]int{j, j * 2}
	}
}
func main() {
	jobs := make(chan int, 10)
	results := make(chan [2]int, 10)
	for w := 1; w <= 3; w++ {
		go worker(w, jobs, results)
	}
	for j := 1; j <= 9; j++ {
		jobs <- j
	}
	close(jobs)
	out := make([]int, 10)
	for a := 1; a <= 9; a++ {
		r := <-results
		out[r[0]] = r[1]
	}
	fmt.Println(out)
}
