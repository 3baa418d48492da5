"""Writes linalg.npz: inputs and NumPy/SciPy (LAPACK) results that LinalgGoldenTest compares with.

Run from this folder: python3 make_golden.py  (Debian python3-numpy, python3-scipy).
Eigenvectors and singular vectors are put in vecgrad's sign convention before saving: each
eigenvector / column of U has its entry of largest magnitude (the first on ties) positive,
and the matching row of Vh takes the same sign flip.
"""
import numpy as np
import scipy.linalg as sl

rng = np.random.default_rng(20261205)
out = {}


def normal(*shape):
    return rng.standard_normal(shape)


def spd(n):
    b = normal(n, n)
    return b @ b.T + n * np.eye(n)


def positive_largest(u):
    idx = np.argmax(np.abs(u), axis=-2)  # first maximum per column
    signs = np.sign(np.take_along_axis(u, idx[..., None, :], axis=-2))
    signs[signs == 0] = 1
    return signs


a = spd(6)
out["chol_a"] = a
out["chol_l"] = np.linalg.cholesky(a)
ab = np.stack([spd(3), spd(3)])
out["chol_batch_a"] = ab
out["chol_batch_l"] = np.linalg.cholesky(ab)

a = normal(7, 7)
b = normal(7, 2)
out["solve_a"] = a
out["solve_b"] = b
out["solve_x"] = np.linalg.solve(a, b)
out["inv"] = np.linalg.inv(a)
out["det"] = np.array(np.linalg.det(a))
sign, logdet = np.linalg.slogdet(a)
out["slogdet_sign"] = np.array(sign)
out["slogdet_log"] = np.array(logdet)
lu, piv = sl.lu_factor(a)
out["lu"] = lu
out["lu_piv"] = piv.astype(np.int32)

t = np.tril(normal(5, 5)) + 3 * np.eye(5)
bt = normal(5, 3)
out["tri_a"] = t
out["tri_b"] = bt
out["tri_lower"] = sl.solve_triangular(t, bt, lower=True)
out["tri_upper_trans"] = sl.solve_triangular(t.T, bt, lower=False, trans="T")

a = normal(8, 5)
q, r = np.linalg.qr(a)
out["qr_a"] = a
out["qr_q"] = q
out["qr_r"] = r
q, r = np.linalg.qr(a, mode="complete")
out["qr_full_q"] = q
out["qr_full_r"] = r

s = normal(6, 6)
s = s + s.T
w, v = np.linalg.eigh(s)
out["eigh_a"] = s
out["eigh_w"] = w
out["eigh_v"] = v * positive_largest(v)


def svd_golden(name, a):
    u, sv, vh = np.linalg.svd(a, full_matrices=False)
    sg = positive_largest(u)
    out[name + "_a"] = a
    out[name + "_u"] = u * sg
    out[name + "_s"] = sv
    out[name + "_vh"] = vh * sg.reshape(-1, 1)


svd_golden("svd", normal(7, 5))
svd_golden("svd_wide", normal(4, 6))

a = normal(6, 2) @ normal(2, 4)  # rank 2
out["pinv_a"] = a
out["pinv"] = np.linalg.pinv(a, rcond=max(a.shape) * np.finfo(float).eps)

a = normal(9, 4)
b = normal(9)
out["lstsq_a"] = a
out["lstsq_b"] = b
out["lstsq_x"] = np.linalg.lstsq(a, b, rcond=None)[0]

a = 3 * normal(6, 6) / np.sqrt(6)
out["expm_a"] = a
out["expm"] = sl.expm(a)
a = 0.01 * normal(4, 4)
out["expm_small_a"] = a
out["expm_small"] = sl.expm(a)

a = spd(5)
out["spd_a"] = a
out["sqrtm"] = np.real(sl.sqrtm(a))
out["logm"] = np.real(sl.logm(a))
a = normal(5, 4)
out["norm_a"] = a
out["norm_fro"] = np.array(np.linalg.norm(a, "fro"))
out["norm_2"] = np.array(np.linalg.norm(a, 2))
out["norm_nuc"] = np.array(np.linalg.norm(a, "nuc"))
out["cond"] = np.array(np.linalg.cond(a))

np.savez_compressed("linalg.npz", **out)
