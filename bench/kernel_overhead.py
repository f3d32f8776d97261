#!/usr/bin/python3
"""The same MLP training cell run in the JTorch kernel and as a plain Java program, in one run.

    bench/run-kernel-overhead [--threads 1,2] [--rounds 7] [--steps 1000] [--reps 7]

bench/cells/mlp_training.jsh is the cell: the MLP 784-128-10 training loop of
bench/run-training (batch 64, SGD with momentum, cross-entropy), which times REPS runs of STEPS
steps after a warm-up run and prints the median rates over wall time and over the CPU time of
the thread running it (at one thread, all of the work; the load of other processes on a shared
machine cannot distort it). The kernel side sends that text as an
execute_request over ZeroMQ with jupyter_client, to a kernel started from a kernelspec made
here for kernel/target/jtorch-kernel.jar (the JVM options of ./install's kernelspec, without
its class-data archive, which only changes start-up). The plain side is a Java 25 source file
whose main method is that same text, launched with the same JVM options and the kernel's jar
(hence the very same library classes) on the class path. Each round runs the plain program once and the cell once in a fresh kernel, back
to back, so both start from a cold JVM; the table gives each side's median over the rounds and
the ratio kernel / plain (1.00: the kernel adds nothing; above 1, the kernel is faster).
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile

import jupyter_client

ROOT = pathlib.Path(__file__).resolve().parent.parent
CELL = ROOT / "bench" / "cells" / "mlp_training.jsh"
JAR = ROOT / "kernel" / "target" / "jtorch-kernel.jar"
JVM_OPTIONS = ["--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"]
PROGRAM_IMPORTS = """import dev.jtorch.*;
import dev.jtorch.nn.*;
import dev.jtorch.optim.*;
import java.util.*;
import static dev.jtorch.Torch.*;
"""
RATE = re.compile(r'\{"samples_per_second": ([0-9.eE+-]+), "samples_per_cpu_second": ([0-9.eE+-]+)\}')


def java_executable():
    home = os.environ.get("JAVA_HOME_25") or next(iter(sorted(pathlib.Path("/usr/lib/jvm").glob("temurin-25*"))), None)
    return str(pathlib.Path(home) / "bin" / "java") if home else "java"


def cell_text(threads, steps, reps):
    text = CELL.read_text()
    for name, value in (("THREADS", threads), ("STEPS", steps), ("REPS", reps)):
        text = re.sub(r"\b%s\b" % name, str(value), text)
    return text


def rate_of(output, where):
    found = RATE.findall(output)
    if not found:
        raise RuntimeError("%s printed no rate:\n%s" % (where, output))
    return float(found[-1][0]), float(found[-1][1])


def plain_rate(java, folder, code):
    source = folder / "MlpTrainingProgram.java"
    source.write_text(PROGRAM_IMPORTS + "\nvoid main() {\n" + code + "\n}\n")
    done = subprocess.run([java] + JVM_OPTIONS + ["-cp", str(JAR), str(source)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError("plain program failed:\n" + done.stdout + done.stderr)
    return rate_of(done.stdout, "plain program")


def cell_rate(kc, code):
    msg_id = kc.execute(code)
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=600)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out.append(content["text"])
        elif kind == "error":
            raise RuntimeError("cell failed: %s: %s" % (content["ename"], content["evalue"]))
        elif kind == "status" and content["execution_state"] == "idle":
            break
    return rate_of("".join(out), "kernel cell")


def kernelspec(java, folder):
    spec_dir = folder / "kernels" / "jtorch-bench"
    spec_dir.mkdir(parents=True)
    spec = {"argv": [java] + JVM_OPTIONS + ["-jar", str(JAR), "{connection_file}"],
            "display_name": "JTorch (bench)", "language": "java", "interrupt_mode": "message"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    return jupyter_client.kernelspec.KernelSpecManager(kernel_dirs=[str(folder / "kernels")])


def kernel_rate(spec_manager, code):
    """The cell's rates in a fresh kernel: like the plain program, it starts from a cold JVM."""
    km = jupyter_client.KernelManager(kernel_name="jtorch-bench", kernel_spec_manager=spec_manager)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        return cell_rate(kc, code)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    if not JAR.exists():
        sys.exit("%s is missing: build it with mvn -B -q -pl kernel -am package -DskipTests" % JAR)
    java = java_executable()
    print("load average before: " + load(), flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="jtorch-kernel-bench-") as tmp:
        folder = pathlib.Path(tmp)
        spec_manager = kernelspec(java, folder)
        for threads in [int(t) for t in args.threads.split(",")]:
            code = cell_text(threads, args.steps, args.reps)
            plain, cell = [], []
            for _ in range(max(1, args.rounds)):
                plain.append(plain_rate(java, folder, code))
                cell.append(kernel_rate(spec_manager, code))
            rows.append((threads, plain, cell))
    print("load average after: " + load())
    print("MLP 784-128-10 training, samples/s, median of %d rounds (min-max in brackets)" % args.rounds)
    print("%-9s %7s %24s %24s %7s" % ("clock", "threads", "plain Java", "kernel cell", "ratio"))
    for threads, plain, cell in rows:
        for column, clock in ((0, "wall"), (1, "cpu")):
            if clock == "cpu" and threads != 1:
                continue    # with more threads, the cell's thread does only part of the work
            p = [r[column] for r in plain]
            c = [r[column] for r in cell]
            print("%-9s %7d %10.0f %13s %10.0f %13s %6.2fx"
                  % (clock, threads, statistics.median(p), "(%.0f-%.0f)" % (min(p), max(p)),
                     statistics.median(c), "(%.0f-%.0f)" % (min(c), max(c)), statistics.median(c) / statistics.median(p)))


if __name__ == "__main__":
    main()
