package main

import (
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// composeFile is the part of a compose file the project rules look at.
type composeFile struct {
	Services map[string]struct {
		Image       string         `yaml:"image"`
		Build       any            `yaml:"build"`
		Ports       []string       `yaml:"ports"`
		Environment map[string]any `yaml:"environment"`
		Volumes     []string       `yaml:"volumes"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// checkCompose applies the project rules to a compose file: a lab service built from the
// Dockerfile with MONGODB_URI wired to a MongoDB 7 service, a named volume for the database,
// every published port bound to 127.0.0.1, and images pinned.
func checkCompose(dt []byte) ([]string, error) {
	var cf composeFile
	if err := yaml.Unmarshal(dt, &cf); err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	var problems []string
	names := make([]string, 0, len(cf.Services))
	for n := range cf.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	var lab, mongo string
	for _, n := range names {
		s := cf.Services[n]
		for _, p := range s.Ports {
			if !strings.HasPrefix(p, "127.0.0.1:") {
				problems = append(problems, fmt.Sprintf("service %s publishes %q on all interfaces: bind it to 127.0.0.1", n, p))
			}
		}
		if s.Build == nil && !pinned(s.Image) {
			problems = append(problems, fmt.Sprintf("service %s: image %q is not pinned", n, s.Image))
		}
		if strings.HasPrefix(s.Image, "mongo:") {
			mongo = n
			if !strings.HasPrefix(s.Image, "mongo:7") {
				problems = append(problems, fmt.Sprintf("service %s: want MongoDB 7, have %s", n, s.Image))
			}
			named := false
			for _, v := range s.Volumes {
				src, _, _ := strings.Cut(v, ":")
				if _, ok := cf.Volumes[src]; ok {
					named = true
				}
			}
			if !named {
				problems = append(problems, fmt.Sprintf("service %s: database is not on a named volume", n))
			}
		}
		if s.Build != nil {
			lab = n
		}
	}
	if lab == "" {
		problems = append(problems, "no service builds the gojup image (build: .)")
	}
	if mongo == "" {
		problems = append(problems, "no MongoDB service")
	}
	if lab != "" && mongo != "" {
		uri, _ := cf.Services[lab].Environment["MONGODB_URI"].(string)
		if !strings.Contains(uri, "//"+mongo+":") {
			problems = append(problems, fmt.Sprintf("service %s: MONGODB_URI %q does not point at service %s", lab, uri, mongo))
		}
	}
	return problems, nil
}
