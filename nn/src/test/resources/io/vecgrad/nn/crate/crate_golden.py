# Golden values for CrateBlocksTest: the CRATE authors' Attention and FeedForward
# (model/crate.py) written out in numpy, on deterministic inputs the test rebuilds.
# Run: /usr/bin/python3 crate_golden.py
import numpy as np
np.set_printoptions(precision=17, floatmode="unique")

def seq(n, a, b, scale):          # v[i] = scale * sin(a*i + b)
    return scale * np.sin(a * np.arange(n) + b)

B, N, d, H, p = 1, 3, 4, 2, 2
x = seq(B * N * d, 0.37, 0.1, 1.0).reshape(B, N, d)
wqkv = seq(H * p * d, 0.53, 0.2, 0.5).reshape(H * p, d)      # torch Linear weight [out, in]
wout = seq(d * H * p, 0.29, 0.3, 0.5).reshape(d, H * p)
bout = seq(d, 0.71, 0.4, 0.1)

w = (x @ wqkv.T).reshape(B, N, H, p).transpose(0, 2, 1, 3)          # b h n d
dots = w @ w.transpose(0, 1, 3, 2) * p ** -0.5
attn = np.exp(dots - dots.max(-1, keepdims=True)); attn /= attn.sum(-1, keepdims=True)
out = (attn @ w).transpose(0, 2, 1, 3).reshape(B, N, H * p)
mssa = out @ wout.T + bout
print("MSSA", repr(mssa.ravel()))

eta, lam = 0.1, 0.1
xi = seq(N * d, 0.41, 0.5, 1.0).reshape(N, d)
D = seq(d * d, 0.33, 0.6, 0.6).reshape(d, d)
x1 = xi @ D.T                # F.linear(x, D)
g1 = x1 @ D                  # F.linear(x1, D.t())
g2 = xi @ D                  # F.linear(x, D.t())
ista = np.maximum(xi + eta * (g2 - g1) - eta * lam, 0)
print("ISTA", repr(ista.ravel()))
