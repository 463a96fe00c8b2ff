#!/usr/bin/env bash
# make lab: make sure a Jupyter front end is installed, start the embedded MongoDB-compatible
# server when MONGODB_URI is unset, and open notebooks/ in JupyterLab (or the classic Notebook).
#   usage: scripts/lab.sh [--frontend-only]
# Environment: GOJUP (the gojup binary, default bin/gojup), MONGOD (default bin/gojup-mongod),
# LAB_ARGS (extra arguments for jupyter, e.g. "--no-browser --port 8899").
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
GOJUP=${GOJUP:-$repo/bin/gojup}
MONGOD=${MONGOD:-$repo/bin/gojup-mongod}

# The first `jupyter` that has the subcommand: the one on PATH, else Debian's.
find_jupyter() { # $1: lab | notebook
	local j
	for j in "$(command -v jupyter || true)" /usr/bin/jupyter; do
		if [ -n "$j" ] && [ -x "$j" ] && "$j" "$1" --version >/dev/null 2>&1; then
			echo "$j"
			return 0
		fi
	done
	return 1
}

frontend() {
	if find_jupyter lab >/dev/null || find_jupyter notebook >/dev/null; then
		return 0
	fi
	echo "No Jupyter front end found (neither 'jupyter lab' nor 'jupyter notebook' runs)."
	if command -v apt-get >/dev/null; then
		local sudo=()
		[ "$(id -u)" -eq 0 ] || sudo=(sudo)
		echo "Installing Debian's jupyter-notebook (classic Notebook; JupyterLab is not packaged in Debian)..."
		"${sudo[@]}" apt-get update
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y jupyter-notebook
		find_jupyter notebook >/dev/null || { echo "jupyter notebook still does not run" >&2; exit 1; }
	else
		echo "Install JupyterLab (pip install jupyterlab) or Notebook, then run make lab again." >&2
		exit 1
	fi
}

frontend
[ "${1:-}" = "--frontend-only" ] && exit 0

# Kernels started by the front end inherit this PATH, so they find gojup-mongod next to gojup.
export PATH="$repo/bin:$PATH"

if [ -n "${MONGODB_URI:-}" ]; then
	echo "MongoDB: using MONGODB_URI from the environment."
elif [ -x "$MONGOD" ]; then
	# The shared embedded server (FerretDB): kernels would start it on first use; starting it now
	# makes the first MongoDB cell fast. `gojup mongod stop` stops it.
	if uri=$("$GOJUP" mongod start); then
		echo "MongoDB: embedded server running at $uri (stop it with: $GOJUP mongod stop)"
	else
		echo "MongoDB: could not start the embedded server; kernels will retry on first use." >&2
	fi
else
	echo "MongoDB: MONGODB_URI is not set and $MONGOD is missing (make mongod-build); MongoDB lessons will fail."
fi

"$GOJUP" version 2>/dev/null || true
root_args=()
[ "$(id -u)" -ne 0 ] || root_args=(--allow-root) # Jupyter refuses to run as root without it
# shellcheck disable=SC2206 # LAB_ARGS is split on purpose
extra=(${LAB_ARGS:-})
if j=$(find_jupyter lab); then
	exec "$j" lab "${root_args[@]}" "${extra[@]}" "$repo/notebooks"
fi
j=$(find_jupyter notebook)
exec "$j" notebook "${root_args[@]}" "${extra[@]}" --notebook-dir="$repo/notebooks"
