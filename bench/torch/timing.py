"""Timing shared by the PyTorch reference benchmarks (the counterpart of bench/stats.mjs)."""

import json
import resource
import time


def time_runs(fn, steps, max_seconds, warmup):
    """Seconds of each run of fn: `warmup` untimed runs, then up to `steps` timed ones,
    stopping early (after at least 3) once `max_seconds` have passed."""
    for _ in range(warmup):
        fn()
    ts = []
    start = time.perf_counter()
    while len(ts) < steps and (len(ts) < 3 or time.perf_counter() - start < max_seconds):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return ts


def peak_rss_mib():
    """This process's peak resident set, MiB (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def emit(res, as_json):
    """The result as one JSON line (for the driver) or key: value lines (for a person), with
    the process's peak memory added."""
    res = {**res, "peak_rss_mib": peak_rss_mib()}
    if as_json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print(f"{k}: {v}")
