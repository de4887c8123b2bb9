#!/usr/bin/env python3
"""PyTorch CPU reference for @dl/captcha's two models (packages/captcha/src/model.ts).

--model seed (SEEDS.md §7, buildCaptchaSeedModel): RGB 60x200 -> four stages
[Conv2D(F,3x3,valid)+BN+ReLU -> Conv2D(F,3x3,same)+BN+ReLU], F = 64/128/256/512, 2x2 max-pool
and Dropout(0.2) after the first three -> GlobalAveragePooling -> Dropout(0.3) ->
RepeatVector(length) -> GRU(128, sequences; nn.GRU is tf.keras's reset_after layout, two bias
vectors per gate) -> Dropout(0.3) -> one Dense(classes) per position (softmax in the loss).
4,967,448 parameters at 6 x 36. Loss: the sum over positions of the categorical cross-entropy.

--model default (buildCaptchaModel, classes 19 as bench/captcha.mjs): gray 32x128 -> four
[Conv2D(F,3x3,same,no bias)+BN+ReLU] blocks, F = 24/48/96/96, pooling 2x2, 2x2, 2x1, none ->
each of the 32 columns a time step (h*c = 384 features) -> Dense(128, relu) -> Dropout(0.25)
-> bidirectional GRU(64) (concat) -> Dropout(0.25) -> Dense(classes + 1) logits, blank last.
Loss: CTC on the log-softmax, mean over the batch (as @dl/core's ctcLoss), labels of length 5.

Parameter counts include the BatchNorm running mean and variance (buffers here, weights in
tf.js's countParams) and are asserted against the hand count. The L2 on the seed's kernels is
left out, as bench/captcha.mjs's step (lossOf without model.losses) leaves it out. Training as
that step: Adam lr 1e-3 on fixed random images, batch 16 (default) or 4 (seed). Inference:
eval mode, no grad, ms per captcha at batch 1 and 32. Times are means, as that bench's time().

Run with the Debian torch:  /usr/bin/python3 bench/torch/captcha.py --model seed --threads 1 --json
"""
import argparse
import statistics
import sys

import pin_threads  # noqa: F401  (must precede torch)
import torch  # noqa: E402
import torch.nn as nn
import torch.nn.functional as F
from counting import params_like_tfjs  # noqa: E402
from timing import emit, time_runs  # noqa: E402

SEED_FILTERS = [64, 128, 256, 512]
DEFAULT_FILTERS = [24, 48, 96, 96]
DEFAULT_POOLS = [(2, 2), (2, 2), (2, 1), None]


def gru_params(inputs, units):
    """Keras reset_after GRU: kernel, recurrent kernel, two bias rows (nn.GRU: ih and hh)."""
    return 3 * units * (inputs + units + 2)


def expected_params(model, length, classes):
    if model == "seed":
        tower, cin = 0, 3
        for f in SEED_FILTERS:
            tower += (9 * cin * f + f + 4 * f) + (9 * f * f + f + 4 * f)
            cin = f
        assert tower == 4_693_056
        return tower + gru_params(512, 128) + length * (128 * classes + classes)
    conv, cin = 0, 1
    for f in DEFAULT_FILTERS:
        conv += 9 * cin * f + 4 * f
        cin = f
    features = 4 * 96  # 32 px high pooled 2, 2, 2 -> 4 rows of 96 channels
    projection = features * 128 + 128
    return conv + projection + 2 * gru_params(128, 64) + (128 * (classes + 1) + classes + 1)


def bn(f, momentum):
    # Keras: epsilon 1e-3, moving = momentum * moving + (1 - momentum) * batch
    return nn.BatchNorm2d(f, eps=1e-3, momentum=1 - momentum)


class CaptchaSeed(nn.Module):
    def __init__(self, length, classes):
        super().__init__()
        self.length = length
        layers, cin = [], 3
        for f in SEED_FILTERS:
            layers += [nn.Conv2d(cin, f, 3), bn(f, 0.99), nn.Conv2d(f, f, 3, padding=1), bn(f, 0.99)]
            cin = f
        self.tower = nn.ModuleList(layers)
        self.gru = nn.GRU(512, 128, batch_first=True)
        self.heads = nn.ModuleList(nn.Linear(128, classes) for _ in range(length))

    def forward(self, x):
        for s in range(4):
            for k in range(2):
                x = F.relu(self.tower[4 * s + 2 * k + 1](self.tower[4 * s + 2 * k](x)))
            if s < 3:
                x = F.dropout(F.max_pool2d(x, 2), 0.2, self.training)
        x = F.dropout(x.mean((2, 3)), 0.3, self.training)
        x, _ = self.gru(x.unsqueeze(1).expand(-1, self.length, -1))
        x = F.dropout(x, 0.3, self.training)
        return [head(x[:, i]) for i, head in enumerate(self.heads)]  # logits per position


class CaptchaCtc(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.convs = nn.ModuleList()
        self.bns = nn.ModuleList()
        cin = 1
        for f in DEFAULT_FILTERS:
            self.convs.append(nn.Conv2d(cin, f, 3, padding=1, bias=False))
            self.bns.append(bn(f, 0.9))
            cin = f
        self.projection = nn.Linear(4 * 96, 128)
        self.gru = nn.GRU(128, 64, batch_first=True, bidirectional=True)
        self.logits = nn.Linear(128, classes + 1)

    def forward(self, x):
        for conv, norm, pool in zip(self.convs, self.bns, DEFAULT_POOLS):
            x = F.relu(norm(conv(x)))
            if pool:
                x = F.max_pool2d(x, pool)
        n, c, h, w = x.shape
        # NCHW -> [n, w, h, c] -> [n, w, h*c]: the Keras Permute+Reshape feature order
        x = x.permute(0, 3, 2, 1).reshape(n, w, h * c)
        x = F.dropout(F.relu(self.projection(x)), 0.25, self.training)
        x, _ = self.gru(x)
        return self.logits(F.dropout(x, 0.25, self.training))  # [n, T, classes + 1]



def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["seed", "default"], default="default")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, help="default 16 (default reader) or 4 (seed)")
    p.add_argument("--length", type=int, help="characters: 6 (seed) or 5 (default)")
    p.add_argument("--classes", type=int, help="36 (seed) or 19 (default)")
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--max-seconds", type=float, default=20)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    seed = a.model == "seed"
    batch = a.batch or (4 if seed else 16)
    length = a.length or (6 if seed else 5)
    classes = a.classes or (36 if seed else 19)
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)

    model = CaptchaSeed(length, classes) if seed else CaptchaCtc(classes)
    n_params = params_like_tfjs(model)
    want = expected_params(a.model, length, classes)
    assert n_params == want, f"{n_params} != {want}"
    if seed and (length, classes) == (6, 36):
        assert n_params == 4_967_448, n_params
    shape = (3, 60, 200) if seed else (1, 32, 128)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, *shape)

    if seed:
        y = torch.arange(batch) % classes  # every position, as bench/captcha.mjs

        def loss_of(out):
            return sum(F.cross_entropy(o, y) for o in out)

    else:
        targets = torch.tensor(
            [[(i + j) % classes for j in range(length)] for i in range(batch)], dtype=torch.long
        )
        steps = 128 // 4
        in_lens = torch.full((batch,), steps, dtype=torch.long)
        tgt_lens = torch.full((batch,), length, dtype=torch.long)

        def loss_of(out):
            lp = F.log_softmax(out, -1).transpose(0, 1)  # [T, n, C]
            return F.ctc_loss(lp, targets, in_lens, tgt_lens, blank=classes, reduction="sum") / batch

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model(x))
        loss.backward()
        opt.step()
        return loss.item()

    model.train()
    runs = time_runs(step, a.steps, a.max_seconds, a.warmup)
    step_ms = statistics.mean(runs) * 1e3

    model.eval()

    def infer(n):
        xs = torch.rand(n, *shape)
        with torch.no_grad():
            ts = time_runs(lambda: model(xs), a.steps, a.max_seconds / 2, 1)
        return statistics.mean(ts) * 1e3 / n

    emit(
        {
            "framework": "pytorch",
            "version": torch.__version__,
            "model": a.model,
            "threads": a.threads,
            "batch": batch,
            "params": n_params,
            "step_ms": round(step_ms, 2),
            "images_per_s": round(1e3 * batch / step_ms, 2),
            "steps": len(runs),
            "ms1": round(infer(1), 3),
            "ms32": round(infer(32), 3),
        },
        a.json,
    )


if __name__ == "__main__":
    sys.exit(main())
