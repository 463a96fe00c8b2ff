# syntax=docker/dockerfile:1
# gojup: JupyterLab with the Go kernel and the lesson notebooks.
# Works as a JupyterHub single-user image unchanged (see README, "JupyterHub").

ARG GO_VERSION=1.26.8

# ---- build: the gojup kernel and the embedded MongoDB-compatible server ----
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Module downloads are their own layers, so code edits don't re-download them.
COPY go.mod go.sum ./
COPY third_party/ third_party/
RUN go mod download
COPY mongod/go.mod mongod/go.sum mongod/
RUN cd mongod && go mod download
COPY . .
# The same target CI runs on the host (make dist): bin/gojup and bin/gojup-mongod.
RUN make dist

# ---- runtime: Jupyter Docker Stacks base image, pinned by date tag ----
FROM quay.io/jupyter/base-notebook:2026-08-07
ARG GO_VERSION
LABEL org.opencontainers.image.title="gojup" \
      org.opencontainers.image.description="JupyterLab with a Go kernel and lessons on concurrency"

# A Go toolchain for %%go run (compiled cells, the race detector); nothing else from the build stage.
COPY --from=build /usr/local/go /usr/local/go
COPY --from=build /src/bin/gojup /src/bin/gojup-mongod /usr/local/bin/
ENV PATH=/usr/local/go/bin:${PATH} \
    GOTOOLCHAIN=local \
    GOFLAGS=-mod=mod

USER root
# The kernelspec goes into the image's Jupyter prefix, visible to every user.
RUN gojup install --prefix /opt/conda && \
    chown -R "${NB_UID}:${NB_GID}" /opt/conda/share/jupyter/kernels/gojup
COPY --chown=${NB_UID}:${NB_GID} notebooks/ /home/${NB_USER}/notebooks/
USER ${NB_UID}
WORKDIR /home/${NB_USER}/notebooks

# Healthy when the Jupyter server answers and the kernel binary runs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD /etc/jupyter/docker_healthcheck.py && gojup version > /dev/null || exit 1
