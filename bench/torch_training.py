"""PyTorch side of bench/run-training: samples (or images) per second of one training step.

Usage: torch_training.py mlp|convnet THREADS REPS
Prints one JSON object: the rate over wall time, and over this thread's CPU time (all of
the work at one thread). Run with OPENBLAS_NUM_THREADS=1 and no OPENBLAS_CORETYPE /
OPENBLAS_L2_SIZE caps, as TrainingBench does.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_reference import require_openblas


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, 1, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1, 1)
        self.conv3 = nn.Conv2d(64, 128, 3, 1, 1)
        self.fc1 = nn.Linear(128 * 4 * 4, 128)
        self.fc2 = nn.Linear(128, 10)
        self.pool = nn.MaxPool2d(2, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = self.pool(F.relu(self.conv3(x)))
        x = x.view(-1, 128 * 4 * 4)
        return self.fc2(F.relu(self.fc1(x)))


def main(kind, threads, reps):
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    if kind == "mlp":
        model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
        x, steps = torch.randn(64, 784), 200
    else:
        model = ConvNet()
        x, steps = torch.randn(64, 3, 32, 32), 5
    y = torch.randint(0, 10, (64,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    for _ in range(steps):
        step()
    times, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.thread_time()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - t0) / steps)
        cpu.append((time.thread_time() - c0) / steps)
    print(json.dumps({"model": kind, "threads": threads, "per_second": 64 / statistics.median(times),
                      "per_cpu_second": 64 / statistics.median(cpu)}), flush=True)


if __name__ == "__main__":
    require_openblas()
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
