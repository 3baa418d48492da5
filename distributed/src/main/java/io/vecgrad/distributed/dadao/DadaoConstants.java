package io.vecgrad.distributed.dadao;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;

/**
 * DADAO's constants and its 6×6 ODE, exactly as {@code DADAO_optimizer.initialize} in
 * github.com/AdelNabli/DADAO ({@code optimizers.py}): with ν = μ/2,
 * η = η̃ = ⅛√(ν/L), α = ¼√(ν/L), α̃ = ⅛√(ν/L), θ = ½√(L/ν) for the flow and
 * γ = 1/(4L), γ̃ = 1/(4√(Lν)), δ = ¼√(ν/L), δ̃ = 1, β = ½, β̃ = 2χ₁√(L/ν) for the jumps.
 * The state of a node is (X, X̃, Y, Ỹ, Z, Z̃), in that order.
 *
 * <pre>{@code
 * DadaoConstants c = DadaoConstants.of(1.0, 10.0, spectrum.chi1(), spectrum.lambdaMix());
 * double[] e = c.flow(0.3);   // exp(0.3·M), 6×6 row-major
 * }</pre>
 */
public record DadaoConstants(double mu, double smoothness, double chi1Star, double nu, double gamma, double gammaTilde,
                             double delta, double deltaTilde, double beta, double betaTilde, double[] odeMatrix) {

    /**
     * Constants for μ-strongly convex, L-smooth local functions, gossiping at total rate
     * {@code gossipRate} on a graph whose edge-sampling Laplacian has this χ₁.
     */
    public static DadaoConstants of(double mu, double smoothness, double chi1, double gossipRate) {
        if (!(mu > 0) || !(smoothness >= mu) || !(chi1 > 0) || !(gossipRate > 0)) {
            throw new IllegalArgumentException("DadaoConstants: need 0 < μ ≤ L, χ₁ > 0 and a positive gossip rate, got μ = " + mu
                    + ", L = " + smoothness + ", χ₁ = " + chi1 + ", rate = " + gossipRate);
        }
        double chi1Star = chi1 / gossipRate;
        double nu = mu / 2, l = smoothness, r = Math.sqrt(nu / l);
        double eta = r / 8, alpha = r / 4, alphaTilde = r / 8, theta = 0.5 / r;
        double[] m = new double[36];
        m[0] = -eta;          m[1] = eta;            // dX  = η(X̃ − X)
        m[6] = eta;           m[7] = -eta;           // dX̃ = η̃(X − X̃)
        m[14] = -alpha;       m[15] = alpha;         // dY  = α(Ỹ − Y)
        m[19] = -theta * nu;  m[20] = -theta;  m[22] = -theta;   // dỸ = −θ(νX̃ + Y + Z)
        m[28] = -alpha;       m[29] = alpha;         // dZ  = α(Z̃ − Z)
        m[34] = alphaTilde;   m[35] = -alphaTilde;   // dZ̃ = α̃(Z − Z̃)
        return new DadaoConstants(mu, l, chi1Star, nu, 1 / (4 * l), 1 / (4 * Math.sqrt(l * nu)), r / 4, 1, 0.5,
                2 * chi1Star / r, m);
    }

    /** {@code exp(M·dt)}, 6×6 row-major (Padé scaling and squaring in float64). */
    public double[] flow(double dt) {
        if (!(dt >= 0)) throw new IllegalArgumentException("DadaoConstants.flow: time step must be ≥ 0, got " + dt);
        double[] scaled = new double[36];
        for (int k = 0; k < 36; k++) scaled[k] = odeMatrix[k] * dt;
        return Linalg.expm(Tensor.of(scaled, 6, 6)).toDoubleArray();
    }
}
