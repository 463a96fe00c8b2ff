"""`gojup install` into a temp JUPYTER_DATA_DIR, then Debian's `jupyter kernelspec list` shows it,
jupyter_client finds and loads it, and `gojup uninstall` removes it.

    GOJUP_BIN=bin/gojup /usr/bin/python3 -m unittest tests.test_kernelspec -v
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gojup_env  # noqa: E402

JUPYTER = "/usr/bin/jupyter"


class KernelspecInstall(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="gojup-kspec-")
        root = pathlib.Path(self.tmp.name)
        self.data = root / "data"
        # A clean environment: HOME and every Jupyter directory in the temp dir.
        self.env = dict(
            os.environ,
            HOME=str(root / "home"),
            JUPYTER_DATA_DIR=str(self.data),
            JUPYTER_CONFIG_DIR=str(root / "config"),
            JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        )
        self.env.pop("JUPYTER_PATH", None)
        self.env.pop("XDG_DATA_HOME", None)
        self.bin = str(gojup_env.gojup_bin())

    def tearDown(self):
        self.tmp.cleanup()

    def run_cmd(self, *args):
        return subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=60)

    def kernelspecs(self):
        r = self.run_cmd(JUPYTER, "kernelspec", "list", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)["kernelspecs"]

    def test_install_list_uninstall(self):
        r = self.run_cmd(self.bin, "install", "--user", "--name", "gojup-kspec-test")
        self.assertEqual(r.returncode, 0, r.stderr)
        spec_dir = self.data / "kernels" / "gojup-kspec-test"

        # Plain listing, as a user would type it.
        r = self.run_cmd(JUPYTER, "kernelspec", "list")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"(?m)^\s*gojup-kspec-test\s+" + str(spec_dir) + r"\s*$")

        specs = self.kernelspecs()
        spec = specs["gojup-kspec-test"]["spec"]
        self.assertEqual(spec["display_name"], "Go (gojup)")
        self.assertEqual(spec["language"], "go")
        self.assertEqual(spec["interrupt_mode"], "message")
        self.assertEqual(spec["argv"][1:], ["kernel", "-f", "{connection_file}"])
        self.assertTrue(os.path.isabs(spec["argv"][0]))
        self.assertEqual(os.path.realpath(spec["argv"][0]), os.path.realpath(self.bin))
        self.assertTrue(spec["metadata"]["gojup_version"])
        for f in ["kernel.json", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]:
            st = (spec_dir / f).stat()
            self.assertEqual(st.st_mode & 0o777, 0o644, f)

        r = self.run_cmd(self.bin, "uninstall", "--name", "gojup-kspec-test")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("gojup-kspec-test", self.kernelspecs())

    def test_prefix_with_jupyter_path(self):
        prefix = pathlib.Path(self.tmp.name) / "prefix"
        r = self.run_cmd(self.bin, "install", "--prefix", str(prefix), "--display-name", "Go (prefix)",
                         "--env", "GOJUP_TEST=1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("JUPYTER_PATH", r.stdout)  # the hint: this prefix is not searched by default
        self.env["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
        spec = self.kernelspecs()["gojup"]["spec"]
        self.assertEqual(spec["display_name"], "Go (prefix)")
        self.assertEqual(spec["env"], {"GOJUP_TEST": "1"})

    def test_standalone_binary_via_symlink(self):
        """As after `go install`: a lone binary, run through a symlink from an unrelated directory,
        needs no repository files and records its real path."""
        root = pathlib.Path(self.tmp.name)
        (root / "gobin").mkdir()
        (root / "links").mkdir()
        real = root / "gobin" / "gojup"
        shutil.copy2(self.bin, real)
        (root / "links" / "gojup").symlink_to(real)
        r = subprocess.run([str(root / "links" / "gojup"), "install"], cwd=str(root / "links"), env=self.env,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        spec_dir = self.data / "kernels" / "gojup"
        spec = json.loads((spec_dir / "kernel.json").read_text())
        self.assertEqual(spec["argv"][0], str(real.resolve()))
        for logo in ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]:
            self.assertGreater((spec_dir / logo).stat().st_size, 100, logo)

    def test_jupyter_client_loads_it(self):
        r = self.run_cmd(self.bin, "install")  # default is --user
        self.assertEqual(r.returncode, 0, r.stderr)
        code = (
            "from jupyter_client.kernelspec import KernelSpecManager as K\n"
            "s = K().get_kernel_spec('gojup')\n"
            "print(s.language, s.interrupt_mode, s.resource_dir)\n"
        )
        r = self.run_cmd("/usr/bin/python3", "-c", code)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), ["go", "message", str(self.data / "kernels" / "gojup")])


if __name__ == "__main__":
    unittest.main()
