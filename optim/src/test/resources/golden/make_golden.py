#!/usr/bin/python3
"""Golden optimizer trajectories from PyTorch 1.13 (float64) for the Java replay test.

Problem: two parameters w (2x3) and b (3), loss
    f = sum_i 0.5 * a_i * (p_i - c_i)^2 + 0.025 * p_i^4
over the flattened parameters [w, b] with the fixed a, c below. Gradients are computed here
in closed form, fed to each torch optimizer for STEPS steps, and written with the parameters
after every step. Output: trajectories.txt, one line per record:
    <run>\t<step>\tgrad|param\t<comma-separated repr floats>
Step 0 'param' lines are the initial values. L-BFGS runs re-evaluate the loss inside step(),
so only their parameters are stored; the Java test recomputes the same closed-form gradient.

Learning-rate schedules: lines "schedule:<name>\t0\tlr\t<values>" hold the learning rate
before each step of torch.optim.lr_scheduler schedules (SGD base lr 0.1).

Run: /usr/bin/python3 make_golden.py   (writes trajectories.txt next to this script)
"""
import os
import torch

torch.set_default_dtype(torch.float64)  # NAdam's mu_product and step counters in float64
STEPS = 20
A = torch.tensor([1.0, 2.0, 0.5, 3.0, 1.5, 0.8, 2.5, 0.3, 1.2])
C = torch.tensor([1.0, -2.0, 0.5, -0.7, 2.0, -1.5, 0.3, 1.1, -0.4])
W0 = [0.5, 0.3, -0.8, 1.2, -0.4, 0.9]
B0 = [-0.6, 0.7, 0.2]


def grad_of(flat):
    return A * (flat - C) + 0.1 * flat ** 3


def loss_of(flat):
    return (0.5 * A * (flat - C) ** 2 + 0.025 * flat ** 4).sum()


CONFIGS = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.05),
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9),
    "sgd_dampening_wd": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.01),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    "adam": lambda p: torch.optim.Adam(p, lr=0.1),
    "adam_wd": lambda p: torch.optim.Adam(p, lr=0.1, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05),
    "amsgrad": lambda p: torch.optim.Adam(p, lr=0.1, amsgrad=True),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.1, weight_decay=0.1),
    "adamw_amsgrad": lambda p: torch.optim.AdamW(p, lr=0.1, weight_decay=0.1, amsgrad=True),
    "nadam": lambda p: torch.optim.NAdam(p, lr=0.1),
    "nadam_wd": lambda p: torch.optim.NAdam(p, lr=0.05, betas=(0.8, 0.99), weight_decay=0.05, momentum_decay=0.01),
    "adamax": lambda p: torch.optim.Adamax(p, lr=0.1),
    "adamax_wd": lambda p: torch.optim.Adamax(p, lr=0.1, betas=(0.8, 0.99), eps=1e-3, weight_decay=0.05),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.3),
    "adagrad_decay": lambda p: torch.optim.Adagrad(p, lr=0.3, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
    "rmsprop_centered_momentum": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, momentum=0.9, centered=True, weight_decay=0.01),
    "adadelta": lambda p: torch.optim.Adadelta(p, lr=1.0),
    "adadelta_wd": lambda p: torch.optim.Adadelta(p, lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.05),
    "rprop": lambda p: torch.optim.Rprop(p, lr=0.05),
    "rprop_custom": lambda p: torch.optim.Rprop(p, lr=0.2, etas=(0.3, 1.5), step_sizes=(1e-3, 0.5)),
    "lbfgs": lambda p: torch.optim.LBFGS(p, lr=0.5, max_iter=4, history_size=3),
    "lbfgs_wolfe": lambda p: torch.optim.LBFGS(p, lr=1, max_iter=5, history_size=4, line_search_fn="strong_wolfe"),
}


def fmt(t):
    return ",".join(repr(float(x)) for x in t.reshape(-1).tolist())


def run(name, make, out):
    w = torch.nn.Parameter(torch.tensor(W0).reshape(2, 3))
    b = torch.nn.Parameter(torch.tensor(B0))
    opt = make([w, b])
    flat = lambda: torch.cat([w.detach().reshape(-1), b.detach()])
    out.append(f"{name}\t0\tparam\t{fmt(flat())}")
    for step in range(1, STEPS + 1):
        if name.startswith("lbfgs"):
            def closure():
                opt.zero_grad()
                x = torch.cat([w.reshape(-1), b])
                loss = loss_of(x)
                loss.backward()
                return loss
            opt.step(closure)
        else:
            g = grad_of(flat())
            w.grad = g[:6].reshape(2, 3).clone()
            b.grad = g[6:].clone()
            out.append(f"{name}\t{step}\tgrad\t{fmt(g)}")
            opt.step()
        out.append(f"{name}\t{step}\tparam\t{fmt(flat())}")


SCHEDULES = {
    "step": lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5),
    "multistep": lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[5, 12, 30], gamma=0.3),
    "exponential": lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.93),
    "cosine": lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=25, eta_min=0.01),
    "polynomial": lambda o: torch.optim.lr_scheduler.PolynomialLR(o, total_iters=30, power=2.0),
    "onecycle": lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=50),
    "onecycle_linear": lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.5, total_steps=50, pct_start=0.25,
                                                                      anneal_strategy="linear", div_factor=10, final_div_factor=100),
    "cyclic_triangular": lambda o: torch.optim.lr_scheduler.CyclicLR(o, 0.001, 0.006, step_size_up=5, cycle_momentum=False),
    "cyclic_triangular2": lambda o: torch.optim.lr_scheduler.CyclicLR(o, 0.001, 0.006, step_size_up=5, mode="triangular2", cycle_momentum=False),
    "cyclic_exp_range": lambda o: torch.optim.lr_scheduler.CyclicLR(o, 0.001, 0.006, step_size_up=4, step_size_down=6, mode="exp_range",
                                                                     gamma=0.97, cycle_momentum=False),
}
SCHEDULE_STEPS = 45


def schedule_records(out):
    """Learning rate before each of SCHEDULE_STEPS steps for torch lr_schedulers (base lr 0.1)."""
    for name, make in SCHEDULES.items():
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=0.1)
        sched = make(opt)
        lrs = []
        for _ in range(SCHEDULE_STEPS):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        out.append(f"schedule:{name}\t0\tlr\t" + ",".join(repr(float(v)) for v in lrs))


def main():
    out = []
    for name, make in CONFIGS.items():
        run(name, make, out)
    schedule_records(out)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "trajectories.txt")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {len(out)} records to {path} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
