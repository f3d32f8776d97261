#!/usr/bin/python3
"""Kernel speed beside ipykernel, measured in one run with Jupyter's own jupyter_client.

    /usr/bin/python3 bench/kernel_bench.py [--kernels jtorch,python3] [--cells 50] [--later 1000]

Each kernel is started from its installed kernelspec (./install registers "jtorch").
Measured: start to kernel_info_reply; trivial cell round trip (send to idle, p50/p90), and its p50 again after
--later more cells (a session that slows down as cells add up shows here);
10,000 printed lines (send to idle, all lines checked); interrupt of a busy loop (interrupt
sent to execute_reply); shutdown_reply to process gone. Targets are JTorch's requirements.
"""
import argparse
import statistics
import sys
import time

import jupyter_client

CODE = {
    "java": {
        "trivial": "1 + 1",
        "print": 'for (int i = 0; i < 10000; i++) System.out.println("line " + i);',
        "busy": "while (true) { }",
    },
    "python": {
        "trivial": "1 + 1",
        "print": 'for i in range(10000): print("line " + str(i))',
        "busy": "while True: pass",
    },
}
TARGETS = {"start_s": 1.0, "cell_p50_ms": 20.0, "print_s": 0.2, "interrupt_s": 0.2, "exit_s": 1.0}


def wait_idle(kc, msg_id, timeout=60, on_msg=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if on_msg:
            on_msg(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return
    raise TimeoutError("no idle status for " + msg_id)


def drain(kc):
    while True:
        try:
            kc.get_iopub_msg(timeout=0.05)
        except Exception:
            return


def round_trip_ms(kc, code):
    t = time.perf_counter()
    wait_idle(kc, kc.execute(code))
    elapsed = (time.perf_counter() - t) * 1000
    kc.get_shell_msg(timeout=10)
    return elapsed


def later_cells_p50(kc, code, later, cells):
    for _ in range(later):
        round_trip_ms(kc, code)
    return statistics.median(round_trip_ms(kc, code) for _ in range(cells))


def bench(kernel_name, cells, later):
    spec = jupyter_client.kernelspec.KernelSpecManager().get_kernel_spec(kernel_name)
    code = CODE["java" if spec.language == "java" else "python"]
    results = {}
    km = jupyter_client.KernelManager(kernel_name=kernel_name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info()
    kc.get_shell_msg(timeout=30)
    results["start_s"] = time.perf_counter() - t0
    kc.wait_for_ready(timeout=60)

    for _ in range(5):  # warm-up, not measured (the first cells compile)
        wait_idle(kc, kc.execute(code["trivial"]))
    drain(kc)
    samples = sorted(round_trip_ms(kc, code["trivial"]) for _ in range(cells))
    results["cell_p50_ms"] = statistics.median(samples)
    results["cell_p90_ms"] = samples[int(len(samples) * 0.9) - 1]
    results["later_p50_ms"] = later_cells_p50(kc, code["trivial"], later, cells)

    text = []
    collect = lambda m: text.append(m["content"]["text"]) if m["msg_type"] == "stream" else None
    t = time.perf_counter()
    wait_idle(kc, kc.execute(code["print"]), on_msg=collect)
    results["print_s"] = time.perf_counter() - t
    lines = "".join(text).splitlines()
    results["print_complete"] = lines == ["line " + str(i) for i in range(10000)]
    kc.get_shell_msg(timeout=10)

    msg_id = kc.execute(code["busy"])
    time.sleep(0.5)
    t = time.perf_counter()
    km.interrupt_kernel()
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    results["interrupt_s"] = time.perf_counter() - t
    results["interrupt_status"] = reply["content"]["status"]
    wait_idle(kc, msg_id)
    wait_idle(kc, kc.execute(code["trivial"]))  # the kernel is still usable
    kc.get_shell_msg(timeout=10)

    process = km.provisioner.process
    kc.shutdown()
    reply_time = None
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            msg = kc.get_control_msg(timeout=0.5)
        except Exception:
            continue
        if msg["msg_type"] == "shutdown_reply":
            reply_time = time.perf_counter()
            break
    while process.poll() is None and time.time() < deadline:
        time.sleep(0.005)
    results["exit_s"] = time.perf_counter() - reply_time if reply_time and process.poll() is not None else float("inf")
    kc.stop_channels()
    km.cleanup_resources()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernels", default="jtorch,python3")
    parser.add_argument("--cells", type=int, default=50)
    parser.add_argument("--later", type=int, default=1000)
    args = parser.parse_args()
    names = args.kernels.split(",")
    table = {name: bench(name, args.cells, args.later) for name in names}
    rows = [("start to kernel_info_reply (s)", "start_s"), ("trivial cell p50 (ms)", "cell_p50_ms"),
            ("trivial cell p90 (ms)", "cell_p90_ms"),
            ("trivial cell p50, %d cells later (ms)" % args.later, "later_p50_ms"), ("10,000 lines (s)", "print_s"),
            ("interrupt busy loop (s)", "interrupt_s"), ("shutdown_reply to exit (s)", "exit_s")]
    print("%-40s" % "measure" + "".join("%14s" % n for n in names) + "%10s" % "target"
          + ("%10s" % ("ratio") if len(names) == 2 else ""))
    for label, key in rows:
        line = "%-40s" % label + "".join("%14.3f" % table[n][key] for n in names)
        line += "%10s" % (TARGETS.get(key, ""))
        if len(names) == 2 and table[names[1]][key]:
            line += "%10.2f" % (table[names[0]][key] / table[names[1]][key])
        print(line)
    for n in names:
        print(f"{n}: 10,000 lines complete: {table[n]['print_complete']}; interrupt reply: {table[n]['interrupt_status']}")
    failed = [key for key, target in TARGETS.items() if table[names[0]][key] > target]
    if failed:
        print(names[0] + " misses its targets: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
