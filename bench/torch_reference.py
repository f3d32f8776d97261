"""PyTorch side of the JTorch benchmarks: prints one JSON object per measurement.

Usage: torch_reference.py matmul SIZES THREADS REPS
       torch_reference.py conv2d THREADS REPS
Run with OpenBLAS unconstrained (no OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE caps) and
OPENBLAS_NUM_THREADS set by the caller, as bench/run-matmul does.
"""
import json
import statistics
import sys
import time

import torch


def require_openblas():
    """Stops unless torch's BLAS is OpenBLAS: the netlib reference BLAS that Debian installs
    when no other is present is 10 to 20 times slower and would make any ratio meaningless."""
    with open("/proc/self/maps") as maps:
        if "openblas" not in maps.read():
            sys.exit("torch is not using OpenBLAS here (the reference BLAS is installed instead): "
                     "install it, e.g. apt-get install libopenblas0-pthread")


def median_seconds(fn, reps):
    """Median wall time and median CPU time of this thread (which does all the work at 1 thread)."""
    for _ in range(3):
        fn()
    wall, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.thread_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def matmul(sizes, threads, reps):
    torch.set_num_threads(threads)
    for n in sizes:
        a = torch.rand(n, n) - 0.5
        b = torch.rand(n, n) - 0.5
        out = torch.empty(n, n)
        t, c = median_seconds(lambda: torch.matmul(a, b, out=out), reps)
        print(json.dumps({"op": "matmul", "n": n, "threads": threads, "seconds": t,
                          "gflops": 2.0 * n ** 3 / t / 1e9, "cpu_gflops": 2.0 * n ** 3 / c / 1e9}), flush=True)


def conv2d(threads, reps):
    torch.set_num_threads(threads)
    x = torch.rand(64, 3, 32, 32) - 0.5
    w = torch.rand(32, 3, 3, 3) - 0.5
    with torch.no_grad():
        t, c = median_seconds(lambda: torch.nn.functional.conv2d(x, w, padding=1), reps)
    flops = 2.0 * 64 * 32 * 32 * 32 * 3 * 3 * 3
    print(json.dumps({"op": "conv2d", "threads": threads, "seconds": t, "gflops": flops / t / 1e9,
                      "cpu_gflops": flops / c / 1e9}), flush=True)


if __name__ == "__main__":
    require_openblas()
    if sys.argv[1] == "matmul":
        matmul([int(s) for s in sys.argv[2].split(",")], int(sys.argv[3]), int(sys.argv[4]))
    else:
        conv2d(int(sys.argv[2]), int(sys.argv[3]))
