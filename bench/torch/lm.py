#!/usr/bin/env python3
"""PyTorch CPU reference benchmark for @dl/text-lm's default model, on random token ids.

Zaremba, Sutskever & Vinyals (2014), small: Embedding(vocab 10,000, 200) -> LSTM(200) x 2 ->
Linear(200, vocab), full softmax cross-entropy, truncated BPTT over 20 steps with the state
carried (detached) between windows, batch 20, gradients clipped to global norm 5, SGD lr 1.
The same architecture as buildLmModel({ vocabSize: 10000 }); PyTorch's LSTM keeps two bias
vectors per layer (b_ih and b_hh) where Keras/tfjs keep one, so it has 2 x 800 more parameters.

Run with the Debian torch:  /usr/bin/python3 bench/torch/lm.py --threads 1 --json
"""
import argparse
import os
import statistics
import sys

import pin_threads  # noqa: E402,F401  (must precede torch)
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from timing import emit, time_runs  # noqa: E402


class WordLstm(nn.Module):
    def __init__(self, vocab, units=200, layers=2, init_scale=0.1):
        super().__init__()
        self.embedding = nn.Embedding(vocab, units)
        self.lstm = nn.LSTM(units, units, num_layers=layers)  # time-major [T, B, H]
        self.out = nn.Linear(units, vocab)
        for w in self.parameters():
            nn.init.uniform_(w, -init_scale, init_scale)

    def forward(self, ids, state):
        h, state = self.lstm(self.embedding(ids), state)
        return self.out(h).view(-1, self.out.out_features), state


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--vocab", type=int, default=10_000)
    p.add_argument("--units", type=int, default=200)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--batch", type=int, default=20)
    p.add_argument("--train-steps", type=int, default=40)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--max-seconds", type=float, default=15.0)
    p.add_argument("--expect-params", type=int, default=None, help="tfjs count (one bias per gate)")
    p.add_argument("--json", action="store_true")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    model = WordLstm(a.vocab, a.units, a.layers)
    n_params = sum(t.numel() for t in model.parameters())
    same_as_tfjs = n_params - a.layers * 4 * a.units
    if a.expect_params is not None:
        assert same_as_tfjs == a.expect_params, f"{same_as_tfjs} != tfjs {a.expect_params}"
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    T, B = a.steps, a.batch
    data = [
        (torch.randint(0, a.vocab, (T, B)), torch.randint(0, a.vocab, (T * B,)))
        for _ in range(4)
    ]
    zeros = lambda: (torch.zeros(a.layers, B, a.units), torch.zeros(a.layers, B, a.units))
    state = zeros()
    k = [0]

    def train_step():
        nonlocal state
        x, y = data[k[0] % 4]
        k[0] += 1
        state = tuple(s.detach() for s in state)  # truncated BPTT
        opt.zero_grad(set_to_none=True)
        logits, state = model(x, state)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        return loss.item()

    def eval_step():
        nonlocal state
        x, y = data[k[0] % 4]
        k[0] += 1
        logits, state = model(x, state)
        nll = -F.log_softmax(logits, dim=1).gather(1, y[:, None])
        nll.sum().item()
        logits.argmax(1)

    model.train()
    tt = time_runs(train_step, a.train_steps, a.max_seconds, a.warmup)
    model.eval()
    state = zeros()
    with torch.no_grad():
        et = time_runs(eval_step, a.train_steps, a.max_seconds, a.warmup)

    res = {
        "framework": "pytorch",
        "version": torch.__version__,
        "threads": a.threads,
        "vocab": a.vocab,
        "units": a.units,
        "layers": a.layers,
        "steps": T,
        "batch": B,
        "train_steps": len(tt),
        "train_ms_per_step": round(statistics.median(tt) * 1e3, 2),
        "train_tokens_per_s": round(T * B / statistics.median(tt)),
        "eval_tokens_per_s": round(T * B / statistics.median(et)),
        "params": n_params,
        "params_one_bias": same_as_tfjs,
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "loadavg_1m": os.getloadavg()[0],
    }
    emit(res, a.json)


if __name__ == "__main__":
    sys.exit(main())
