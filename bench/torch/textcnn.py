#!/usr/bin/env python3
"""PyTorch CPU reference benchmark for @dl/textcnn's models, on random token ids.

  rand: Kim (2014) CNN-rand — Embedding(vocab 18,000, 300, trained, sparse=False) ->
        Conv1d(300, 100, k) for k = 3, 4, 5 (valid, ReLU) -> max over time -> concat(300)
        -> Dropout(0.5) -> Linear(300, 2), rows renormed to L2 <= 3 after every step.
        5,760,902 parameters at 18,000 words (= buildTextCnnModel({ variant: 'rand' })).
  seed: SEEDS.md section 3 — Embedding(58,954, 50, frozen) -> Conv1d(50, 20, 3, same, ReLU)
        -> max over time -> Dropout -> Linear(20, 50) ReLU -> Dropout -> Linear(50, 2).
        2,951,872 parameters, 4,172 trainable (= buildTextCnnSeedModel).
Training: categorical cross-entropy, Adam lr 1e-3 (the package default; --optimizer adadelta
for Kim's rho 0.95, eps 1e-6, lr 1), batch 50, sentence length 70.

Run with the Debian torch:  /usr/bin/python3 bench/torch/textcnn.py --model rand --threads 1 --json
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


class KimCnn(nn.Module):
    def __init__(self, vocab, dim=300, widths=(3, 4, 5), filters=100, classes=2, dropout=0.5):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, sparse=False)
        nn.init.uniform_(self.embedding.weight, -0.25, 0.25)
        self.convs = nn.ModuleList(nn.Conv1d(dim, filters, w) for w in widths)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(filters * len(widths), classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)  # [B, dim, T]: convolve over the time axis
        h = torch.cat([F.relu(conv(x)).amax(dim=2) for conv in self.convs], dim=1)
        return self.out(self.drop(h))  # logits; softmax folded into the loss

    @torch.no_grad()
    def max_norm(self, s=3.0):
        # Kim: rescale each output unit's weight vector to L2 norm s whenever it exceeds s.
        self.out.weight.copy_(torch.renorm(self.out.weight, 2, 0, s))


class SeedCnn(nn.Module):
    def __init__(self, vocab, dim=50, classes=2, dropout=0.5):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, sparse=False)
        nn.init.uniform_(self.embedding.weight, -0.25, 0.25)
        self.embedding.weight.requires_grad_(False)  # frozen GloVe
        self.conv = nn.Conv1d(dim, 20, 3, padding=1)  # 'same'
        self.drop = nn.Dropout(dropout)
        self.hidden = nn.Linear(20, 50)
        self.out = nn.Linear(50, classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)
        h = F.relu(self.conv(x)).amax(dim=2)
        h = self.drop(F.relu(self.hidden(self.drop(h))))
        return self.out(h)

    def max_norm(self, s=3.0):
        pass


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["rand", "seed"], default="rand")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=50)
    p.add_argument("--len", type=int, default=70)
    p.add_argument("--vocab", type=int, default=None)
    p.add_argument("--steps", type=int, default=60)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--max-seconds", type=float, default=10.0)
    p.add_argument("--optimizer", choices=["adam", "adadelta"], default="adam")
    p.add_argument("--expect-params", type=int, default=None, help="assert the total count")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)

    vocab = a.vocab or (58_954 if a.model == "seed" else 18_000)
    model = SeedCnn(vocab) if a.model == "seed" else KimCnn(vocab)
    n_params = sum(t.numel() for t in model.parameters())
    n_trainable = sum(t.numel() for t in model.parameters() if t.requires_grad)
    if a.model == "seed" and vocab == 58_954:
        assert (n_params, n_trainable) == (2_951_872, 4_172), (n_params, n_trainable)
    if a.expect_params is not None:
        assert n_params == a.expect_params, f"param count {n_params} != tfjs {a.expect_params}"

    trainable = [t for t in model.parameters() if t.requires_grad]
    opt = (
        torch.optim.Adadelta(trainable, lr=1.0, rho=0.95, eps=1e-6)
        if a.optimizer == "adadelta" and a.model == "rand"
        else torch.optim.Adam(trainable, lr=1e-3)
    )
    B = a.batch
    x = torch.randint(0, vocab, (B, a.len))
    y = torch.randint(0, 2, (B,))

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        model.max_norm(3.0)
        return loss

    def infer_step():
        F.softmax(model(x), dim=1)

    model.train()
    tt = time_runs(train_step, a.steps, a.max_seconds, a.warmup)
    model.eval()
    with torch.no_grad():
        it = time_runs(infer_step, a.steps, a.max_seconds, a.warmup)

    res = {
        "framework": "pytorch",
        "model": a.model,
        "version": torch.__version__,
        "threads": a.threads,
        "batch": B,
        "len": a.len,
        "vocab": vocab,
        "optimizer": "adam" if a.model == "seed" else a.optimizer,
        "train_steps": len(tt),
        "train_ms_per_step": round(statistics.median(tt) * 1e3, 2),
        "train_sentences_per_s": round(B / statistics.median(tt)),
        "infer_sentences_per_s": round(B / statistics.median(it)),
        "params": n_params,
        "trainable_params": n_trainable,
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "loadavg_1m": os.getloadavg()[0],
    }
    emit(res, a.json)


if __name__ == "__main__":
    sys.exit(main())
