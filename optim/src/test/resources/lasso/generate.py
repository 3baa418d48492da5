#!/usr/bin/python3
"""Writes lasso golden files: scikit-learn's Lasso (no intercept) on small random problems.

Run from this directory: /usr/bin/python3 generate.py
Format (whitespace separated text): n p alpha, then A row-major (n*p), b (n), x (p).
"""
import numpy as np
from sklearn.linear_model import Lasso


def write(name, n, p, k, alpha, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((n, p))
    xs = np.zeros(p)
    xs[rng.choice(p, k, replace=False)] = rng.standard_normal(k)
    b = a @ xs + 0.01 * rng.standard_normal(n)
    m = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=1_000_000, selection="cyclic").fit(a, b)
    with open(name, "w") as f:
        f.write(f"{n} {p} {alpha!r}\n")
        for v in (a.ravel(), b, m.coef_):
            f.write(" ".join(repr(float(t)) for t in v) + "\n")


write("lasso-tall.txt", 40, 15, 4, 0.05, 1)
write("lasso-wide.txt", 20, 40, 3, 0.02, 2)
