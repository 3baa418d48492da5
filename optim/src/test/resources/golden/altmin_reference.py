#!/usr/bin/python3
"""NumPy/SciPy reference for the speed of alternating minimization (P34 note), not a golden file:
the same algorithm as io.vecgrad.optim.solvers.matrix.AltMin with exact solves, written the way a
NumPy user would (per-column normal equations in a Python loop, sparse products via scipy.sparse).

Instance: square n x n, rank k, unit singular values, Haar-random factors, each entry observed
with probability p = 2 k ln(n) / n (the P34 experiment's setting; NumPy's random stream, so the
instance is statistically, not bitwise, the same as the Java one). Spectral init: randomized
subspace iteration (k + 5 columns, 10 iterations) on P_Omega(M); then T iterations of
V-step / QR / U-step / QR with all samples reused; finally V fitted to U_T.

Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 altmin_reference.py [--n 2000] [--k 30] [--iterations 12]
Prints one line: n, k, p, seconds for AltMin (init + iterations, instance generation excluded), relative error.
"""
import argparse
import time

import numpy as np
import scipy.sparse as sp


def instance(n, k, p, rng):
    u, _ = np.linalg.qr(rng.standard_normal((n, k)))
    v, _ = np.linalg.qr(rng.standard_normal((n, k)))
    m = u @ v.T
    mask = rng.random((n, n)) < p
    rows, cols = np.nonzero(mask)
    obs = sp.csr_matrix((m[rows, cols], (rows, cols)), shape=(n, n))
    return m, obs


def spectral_init(obs, k, rng, iterations=10):
    n = obs.shape[1]
    q, _ = np.linalg.qr(obs @ rng.standard_normal((n, k + 5)))
    for _ in range(iterations):
        q, _ = np.linalg.qr(obs @ (obs.T @ q))
    b = (obs.T @ q).T
    w, vecs = np.linalg.eigh(b @ b.T)
    return q @ vecs[:, ::-1][:, :k]


def half_step(by_line, fixed, k):
    """by_line: CSR whose row j lists the observed entries of line j; returns the fitted factor."""
    out = np.zeros((by_line.shape[0], k))
    ptr, idx, val = by_line.indptr, by_line.indices, by_line.data
    for j in range(by_line.shape[0]):
        a = fixed[idx[ptr[j]:ptr[j + 1]]]
        if a.shape[0] == 0:
            continue
        out[j] = np.linalg.solve(a.T @ a, a.T @ val[ptr[j]:ptr[j + 1]])
    return out


def altmin(obs, k, iterations, rng):
    by_col = obs.T.tocsr()
    u = spectral_init(obs, k, rng)
    for _ in range(iterations):
        v, _ = np.linalg.qr(half_step(by_col, u, k))
        u, _ = np.linalg.qr(half_step(obs, v, k))
    return u, half_step(by_col, u, k)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--k", type=int, default=30)
    ap.add_argument("--iterations", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    p = min(1.0, 2 * a.k * np.log(a.n) / a.n)
    m, obs = instance(a.n, a.k, p, rng)
    t0 = time.perf_counter()
    u, v = altmin(obs, a.k, a.iterations, rng)
    sec = time.perf_counter() - t0
    err = np.linalg.norm(u @ v.T - m) / np.linalg.norm(m)
    print(f"numpy altmin n={a.n} k={a.k} p={p:.3f} T={a.iterations}: {sec:.2f} s, relative error {err:.2e}")


if __name__ == "__main__":
    main()
