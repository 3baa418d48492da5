"""SciPy's Newton-CG and L-BFGS-B on the newton-logreg problem, for the timing comparison in
optim/README.md ("Second-order solvers"). Same data as the Java experiment: scikit-learn's
breast-cancer table, features standardised (population std), labels +-1, no intercept,
f(w) = mean(log(1 + exp(-y * Xw))) + lam/2 ||w||^2, lam = 1e-3, w0 = 0, float64.

Run with Debian's python3:  /usr/bin/python3 scipy_timing.py
Prints, per method, iterations, f/g/Hv evaluations, the final max|g| and the best wall time of 20 runs.
"""
import time

import numpy as np
from scipy.optimize import minimize
from sklearn.datasets import load_breast_cancer

data = load_breast_cancer()
X = data.data.astype(np.float64)
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = np.where(data.target == 1, 1.0, -1.0)
m, n = X.shape
lam = 1e-3


def f(w):
    return np.mean(np.logaddexp(0, -y * (X @ w))) + 0.5 * lam * w @ w


def g(w):
    z = y * (X @ w)
    return X.T @ (-y * 0.5 * (1 - np.tanh(0.5 * z))) / m + lam * w


def hessp(w, v):
    s = 0.5 * (1 - np.tanh(0.5 * y * (X @ w)))          # sigma(-z)
    d = s * (1 - s)
    return X.T @ (d * (X @ v)) / m + lam * v


runs = {
    "Newton-CG": lambda: minimize(f, np.zeros(n), jac=g, hessp=hessp, method="Newton-CG", options={"xtol": 1e-12, "maxiter": 1000}),
    "L-BFGS-B": lambda: minimize(f, np.zeros(n), jac=g, method="L-BFGS-B", options={"gtol": 1e-8, "ftol": 0, "maxiter": 100000, "maxfun": 100000}),
}
for name, run in runs.items():
    best = float("inf")
    for _ in range(20):
        t0 = time.perf_counter()
        r = run()
        best = min(best, time.perf_counter() - t0)
    print(f"{name:10s} nit={r.nit} nfev={r.nfev} njev={r.njev} nhev={getattr(r, 'nhev', 0)} "
          f"max|g|={np.max(np.abs(g(r.x))):.2e} f={r.fun:.12f} best_ms={1e3 * best:.2f}")
