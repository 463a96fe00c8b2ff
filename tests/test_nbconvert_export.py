"""Rich output survives `jupyter nbconvert --to html`: a notebook using every kind of display
(HTML, Markdown, an image, a table, a progress bar, an updated display, an explicit timeline
and a traced one) is executed through the gojup kernelspec with nbclient and exported with
nbconvert's HTMLExporter, as a teacher hands out a lesson's results. The export must show each
output's final state inline, and no output may load anything from elsewhere (scripts, fonts,
style sheets, images by URL): an export is read offline.

    GOJUP_BIN=bin/gojup /usr/bin/python3 -m unittest tests.test_nbconvert_export -v
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gojup_env  # noqa: E402

from nbclient import NotebookClient  # noqa: E402
from nbconvert import HTMLExporter  # noqa: E402
from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402

IMPORTS = 'import (\n\t"image"\n\t"image/color"\n\t"sync"\n\t"time"\n\n\t"github.com/gojup/gojup/display"\n)'

# name -> cell source; the cells run in this order.
CELLS = {
    "imports": IMPORTS,
    "html": 'display.HTML("<p class=\\"gj\\">bold <b>claim</b></p>")',
    "markdown": 'display.Markdown("## Heading from Go\\n\\n*emphasis*")',
    "image": "img := image.NewRGBA(image.Rect(0, 0, 8, 8))\n"
    "img.Set(1, 1, color.RGBA{255, 0, 0, 255})\ndisplay.Image(img)",
    "table": 'type city struct {\n\tName string\n\tPeople int\n}\n'
    'display.Table([]city{{"Lyon", 522250}, {"Porto", 231800}})',
    "progress": 'bar := display.Progress(3, "steps")\nfor range 3 {\n\tbar.Add(1)\n}\nbar.Done()',
    "update": 'd := display.HTML("<i>first draft</i>")\nd.UpdateHTML("<i>final version</i>")',
    "explicit": 'tl := display.NewTimeline("kitchen")\n'
    'tl.Lane("oven").Span("bake", func() { time.Sleep(5 * time.Millisecond) })\n'
    'tl.Lane("counter").Span("chop", func() { time.Sleep(3 * time.Millisecond) })\ntl',
    "traced": 'display.Trace("two workers", func() {\n\tvar wg sync.WaitGroup\n'
    '\tfor _, name := range []string{"left worker", "right worker"} {\n\t\twg.Add(1)\n'
    '\t\tdisplay.Go(name, func() { defer wg.Done(); time.Sleep(5 * time.Millisecond) })\n\t}\n\twg.Wait()\n})',
}

# What must appear in the export for each cell: its final state.
EXPECT = {
    "html": ['<p class="gj">bold <b>claim</b></p>'],
    "markdown": ["Heading from Go", "<em>emphasis</em>"],
    "image": ['src="data:image/png;base64,'],
    "table": ["<table", "Lyon", "522250", "Porto"],
    "progress": ["3/3", "steps"],
    "update": ["final version"],
    "explicit": ["<svg", "oven", "counter", "bake"],
    "traced": ["<svg", "left worker", "right worker", "sleeping"],
}

# Anything in an output that would make the browser fetch something.
EXTERNAL = re.compile(r"<script|<link|@import|url\(\s*['\"]?(https?:|//)|(src|href)\s*=\s*['\"]?(https?:|//)", re.I)


def setUpModule():
    gojup_env.setup()


class ExportedNotebook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        nb = new_notebook(
            metadata={
                "kernelspec": {"name": gojup_env.KERNEL_NAME, "display_name": "Go (gojup)", "language": "go"},
                "language_info": {"name": "go"},
            }
        )
        for name, src in CELLS.items():
            nb.cells.append(new_code_cell(src, id=name))
        NotebookClient(nb, timeout=60, kernel_name=gojup_env.KERNEL_NAME).execute()
        cls.nb = nb
        cls.cells = {c.id: c for c in nb.cells}
        cls.html, _ = HTMLExporter().from_notebook_node(nb)

    def test_no_errors(self):
        for c in self.nb.cells:
            for o in c.outputs:
                self.assertNotEqual(o["output_type"], "error", f"cell {c.id}: {o.get('evalue')}")

    def test_every_output_in_export(self):
        for name, wants in EXPECT.items():
            with self.subTest(cell=name):
                self.assertTrue(self.cells[name].outputs, f"cell {name} has no output")
                for want in wants:
                    self.assertTrue(want in self.html, f"cell {name}: {want!r} missing from the HTML export")

    def test_update_replaced_in_place(self):
        # nbclient applies update_display_data to the output it names: one output, final state.
        outs = [o for o in self.cells["update"].outputs if o["output_type"] == "display_data"]
        self.assertEqual(len(outs), 1, outs)
        self.assertIn("final version", outs[0]["data"]["text/html"])
        # The source holds the text escaped (&lt;i&gt;); the first version as output must be gone.
        self.assertFalse("<i>first draft</i>" in self.html, "the replaced display is still in the export")

    def test_progress_final_state_only(self):
        outs = [o for o in self.cells["progress"].outputs if o["output_type"] == "display_data"]
        self.assertEqual(len(outs), 1, outs)

    def test_outputs_self_contained(self):
        for c in self.nb.cells:
            for o in c.outputs:
                for mime, value in o.get("data", {}).items():
                    text = value if isinstance(value, str) else "".join(value) if isinstance(value, list) else ""
                    with self.subTest(cell=c.id, mime=mime):
                        m = EXTERNAL.search(text)
                        self.assertIsNone(m, f"cell {c.id} {mime} loads something: {m and text[max(0, m.start() - 60):m.end() + 60]!r}")

    def test_every_bundle_has_text(self):
        for c in self.nb.cells:
            for o in c.outputs:
                if o["output_type"] in ("display_data", "execute_result"):
                    with self.subTest(cell=c.id):
                        self.assertIn("text/plain", o["data"])


if __name__ == "__main__":
    unittest.main()
