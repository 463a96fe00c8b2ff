#!/usr/bin/python3
"""Checks the lesson notebooks (notebooks/*.ipynb) as documents, without running them:

  * every concept of the course (issue 7) is taught where the map below says: the notebook has the
    heading, and the code or text the concept needs — so a lesson can't silently lose one;
  * notebooks are nbformat 4.5 with the gojup kernelspec, committed without outputs or execution
    counts, with unique cell ids;
  * every exercise has a check cell and a hidden solution; meant-to-fail cells carry raises-exception;
  * the notebooks are what notebooks/build.py makes of notebooks/src (no hand edits that drift).

Run: /usr/bin/python3 -m unittest tests/test_notebook_concepts.py   (Debian's Python has nbformat)
Executing the notebooks is tests/run_notebooks.py's job.
"""
import pathlib
import re
import subprocess
import sys
import unittest

import nbformat

REPO = pathlib.Path(__file__).resolve().parent.parent
NB_DIR = REPO / "notebooks"

NOTEBOOKS = [
    "00-start-here",
    "01-git-hygiene",
    "02-mongodb-clients",
    "03-documents",
    "04-join",
    "05-threads-processes-goroutines",
    "06-async",
    "07-profiling",
]

# concept -> (notebook, a markdown heading containing this text, snippets that must appear in that notebook)
CONCEPTS = {
    # 00: how gojup works
    "cells mix imports, declarations and statements": ("00-start-here", "Cells are Go", ['import "fmt"', "func greet"]),
    "state persists between cells": ("00-start-here", "State persists between cells", ["visits"]),
    "display package": ("00-start-here", "Rich output", ["display.Markdown", "display.Table"]),
    "timelines: explicit lanes and scheduler trace": ("00-start-here", "Timelines", ["display.NewTimeline", "display.Trace", "display.Go"]),
    "magics": ("00-start-here", "Magics", ["!go version", "%help", "%%go run", "%%sh", "%%timeline"]),
    "where MongoDB comes from": ("00-start-here", "Where MongoDB comes from", ["MONGODB_URI", "FerretDB"]),
    # 01: git hygiene
    "git status shows untracked files": ("01-git-hygiene", "A throwaway repository", ['git("status"', "untracked"]),
    "database working files (mongo_files) are cruft": ("01-git-hygiene", "A throwaway repository", ["mongo_files/", "--dbpath"]),
    "avoid git add . and git add *": ("01-git-hygiene", "Why `git add .`", ['git("add", ".")', "git -c color.ui=never add *"]),
    "add files one by one": ("01-git-hygiene", "Add files one by one", ['git("add", "go.mod", "main.go", "users.go")']),
    ".gitignore": ("01-git-hygiene", "`.gitignore`", ['write(".gitignore"', "check-ignore"]),
    "notebook outputs and execution counts are cruft": ("01-git-hygiene", "Notebook outputs are cruft too", ["execution_count", "stripOutputs"]),
    "git runs only in a temporary repository": ("01-git-hygiene", "A throwaway repository", ["os.MkdirTemp", "GIT_CONFIG_GLOBAL=/dev/null", "os.RemoveAll(repo)"]),
    # 02: MongoDB clients
    "MongoDB is a multi-user server started with one command": ("02-mongodb-clients", "MongoDB: one server, many clients", ["mongod --dbpath"]),
    "several clients open at once": ("02-mongodb-clients", "Two clients in one program", ["alice := connect()", "bob := connect()"]),
    "listing database names": ("02-mongodb-clients", "Listing databases", ["ListDatabaseNames"]),
    "one client drops a database, the other sees it": ("02-mongodb-clients", "Listing databases", ["bob.Database(dbName).Drop(ctx)", "hasDB(alice, dbName)"]),
    "the server makes parallel processes possible": ("02-mongodb-clients", "Why this matters for parallel work", ["separate processes", "workers.Wait()"]),
    "connection per interaction (context manager) vs one client": ("02-mongodb-clients", "Open a connection every time, or keep one?", ["with MongoClient(uri) as client", "findPerInteraction", "findShared"]),
    # 03: documents
    "nested documents instead of tables kept in sync by foreign keys": ("03-documents", "A document shaped like the data", ["foreign keys", "Updates  []Status"]),
    "a small social network: users and status updates": ("03-documents", "Storing the social network", ["users.InsertMany", "updates.likes"]),
    "own types to documents and back (struct tags, bson codec; attrs/pydantic)": ("03-documents", "Go value → document → Go value", ["bson.Marshal", "bson.Unmarshal", 'bson:"-"', "pydantic"]),
    # 04: join
    "join waits until a thread/goroutine has terminated": ("04-join", "`sync.WaitGroup`: join for goroutines", ["wg.Wait()", "Thread", "join()"]),
    "processes have join too": ("04-join", "Processes have a real join", ["cmd.Start()", "cmd.Wait()"]),
    "daemon threads die with the main program": ("04-join", "Daemons: who keeps the program alive?", ["daemon=True", "%%go run"]),
    # 05: threads, processes, goroutines
    "the GIL: threads for waiting, processes for computing": ("05-threads-processes-goroutines", "Threads, processes and goroutines", ["GIL", "multiprocessing"]),
    "no GIL in Go: CPU-bound speed-up on a timeline": ("05-threads-processes-goroutines", "No GIL", ["runtime.NumCPU()", "tl.Show()", "runtime.GOMAXPROCS(1)", "display.Trace"]),
    "shared memory races": ("05-threads-processes-goroutines", "Shared memory races", ["racyBalance", "-30549"]),
    "the race caught with -race": ("05-threads-processes-goroutines", "Catching races with `-race`", ["%%go run -race", "DATA RACE"]),
    "locks fix races at a cost": ("05-threads-processes-goroutines", "Fix 1: a lock", ["sync.Mutex", "atomic.Int64", "blocked"]),
    "producer–consumer queue (channels instead of locks)": ("05-threads-processes-goroutines", "producer and consumers", ["close(jobs)", "queue.Queue"]),
    "goroutines when main returns": ("05-threads-processes-goroutines", "When `main` returns", ["%%go run"]),
    "real processes: start cost and copying data": ("05-threads-processes-goroutines", "Real processes", ['exec.Command("true")', 'exec.Command("wc", "-c")']),
    # 06: async
    "the async model: event loop, callbacks, coroutines": ("06-async", "Async: many waits at once", ["event loop", "async def", "await"]),
    "callbacks": ("06-async", "Callbacks", ["time.AfterFunc"]),
    "start the query, do other work, take the answer": ("06-async", "Start it, do something else, take the answer", ["create_task", "<-answer"]),
    "one goroutine interleaving many waits": ("06-async", "One goroutine, many waits", ["select {"]),
    "context cancellation and timeouts": ("06-async", "Timeouts and cancellation", ["context.WithTimeout", "context.WithCancel", "DeadlineExceeded"]),
    "concurrent vs sequential MongoDB queries on a timeline (Motor/Beanie)": ("06-async", "Concurrent MongoDB queries", ["Motor", "Beanie", "tlm.Show()"]),
    "async HTTP server and client on loopback (aiohttp)": ("06-async", "An HTTP server and client on loopback", ["aiohttp", 'net.Listen("tcp", "127.0.0.1:0")', "server.Shutdown"]),
    # 07: profiling
    "timing": ("07-profiling", "Timing, properly", ["time.Since", "median"]),
    "benchmarks": ("07-profiling", "Benchmarks", ["testing.Benchmark"]),
    "pprof shown inline": ("07-profiling", "pprof", ["runtime/pprof", "go tool", "pprof"]),
    "the connection-per-interaction question answered with numbers": ("07-profiling", "The connection question, answered with numbers", ["Disconnect", "display.Table"]),
}

# notebooks whose concurrency is shown on timelines
TIMELINES = ["00-start-here", "02-mongodb-clients", "04-join", "05-threads-processes-goroutines", "06-async", "07-profiling"]
# notebooks that use MongoDB: each uses its own gojup_lessonNN database and drops it
MONGO = ["02-mongodb-clients", "03-documents", "06-async", "07-profiling"]


def load(name):
    return nbformat.read(NB_DIR / f"{name}.ipynb", as_version=nbformat.NO_CONVERT)


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def headings(nb):
    """Markdown headings of the notebook (not lines of fenced code blocks)."""
    hs = []
    for c in nb.cells:
        if c.cell_type != "markdown":
            continue
        fenced = False
        for line in c.source.splitlines():
            if line.startswith("```"):
                fenced = not fenced
            elif not fenced and re.match(r"#{1,6} ", line):
                hs.append(line.lstrip("#").strip())
    return hs


def text(nb):
    return "\n".join(c.source for c in nb.cells)


class ConceptMap(unittest.TestCase):
    def test_every_concept_is_taught(self):
        for concept, (name, heading, snippets) in CONCEPTS.items():
            with self.subTest(concept=concept):
                self.assertIn(name, NOTEBOOKS)
                nb = load(name)
                hs = headings(nb)
                self.assertTrue(any(heading in h for h in hs),
                                f"{name}: no heading containing {heading!r} (headings: {hs})")
                body = text(nb)
                for s in snippets:
                    self.assertIn(s, body, f"{name}: {concept!r} needs {s!r}")

    def test_map_covers_every_notebook(self):
        self.assertEqual(sorted({n for n, _, _ in CONCEPTS.values()}), NOTEBOOKS)

    def test_timelines_where_concurrency_happens(self):
        for name in TIMELINES:
            with self.subTest(notebook=name):
                self.assertRegex(text(load(name)), r"display\.(NewTimeline|Trace)\(")

    def test_mongo_lessons_use_own_database_and_clean_up(self):
        for name in MONGO:
            with self.subTest(notebook=name):
                body = text(load(name))
                self.assertIn("gojup_lesson" + name[:2], body)
                self.assertIn('os.Getenv("MONGODB_URI")', body)
                self.assertIn(".Drop(", body)
                self.assertIn(".Disconnect(", body)

    def test_avoid_embedded_server_gaps(self):
        # FerretDB v1 (the default server) lacks these; the lessons must run on it (shared/design.md).
        for name in NOTEBOOKS:
            body = text(load(name))
            for bad in ["$lookup\"", "\"$avg", "\"$max", "\"$facet", "StartSession", "Decimal128", ".Distinct("]:
                with self.subTest(notebook=name, feature=bad):
                    self.assertNotIn(bad, body)


class Format(unittest.TestCase):
    def test_all_notebooks_present_and_valid(self):
        found = sorted(p.stem for p in NB_DIR.glob("*.ipynb"))
        self.assertEqual(found, NOTEBOOKS)
        for name in NOTEBOOKS:
            with self.subTest(notebook=name):
                nb = load(name)
                nbformat.validate(nb)
                self.assertEqual((nb.nbformat, nb.nbformat_minor), (4, 5))
                self.assertEqual(nb.metadata.kernelspec, {"name": "gojup", "display_name": "Go (gojup)", "language": "go"})
                self.assertEqual(nb.metadata.language_info["name"], "go")
                ids = [c.id for c in nb.cells]
                self.assertEqual(len(ids), len(set(ids)), "duplicate cell ids")

    def test_committed_without_outputs(self):
        for name in NOTEBOOKS:
            for i, c in enumerate(load(name).cells):
                if c.cell_type != "code":
                    continue
                with self.subTest(notebook=name, cell=i):
                    self.assertEqual(c.outputs, [], "committed outputs")
                    self.assertIsNone(c.execution_count, "committed execution count")

    def test_exercises_have_checks_and_hidden_solutions(self):
        for name in NOTEBOOKS:
            with self.subTest(notebook=name):
                nb = load(name)
                exercises = [(i, t[len("exercise-"):]) for i, c in enumerate(nb.cells)
                             for t in tags(c) if t.startswith("exercise-")]
                self.assertTrue(exercises, "no exercise")
                for i, ex in exercises:
                    sol = [c for c in nb.cells if f"solution-{ex}" in tags(c)]
                    self.assertEqual(len(sol), 1, f"exercise {ex}: one solution cell")
                    self.assertEqual(sol[0].cell_type, "markdown", "solutions must not run with the notebook")
                    self.assertIn("<details>", sol[0].source)
                    self.assertIn("```go", sol[0].source)
                    later = [c for c in nb.cells[i + 1:] if c.cell_type == "code"]
                    nxt = later[0] if later else None
                    self.assertTrue(nxt is not None and "check" in tags(nxt) and "check(" in nxt.source,
                                    f"exercise {ex}: the next code cell must be its check")

    def test_meant_to_fail_cells_are_tagged(self):
        race = [c for c in load("05-threads-processes-goroutines").cells
                if c.cell_type == "code" and c.source.startswith("%%go run -race")]
        self.assertEqual(len(race), 1)
        self.assertIn("raises-exception", tags(race[0]))
        for name in NOTEBOOKS:
            for c in load(name).cells:
                if "raises-exception" in tags(c):
                    with self.subTest(notebook=name, cell=c.id):
                        self.assertEqual(c.cell_type, "code")

    def test_built_from_sources(self):
        r = subprocess.run([sys.executable, str(NB_DIR / "build.py"), "--check"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_readme_lists_every_notebook(self):
        readme = (NB_DIR / "README.md").read_text()
        for name in NOTEBOOKS:
            self.assertIn(name + ".ipynb", readme)


if __name__ == "__main__":
    unittest.main()
