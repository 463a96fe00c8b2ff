# gojup — build, install, run and test.
#
#   make lab      build, install the kernelspec, make sure a Jupyter front end exists, open notebooks/
#   make test     everything CI runs (.ci/run calls it), with a summary at the end
#
# Extending `make test`: a part of the tree may provide a Makefile.inc (mongod/, notebooks/,
# tools/*/) that is included below. It may append step names to TEST_STEPS and define a target
# test-<step> for each; every step runs (a failing step does not stop the others) and the
# summary lists them all. mongod/Makefile.inc, when present, sets GOJUP_MONGOD_TARGETS := 1 and
# defines mongod-build (bin/gojup-mongod) and test-mongod in place of the defaults below.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

GO      ?= go
# Debian's Jupyter packages import only under Debian's Python, not the python3 first on PATH.
PYTHON  ?= /usr/bin/python3
BIN     := bin
GOJUP   := $(BIN)/gojup
MONGOD  := $(BIN)/gojup-mongod
# go test -race runs on every package of the root module that does not link the interpreter
# (yaegi and the generated symbol tables: compiling those with -race costs minutes); those run
# without it. RACE_ALL=1 races everything, RACE= races nothing.
RACE    ?= -race
RACE_ALL ?=
# Notebook runner: per-notebook timeout in seconds.
NOTEBOOK_TIMEOUT ?= 120

# Go files we format-check: everything except the vendored, patched zmq4 copy.
FIND_GOFILES := find . -name '*.go' -not -path './third_party/*' -not -path './.git/*' -not -path './.bench/*' -print0
# Nested Go modules (their own go.mod), tested by the `modules` step unless their Makefile.inc
# takes over (it then removes itself from SUBMODULES).
SUBMODULES := $(patsubst %/go.mod,%,$(wildcard tools/*/go.mod))

TEST_STEPS := gofmt vet unit mongod modules

-include mongod/Makefile.inc notebooks/Makefile.inc bench/Makefile.inc scripts/screenshots.mk $(wildcard tools/*/Makefile.inc)

TEST_STEPS += shell python notebooks

.PHONY: all build dist install uninstall lab frontend mongod-build test bench fmt clean logos help \
	$(addprefix test-,$(TEST_STEPS))

all: build

help:
	@sed -n '2,4p' Makefile | sed 's/^# \{0,1\}//'

## ---- build and install ------------------------------------------------------------------

build:
	$(GO) build -o $(GOJUP) .

# Release binaries: what the Dockerfile copies (bin/gojup, bin/gojup-mongod).
dist: build mongod-build

install: build
	$(GOJUP) install --user

uninstall:
	$(GOJUP) uninstall --user

## ---- Embedded MongoDB-compatible server (mongod/ module, FerretDB) --------------------------
# Defaults for when mongod/Makefile.inc does not define these targets.
ifeq ($(origin GOJUP_MONGOD_TARGETS),undefined)
mongod-build:
	@if [ -f mongod/go.mod ]; then \
	  echo "building $(MONGOD) (first build compiles FerretDB: ~1.5 min)"; \
	  cd mongod && $(GO) build -o ../$(MONGOD) ./cmd/gojup-mongod; \
	else echo "mongod/ not present: skipping gojup-mongod"; fi

test-mongod:
	@if [ -f mongod/go.mod ]; then \
	  cd mongod && $(GO) vet ./... && $(GO) test ./...; \
	else echo "mongod/ not present: skipping"; fi
endif

## ---- make lab -------------------------------------------------------------------------------

# Installs the kernelspec for this user, makes sure `jupyter lab` or `jupyter notebook` runs
# (apt-get install jupyter-notebook otherwise), starts the shared embedded MongoDB-compatible
# server unless MONGODB_URI is set, and opens notebooks/.
lab: install mongod-build
	GOJUP=$(abspath $(GOJUP)) MONGOD=$(abspath $(MONGOD)) scripts/lab.sh

frontend:
	scripts/lab.sh --frontend-only

## ---- tests ----------------------------------------------------------------------------------

test:
	@MAKE="$(MAKE)" tests/steps.sh $(TEST_STEPS)

test-gofmt:
	@out=$$($(FIND_GOFILES) | xargs -0 gofmt -l); if [ -n "$$out" ]; then echo "not gofmt-clean (run make fmt):"; echo "$$out"; exit 1; fi
	@echo "gofmt: clean"

test-vet:
	$(GO) vet ./...

test-unit:
	@pkgs=$$($(GO) list -f '{{.ImportPath}}{{range .Deps}} {{.}}{{end}}' ./... | awk '{ \
	  h = 0; for (i = 1; i <= NF; i++) if ($$i == "github.com/gojup/gojup/kernel/symbols" || $$i == "github.com/traefik/yaegi/interp") h = 1; \
	  print h, $$1 }'); \
	race=$$(awk '$$1 == 0 {print $$2}' <<<"$$pkgs"); plain=$$(awk '$$1 == 1 {print $$2}' <<<"$$pkgs"); \
	if [ -n "$(RACE_ALL)" ]; then race="$$race $$plain"; plain=""; fi; \
	if [ -z "$(RACE)" ]; then plain="$$race $$plain"; race=""; fi; \
	echo "go test $(RACE) ($$(wc -w <<<"$$race") packages), then without -race:" $${plain//github.com\/gojup\/gojup\//}; \
	rc=0; \
	if [ -n "$$race" ]; then $(GO) test $(RACE) $$race || rc=1; fi; \
	if [ -n "$${plain// /}" ]; then $(GO) test $$plain || rc=1; fi; \
	exit $$rc

test-modules:
	@for m in $(SUBMODULES); do \
	  echo "== $$m"; (cd "$$m" && $(GO) vet ./... && $(GO) test ./...) || exit 1; \
	done; [ -n "$(SUBMODULES)" ] || echo "no nested modules"

# Shell scripts: shellcheck when it is installed (.ci/run installs it).
test-shell:
	@if command -v shellcheck >/dev/null; then \
	  shellcheck .ci/run tests/steps.sh scripts/*.sh && echo "shellcheck: clean"; \
	else echo "shellcheck not installed: skipping"; fi

# Real Jupyter clients (jupyter_client, jupyter_kernel_test, nbclient) against bin/gojup, with the
# kernelspec installed into a temp dir (never the real home).
test-python: build
	GOJUP_BIN=$(abspath $(GOJUP)) $(PYTHON) tests/run_tests.py

# Every notebook in notebooks/ executed through the kernelspec; also checks committed notebooks
# carry no outputs and match their sources (notebooks/build.py --check).
test-notebooks: build mongod-build
	@if [ -f notebooks/build.py ]; then $(PYTHON) notebooks/build.py --check; fi
	@# Lesson 07 runs `go tool pprof`, which the toolchain compiles on first use (~25 s on a
	@# fresh machine): do it once here so the notebook's time budget measures the lesson.
	@$(GO) tool pprof -h >/dev/null 2>&1 || true
	GOJUP_BIN=$(abspath $(GOJUP)) $(PYTHON) tests/run_notebooks.py --timeout $(NOTEBOOK_TIMEOUT) notebooks

## ---- misc -----------------------------------------------------------------------------------

# End-to-end benchmarks (bench/, writes docs/benchmarks.md); e.g. make bench BENCH_ARGS=-quick
bench: build
	@if [ -d bench ]; then $(GO) run ./bench $(BENCH_ARGS); else echo "bench/ not present yet"; fi

fmt:
	$(FIND_GOFILES) | xargs -0 gofmt -w

# Regenerate the PNG logos from the SVG (dev time; the PNGs are checked in and embedded).
logos:
	rsvg-convert -w 32 -h 32 install/logo-svg.svg -o install/logo-32x32.png
	rsvg-convert -w 64 -h 64 install/logo-svg.svg -o install/logo-64x64.png

clean:
	rm -rf $(BIN) .bench tests/__pycache__
