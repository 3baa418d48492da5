"""NumPy/SciPy reference timings for the DAG and convex-ReLU solvers (run with /usr/bin/python3).

Equivalent NumPy of one step of each method, following the authors' code:
  * NOTEARS (xunzheng/notears linear.py `_func`): one augmented-Lagrangian value+gradient at d=50, n=1000,
    both as the authors write it (loss on X) and in the covariance form vecgrad uses;
  * CoLiDE-EV (SAMiatto/colide model.py `minimize` loop body): one Adam iteration at d=50;
  * convex two-layer ReLU ADMM (zachary-shah/admmNN optimizers.py, mode "ADMM"): one iteration at
    n=1000, d=20, P=20 with the linear system Cholesky-factored once.
Prints one line per workload: name, milliseconds per step (median of repeats).
"""
import time
import numpy as np
import scipy.linalg as sla


def bench(fn, reps):
    fn()
    times = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        times.append((time.perf_counter() - t) / reps)
    return 1e3 * float(np.median(times))


rng = np.random.default_rng(0)
n, d = 1000, 50
X = rng.standard_normal((n, d))
X -= X.mean(axis=0, keepdims=True)
W = 0.05 * rng.standard_normal((d, d)) * (1 - np.eye(d))
w = np.concatenate([np.maximum(W, 0).ravel(), np.maximum(-W, 0).ravel()])
rho, alpha, lam = 10.0, 1.0, 0.1
cov = X.T @ X / n


def notears_func(w, cov_form):
    Wm = (w[:d * d] - w[d * d:]).reshape(d, d)
    if cov_form:
        dif = np.eye(d) - Wm
        r = cov @ dif
        loss = 0.5 * np.trace(dif.T @ r)
        g_loss = -r
    else:
        R = X - X @ Wm
        loss = 0.5 / n * (R ** 2).sum()
        g_loss = -1.0 / n * X.T @ R
    E = sla.expm(Wm * Wm)
    h = np.trace(E) - d
    g_h = E.T * Wm * 2
    obj = loss + 0.5 * rho * h * h + alpha * h + lam * w.sum()
    g_smooth = g_loss + (rho * h + alpha) * g_h
    return obj, np.concatenate((g_smooth + lam, -g_smooth + lam), axis=None)


print("notears-eval-d50-authors %.4f" % bench(lambda: notears_func(w, False), 20))
print("notears-eval-d50-cov %.4f" % bench(lambda: notears_func(w, True), 20))

Id = np.eye(d)
state = {"W": 0.01 * W, "m": 0.0, "v": 0.0, "it": 0, "sigma": 1.0}


def colide_iter():
    st = state
    st["it"] += 1
    Wc, s, mu, lr, b1, b2 = st["W"], 1.0, 1.0, 3e-4, 0.99, 0.999
    M = sla.inv(s * Id - Wc * Wc) + 1e-16
    assert not np.any(M < -1e-6)
    g = -mu * cov @ (Id - Wc) / st["sigma"] + mu * 0.05 * np.sign(Wc) + 2 * Wc * M.T
    st["m"] = st["m"] * b1 + (1 - b1) * g
    st["v"] = st["v"] * b2 + (1 - b2) * g ** 2
    mh = st["m"] / (1 - b1 ** st["it"])
    vh = st["v"] / (1 - b2 ** st["it"])
    Wc -= lr * mh / (np.sqrt(vh) + 1e-8)
    dif = Id - Wc
    st["sigma"] = np.sqrt(np.trace(dif.T @ cov @ dif) / d)


print("colide-iter-d50 %.4f" % bench(colide_iter, 50))

n2, d2, P = 1000, 20, 20
X2 = rng.standard_normal((n2, d2))
y2 = np.sign(rng.standard_normal(n2))
Dm = (X2 @ rng.standard_normal((d2, P)) >= 0).astype(float)          # n × P
beta, rho2 = 1.0, 1.0
F = np.concatenate([Dm[:, i:i + 1] * X2 for i in range(P)], axis=1)   # n × Pd
F = np.concatenate([F, -F], axis=1)                                  # n × 2Pd
S = 2 * Dm - 1                                                       # signs of (2D − I)
Sfull = np.concatenate([S, S], axis=1)                               # n × 2P


def G(u):   # (2D_a − I) X u_a for the 2P blocks → n × 2P
    return Sfull * (X2 @ u.reshape(2 * P, d2).T)


def Gt(z):  # Σ_a Xᵀ((2D_a − I) z_a) → 2P × d
    return (X2.T @ (Sfull * z)).T.ravel()


A = np.eye(2 * P * d2) + F.T @ F / rho2
XtX = X2.T @ X2
for a in range(2 * P):
    A[a * d2:(a + 1) * d2, a * d2:(a + 1) * d2] += XtX
cho = sla.cho_factor(A)
b1 = F.T @ y2 / rho2
st2 = {"u": np.zeros(2 * P * d2), "v": np.zeros(2 * P * d2), "lam": np.zeros(2 * P * d2),
       "s": np.zeros((n2, 2 * P)), "nu": np.zeros((n2, 2 * P))}


def admm_iter():
    st = st2
    b = b1 + st["v"] - st["lam"] + Gt(st["s"] - st["nu"])
    u = sla.cho_solve(cho, b)
    z = (u + st["lam"]).reshape(2 * P, d2)
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    v = (np.maximum(0, 1 - beta / (rho2 * np.maximum(norms, 1e-300))) * z).ravel()
    Gu = G(u)
    s = np.maximum(0, Gu + st["nu"])
    st["lam"] = st["lam"] + (u - v)
    st["nu"] = st["nu"] + (Gu - s)
    st["u"], st["v"], st["s"] = u, v, s


print("admm-iter-n1000-d20-P20 %.4f" % bench(admm_iter, 20))
