package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/opencontainers/go-digest"
)

// checkDockerfile returns BuildKit lint warnings and project-rule violations for dt.
// A parse error is returned as err.
func checkDockerfile(ctx context.Context, dt []byte) ([]string, error) {
	var problems []string

	src := llb.Local("dockerfile")
	def, err := src.Marshal(ctx)
	if err != nil {
		return nil, fmt.Errorf("source map: %w", err)
	}
	sm := llb.NewSourceMap(&src, "Dockerfile", "Dockerfile", dt)
	sm.Definition = def
	res, err := dockerfile2llb.DockerfileLint(ctx, dt, dockerfile2llb.ConvertOpt{
		Config:       dockerui.Config{},
		SourceMap:    sm,
		MetaResolver: offlineResolver{},
	})
	if err != nil {
		return nil, fmt.Errorf("buildkit lint: %w", err)
	}
	for _, w := range res.Warnings {
		line := 0
		if len(w.Location.Ranges) > 0 {
			line = int(w.Location.Ranges[0].Start.Line)
		}
		problems = append(problems, fmt.Sprintf("line %d: %s: %s", line, w.RuleName, w.Detail))
	}

	ast, err := parser.Parse(bytes.NewReader(dt))
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	stages, metaArgs, err := instructions.Parse(ast.AST, nil)
	if err != nil {
		return nil, fmt.Errorf("instructions: %w", err)
	}
	problems = append(problems, projectRules(stages, metaArgs)...)
	return problems, nil
}

// offlineResolver answers image-config lookups without a registry (the check must work
// offline and in CI): an empty linux/amd64 config, plus the environment that the Jupyter
// Docker Stacks images are documented to set, so BuildKit's UndefinedVar rule knows them.
type offlineResolver struct{}

// stacksEnv is what quay.io/jupyter/* images set (docker-stacks-foundation's Dockerfile).
const stacksEnv = `"Env":["CONDA_DIR=/opt/conda","NB_USER=jovyan","NB_UID=1000","NB_GID=100","HOME=/home/jovyan","PATH=/opt/conda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]`

func (offlineResolver) ResolveImageConfig(ctx context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	cfg := `{"architecture":"amd64","os":"linux","config":{}}`
	if strings.Contains(ref, "quay.io/jupyter/") {
		cfg = `{"architecture":"amd64","os":"linux","config":{` + stacksEnv + `}}`
	}
	return ref, "", []byte(cfg), nil
}

// projectRules are gojup's own rules for its image.
func projectRules(stages []instructions.Stage, metaArgs []instructions.ArgCommand) []string {
	var problems []string
	args := map[string]string{}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				args[kv.Key] = *kv.Value
			}
		}
	}
	stageNames := map[string]bool{}
	for _, st := range stages {
		if st.Name != "" {
			stageNames[strings.ToLower(st.Name)] = true
		}
	}
	for _, st := range stages {
		base := expand(st.BaseName, args)
		if stageNames[strings.ToLower(base)] {
			continue
		}
		if !pinned(base) {
			problems = append(problems, fmt.Sprintf("base image %q is not pinned to a version tag or digest", base))
		}
	}
	if len(stages) < 2 {
		problems = append(problems, "not a multi-stage build (want a Go build stage and a runtime stage)")
		return problems
	}

	final := stages[len(stages)-1]
	var user string
	var healthcheck, kernelspec, notebooks, goToolchain bool
	for _, cmd := range final.Commands {
		switch c := cmd.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.HealthCheckCommand:
			healthcheck = c.Health != nil && len(c.Health.Test) > 0 && c.Health.Test[0] != "NONE"
		case *instructions.RunCommand:
			if strings.Contains(strings.Join(c.CmdLine, " "), "gojup install") {
				kernelspec = true
			}
		case *instructions.CopyCommand:
			src := strings.Join(c.SourcePaths, " ")
			if strings.Contains(src, "notebooks") && strings.Contains(c.DestPath, "/home/") {
				notebooks = true
			}
			if c.From != "" && strings.Contains(src, "/usr/local/go") {
				goToolchain = true
			}
		}
	}
	if user == "" || user == "root" || user == "0" || strings.HasPrefix(user, "0:") || strings.HasPrefix(user, "root:") {
		problems = append(problems, fmt.Sprintf("final stage runs as %q: want the stacks' non-root user (USER ${NB_UID})", user))
	}
	if !healthcheck {
		problems = append(problems, "final stage has no HEALTHCHECK")
	}
	if !kernelspec {
		problems = append(problems, "final stage does not install the kernelspec (RUN gojup install ...)")
	}
	if !notebooks {
		problems = append(problems, "final stage does not copy notebooks/ into the home directory")
	}
	if !goToolchain {
		problems = append(problems, "final stage has no Go toolchain for %%go run (COPY --from=build /usr/local/go)")
	}

	// The module download must be its own layer, before the sources are copied.
	build := stages[0]
	download, copyAll := -1, -1
	for i, cmd := range build.Commands {
		switch c := cmd.(type) {
		case *instructions.RunCommand:
			if download < 0 && strings.Contains(strings.Join(c.CmdLine, " "), "go mod download") {
				download = i
			}
		case *instructions.CopyCommand:
			if copyAll < 0 && len(c.SourcePaths) == 1 && c.SourcePaths[0] == "." {
				copyAll = i
			}
		}
	}
	if download < 0 || copyAll < 0 || download > copyAll {
		problems = append(problems, "build stage must run `go mod download` before `COPY . .` (cached layer)")
	}
	return problems
}

// expand substitutes ${NAME} and $NAME from global ARG defaults.
func expand(s string, args map[string]string) string {
	for k, v := range args {
		s = strings.ReplaceAll(s, "${"+k+"}", v)
		s = strings.ReplaceAll(s, "$"+k, v)
	}
	return s
}

// pinned reports whether an image reference names a digest or a version tag (not latest).
func pinned(ref string) bool {
	if strings.Contains(ref, "@sha256:") {
		return true
	}
	slash := strings.LastIndex(ref, "/")
	colon := strings.LastIndex(ref, ":")
	if colon <= slash {
		return false // no tag
	}
	tag := ref[colon+1:]
	return tag != "" && tag != "latest" && !strings.Contains(tag, "$")
}
