#!/usr/bin/env python3
"""PyTorch CPU reference for @dl/transfer's MobileNetV2 (packages/transfer/src/keras/mobilenet-v2.ts).

keras.applications.MobileNetV2, alpha 1.0, written out in plain torch (Debian has no
torchvision): Conv 3x3/2 (32) + BN + ReLU6, then the 17 inverted-residual blocks (expansion 6
except the first; pointwise filters 16, 24x2, 32x3, 64x4, 96x3, 160x3, 320; strides 1, 2, 2, 2,
1, 2, 1 per group), Conv 1x1 (1280) + BN + ReLU6, global average pooling, and with the top a
Dense(1000). Keras pads stride-2 convolutions asymmetrically (ZeroPadding2D ((0, 1), (0, 1)) at
even sizes); symmetric padding 1 costs the same here, which is all a speed reference needs.

Parameter counts include the BatchNorm running mean and variance (buffers here, non-trainable
weights in Keras) and are asserted against Keras' totals: 3,538,984 with the top, 2,257,984
without. Random weights (speed only). Forward in eval mode, no grad, NHWC -> NCHW done once
outside the timing; ms per image at the given batch, mean of runs as bench/torch/timing.py.

Run with the Debian torch:  /usr/bin/python3 bench/torch/mobilenet_v2.py --threads 1 --json
"""
import argparse
import statistics

import pin_threads  # noqa: F401  (must precede torch)
import torch  # noqa: E402
import torch.nn as nn
from counting import params_like_tfjs  # noqa: E402
from timing import emit, time_runs  # noqa: E402

# (expansion, pointwise filters, blocks, first stride) per group, as Keras' MobileNetV2
GROUPS = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
          (6, 160, 3, 2), (6, 320, 1, 1)]


def conv_bn(cin, cout, kernel, stride=1, groups=1, relu=True):
    layers = [
        nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False),
        nn.BatchNorm2d(cout, eps=1e-3, momentum=0.001),
    ]
    return nn.Sequential(*layers, nn.ReLU6()) if relu else nn.Sequential(*layers)


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expansion):
        super().__init__()
        hidden = cin * expansion
        layers = [conv_bn(cin, hidden, 1)] if expansion != 1 else []
        layers += [conv_bn(hidden, hidden, 3, stride, groups=hidden), conv_bn(hidden, cout, 1, relu=False)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


class MobileNetV2(nn.Module):
    def __init__(self, include_top, classes=1000):
        super().__init__()
        blocks, cin = [conv_bn(3, 32, 3, 2)], 32
        for expansion, cout, n, stride in GROUPS:
            for i in range(n):
                blocks.append(InvertedResidual(cin, cout, stride if i == 0 else 1, expansion))
                cin = cout
        blocks.append(conv_bn(cin, 1280, 1))
        self.features = nn.Sequential(*blocks)
        self.top = nn.Linear(1280, classes) if include_top else None

    def forward(self, x):
        x = self.features(x).mean((2, 3))
        return self.top(x).softmax(-1) if self.top is not None else x



def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--top", action="store_true", help="with the 1,000-class Dense on top")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--max-seconds", type=float, default=15)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    model = MobileNetV2(a.top).eval()
    n_params = params_like_tfjs(model)
    want = 3_538_984 if a.top else 2_257_984
    assert n_params == want, f"{n_params} != {want}"
    x = torch.rand(a.batch, a.size, a.size, 3).permute(0, 3, 1, 2).contiguous()
    with torch.no_grad():
        runs = time_runs(lambda: model(x), a.steps, a.max_seconds, 2)
    ms = statistics.mean(runs) * 1e3
    emit(
        {
            "framework": "pytorch",
            "version": torch.__version__,
            "threads": a.threads,
            "batch": a.batch,
            "size": a.size,
            "params": n_params,
            "ms_per_batch": round(ms, 2),
            "images_per_s": round(1e3 * a.batch / ms, 2),
        },
        a.json,
    )


if __name__ == "__main__":
    main()
