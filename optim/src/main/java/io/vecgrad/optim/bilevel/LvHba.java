package io.vecgrad.optim.bilevel;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * LV-HBA (P59; Yao, Yu, Zeng and Zhang, "Constrained Bi-Level Optimization: Proximal Lagrangian
 * Value Function Approach and Hessian-free Algorithm", ICLR 2024): a single-loop, first-order
 * method for {@code min_{x,y} F(x, y)} s.t. {@code y ∈ argmin_θ { f(x,θ) : g(x,θ) ≤ 0, θ ∈ Y }},
 * with {@code g} vector-valued and possibly coupling x and y. It penalises the gap
 * {@code f(x,y) − v_γ(x,y,z)} to the proximal Lagrangian value function
 * {@code v_γ = min_θ max_{λ≥0} f(x,θ) + λᵀg(x,θ) + ‖θ − y‖²/(2γ₁) − ‖λ − z‖²/(2γ₂)}.
 *
 * <p>Iteration k [verified: code, github.com/SUSTech-Optimization/LV-HBA {@code Toy-example/LLC/LV-HBA.py}],
 * with {@code c_k = c₀ (k+1)^p}:
 * <ol>
 *   <li>one projected gradient descent–ascent step on the inner saddle:
 *       {@code θ ← Π_Y(θ − η (∇_θ f + Jgᵀλ + (θ − y)/γ₁))},
 *       {@code λ ← Π_[0,U](λ − η (−g(x,θ) + (λ − z)/γ₂))} (λ from the old θ; the floor 0 is
 *       configurable, see {@link Config});
 *   <li>{@code (x, y) ← Π_C((x, y) − α (d_x, d_y))}, with the Danskin gradient of v_γ at the new
 *       (θ, λ): {@code d_x = ∇_x F/c_k + ∇_x f(x,y) − ∇_x f(x,θ) − J_xgᵀλ},
 *       {@code d_y = ∇_y F/c_k + ∇_y f(x,y) − (y − θ)/γ₁};
 *   <li>{@code z ← Π_Z(z − β (z − λ)/γ₂)} with Z = [−U, U].
 * </ol>
 * The general projection Π_C onto {@code {(x,y): g(x,y) ≤ 0}} is the caller's (the toy code
 * projects onto an affine set) [reconstructed beyond the code]. Cost per iteration: 2 gradients
 * of f, 1 of F, 2 constraint VJPs (as gradients of λᵀg) and 1 constraint evaluation; no HVPs.
 */
public final class LvHba {
    /** The constraint map {@code g(x, y) ∈ R^p} (a 1-D variable; ≤ 0 means feasible). */
    @FunctionalInterface
    public interface Constraints {
        Variable apply(Variable x, Variable y);
    }

    /** Projection onto C ⊂ X × Y: returns {x', y'}. */
    @FunctionalInterface
    public interface PairProjection {
        Tensor[] apply(Tensor x, Tensor y);
    }

    /**
     * @param upper F(x, y); @param lower f(x, y); @param constraints g(x, y) ∈ R^p;
     * @param projectY Π_Y for θ; @param projectC Π_C for (x, y)
     */
    public record Problem(Bilevel.Objective upper, Bilevel.Objective lower, Constraints constraints,
                          UnaryOperator<Tensor> projectY, PairProjection projectC) {
        /** No projections (Y = R^n, C = X × Y). */
        public static Problem unprojected(Bilevel.Objective upper, Bilevel.Objective lower, Constraints constraints) {
            return new Problem(upper, lower, constraints, t -> t, (x, y) -> new Tensor[] {x, y});
        }
    }

    /**
     * Step sizes α (x, y), β (z), η (θ, λ); prox parameters γ₁, γ₂; the bound U of λ and z;
     * the penalty schedule {@code c_k = c0 (k+1)^power}; the initial λ₀ and z₀; and the floor of
     * λ: 0 is the paper's {@code λ ≥ 0}, {@code −U} is the authors' LLC toy code, which clips λ
     * to [−U, U] and so treats its coupled constraint as an equality (multiplier −1).
     */
    public record Config(double alpha, double beta, double eta, double gamma1, double gamma2, double bound,
                         double c0, double power, double lambda0, double z0, double lambdaFloor) {
        public Config {
            if (!(alpha > 0 && beta >= 0 && eta > 0 && gamma1 > 0 && gamma2 > 0 && bound > 0 && c0 > 0))
                throw new IllegalArgumentException("LvHba.Config: alpha, eta, gamma1, gamma2, bound, c0 must be > 0 and beta >= 0, got "
                        + "alpha=" + alpha + " beta=" + beta + " eta=" + eta + " gamma1=" + gamma1 + " gamma2=" + gamma2
                        + " bound=" + bound + " c0=" + c0);
            if (!(lambdaFloor <= 0 && lambdaFloor >= -bound))
                throw new IllegalArgumentException("LvHba.Config: lambdaFloor must be in [-bound, 0] = [" + -bound + ", 0], got " + lambdaFloor);
        }

        /** The paper's multiplier constraint λ ≥ 0 (floor 0). */
        public Config(double alpha, double beta, double eta, double gamma1, double gamma2, double bound,
                      double c0, double power, double lambda0, double z0) {
            this(alpha, beta, eta, gamma1, gamma2, bound, c0, power, lambda0, z0, 0);
        }

        /**
         * The toy-LLC defaults with λ ≥ 0 [verified: code]: α 0.008 (x, y), β 0.02 (z), η 0.01 (θ, λ),
         * γ₁ = γ₂ = 10, U = 1000, c_k = 0.025 (k+1)^0.3, λ₀ = 1, z₀ = −1.
         */
        public static Config toyDefaults() {
            return new Config(0.008, 0.02, 0.01, 10, 10, 1000, 0.025, 0.3, 1, -1);
        }

        /** The same defaults with λ clipped to [−U, U] as the authors' {@code Toy-example/LLC/LV-HBA.py} does. */
        public static Config toyCode() {
            return new Config(0.008, 0.02, 0.01, 10, 10, 1000, 0.025, 0.3, 1, -1, -1000);
        }
    }

    /** Iterate k: upper variables (x, y), inner saddle (θ, λ), proximal centre z, oracle counts. */
    public record State(Tensor x, Tensor y, Tensor theta, Tensor lambda, Tensor z, int k, long gradients, long constraintEvals) {}

    /** {@code v_γ(x, y, z)} with its saddle point and Danskin gradients. */
    public record ValueFunction(double value, Tensor theta, Tensor lambda, Tensor gradX, Tensor gradY, Tensor gradZ) {}

    private final Problem problem;
    private final Config cfg;

    public LvHba(Problem problem, Config cfg) {
        this.problem = problem;
        this.cfg = cfg;
    }

    /** θ₀ = y₀, λ₀ and z₀ filled with the config's values (p constraints). */
    public State init(Tensor x0, Tensor y0, int constraintCount) {
        return new State(x0.copy(), y0.copy(), y0.copy(), Tensor.full(x0.dtype(), cfg.lambda0(), constraintCount),
                Tensor.full(x0.dtype(), cfg.z0(), constraintCount), 0, 0, 0);
    }

    /** {@code iterations} steps from s; the listener sees F, f, ‖(d_x)‖ and counts per step. */
    public BilevelSolver.Result run(State s, int iterations, BilevelListener listener) {
        List<BilevelSolver.Step> history = new ArrayList<>();
        for (int k = 0; k < iterations; k++) {
            Tensor[] d = new Tensor[2];
            State next = step(s, d);
            BilevelSolver.Step rec = new BilevelSolver.Step(k, BilevelSolver.value(problem.upper(), next.x(), next.y()),
                    BilevelSolver.value(problem.lower(), next.x(), next.y()), Bilevel.norm(d[0]), true, next.gradients(), 0, next.x());
            history.add(rec);
            listener.onStep(rec);
            s = next;
        }
        return new BilevelSolver.Result(s.x(), s.y(), history);
    }

    /** One LV-HBA iteration; {@code dOut} (if given) receives {d_x, d_y}. */
    public State step(State s, Tensor[] dOut) {
        Tensor x = s.x(), y = s.y(), theta = s.theta(), lambda = s.lambda(), z = s.z();
        double ck = cfg.c0() * Math.pow(s.k() + 1, cfg.power());
        // 1. inner saddle: one projected GDA step at (x, y, z)
        Tensor gTheta = constraintValue(x, theta);
        Tensor dTheta = Bilevel.partials(lagrangian(lambda), x, theta)[1].add(theta.sub(y).div(cfg.gamma1()));
        Tensor dLambda = gTheta.neg().add(lambda.sub(z).div(cfg.gamma2()));
        Tensor thetaNext = problem.projectY().apply(theta.sub(dTheta.mul(cfg.eta())));
        Tensor lambdaNext = lambda.sub(dLambda.mul(cfg.eta())).clamp(cfg.lambdaFloor(), cfg.bound());
        // 2. upper variables with the Danskin gradient of v_γ at the new (θ, λ)
        Tensor[] dF = Bilevel.partials(problem.upper(), x, y);
        Tensor[] dfy = Bilevel.partials(problem.lower(), x, y);
        Tensor dLx = Bilevel.partials(lagrangian(lambdaNext), x, thetaNext)[0];
        Tensor dx = dF[0].div(ck).add(dfy[0]).sub(dLx);
        Tensor dy = dF[1].div(ck).add(dfy[1]).sub(y.sub(thetaNext).div(cfg.gamma1()));
        Tensor[] xy = problem.projectC().apply(x.sub(dx.mul(cfg.alpha())), y.sub(dy.mul(cfg.alpha())));
        // 3. proximal centre of λ
        Tensor zNext = z.sub(z.sub(lambdaNext).mul(cfg.beta() / cfg.gamma2())).clamp(-cfg.bound(), cfg.bound());
        if (dOut != null) {
            dOut[0] = dx;
            dOut[1] = dy;
        }
        return new State(xy[0], xy[1], thetaNext, lambdaNext, zNext, s.k() + 1, s.gradients() + 4, s.constraintEvals() + 1);
    }

    /** {@code (x, θ) ↦ f(x, θ) + λᵀ g(x, θ)}; its gradients carry the constraint VJPs {@code Jgᵀλ}. */
    Bilevel.Objective lagrangian(Tensor lambda) {
        Variable l = Variable.constant(lambda);
        return (xx, th) -> problem.lower().apply(xx, th).add(problem.constraints().apply(xx, th).dot(l));
    }

    Tensor constraintValue(Tensor x, Tensor y) {
        return problem.constraints().apply(Variable.constant(x), Variable.constant(y)).value();
    }

    /**
     * The proximal Lagrangian value {@code v_γ(x, y, z)}, its saddle point (θ*, λ*) and the
     * Danskin gradients {@code [∇_x v, ∇_y v, ∇_z v]}, from {@code iterations} projected GDA steps
     * of size {@code step} at fixed (x, y, z) (for tests and diagnostics; strongly
     * convex–concave when f is convex in θ).
     */
    public ValueFunction valueFunction(Tensor x, Tensor y, Tensor z, Tensor theta0, Tensor lambda0, int iterations, double step) {
        Tensor theta = theta0, lambda = lambda0;
        for (int k = 0; k < iterations; k++) {
            Tensor dTheta = Bilevel.partials(lagrangian(lambda), x, theta)[1].add(theta.sub(y).div(cfg.gamma1()));
            Tensor dLambda = constraintValue(x, theta).neg().add(lambda.sub(z).div(cfg.gamma2()));
            theta = problem.projectY().apply(theta.sub(dTheta.mul(step)));
            lambda = lambda.sub(dLambda.mul(step)).clamp(cfg.lambdaFloor(), cfg.bound());
        }
        double v = BilevelSolver.value(lagrangian(lambda), x, theta) + Bilevel.dot(theta.sub(y), theta.sub(y)) / (2 * cfg.gamma1())
                - Bilevel.dot(lambda.sub(z), lambda.sub(z)) / (2 * cfg.gamma2());
        Tensor gx = Bilevel.partials(lagrangian(lambda), x, theta)[0];
        Tensor gy = y.sub(theta).div(cfg.gamma1());
        Tensor gz = lambda.sub(z).div(cfg.gamma2());
        return new ValueFunction(v, theta, lambda, gx, gy, gz);
    }
}
