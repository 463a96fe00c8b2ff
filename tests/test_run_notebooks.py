"""tests/run_notebooks.py fails when it should: it runs here on small notebooks built for each rule.

    GOJUP_BIN=bin/gojup /usr/bin/python3 -m unittest tests.test_run_notebooks -v
"""
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gojup_env  # noqa: E402

import nbformat  # noqa: E402
from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402


def notebook(path, *cells):
    nb = new_notebook(metadata={"kernelspec": {"name": "gojup", "display_name": "Go (gojup)", "language": "go"}})
    for i, (src, tags) in enumerate(cells):
        c = new_code_cell(src, id=f"c{i}")
        if tags:
            c.metadata["tags"] = tags
        nb.cells.append(c)
    nbformat.write(nb, path)
    return nb


class RunNotebooks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        gojup_env.setup()
        cls.tmp = tempfile.TemporaryDirectory(prefix="gojup-runnb-")
        d = pathlib.Path(cls.tmp.name)
        notebook(d / "a-good.ipynb", ('import "fmt"\nfmt.Println("hi")', []), ('panic("expected")', ["raises-exception"]))
        notebook(d / "b-error.ipynb", ('panic("unexpected")', []))
        notebook(d / "c-tag-without-error.ipynb", ("1 + 1", ["raises-exception"]))
        nb = notebook(d / "d-committed.ipynb", ("1 + 1", []))
        nb.cells[0].execution_count = 4
        nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x\n")]
        nbformat.write(nb, d / "d-committed.ipynb")
        notebook(d / "e-hang.ipynb", ("for {\n}", []))
        r = subprocess.run(
            [sys.executable, str(HERE / "run_notebooks.py"), "--timeout", "4", str(d)],
            capture_output=True, text=True, timeout=120, cwd=str(d),
        )
        cls.code, cls.out = r.returncode, r.stdout
        cls.rows = dict(re.findall(r"(?m)^(\S+\.ipynb)\s+\d+\s+[\d.]+s\s+(ok|FAIL)$", r.stdout))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_exit_status(self):
        self.assertEqual(self.code, 1, self.out)

    def test_table(self):
        self.assertEqual(
            self.rows,
            {"a-good.ipynb": "ok", "b-error.ipynb": "FAIL", "c-tag-without-error.ipynb": "FAIL",
             "d-committed.ipynb": "FAIL", "e-hang.ipynb": "FAIL"},
            self.out,
        )

    def test_reasons(self):
        self.assertRegex(self.out, r"b-error.ipynb: cell 0 \('panic\(\"unexpected\"\)'\): unexpected \w+:\n +.*unexpected")
        self.assertIn("c-tag-without-error.ipynb: cell 0 ('1 + 1'): tagged raises-exception but raised no error", self.out)
        self.assertIn("d-committed.ipynb: cell 0: committed outputs", self.out)
        self.assertIn("d-committed.ipynb: cell 0: committed execution_count 4", self.out)
        self.assertIn("e-hang.ipynb: timed out after 4s", self.out)


if __name__ == "__main__":
    unittest.main()
