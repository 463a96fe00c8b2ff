"""jupyter_kernel_test conformance suite for the gojup kernel, every sample attribute set.

jupyter_kernel_test 0.4.5 skips each test whose sample attribute is empty; all are set here and
tests/run_tests.py fails the run if any test or subtest is skipped. The extra tests at the end
check what the suite does not: the kernel_info fields, completion semantics independent of how
matches are spelled, interrupt through interrupt_mode "message", stop_on_error aborts.

    GOJUP_BIN=bin/gojup /usr/bin/python3 -m unittest tests.test_conformance -v
"""
import os
import queue
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gojup_env  # noqa: E402

import jupyter_kernel_test  # noqa: E402
from jupyter_kernel_test.msgspec_v5 import validate_message  # noqa: E402


def setUpModule():
    gojup_env.setup()


IMPORT_DISPLAY = 'import "github.com/gojup/gojup/display"\n'


class GojupKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = gojup_env.KERNEL_NAME
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'
    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "to stderr")'

    # Each match replaces code[cursor_start:cursor_end] (here: the member name after "pkg.");
    # test_completion_semantics below checks the same without depending on that spelling.
    completion_samples = [
        {"text": "fmt.Print", "matches": {"Print", "Printf", "Println"}},
        {"text": "strings.HasPre", "matches": {"HasPrefix"}},
        {"text": "fm"},
    ]
    complete_code_samples = [
        'fmt.Println("hi")',
        "x := 1",
        "func add(a, b int) int { return a + b }",
        'import "strings"',
        "type point struct{ x, y int }",
        "for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}",
    ]
    incomplete_code_samples = [
        "func f() {",
        "for i := 0; i < 3; i++ {",
        "xs := []int{1,\n2,",
        "fmt.Println(",
        "s := `raw string",
        "type t struct {\n\ta int",
    ]
    invalid_code_samples = [  # no amount of further lines can fix these
        "fmt.Println(1))",
        "x := )",
        "}",
        's := "not terminated',
        "x := 1 @ 2",
    ]

    code_page_something = "fmt.Println?"
    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "6 * 7", "result": "42"},
        {"code": '"go" + "jup"', "result": "gojup"},
        {"code": "1.5 * 2", "result": "3"},
        {"code": 'import "strings"\nstrings.Repeat("ab", 3)', "result": "ababab"},
    ]
    code_display_data = [
        {"code": IMPORT_DISPLAY + 'display.HTML("<b>bold</b>")', "mime": "text/html"},
        {"code": IMPORT_DISPLAY + 'display.Markdown("**bold**")', "mime": "text/markdown"},
    ]

    # Glob as in IPython (? = one character); matches only "6 * 7" of all code these tests run.
    code_history_pattern = "6 ? 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "fmt.Println"
    code_clear_output = IMPORT_DISPLAY + "display.Clear(false)"

    # ---- beyond jupyter_kernel_test -------------------------------------------------------

    def test_kernel_info_fields(self):
        self.flush_channels()
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=jupyter_kernel_test.TIMEOUT)
        validate_message(reply, "kernel_info_reply", msg_id)
        c = reply["content"]
        self.assertEqual(c["implementation"], "gojup")
        self.assertTrue(c["protocol_version"].startswith("5."), c["protocol_version"])
        li = c["language_info"]
        self.assertEqual(li["name"], "go")
        self.assertEqual(li["mimetype"], "text/x-go")
        self.assertEqual(li["file_extension"], ".go")
        self.assertEqual(li["pygments_lexer"], "go")
        self.assertTrue(li["version"].startswith("go1.") or li["version"].startswith("1."), li["version"])
        self.assertTrue(c["banner"])

    def complete_texts(self, code, cursor_pos=None):
        """The texts the front end would show after applying each match."""
        msg_id = self.kc.complete(code, cursor_pos)
        reply = self.get_non_kernel_info_reply(timeout=jupyter_kernel_test.TIMEOUT)
        validate_message(reply, "complete_reply", msg_id)
        c = reply["content"]
        self.assertEqual(c["status"], "ok")
        if cursor_pos is None:
            cursor_pos = len(code)
        self.assertLessEqual(c["cursor_start"], c["cursor_end"])
        self.assertEqual(c["cursor_end"], cursor_pos)
        return {code[: c["cursor_start"]] + m + code[c["cursor_end"]:] for m in c["matches"]}

    def test_completion_semantics(self):
        self.flush_channels()
        texts = self.complete_texts("fmt.Print")
        self.assertEqual(texts, {"fmt.Print", "fmt.Printf", "fmt.Println"})
        texts = self.complete_texts("x := strings.ToUp")
        self.assertIn("x := strings.ToUpper", texts)
        # Identifiers the session defined are offered too.
        reply, _ = self.execute_helper("conformanceCounter := 41")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("conformanceCounter", self.complete_texts("conformanceCoun"))
        # Cursor in the middle of the code: only the text before it counts.
        code = "fmt.Printl + 1"
        self.assertIn("fmt.Println + 1", self.complete_texts(code, len("fmt.Printl")))

    def test_state_across_cells(self):
        self.flush_channels()
        for code in ["type pt struct{ x, y int }", "func (p pt) sum() int { return p.x + p.y }", "p := pt{2, 40}"]:
            reply, _ = self.execute_helper(code)
            self.assertEqual(reply["content"]["status"], "ok", code)
        reply, out = self.execute_helper("p.sum()")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"]
        self.assertEqual(results, ["42"])

    def test_func_declared_later_in_cell(self):
        """In a Go file a function can be used above its declaration; a cell should allow it too."""
        self.flush_channels()
        reply, out = self.execute_helper('import "fmt"\nfmt.Println(later())\nfunc later() string { return "declared below" }')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual("".join(m["content"]["text"] for m in out if m["msg_type"] == "stream"), "declared below\n")

    def test_error_fields(self):
        self.flush_channels()
        reply, out = self.execute_helper("x := 1\nvar y string = x")
        self.assertEqual(reply["content"]["status"], "error")
        errs = [m for m in out if m["msg_type"] == "error"]
        self.assertEqual(len(errs), 1)
        c = errs[0]["content"]
        self.assertTrue(c["ename"])
        self.assertIn("2:", c["evalue"] + "\n".join(c["traceback"]), "error should give the cell line")
        self.assertNotIn("_.go", c["evalue"])
        reply, out = self.execute_helper('panic("boom")')
        c = [m for m in out if m["msg_type"] == "error"][0]["content"]
        self.assertIn("boom", c["evalue"] + "\n".join(c["traceback"]))
        self.assertNotIn("reflect.Value", c["evalue"])

    def test_interrupt(self):
        """interrupt_mode "message": jupyter_client sends interrupt_request on control."""
        self.flush_channels()
        self.assertEqual(self.km.kernel_spec.interrupt_mode, "message")
        msg_id = self.kc.execute('import "fmt"\nfmt.Println("spinning")\nfor {\n}')
        # Interrupt once the loop surely runs: after its output arrived.
        deadline = time.monotonic() + jupyter_kernel_test.TIMEOUT
        while time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=jupyter_kernel_test.TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                break
        # Repeat the interrupt until the reply comes, so a slow start cannot make this flaky.
        reply = None
        while reply is None and time.monotonic() < deadline:
            self.km.interrupt_kernel()
            try:
                reply = self.get_non_kernel_info_reply(timeout=2)
            except queue.Empty:
                pass
        self.assertIsNotNone(reply, "no execute_reply after interrupting")
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        # The kernel is usable afterwards.
        self.flush_channels()
        reply, out = self.execute_helper("2 + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"], ["4"])

    def test_stop_on_error_aborts_queue(self):
        self.flush_channels()
        # The first cell sleeps so the second is surely queued behind it when it fails.
        first = self.kc.execute('import "time"\ntime.Sleep(300 * time.Millisecond)\npanic("first")', stop_on_error=True)
        second = self.kc.execute("1 + 1")
        replies = {}
        while len(replies) < 2:
            r = self.get_non_kernel_info_reply(timeout=jupyter_kernel_test.TIMEOUT)
            replies[r["parent_header"]["msg_id"]] = r["content"]["status"]
        self.assertEqual(replies[first], "error")
        self.assertEqual(replies[second], "aborted")
        self.flush_channels()
        reply, _ = self.execute_helper("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()
