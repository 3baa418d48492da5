#!/usr/bin/python3
"""Regenerates the PyTorch golden files for the io.vecgrad.nn tests (run from this directory).

Uses Debian's python3-torch (1.13) and numpy. Every case is computed in float64 with fixed
seeds and saved as <case>.npz: the module's state dict under "state.<name>" (PyTorch names),
the input "x" (and "ids"/"labels" where relevant), the output "y", and for some cases the
gradients "grad.<name>" of sum(y * u) with the cotangent "u". Modules run in training mode
with dropout 0, so PyTorch's inference fast paths are not taken.

model.safetensors is a float32 state dict written with plain struct/json following the
published safetensors layout (torch 1.13 has no safetensors); the Java test byte-compares
what vecgrad writes for the same tensors against it and reads it back.
"""
import json
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def save(name, module=None, x=None, y=None, extra=None, grads_of=None):
    out = {}
    if module is not None:
        for k, v in module.state_dict().items():
            out["state." + k] = v.detach().numpy()
    if x is not None:
        out["x"] = x.detach().numpy()
    if y is not None:
        out["y"] = y.detach().numpy()
    if grads_of is not None:
        torch.manual_seed(99)
        u = torch.randn_like(y)
        (y * u).sum().backward()
        out["u"] = u.numpy()
        for k, p in module.named_parameters():
            out["grad." + k] = p.grad.numpy()
        if x.requires_grad:
            out["grad.x"] = x.grad.numpy()
    out.update({k: (v.detach().numpy() if torch.is_tensor(v) else v) for k, v in (extra or {}).items()})
    np.savez(name + ".npz", **out)


def randn(*shape, grad=False):
    return torch.randn(*shape).requires_grad_(grad)


def layers():
    torch.manual_seed(1)
    lin = nn.Linear(5, 3)
    x = randn(2, 4, 5, grad=True)
    save("linear", lin, x, lin(x), grads_of=True)

    torch.manual_seed(2)
    conv = nn.Conv2d(4, 6, 3, stride=2, padding=1, groups=2)
    x = randn(2, 4, 7, 6, grad=True)
    save("conv2d", conv, x, conv(x), grads_of=True)

    torch.manual_seed(3)
    x = randn(2, 3, 7, 7)
    save("maxpool2d", x=x, y=F.max_pool2d(x, 3, 2, 1))
    save("avgpool2d", x=x, y=F.avg_pool2d(x, 3, 2, 1))

    torch.manual_seed(4)
    bn = nn.BatchNorm2d(3, momentum=0.1)
    with torch.no_grad():
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.5, 0.5)
    before = {"state0." + k: v.clone().numpy() for k, v in bn.state_dict().items()}
    x = randn(4, 3, 5, 5) * 2 + 1
    y_train = bn(x)
    y_train2 = bn(x * 0.5)
    bn.eval()
    y_eval = bn(x)
    save("batchnorm2d", bn, x, y_train, extra=dict(before, y_train2=y_train2, y_eval=y_eval))

    torch.manual_seed(5)
    bn1 = nn.BatchNorm1d(6)
    before = {"state0." + k: v.clone().numpy() for k, v in bn1.state_dict().items()}
    x = randn(8, 6) * 3 - 1
    y_train = bn1(x)
    bn1.eval()
    save("batchnorm1d", bn1, x, y_train, extra=dict(before, y_eval=bn1(x)))

    torch.manual_seed(6)
    ln = nn.LayerNorm(6)
    with torch.no_grad():
        ln.weight.uniform_(0.5, 1.5)
        ln.bias.uniform_(-0.5, 0.5)
    x = randn(2, 3, 6, grad=True)
    save("layernorm", ln, x, ln(x), grads_of=True)

    torch.manual_seed(7)
    emb = nn.Embedding(10, 4)
    ids = torch.tensor([[1, 3, 3], [0, 9, 2]])
    save("embedding", emb, None, emb(ids), extra={"ids": ids})

    for causal in (False, True):
        torch.manual_seed(8)
        mha = nn.MultiheadAttention(8, 2, batch_first=True)
        with torch.no_grad():
            mha.in_proj_bias.uniform_(-0.3, 0.3)
            mha.out_proj.bias.uniform_(-0.3, 0.3)
        x = randn(2, 5, 8, grad=True)
        mask = torch.triu(torch.full((5, 5), float("-inf")), diagonal=1) if causal else None
        y, _ = mha(x, x, x, attn_mask=mask, need_weights=False)
        save("mha_causal" if causal else "mha", mha, x, y, grads_of=True)

    for norm_first in (True, False):
        torch.manual_seed(9)
        blk = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True, norm_first=norm_first)
        with torch.no_grad():
            for n, p in blk.named_parameters():
                if "norm" in n or n.endswith("bias"):
                    p.uniform_(-0.3, 0.3) if n.endswith("bias") else p.uniform_(0.5, 1.5)
        x = randn(2, 5, 8, grad=True)
        save("encoder_preln" if norm_first else "encoder_postln", blk, x, blk(x), grads_of=True)


def activations_and_losses():
    torch.manual_seed(10)
    x = torch.randn(3, 7) * 2
    save("activations", x=x, extra={
        "relu": F.relu(x), "leaky_relu": F.leaky_relu(x, 0.1), "gelu": F.gelu(x), "tanh": torch.tanh(x),
        "sigmoid": torch.sigmoid(x), "softplus": F.softplus(x)})

    torch.manual_seed(11)
    logits = torch.randn(6, 5) * 3
    labels = torch.tensor([0, 4, 2, 2, 1, 3])
    pred, target = torch.randn(6, 5), torch.randn(6, 5)
    f = torch.randn(6) * 20            # large margins: the logistic loss must stay finite and exact
    y = torch.tensor([1.0, -1, 1, -1, -1, 1])
    save("losses", extra={
        "logits": logits, "labels": labels, "pred": pred, "target": target, "f": f, "ysign": y,
        "cross_entropy": F.cross_entropy(logits, labels),
        "cross_entropy_smooth": F.cross_entropy(logits, labels, label_smoothing=0.1),
        "cross_entropy_none": F.cross_entropy(logits, labels, reduction="none"),
        "nll_sum": F.nll_loss(F.log_softmax(logits, 1), labels, reduction="sum"),
        "mse": F.mse_loss(pred, target), "huber": F.huber_loss(pred, target, delta=0.7),
        "logistic": F.soft_margin_loss(f, y), "hinge": torch.clamp(1 - y * f, min=0).mean()})


def lenet():
    class LeNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.c1 = nn.Conv2d(1, 8, 3, padding=1)
            self.c2 = nn.Conv2d(8, 16, 3, padding=1)
            self.fc = nn.Linear(16 * 2 * 2, 10)

        def forward(self, x):
            x = F.max_pool2d(F.relu(self.c1(x)), 2)
            x = F.max_pool2d(F.relu(self.c2(x)), 2)
            return self.fc(x.flatten(1))

    torch.manual_seed(12)
    net = LeNet()
    x = torch.randn(4, 1, 8, 8)
    labels = torch.tensor([3, 1, 4, 1])
    loss = F.cross_entropy(net(x), labels)
    loss.backward()
    grads = {"grad." + k: p.grad for k, p in net.named_parameters()}
    save("lenet_digits", net, x, loss, extra=dict(grads, labels=labels))


def safetensors_bytes(tensors):
    codes = {"<f4": "F32", "<f8": "F64", "<i4": "I32", "<i8": "I64"}
    header, blobs, offset = {}, [], 0
    for name, a in tensors.items():
        blob = np.ascontiguousarray(a).tobytes()
        header[name] = {"dtype": codes[a.dtype.str], "shape": list(a.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def safetensors_model():
    torch.manual_seed(13)
    net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2)).float()
    state = {k: v.numpy() for k, v in net.state_dict().items()}
    with open("model.safetensors", "wb") as f:
        f.write(safetensors_bytes(state))
    np.savez("model.npz", **state)


if __name__ == "__main__":
    layers()
    activations_and_losses()
    lenet()
    safetensors_model()
