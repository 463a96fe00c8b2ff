package main

import "fmt"

type Logger struct {
	prefix string
	lines  []string
}

func (l *Logger) Log(s string) { l.lines = append(l.lines, l.prefix+s) }

type Service struct {
	*Logger
	name string
}

func main() {
	lg := &Logger{prefix: "> "}
	s1 := Service{lg, "a"}
	s2 := Service{lg, "b"}
	s1.Log("from " + s1.name)
	s2.Log("from " + s2.name)
	fmt.Println(lg.lines, len(s1.lines))
}
