#!/usr/bin/python3
"""Client-side view of gojup vs ipykernel, through jupyter_client (run by `go run ./bench`).

Measures, interleaving the two kernels run by run:
  start_ms  KernelManager.start_kernel() -> BlockingKernelClient.wait_for_ready() (kernel_info_reply)
  exec_ms   client.execute("1+1") -> execute_reply on a warm kernel

Prints one JSON object: {"gojup": {"start_ms": [...], "exec_ms": [...]}, "python3": {...}}.
The gojup kernelspec must be findable (the suite sets JUPYTER_PATH to a temp dir holding it);
HOME and the Jupyter directories should point to temp dirs too. Every kernel started is shut
down before exit, also on errors and SIGTERM.

Needs Debian's /usr/bin/python3 (jupyter_client 7.4.9).
"""

import argparse
import json
import signal
import sys
import time

from jupyter_client.manager import KernelManager

KERNELS = ["gojup", "python3"]
running = []


def shutdown_all():
    while running:
        km = running.pop()
        try:
            km.shutdown_kernel(now=True)
        except Exception as e:  # keep shutting down the others
            print("shutdown:", e, file=sys.stderr)


def start(name):
    """Start a kernel; return (manager, client, ms from start to the first kernel_info_reply)."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    running.append(km)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc, (time.perf_counter() - t0) * 1000


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    running.remove(km)


def execute_ms(kc, code):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    ms = (time.perf_counter() - t0) * 1000
    # drain iopub up to idle so the next request starts clean
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            break
    if reply["content"]["status"] != "ok":
        raise RuntimeError("1+1 failed: %r" % reply["content"])
    return ms


def order(i):
    return KERNELS if i % 2 == 0 else KERNELS[::-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10, help="kernel starts per kernel")
    ap.add_argument("--exec-runs", type=int, default=100, help="1+1 executions per kernel")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    res = {k: {"start_ms": [], "exec_ms": []} for k in KERNELS}
    try:
        for i in range(args.runs):
            for name in order(i):
                km, kc, ms = start(name)
                res[name]["start_ms"].append(ms)
                stop(km, kc)
        warm = {}
        for name in KERNELS:
            km, kc, _ = start(name)
            warm[name] = kc
            for _ in range(5):
                execute_ms(kc, "1+1")
        for i in range(args.exec_runs):
            for name in order(i):
                res[name]["exec_ms"].append(execute_ms(warm[name], "1+1"))
        for kc in warm.values():
            kc.stop_channels()
    finally:
        shutdown_all()
    json.dump(res, sys.stdout)
    print()


if __name__ == "__main__":
    main()
