#!/usr/bin/env python3
"""PyTorch CPU reference for @dl/vision-plate's whole-plate CTC reader (buildPlateReaderModel).

Mirrors the Keras model (LPRNet-like, no recurrent layer), input 24x94x3, F = (32, 64, 128),
D = 192 ('default') or F = (24, 48, 96), D = 128 ('small'):
  [Conv(F1,3x3,same,no bias) BN ReLU] MaxPool(2x2,same) [Conv(F2,3x3) BN ReLU] MaxPool(2x2,same)
  [Conv(F3,3x3) BN ReLU] x2 MaxPool(2x1,same) -> 3 x 24 -> Conv(D,3x1,valid,no bias) BN ReLU
  Dropout(0.25) -> [Conv(D,1x5,same,no bias) BN ReLU] Dropout(0.25) -> Conv(66,1x1) -> 24 steps
  x 66 logits (65 symbols + the CTC blank, last).
Parameters as tfjs counts them (BN moving mean and variance included): 514,210 ('default'),
264,810 ('small').
BN as Keras: eps 1e-3, momentum 0.9 (torch's 0.1). 'same' max pooling of an odd width is
torch's ceil_mode. Training as trainPlateReader's defaults: CTC loss, Adam lr 2e-3, batch 32
(without its guided-alignment term, as the tfjs side of the bench).

Run with the Debian torch:  /usr/bin/python3 bench/torch/plate_reader.py --threads 1 --json
"""
import argparse
import statistics
import sys

import pin_threads  # noqa: F401  (must precede torch)
import torch  # noqa: E402
import torch.nn as nn
import torch.nn.functional as F
from timing import emit, time_runs  # noqa: E402

SIZES = {"default": ((32, 64, 128), 192), "small": ((24, 48, 96), 128)}
HEIGHT, WIDTH, SYMBOLS = 24, 94, 65


def expected_params(architecture: str, classes: int = SYMBOLS) -> int:
    """tfjs's countParams: conv kernels without bias, 4 numbers per BN channel."""
    (f1, f2, f3), d = SIZES[architecture]
    convs = [(3, f1, 9), (f1, f2, 9), (f2, f3, 9), (f3, f3, 9), (f3, d, HEIGHT // 8), (d, d, 5)]
    return sum(i * o * k + 4 * o for i, o, k in convs) + d * (classes + 1) + classes + 1


def conv_bn(i: int, o: int, kernel, padding) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(i, o, kernel, padding=padding, bias=False),
        nn.BatchNorm2d(o, eps=1e-3, momentum=0.1),
        nn.ReLU(),
    )


class PlateReader(nn.Module):
    def __init__(self, architecture: str = "default", classes: int = SYMBOLS, dropout=0.25):
        super().__init__()
        (f1, f2, f3), d = SIZES[architecture]
        self.features = nn.Sequential(
            conv_bn(3, f1, 3, 1),
            nn.MaxPool2d(2, ceil_mode=True),
            conv_bn(f1, f2, 3, 1),
            nn.MaxPool2d(2, ceil_mode=True),
            conv_bn(f2, f3, 3, 1),
            conv_bn(f3, f3, 3, 1),
            nn.MaxPool2d((2, 1), ceil_mode=True),
            conv_bn(f3, d, (HEIGHT // 8, 1), 0),  # fold the 3 rows
            nn.Dropout(dropout),
            conv_bn(d, d, (1, 5), (0, 2)),  # context
            nn.Dropout(dropout),
            nn.Conv2d(d, classes + 1, 1),
        )

    def forward(self, x):  # [N, 3, 24, 94] -> logits [N, 24 steps, classes + 1]
        return self.features(x).squeeze(2).transpose(1, 2)


def count_like_tfjs(model: nn.Module) -> int:
    stats = sum(
        m.running_mean.numel() + m.running_var.numel()
        for m in model.modules()
        if isinstance(m, nn.BatchNorm2d)
    )
    return sum(t.numel() for t in model.parameters()) + stats


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--architecture", choices=list(SIZES), default="default")
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--max-seconds", type=float, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)

    model = PlateReader(a.architecture)
    n_params = count_like_tfjs(model)
    expected = expected_params(a.architecture)
    assert n_params == expected, f"{n_params} != {expected}"
    with torch.no_grad():
        steps = model(torch.zeros(1, 3, HEIGHT, WIDTH)).shape[1]
    assert steps == 24, steps
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    ctc = nn.CTCLoss(blank=SYMBOLS, zero_infinity=True)
    x = torch.rand(a.batch, 3, HEIGHT, WIDTH)
    targets = torch.randint(0, SYMBOLS, (a.batch, 7))
    input_lengths = torch.full((a.batch,), steps, dtype=torch.long)
    target_lengths = torch.full((a.batch,), 7, dtype=torch.long)

    def step():
        opt.zero_grad(set_to_none=True)
        log_probs = F.log_softmax(model(x), dim=2).transpose(0, 1)  # [T, N, C]
        ctc(log_probs, targets, input_lengths, target_lengths).backward()
        opt.step()

    model.train()
    train = time_runs(step, a.steps, a.max_seconds, a.warmup)
    model.eval()
    infer = {}
    with torch.no_grad():
        for b in (1, 32):
            xb = torch.rand(b, 3, HEIGHT, WIDTH)
            runs = time_runs(lambda: model(xb), a.steps, a.max_seconds / 2, a.warmup)
            infer[b] = statistics.median(runs) / b * 1e3
    emit(
        {
            "framework": "pytorch",
            "version": torch.__version__,
            "threads": a.threads,
            "architecture": a.architecture,
            "batch": a.batch,
            "params": n_params,
            "trainable_params": sum(t.numel() for t in model.parameters()),
            "train_ms_per_step": round(statistics.median(train) * 1e3, 2),
            "infer_ms_per_plate_b1": round(infer[1], 3),
            "infer_ms_per_plate_b32": round(infer[32], 3),
            "steps": len(train),
        },
        a.json,
    )


if __name__ == "__main__":
    sys.exit(main())
