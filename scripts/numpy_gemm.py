"""SGEMM rates through NumPy (its OpenBLAS) at the training step's shapes, printed as JSON.

The shapes and names match benchmarks' GemmShape; each product is computed as the book's NumPy code
computes it (np.dot on float32, transposes as views), into a preallocated output.
usage: python3 numpy_gemm.py [SECONDS_PER_SAMPLE]
"""
import json
import statistics
import sys
import time

import numpy as np

# name: (lhs shape, rhs shape, transpose lhs, transpose rhs)
SHAPES = {
    'FORWARD': ((100, 784), (50, 784), False, True),
    'HIDDEN_DELTA': ((100, 10), (10, 50), False, False),
    'OUTPUT_GRAD': ((100, 10), (100, 50), True, False),
    'WEIGHT_GRAD': ((100, 50), (100, 784), True, False),
    'CUBE_1024': ((1024, 1024), (1024, 1024), False, False),
}


def seconds_per_call(f, sample_s, samples=5):
    """Median over `samples` timed loops, each about `sample_s` long, of the time of one call."""
    f()
    n = 1
    while True:  # calibrate the loop count
        t0 = time.perf_counter()
        for _ in range(n):
            f()
        dt = time.perf_counter() - t0
        if dt >= sample_s / 4:
            break
        n *= 4
    n = max(1, int(n * sample_s / dt))
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(n):
            f()
        times.append((time.perf_counter() - t0) / n)
    return statistics.median(times)


def main():
    sample_s = float(sys.argv[1]) if len(sys.argv) > 1 else 0.3
    rng = np.random.default_rng(1)
    out = {}
    for name, (sa, sb, ta, tb) in SHAPES.items():
        a = rng.uniform(-1, 1, sa).astype(np.float32)
        b = rng.uniform(-1, 1, sb).astype(np.float32)
        lhs = a.T if ta else a
        rhs = b.T if tb else b
        m, k = lhs.shape
        n = rhs.shape[1]
        c = np.empty((m, n), dtype=np.float32)
        s = seconds_per_call(lambda: np.dot(lhs, rhs, out=c), sample_s)
        out[name] = {'m': m, 'k': k, 'n': n, 'us': s * 1e6, 'gflops': 2 * m * k * n / s / 1e9}
    info = {'numpy': np.__version__}
    try:
        from threadpoolctl import threadpool_info
        info['blas'] = [{k: d.get(k) for k in ('internal_api', 'version', 'architecture', 'num_threads')}
                        for d in threadpool_info()]
    except ImportError:
        pass
    print(json.dumps({'info': info, 'shapes': out}))


if __name__ == '__main__':
    main()
