"""Goldens for optim.newton's L-BFGS-B test: SciPy's solutions of bound-constrained problems.

Run with Debian's python3 (numpy, scipy 1.10):  /usr/bin/python3 make_golden.py > lbfgsb.txt
Each line: problem <TAB> key <TAB> comma-separated float64 values (repr, round-trips exactly).
SciPy runs with tight tolerances (ftol 1e-15, gtol 1e-12) so the goldens are the minimisers,
not SciPy's stopping points.
"""
import numpy as np
from scipy.optimize import minimize


def emit(name, key, values):
    print(name + "\t" + key + "\t" + ",".join(repr(float(v)) for v in np.ravel(values)))


def quadratic():
    rng = np.random.default_rng(1)
    n = 10
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    a = q @ np.diag(np.logspace(0, 2, n)) @ q.T
    a = (a + a.T) / 2
    b = rng.standard_normal(n) * 20
    return "quadratic", {"A": a, "b": b}, (lambda x: 0.5 * x @ a @ x - b @ x, lambda x: a @ x - b), \
        np.full(n, -0.5), np.full(n, 0.5), np.zeros(n)


def logistic():
    rng = np.random.default_rng(2)
    m, n, lam = 200, 10, 1e-2
    x = rng.standard_normal((m, n))
    w_true = rng.standard_normal(n)
    y = np.where(x @ w_true + 0.5 * rng.standard_normal(m) > 0, 1.0, -1.0)

    def f(w):
        z = y * (x @ w)
        return np.mean(np.logaddexp(0, -z)) + 0.5 * lam * w @ w

    def g(w):
        z = y * (x @ w)
        s = -y / (1 + np.exp(z))
        return x.T @ s / m + lam * w

    return "logistic", {"X": x, "y": y, "lambda": [lam]}, (f, g), np.full(n, -0.3), np.full(n, 0.3), np.zeros(n)


def rosenbrock():
    def f(x):
        return np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)

    def g(x):
        gr = np.zeros_like(x)
        gr[:-1] = -400 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2 * (1 - x[:-1])
        gr[1:] += 200 * (x[1:] - x[:-1] ** 2)
        return gr

    return "rosenbrock", {}, (f, g), np.array([-1.5, -0.5]), np.array([0.5, 2.0]), np.array([-1.2, 1.0])


for name, data, (f, g), lo, hi, x0 in (quadratic(), logistic(), rosenbrock()):
    for k, v in data.items():
        emit(name, k, v)
    emit(name, "lower", lo)
    emit(name, "upper", hi)
    emit(name, "x0", x0)
    r = minimize(f, x0, jac=g, method="L-BFGS-B", bounds=list(zip(lo, hi)),
                 options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 100000, "maxfun": 100000})
    emit(name, "x", r.x)
    emit(name, "fun", [r.fun])
