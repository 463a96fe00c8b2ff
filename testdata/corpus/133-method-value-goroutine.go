package main

import (
	"fmt"
	"sort"
	"sync"
)

type Server struct {
	name string
	log  []string
	mu   sync.Mutex
}

func (s *Server) Handle(id int) {
	s.mu.Lock()
	s.log = append(s.log, fmt.Sprint(s.name, "#", id))
	s.mu.Unlock()
}
func main() {
	s := &Server{name: "srv"}
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Handle(i)
		}()
	}
	wg.Wait()
	sort.Strings(s.log)
	fmt.Println(s.log)
}
