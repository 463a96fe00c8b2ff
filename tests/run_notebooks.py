#!/usr/bin/python3
"""Executes every notebook in a directory (default notebooks/) with nbclient through the gojup
kernelspec and prints a table of notebooks and run times.

    GOJUP_BIN=bin/gojup /usr/bin/python3 tests/run_notebooks.py [--timeout 120] [DIR or FILE ...]

A notebook fails when
  - a committed notebook carries outputs or execution counts (lessons are committed clean),
  - a cell not tagged raises-exception raises an error, or a cell tagged raises-exception does not,
  - it takes longer than --timeout seconds in all (its kernel is then shut down).
Notebooks run one after another in their own directory (cwd), each with a fresh kernel.
Exit status 1 if any notebook failed or none was found.
"""
import argparse
import asyncio
import os
import pathlib
import sys
import time
import traceback

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gojup_env  # noqa: E402

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

RAISES = "raises-exception"


def committed_problems(nb):
    """Outputs or execution counts left in a committed notebook."""
    probs = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            probs.append(f"cell {i}: committed outputs")
        if cell.get("execution_count") is not None:
            probs.append(f"cell {i}: committed execution_count {cell.execution_count}")
    return probs


def cell_label(i, cell):
    first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return f"cell {i} ({first[:60]!r})"


def executed_problems(nb):
    """Cells tagged raises-exception that did not raise."""
    probs = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        errored = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if RAISES in tags and not errored:
            probs.append(f"{cell_label(i, cell)}: tagged {RAISES} but raised no error")
    return probs


def unexpected_errors(nb):
    """Error outputs of cells not tagged raises-exception, with the cell and the error text."""
    probs = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or RAISES in cell.get("metadata", {}).get("tags", []):
            continue
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                tb = "\n".join(o.get("traceback", [])) or o.get("evalue", "")
                probs.append(f"{cell_label(i, cell)}: unexpected {o.get('ename', 'error')}:\n" + indent(tb))
    return probs


async def run_one(path, timeout):
    nb = nbformat.read(path, as_version=4)
    probs = committed_problems(nb)
    client = NotebookClient(
        nb,
        timeout=timeout,  # per cell; the whole notebook is bounded below
        kernel_name=gojup_env.KERNEL_NAME,
        allow_errors=False,  # errors are allowed only in cells tagged raises-exception
        resources={"metadata": {"path": str(path.parent)}},
    )
    task = asyncio.ensure_future(client.async_execute())
    done, _ = await asyncio.wait([task], timeout=timeout)
    if not done:
        # Cancelling runs nbclient's cleanup, which shuts the kernel down (whatever that raises).
        task.cancel()
        await asyncio.wait([task])
        if not task.cancelled():
            task.exception()  # retrieved, so asyncio does not log it
        probs.append(f"timed out after {timeout}s (kernel shut down)")
    else:
        try:
            task.result()
        except CellExecutionError as e:
            found = unexpected_errors(nb)
            probs += found or ["unexpected error:\n" + indent(str(e))]
        except Exception:  # kernel died, could not start, ...
            probs.append("run failed:\n" + indent(traceback.format_exc()))
        else:
            probs += executed_problems(nb)
    ncells = sum(1 for c in nb.cells if c.cell_type == "code")
    return probs, ncells


def indent(s, n=6):
    lines = s.rstrip().splitlines()
    if len(lines) > 40:
        lines = lines[:20] + ["..."] + lines[-19:]
    return "\n".join(" " * n + line for line in lines)


def find_notebooks(args):
    found = []
    for a in args:
        p = pathlib.Path(a)
        if p.is_dir():
            found += sorted(q for q in p.glob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb":
            found.append(p)
        else:
            sys.exit(f"not a notebook or directory: {a}")
    return [q.resolve() for q in found]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--timeout", type=int, default=120, help="seconds per notebook (default 120)")
    ap.add_argument("paths", nargs="*", default=[str(HERE.parent / "notebooks")])
    args = ap.parse_args()

    notebooks = find_notebooks(args.paths)
    if not notebooks:
        print("no notebooks found in", ", ".join(args.paths))
        return 1
    gojup_env.setup()

    rows = []
    for path in notebooks:
        rel = os.path.relpath(path)
        print(f"running {rel} ...", flush=True)
        t0 = time.monotonic()
        probs, ncells = asyncio.run(run_one(path, args.timeout))
        took = time.monotonic() - t0
        rows.append((rel, ncells, took, probs))
        for p in probs:
            print(f"  FAIL {rel}: {p}", flush=True)

    width = max(len(r[0]) for r in rows)
    print(f"\n{'notebook':<{width}}  {'cells':>5}  {'time':>7}  result")
    for rel, ncells, took, probs in rows:
        print(f"{rel:<{width}}  {ncells:>5}  {took:>6.1f}s  {'ok' if not probs else 'FAIL'}")
    failed = [r for r in rows if r[3]]
    total = sum(r[2] for r in rows)
    print(f"\n{len(rows)} notebooks, {len(failed)} failed, {total:.1f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
