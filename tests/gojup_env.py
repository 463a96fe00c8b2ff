"""Test environment for gojup's Python tests: a throwaway Jupyter setup.

setup() installs the kernelspec of the binary named by $GOJUP_BIN (default: bin/gojup of this
repo) into a temporary directory and points every Jupyter directory variable there, so the
tests never read or write the real home's Jupyter files and always run the binary under test.
It is idempotent: the first call in a process does the work (tests/run_tests.py calls it once;
a test module run on its own calls it from setUpModule).

Run with Debian's Python: /usr/bin/python3 (the Jupyter packages import only there).
"""
import atexit
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent
KERNEL_NAME = "gojup"
_ready = None


def gojup_bin():
    b = os.environ.get("GOJUP_BIN") or str(REPO / "bin" / "gojup")
    p = pathlib.Path(b).resolve()
    if not os.access(p, os.X_OK):
        sys.exit(f"gojup binary {p} not found: run `make build` or set GOJUP_BIN")
    return p


def setup():
    """Install the kernelspec into a temp dir and set the JUPYTER_* variables; returns the dir."""
    global _ready
    if _ready is not None:
        return _ready
    root = pathlib.Path(tempfile.mkdtemp(prefix="gojup-test-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    env = {
        "JUPYTER_DATA_DIR": root / "data",  # user data dir: empty except for what tests add
        "JUPYTER_CONFIG_DIR": root / "config",
        "JUPYTER_RUNTIME_DIR": root / "runtime",  # connection files
        "JUPYTER_PATH": root / "share" / "jupyter",  # searched first: our kernelspec
        "GOJUP_CACHE_DIR": root / "cache",  # the embedded MongoDB server's data, if a kernel starts one
        "XDG_DATA_HOME": root / "xdg-data",  # gojup's history file and anything else "data"
    }
    for k, v in env.items():
        v.mkdir(parents=True, exist_ok=True)
        os.environ[k] = str(v)
    os.environ.setdefault("GOJUP_LOG", "warn")  # kernel log on stderr: only problems
    os.environ["GOJUP_HISTORY_FILE"] = str(root / "xdg-data" / "gojup" / "history.json")
    subprocess.run(
        [str(gojup_bin()), "install", "--prefix", str(root), "--name", KERNEL_NAME],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    atexit.register(_stop_mongod)  # runs before the rmtree registered above
    _ready = root
    return root


def _stop_mongod():
    """Stop the embedded MongoDB server a kernel may have started with our GOJUP_CACHE_DIR."""
    try:
        subprocess.run([str(gojup_bin()), "mongod", "stop"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pass


def kernelspec_argv0():
    """argv[0] of the installed kernelspec (for messages)."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0]
