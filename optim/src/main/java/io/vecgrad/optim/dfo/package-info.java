/**
 * Derivative-free optimization that may use derivatives of a network: P42's optimization by
 * directional attacks (Bouchet, Vidal 2025) and its certified half, the covering direct search
 * cDSM (Bouchet, Audet, Bourdin 2024). The objective itself is only evaluated; autodiff is used on
 * the network that is attacked (the problem's own Φ, or a surrogate fitted on the evaluated points).
 *
 * <ul>
 *   <li>{@link io.vecgrad.optim.dfo.DirectionalAttack} — FGSM/PGD attack of a network along an output
 *       direction inside an ∞-ball; {@code J_Φᵀu} by one input-space VJP.</li>
 *   <li>{@link io.vecgrad.optim.dfo.CoveringDirectSearch} — cDSM: search hook, covering step at the
 *       farthest dyadic-lattice point, coordinate or Householder poll; the plain DSM baseline with
 *       the covering step off.</li>
 *   <li>{@link io.vecgrad.optim.dfo.AttackHybrid} — attack step, then covering and poll, with the
 *       authors' radius rules; composite ({@code f(Φ(x))}) and surrogate settings.</li>
 *   <li>{@link io.vecgrad.optim.dfo.NeuralSurrogate} — the small MLP fitted on evaluated points.</li>
 * </ul>
 *
 * <p>Results are {@link io.vecgrad.optim.zeroth.ZerothOrderResult}s, deterministic per seed.
 *
 * <pre>{@code
 * ZerothOrderResult r = CoveringDirectSearch.minimize(TestFunctions::ackley, new double[] {2, -3},
 *         new double[] {-5, -5}, new double[] {5, 5}, CoveringDirectSearch.Options.defaults());
 * }</pre>
 */
package io.vecgrad.optim.dfo;
