#!/usr/bin/env bash
# make screenshots: run two lesson notebooks through the gojup kernel, export them to HTML and
# take the README's screenshots with headless Chromium:
#   docs/img/lesson-mongodb.png   lesson 02 (MongoDB clients): three workers, three clients, one server
#   docs/img/lesson-timeline.png  lesson 05 (threads, processes, goroutines): the scheduler's timeline
#                                 of two goroutines fighting over one mutex
#
#   usage: scripts/screenshots.sh [--no-build] [OUTDIR]     (OUTDIR defaults to docs/img)
#
# Needs: /usr/bin/python3 with nbclient and nbformat, jupyter-nbconvert, chromium and
# ImageMagick's convert (Debian: apt-get install -y chromium imagemagick), Go (to build
# bin/gojup, bin/gojup-mongod and for the lesson's `%%go run` cells).
# Everything runs in a temporary directory (HOME, Jupyter dirs, the embedded MongoDB
# server's data); the embedded server this script starts is stopped at the end. Set
# MONGODB_URI to use a running MongoDB instead. KEEP=1 keeps the temporary directory.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

build=1
if [ "${1:-}" = "--no-build" ]; then
	build=0
	shift
fi
outdir=$(realpath -m "${1:-docs/img}")
GOJUP=$repo/bin/gojup
PY=/usr/bin/python3

need() { command -v "$1" >/dev/null || { echo "screenshots: $1 not found ($2)" >&2; exit 1; }; }
need jupyter-nbconvert "apt-get install -y jupyter-nbconvert"
need convert "apt-get install -y imagemagick"
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chromium" ] || { echo "screenshots: chromium not found (apt-get install -y chromium)" >&2; exit 1; }
[ -x /usr/bin/convert ] || { echo "screenshots: ImageMagick's /usr/bin/convert is missing (apt-get install -y imagemagick)" >&2; exit 1; }

if [ "$build" = 1 ]; then
	go build -o bin/gojup .
	make --no-print-directory mongod-build
fi
[ -x "$GOJUP" ] || { echo "screenshots: $GOJUP missing: run make build" >&2; exit 1; }

# Go keeps its caches and settings (a build cache in the temporary HOME would rebuild everything).
GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOPATH=$(go env GOPATH) GOENV=$(go env GOENV)
export GOCACHE GOMODCACHE GOPATH GOENV

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gojup-screenshots.XXXXXX")
export HOME=$tmp/home XDG_CACHE_HOME=$tmp/cache XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
export JUPYTER_PATH=$tmp/share/jupyter JUPYTER_DATA_DIR=$tmp/jupyter-data JUPYTER_CONFIG_DIR=$tmp/jupyter-config
export JUPYTER_RUNTIME_DIR=$tmp/jupyter-runtime GOJUP_CACHE_DIR=$tmp/gojup-cache
export GOJUP_HISTORY_FILE=$tmp/data/gojup/history.json GOJUP_LOG=${GOJUP_LOG:-warn}
export GOJUP_MONGOD=${GOJUP_MONGOD:-$repo/bin/gojup-mongod}
mkdir -p "$HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$JUPYTER_RUNTIME_DIR" "$GOJUP_CACHE_DIR" "$tmp/out"

cleanup() {
	# Stop the embedded server a kernel started for our GOJUP_CACHE_DIR (never another one).
	"$GOJUP" mongod stop >/dev/null 2>&1 || true
	if [ "${KEEP:-0}" = 1 ]; then
		echo "screenshots: kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

"$GOJUP" install --prefix "$tmp" --name gojup >/dev/null

# run_excerpt NOTEBOOK OUT.ipynb FIRST LAST [FROM]: executes the whole notebook (in notebooks/,
# with a fresh kernel) and writes its title and cells FIRST..LAST (markdown and code with
# outputs) to OUT; a first markdown cell starts at its first "## " heading, or at the text FROM.
run_excerpt() {
	"$PY" - "$@" <<'EOF'
import sys, os, nbformat
from nbclient import NotebookClient
src, out, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
start = sys.argv[5] if len(sys.argv) > 5 else "\n## "
nb = nbformat.read(src, as_version=4)
NotebookClient(nb, kernel_name="gojup", timeout=180, allow_errors=True,
               resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}}).execute()
errors = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
          and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
if errors:
    print(f"screenshots: {src}: error outputs in cells {errors}", file=sys.stderr)
if any(i in errors for i in range(first, last + 1)):
    sys.exit(f"screenshots: {src}: a cell shown in the screenshot failed")
cells = nb.cells[first:last + 1]
# Trim the prose around the cells: the first markdown cell from its first "## " heading on,
# (or FROM), the last one to its first paragraph; the lesson's title goes on top.
if cells[0].cell_type == "markdown" and start in "\n" + cells[0].source:
    cells[0].source = ("\n" + cells[0].source)[("\n" + cells[0].source).index(start):].strip()
if cells[-1].cell_type == "markdown":
    cells[-1].source = cells[-1].source.split("\n\n")[0]
title = next((l for l in nb.cells[0].source.splitlines() if l.startswith("# ")), None)
if title:
    cells.insert(0, nbformat.v4.new_markdown_cell(title))
nb.cells = cells
nbformat.write(nb, out)
EOF
}

# shoot HTML PNG HEIGHT: screenshot at 1000 px wide, then trim the margins.
shoot() {
	local html=$1 png=$2 height=$3 profile
	profile=$(mktemp -d "$tmp/chromium.XXXXXX")
	# --virtual-time-budget lets the page settle; nbconvert's CDN scripts (MathJax, require.js)
	# are not needed for these outputs and there is no network.
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$profile" --virtual-time-budget=3000 --force-device-scale-factor=1 \
		--window-size=1000,"$height" --screenshot="$tmp/raw.png" "file://$html" >"$tmp/chromium.log" 2>&1 ||
		{ cat "$tmp/chromium.log" >&2; exit 1; }
	# trim the white page margins, keep a 16 px border, 8-bit palette to keep the file small
	/usr/bin/convert "$tmp/raw.png" -trim +repage -bordercolor white -border 16 \
		-strip -colors 256 PNG8:"$png"
}

export_html() { # NOTEBOOK.ipynb → NOTEBOOK.html (code cells with their outputs, no prompts)
	jupyter-nbconvert --to html --no-prompt --log-level=WARN "$1" >/dev/null
}

mkdir -p "$outdir"
echo "screenshots: running lesson 02 (MongoDB)…"
run_excerpt notebooks/02-mongodb-clients.ipynb "$tmp/out/mongodb.ipynb" 10 12
export_html "$tmp/out/mongodb.ipynb"
shoot "$tmp/out/mongodb.html" "$outdir/lesson-mongodb.png" 2400

echo "screenshots: running lesson 05 (threads, processes, goroutines)…"
run_excerpt notebooks/05-threads-processes-goroutines.ipynb "$tmp/out/timeline.ipynb" 10 11 "In the scheduler's view"
export_html "$tmp/out/timeline.ipynb"
shoot "$tmp/out/timeline.html" "$outdir/lesson-timeline.png" 2400

for f in "$outdir/lesson-mongodb.png" "$outdir/lesson-timeline.png"; do
	size=$(stat -c %s "$f")
	echo "screenshots: $f $(/usr/bin/identify -format '%wx%h' "$f") $((size / 1024)) KB"
	if [ "$size" -gt $((400 * 1024)) ]; then
		echo "screenshots: $f is over 400 KB" >&2
		exit 1
	fi
done
