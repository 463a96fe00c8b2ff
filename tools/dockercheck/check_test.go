package main

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestRepoFiles checks the repository's real Dockerfile and compose file.
func TestRepoFiles(t *testing.T) {
	df, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	p, err := checkDockerfile(context.Background(), df)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p {
		t.Errorf("Dockerfile: %s", s)
	}
	cf, err := os.ReadFile("../../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err = checkCompose(cf)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p {
		t.Errorf("compose.yaml: %s", s)
	}
}

// TestRulesCatchMistakes makes sure each rule fires on a Dockerfile that breaks it.
func TestRulesCatchMistakes(t *testing.T) {
	tests := []struct {
		name, dockerfile, want string
	}{
		{"lint casing", "FROM golang:1.26 as build\nRUN go mod download\nCOPY . .\nFROM scratch:1\nUSER 1000\n", "FromAsCasing"},
		{"unpinned", "FROM golang AS build\nRUN go mod download\nCOPY . .\nFROM x:1\nUSER 1000\n", `"golang" is not pinned`},
		{"latest", "FROM golang:latest AS build\nRUN go mod download\nCOPY . .\nFROM x:1\nUSER 1000\n", "not pinned"},
		{"root", "FROM golang:1 AS build\nRUN go mod download\nCOPY . .\nFROM x:1\nUSER root\n", `runs as "root"`},
		{"no user", "FROM golang:1 AS build\nRUN go mod download\nCOPY . .\nFROM x:1\n", `runs as ""`},
		{"healthcheck", "FROM golang:1 AS build\nRUN go mod download\nCOPY . .\nFROM x:1\nUSER 1000\n", "no HEALTHCHECK"},
		{"kernelspec", "FROM golang:1 AS build\nRUN go mod download\nCOPY . .\nFROM x:1\nUSER 1000\n", "kernelspec"},
		{"notebooks", "FROM golang:1 AS build\nRUN go mod download\nCOPY . .\nFROM x:1\nUSER 1000\n", "notebooks/"},
		{"download order", "FROM golang:1 AS build\nCOPY . .\nRUN go mod download\nFROM x:1\nUSER 1000\n", "go mod download"},
		{"single stage", "FROM golang:1\n", "multi-stage"},
	}
	for _, tt := range tests {
		p, err := checkDockerfile(context.Background(), []byte(tt.dockerfile))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !strings.Contains(strings.Join(p, "\n"), tt.want) {
			t.Errorf("%s: want a problem containing %q, got %q", tt.name, tt.want, p)
		}
	}
}

func TestComposeRules(t *testing.T) {
	bad := `
services:
  lab:
    build: .
    ports: ["8888:8888"]
    environment: {MONGODB_URI: "mongodb://localhost:27017"}
  db:
    image: mongo:6.0
    volumes: ["/tmp/x:/data/db"]
`
	p, err := checkCompose([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(p, "\n")
	for _, want := range []string{"all interfaces", "want MongoDB 7", "named volume", "does not point at service db"} {
		if !strings.Contains(got, want) {
			t.Errorf("want a problem containing %q, got:\n%s", want, got)
		}
	}
}
