#!/usr/bin/env python3
"""PyTorch CPU reference benchmark for @dl/speech's models, on random features.

  default: buildSpeechModel over DEFAULT_FEATURES' 101 frames x 40 log-mel bands (channels-first
           here: [B, 40, 101]) — four blocks Conv1d(k 5, then 3, 'same', no bias) ->
           BatchNorm1d(eps 1e-3 as Keras, momentum 0.1 = Keras 0.9) -> ReLU, MaxPool1d(2) after
           the first three (101 -> 50 -> 25 -> 12), filters 64-64-128-128 -> mean over time ->
           Dropout(0.3) -> Linear(128, 10). 100,874 trainable parameters; Keras also counts
           BatchNorm's moving mean and variance (768, PyTorch buffers): 101,642 in all.
  seed:    buildSpeechSeedModel over SEED_FEATURES' 16 frames x 20 MFCCs ([B, 20, 16]) — three
           parallel Conv1d(20, 32, k, valid) + ReLU for k = 3, 5, 7, each zero-padded back to 16
           frames (floor((k-1)/2) left, ceil right), concatenated (96 channels) -> flatten (1,536)
           -> Linear(1536, 128) ReLU -> Linear(128, 10). 207,722 parameters, all trainable.
Training: cross-entropy on logits (softmax folded in), Adam (lr 3e-3 default, 1e-3 seed, as the
package), batch 32. Inference: eval mode, no_grad, softmax; batch 32 (per clip) and batch 1.

Run with the Debian torch:  /usr/bin/python3 bench/torch/speech.py --model default --threads 1 --json
"""
import argparse
import os
import statistics
import sys


import pin_threads  # noqa: E402,F401  (must precede torch)
from timing import emit, time_runs  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

BLOCK_FILTERS = (64, 64, 128, 128)
SEED_KERNELS = (3, 5, 7)
# (total as Keras counts it, trainable)
EXPECTED = {"default": (101_642, 100_874), "seed": (207_722, 207_722)}


class SpeechTcn(nn.Module):
    def __init__(self, bands=40, classes=10):
        super().__init__()
        layers = []
        c_in = bands
        for i, f in enumerate(BLOCK_FILTERS):
            k = 5 if i == 0 else 3
            layers += [
                nn.Conv1d(c_in, f, k, padding=k // 2, bias=False),  # 'same' (odd k)
                nn.BatchNorm1d(f, eps=1e-3, momentum=0.1),
                nn.ReLU(inplace=True),
            ]
            if i < len(BLOCK_FILTERS) - 1:
                layers.append(nn.MaxPool1d(2))  # floor, as Keras 'valid'
            c_in = f
        self.blocks = nn.Sequential(*layers)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(c_in, classes)

    def forward(self, x):  # x: [B, bands, frames]
        return self.out(self.drop(self.blocks(x).mean(dim=2)))  # logits


class SpeechSeed(nn.Module):
    def __init__(self, coeffs=20, frames=16, classes=10, filters=32):
        super().__init__()
        self.branches = nn.ModuleList(nn.Conv1d(coeffs, filters, k) for k in SEED_KERNELS)
        self.hidden = nn.Linear(filters * len(SEED_KERNELS) * frames, 128)
        self.out = nn.Linear(128, classes)

    def forward(self, x):  # x: [B, coeffs, frames]
        hs = []
        for conv, k in zip(self.branches, SEED_KERNELS):
            m = k - 1
            hs.append(F.pad(F.relu(conv(x)), (m // 2, m - m // 2)))
        h = torch.cat(hs, dim=1).flatten(1)
        return self.out(F.relu(self.hidden(h)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["default", "seed"], default="default")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--max-seconds", type=float, default=10.0, help="whole process: 1/2 train, 1/4 each forward")
    p.add_argument("--expect-params", type=int, default=None, help="assert Keras' total count")
    p.add_argument("--expect-trainable", type=int, default=None, help="assert the trainable count")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)

    if a.model == "seed":
        model, rows, frames, lr = SpeechSeed(), 20, 16, 1e-3
    else:
        model, rows, frames, lr = SpeechTcn(), 40, 101, 3e-3
    n_trainable = sum(t.numel() for t in model.parameters() if t.requires_grad)
    # Keras' countParams also counts BatchNorm's moving statistics (PyTorch buffers; not
    # num_batches_tracked, which Keras does not keep).
    n_stats = sum(b.numel() for n, b in model.named_buffers() if n.endswith(("running_mean", "running_var")))
    n_params = sum(t.numel() for t in model.parameters()) + n_stats
    assert (n_params, n_trainable) == EXPECTED[a.model], (n_params, n_trainable)
    if a.expect_params is not None:
        assert n_params == a.expect_params, f"param count {n_params} != tfjs {a.expect_params}"
    if a.expect_trainable is not None:
        assert n_trainable == a.expect_trainable, f"trainable {n_trainable} != tfjs {a.expect_trainable}"

    opt = torch.optim.Adam([t for t in model.parameters() if t.requires_grad], lr=lr)
    B = a.batch
    x = torch.randn(B, rows, frames)
    x1 = torch.randn(1, rows, frames)
    y = torch.randint(0, 10, (B,))

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    def forward(inp):
        return lambda: F.softmax(model(inp), dim=1)

    model.train()
    tt = time_runs(train_step, a.steps, a.max_seconds / 2, a.warmup)
    model.eval()
    with torch.no_grad():
        ib = time_runs(forward(x), a.steps, a.max_seconds / 4, a.warmup)
        i1 = time_runs(forward(x1), a.steps, a.max_seconds / 4, 10 * a.warmup)

    res = {
        "framework": "pytorch",
        "model": a.model,
        "version": torch.__version__,
        "threads": a.threads,
        "batch": B,
        "input": [frames, rows],
        "train_steps": len(tt),
        "train_ms_per_step": round(statistics.median(tt) * 1e3, 2),
        "train_us_per_sample": round(statistics.median(tt) * 1e6 / B),
        "infer_b1_ms": round(statistics.median(i1) * 1e3, 3),
        "infer_batch_ms_per_clip": round(statistics.median(ib) * 1e3 / B, 3),
        "infer_runs": [len(i1), len(ib)],
        # torchaudio (and librosa) are not installed here: no feature-extraction reference.
        "features_ms_per_clip": None,
        "params": n_params,
        "trainable_params": n_trainable,
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "loadavg_1m": os.getloadavg()[0],
    }
    emit(res, a.json)


if __name__ == "__main__":
    sys.exit(main())
