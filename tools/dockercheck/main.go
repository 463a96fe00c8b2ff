// Command dockercheck checks gojup's Dockerfile and compose file without a Docker engine:
// BuildKit's own parser and lint rules, then the project's rules (pinned base images,
// non-root user, healthcheck, kernelspec installed, notebooks copied, loopback-only ports).
//
// Usage: dockercheck [-dockerfile Dockerfile] [-compose compose.yaml]
// It prints one line per problem and exits 1 when there is any.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

func main() {
	dockerfile := flag.String("dockerfile", "Dockerfile", "Dockerfile to check")
	compose := flag.String("compose", "compose.yaml", "compose file to check (empty: skip)")
	flag.Parse()

	var problems []string
	df, err := os.ReadFile(*dockerfile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dockercheck:", err)
		os.Exit(2)
	}
	p, err := checkDockerfile(context.Background(), df)
	if err != nil {
		fmt.Fprintf(os.Stderr, "dockercheck: %s: %v\n", *dockerfile, err)
		os.Exit(1)
	}
	for _, s := range p {
		problems = append(problems, *dockerfile+": "+s)
	}
	if *compose != "" {
		cf, err := os.ReadFile(*compose)
		if err != nil {
			fmt.Fprintln(os.Stderr, "dockercheck:", err)
			os.Exit(2)
		}
		p, err := checkCompose(cf)
		if err != nil {
			fmt.Fprintf(os.Stderr, "dockercheck: %s: %v\n", *compose, err)
			os.Exit(1)
		}
		for _, s := range p {
			problems = append(problems, *compose+": "+s)
		}
	}
	for _, s := range problems {
		fmt.Println(s)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
	fmt.Println("dockercheck: Dockerfile and compose file pass BuildKit lint and project rules")
}
