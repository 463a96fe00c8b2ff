"""nbclient (what `jupyter nbconvert --execute` uses) runs a notebook mixing imports, declarations,
statements, output, an expected error and rich display through the gojup kernelspec.

The notebook is built here with nbformat and written to tests/fixtures/mixed.ipynb on every run
(stable cell ids, no outputs), so the file on disk always matches CELLS below.

    GOJUP_BIN=bin/gojup /usr/bin/python3 -m unittest tests.test_nbclient -v
"""
import os
import pathlib
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gojup_env  # noqa: E402

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook  # noqa: E402

FIXTURE = pathlib.Path(__file__).resolve().parent / "fixtures" / "mixed.ipynb"

# (source, tags); the expectations are in the test below, by cell index.
CELLS = [
    ('import "fmt"\n\ntype item struct {\n\tname  string\n\tprice int\n}\n\nfunc total(xs []item) int {\n'
     "\tsum := 0\n\tfor _, x := range xs {\n\t\tsum += x.price\n\t}\n\treturn sum\n}", []),
    ('items := []item{{"tea", 3}, {"cake", 4}}\nfmt.Println("items:", len(items))\ntotal(items)', []),
    # a new import, a statement, then a declaration in one cell; the next cell uses it
    ('import "strings"\nfmt.Println(strings.ToUpper(items[0].name))\n'
     'func describe(it item) string { return fmt.Sprintf("%s costs %d", it.name, it.price) }', []),
    ('var m map[string]int\nm["boom"] = 1 // assignment to entry in nil map', ["raises-exception"]),
    ("items = append(items, item{\"jam\", 5})\nfmt.Println(describe(items[1]))\ntotal(items)", []),
    ('import "github.com/gojup/gojup/display"\ndisplay.HTML("<b>" + items[2].name + "</b>")', []),
    ("for i := range 3 {\n\tfmt.Print(i, \" \")\n}\nfmt.Println()", []),
]


def build_notebook():
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": gojup_env.KERNEL_NAME, "display_name": "Go (gojup)", "language": "go"},
            "language_info": {"name": "go"},
        }
    )
    nb.cells.append(new_markdown_cell("# mixed cells\nBuilt by tests/test_nbclient.py.", id="intro"))
    for i, (src, tags) in enumerate(CELLS):
        cell = new_code_cell(src, id=f"cell-{i}")
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    FIXTURE.parent.mkdir(exist_ok=True)
    nbformat.write(nb, FIXTURE)
    return nbformat.read(FIXTURE, as_version=4)


def setUpModule():
    gojup_env.setup()


def text(outputs, name="stdout"):
    return "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream" and o["name"] == name)


def results(outputs):
    return [o["data"]["text/plain"] for o in outputs if o["output_type"] == "execute_result"]


class MixedNotebook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.nb = build_notebook()
        # allow_errors: run every cell, so one failing cell does not hide the others' results;
        # test_errors_only_where_tagged checks the tags.
        client = NotebookClient(cls.nb, timeout=60, kernel_name=gojup_env.KERNEL_NAME, allow_errors=True)
        client.execute()
        cls.code = [c for c in cls.nb.cells if c.cell_type == "code"]

    def test_errors_only_where_tagged(self):
        for i, c in enumerate(self.code):
            errs = [o for o in c.outputs if o["output_type"] == "error"]
            tagged = "raises-exception" in c.metadata.get("tags", [])
            with self.subTest(cell=i):
                if tagged:
                    self.assertTrue(errs, "cell tagged raises-exception raised no error")
                else:
                    self.assertEqual(errs, [], "unexpected error:\n" + "\n".join(e["evalue"] for e in errs))

    def test_counts(self):
        self.assertEqual([c.execution_count for c in self.code], list(range(1, len(CELLS) + 1)))

    def test_declarations_cell(self):
        self.assertEqual(self.code[0].outputs, [])

    def test_statements_output_and_result(self):
        out = self.code[1].outputs
        self.assertEqual(text(out), "items: 2\n")
        self.assertEqual(results(out), ["7"])
        # stream before the result, as the cell ran
        self.assertEqual([o["output_type"] for o in out], ["stream", "execute_result"])

    def test_decl_after_statement(self):
        self.assertEqual(text(self.code[2].outputs), "TEA\n")
        self.assertEqual(results(self.code[2].outputs), [])

    def test_expected_error(self):
        errs = [o for o in self.code[3].outputs if o["output_type"] == "error"]
        self.assertEqual(len(errs), 1)
        msg = errs[0]["evalue"] + "\n".join(errs[0]["traceback"])
        self.assertIn("nil map", msg)

    def test_state_survives_error(self):
        self.assertEqual(text(self.code[4].outputs), "cake costs 4\n")
        self.assertEqual(results(self.code[4].outputs), ["12"])

    def test_display(self):
        disp = [o for o in self.code[5].outputs if o["output_type"] == "display_data"]
        self.assertEqual(len(disp), 1)
        self.assertEqual(disp[0]["data"]["text/html"], "<b>jam</b>")

    def test_go122_range_int(self):
        self.assertEqual(text(self.code[6].outputs), "0 1 2 \n")


if __name__ == "__main__":
    unittest.main()
