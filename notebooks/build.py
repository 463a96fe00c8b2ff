#!/usr/bin/python3
"""Build the lesson notebooks (notebooks/NN-name.ipynb) from their sources (notebooks/src/NN-name.md).

Run with Debian's Python (it has nbformat):   /usr/bin/python3 notebooks/build.py [--check]

Source format: a file is a sequence of cells, each introduced by a marker line:

    #%% md                       a markdown cell
    #%% code [TAG ...]           a code cell with optional tags (raises-exception, check, exercise-NAME, ...)
    #%% solution NAME            a hidden solution: Go code, rendered as a collapsed <details> block in a
                                 markdown cell tagged solution-NAME (not executed when the notebook runs)

Text before the first marker is ignored. Trailing blank lines of a cell are dropped. The notebooks are
written without outputs or execution counts; cell ids are stable (NN-k) so rebuilding gives no churn.
--check exits 1 if a committed notebook differs from what its source builds.
"""
import pathlib
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE / "src"

KERNELSPEC = {"name": "gojup", "display_name": "Go (gojup)", "language": "go"}
LANGUAGE_INFO = {"name": "go", "file_extension": ".go", "mimetype": "text/x-go"}


def parse(text):
    cells = []
    cur = None
    for line in text.splitlines():
        if line.startswith("#%% "):
            kind, *args = line[4:].split()
            cur = {"kind": kind, "args": args, "lines": []}
            if kind not in ("md", "code", "solution"):
                raise ValueError(f"unknown cell marker: {line!r}")
            cells.append(cur)
        elif cur is not None:
            cur["lines"].append(line)
    for c in cells:
        while c["lines"] and not c["lines"][-1].strip():
            c["lines"].pop()
        while c["lines"] and not c["lines"][0].strip():
            c["lines"].pop(0)
    return cells


def build(src_path):
    stem = src_path.stem
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    nb.nbformat, nb.nbformat_minor = 4, 5
    prefix = stem.split("-")[0]
    for i, c in enumerate(parse(src_path.read_text())):
        body = "\n".join(c["lines"])
        cid = f"{prefix}-{i:03d}"
        if c["kind"] == "md":
            cell = new_markdown_cell(body, id=cid)
        elif c["kind"] == "code":
            cell = new_code_cell(body, id=cid)
            if c["args"]:
                cell.metadata["tags"] = list(c["args"])
        else:
            name = c["args"][0]
            md = ("<details>\n<summary><b>Solution</b> (try the exercise first; click to open)</summary>\n\n"
                  f"```go\n{body}\n```\n\nPaste it into the exercise cell above, run it, then run the check again.\n</details>")
            cell = new_markdown_cell(md, id=cid)
            cell.metadata["tags"] = [f"solution-{name}"]
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def main():
    check = "--check" in sys.argv
    stale = []
    for src in sorted(SRC.glob("*.md")):
        out = HERE / (src.stem + ".ipynb")
        text = nbformat.writes(build(src)) + "\n"
        if check:
            if not out.exists() or out.read_text() != text:
                stale.append(out.name)
        else:
            out.write_text(text)
            print("wrote", out.relative_to(HERE.parent))
    if stale:
        print("out of date (run /usr/bin/python3 notebooks/build.py):", ", ".join(stale))
        sys.exit(1)


if __name__ == "__main__":
    main()
