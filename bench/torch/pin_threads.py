"""Import before torch: pins OpenBLAS/OpenMP to the script's --threads.

Debian's torch is built with BLAS_INFO=generic, so torch.set_num_threads() does NOT reach
OpenBLAS; its pthread pool would default to nproc threads and busy-wait against the OpenMP
pool. An explicit value in the environment wins. OPENBLAS_CORETYPE is left alone.
"""
import os
import sys


def threads_from_argv(default=1):
    argv = sys.argv[1:]
    for i, t in enumerate(argv):
        if t == "--threads" and i + 1 < len(argv):
            return argv[i + 1]
        if t.startswith("--threads="):
            return t.split("=", 1)[1]
    return str(default)


_T = threads_from_argv()
os.environ.setdefault("OPENBLAS_NUM_THREADS", _T)
os.environ.setdefault("OMP_NUM_THREADS", _T)
