"""Writes neldermead.txt: SciPy Nelder-Mead iterates (callback xk, repr of each float) on fixed cases.

Run with a Python that has SciPy (made with SciPy 1.10):  python3 make_neldermead.py > neldermead.txt
Line format: case <TAB> iteration <TAB> comma-separated xk   (iteration -1: nit,nfev,fun of the result)
"""
import numpy as np
from scipy.optimize import minimize, rosen


def quartic(x):
    return float(np.sum((x - np.arange(1, len(x) + 1)) ** 4) + np.sum(x) ** 2)


CASES = [
    ("rosen2", rosen, [-1.2, 1.0], {}),
    ("rosen4", rosen, [0.0, 0.0, 0.0, 0.0], {}),
    ("quartic3", quartic, [0.5, -1.0, 2.0], {"adaptive": True}),
]

for name, f, x0, opts in CASES:
    xs = []
    r = minimize(f, np.array(x0), method="Nelder-Mead", callback=lambda xk: xs.append(np.array(xk)), options=opts)
    for i, xk in enumerate(xs):
        print(name, i, ",".join(repr(float(v)) for v in xk), sep="\t")
    print(name, -1, ",".join(repr(float(v)) for v in (r.nit, r.nfev, r.fun)), sep="\t")
