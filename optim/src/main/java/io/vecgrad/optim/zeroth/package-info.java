/**
 * Derivative-free (zeroth-order) optimization: methods that only evaluate {@code f} and never
 * ask autodiff for a gradient.
 *
 * <ul>
 *   <li>{@link io.vecgrad.optim.zeroth.PerturbationStream} — the shared seeded, regenerable Gaussian
 *       perturbation streams (a perturbation is a function of (seed, step, index), so workers and
 *       replays regenerate it instead of sending it), in-place perturb / restore of a parameter
 *       vector, and the central-difference directional-derivative estimator.</li>
 *   <li>{@link io.vecgrad.optim.zeroth.FlatParams} — a {@link io.vecgrad.optim.Params} collection
 *       seen as one flat {@code double[]} (read and write back), the form every method here works on.</li>
 *   <li>{@link io.vecgrad.optim.zeroth.HillClimbing} — P03 stochastic hill climbing and random
 *       search over model weights.</li>
 *   <li>{@link io.vecgrad.optim.zeroth.Cbo} — P53 consensus-based optimization (isotropic and
 *       anisotropic noise, particle batches), following CBXpy.</li>
 *   <li>{@link io.vecgrad.optim.zeroth.NelderMead} (SciPy's rules and defaults) and
 *       {@link io.vecgrad.optim.zeroth.CmaEs} (Hansen's purecma) — the baselines.</li>
 *   <li>{@link io.vecgrad.optim.zeroth.TestFunctions} — Rosenbrock, Rastrigin, Ackley, sphere.</li>
 * </ul>
 *
 * <p>Every method returns a {@link io.vecgrad.optim.zeroth.ZerothOrderResult} (solution, value,
 * evaluation count, iterations, stop reason, best-value history) and is deterministic per seed.
 *
 * <pre>{@code
 * ZerothOrderResult r = NelderMead.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1});
 * }</pre>
 */
package io.vecgrad.optim.zeroth;
