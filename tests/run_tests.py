#!/usr/bin/python3
"""Runs gojup's Python tests (tests/test_*.py) against $GOJUP_BIN with a throwaway Jupyter setup.

    GOJUP_BIN=bin/gojup /usr/bin/python3 tests/run_tests.py [-v] [MODULE ...]

MODULE is a test module name like test_conformance (default: all). A skipped test or subtest
counts as a failure: jupyter_kernel_test skips every check whose sample is missing, and a
conformance run that silently skips proves nothing.
"""
import argparse
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gojup_env  # noqa: E402


class CountingResult(unittest.TextTestResult):
    """Also counts passed tests and records skipped subtests with their names."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.passed = []

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed.append(test)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true", help="also list passed tests in the summary")
    ap.add_argument("modules", nargs="*")
    args = ap.parse_args()

    root = gojup_env.setup()
    print(f"gojup: {gojup_env.gojup_bin()}  (kernelspec in {root})", flush=True)

    loader = unittest.TestLoader()
    if args.modules:
        suite = loader.loadTestsFromNames(args.modules)
    else:
        suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)

    runner = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult, stream=sys.stdout)
    t0 = time.monotonic()
    result = runner.run(suite)
    took = time.monotonic() - t0

    print("\nPython tests:")
    if args.verbose:
        for test in result.passed:
            print(f"  pass  {test.id()}")
    for test, _ in result.failures:
        print(f"  FAIL  {test.id()}")
    for test, _ in result.errors:
        print(f"  ERROR {test.id()}")
    for test, reason in result.skipped:
        print(f"  SKIP  {test.id()}  ({reason or 'no reason given'})")
    for test, _ in result.expectedFailures:
        print(f"  XFAIL {test.id()}  (known gap, marked expectedFailure)")
    for test in result.unexpectedSuccesses:
        print(f"  UNEXPECTED SUCCESS {test.id()}")
    bad = len(result.failures) + len(result.errors) + len(result.skipped) + len(result.unexpectedSuccesses)
    print(
        f"\n{result.testsRun} tests in {took:.1f}s: {len(result.passed)} passed, {len(result.failures)} failed, "
        f"{len(result.errors)} errors, {len(result.skipped)} skipped (skips count as failures), "
        f"{len(result.expectedFailures)} known gaps"
    )
    return 1 if bad or result.testsRun == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
