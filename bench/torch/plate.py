#!/usr/bin/env python3
"""PyTorch CPU reference benchmark for the "seed plate" model.

Mirrors the Keras model:
  input 20x20x1 -> Conv2D(16,3x3,same,relu) -> MaxPool(2x2,s2,same)
  -> Conv2D(32,1x1,same,relu) -> MaxPool(1x1,s1) -> Flatten(3200)
  -> Dense(512,relu) -> Dropout(0.1) -> Dense(31,softmax)
Params: 1,655,519. Training: categorical cross-entropy, Adam lr 1e-4.

Run with the Debian torch:  /usr/bin/python3 bench/torch/plate.py --threads 1 --json
"""
import argparse
import os
import statistics
import sys
import time


import pin_threads  # noqa: E402,F401  (must precede torch)
import torch  # noqa: E402
import torch.nn as nn
import torch.nn.functional as F
from timing import emit  # noqa: E402

EXPECTED_PARAMS = 1_655_519


class Plate(nn.Module):
    def __init__(self, classes: int = 31):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, stride=1, padding=1)  # same
        self.conv2 = nn.Conv2d(16, 32, 1)  # 1x1, same
        self.fc1 = nn.Linear(32 * 10 * 10, 512)
        self.drop = nn.Dropout(0.1)
        self.fc2 = nn.Linear(512, classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        # 2x2 stride 2 'same' on 20x20 -> 10x10 (no padding needed, 20 even)
        x = F.max_pool2d(x, 2, 2)
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 1, 1)  # identity, kept for fidelity
        # Flatten in channels-last order to match Keras semantics (shape-equivalent)
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        x = F.relu(self.fc1(x))
        x = self.drop(x)
        return self.fc2(x)  # logits; softmax folded into the loss / applied at inference


class PlateDefault(nn.Module):
    """@dl/vision-plate's buildPlateModel: three conv(3x3, no bias)+BN+ReLU blocks (24, 48, 96),
    2x2 max-pool after the first two, global average pooling, dropout 0.3, dense."""

    def __init__(self, classes: int = 31):
        super().__init__()
        chans = [1, 24, 48, 96]
        self.convs = nn.ModuleList(nn.Conv2d(chans[i], chans[i + 1], 3, padding=1, bias=False) for i in range(3))
        self.bns = nn.ModuleList(nn.BatchNorm2d(chans[i + 1], eps=1e-3, momentum=0.01) for i in range(3))
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(96, classes)

    def forward(self, x):
        for i in range(3):
            x = F.relu(self.bns[i](self.convs[i](x)))
            if i < 2:
                x = F.max_pool2d(x, 2, 2)
        x = x.mean(dim=(2, 3))
        return self.fc(self.drop(x))


def blas_libs():
    try:
        with open("/proc/self/maps") as f:
            libs = {l.split()[-1] for l in f if "blas" in l.lower() or "lapack" in l.lower()}
        return sorted(libs)
    except OSError:
        return []


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--steps", type=int, default=150)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--classes", type=int, default=31)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.add_argument("--model", choices=["seed", "default"], default="seed")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)

    model = Plate(a.classes) if a.model == "seed" else PlateDefault(a.classes)
    n_params = sum(t.numel() for t in model.parameters())
    if a.model == "seed":
        assert n_params == EXPECTED_PARAMS, f"param count {n_params} != {EXPECTED_PARAMS}"

    opt = torch.optim.Adam(model.parameters(), lr=1e-4 if a.model == "seed" else 1e-3)
    B = a.batch
    x = torch.rand(B, 1, 20, 20)
    y = F.one_hot(torch.randint(0, a.classes, (B,)), a.classes).float()

    def train_step():
        opt.zero_grad(set_to_none=True)
        logits = model(x)
        # categorical cross-entropy on softmax outputs with one-hot targets
        loss = torch.sum(-y * F.log_softmax(logits, dim=1), dim=1).mean()
        loss.backward()
        opt.step()
        return loss

    model.train()
    for _ in range(a.warmup):
        train_step()
    tt = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        train_step()
        tt.append(time.perf_counter() - t0)

    model.eval()
    it = []
    with torch.no_grad():
        for _ in range(a.warmup):
            F.softmax(model(x), dim=1)
        for _ in range(a.steps):
            t0 = time.perf_counter()
            F.softmax(model(x), dim=1)
            it.append(time.perf_counter() - t0)

    train_us = statistics.median(tt) / B * 1e6
    infer_us = statistics.median(it) / B * 1e6
    res = {
        "framework": "pytorch",
        "model": a.model,
        "version": torch.__version__,
        "threads": a.threads,
        "batch": B,
        "train_us_per_sample": round(train_us, 2),
        "infer_us_per_sample": round(infer_us, 2),
        "train_us_per_sample_mean": round(statistics.mean(tt) / B * 1e6, 2),
        "infer_us_per_sample_mean": round(statistics.mean(it) / B * 1e6, 2),
        "steps": a.steps,
        "warmup": a.warmup,
        "params": n_params,
        "blas": blas_libs(),
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "loadavg_1m": os.getloadavg()[0],
    }
    emit(res, a.json)


if __name__ == "__main__":
    sys.exit(main())
