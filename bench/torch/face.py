#!/usr/bin/env python3
"""PyTorch CPU reference for @dl/face's seed CNN (SEEDS.md §6, buildFaceSeedModel).

Mirrors the Keras model: input 42x42x3 -> [Conv2D(F,3x3,valid,relu) x2 -> MaxPool(2x2)
-> Dropout(0.2)] for F = 32, 64, 128 -> Flatten -> Dense(1024, relu) -> Dropout(0.5)
-> Dense(classes, softmax). Params for 15 classes: 434,479. Training as the seed: categorical
cross-entropy, SGD lr 0.01, momentum 0.9, Nesterov, batch 32.

Run with the Debian torch:  /usr/bin/python3 bench/torch/face.py --threads 1 --json
"""
import argparse
import statistics
import sys

import pin_threads  # noqa: F401  (must precede torch)
import torch  # noqa: E402
import torch.nn as nn
import torch.nn.functional as F
from timing import emit, time_runs  # noqa: E402


def expected_params(classes: int) -> int:
    convs = [(3, 32), (32, 32), (32, 64), (64, 64), (64, 128), (128, 128)]
    conv = sum(9 * i * o + o for i, o in convs)
    return conv + (128 * 1024 + 1024) + (1024 * classes + classes)


class FaceSeed(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        chans = [3, 32, 32, 64, 64, 128, 128]
        self.convs = nn.ModuleList(nn.Conv2d(chans[i], chans[i + 1], 3) for i in range(6))
        self.fc1 = nn.Linear(128, 1024)
        self.fc2 = nn.Linear(1024, classes)

    def forward(self, x):
        for block in range(3):
            x = F.relu(self.convs[2 * block](x))
            x = F.relu(self.convs[2 * block + 1](x))
            x = F.dropout(F.max_pool2d(x, 2), 0.2, self.training)
        x = x.flatten(1)  # 1x1x128: channel order does not matter
        x = F.dropout(F.relu(self.fc1(x)), 0.5, self.training)
        return self.fc2(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--classes", type=int, default=15)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--max-seconds", type=float, default=10)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)

    model = FaceSeed(a.classes)
    n_params = sum(t.numel() for t in model.parameters())
    assert n_params == expected_params(a.classes), f"{n_params} != {expected_params(a.classes)}"
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
    x = torch.rand(a.batch, 3, 42, 42)
    y = torch.randint(0, a.classes, (a.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()

    model.train()
    runs = time_runs(step, a.steps, a.max_seconds, a.warmup)
    emit(
        {
            "framework": "pytorch",
            "version": torch.__version__,
            "threads": a.threads,
            "batch": a.batch,
            "params": n_params,
            "train_us_per_sample": round(statistics.median(runs) / a.batch * 1e6, 1),
            "steps": len(runs),
        },
        a.json,
    )


if __name__ == "__main__":
    sys.exit(main())
