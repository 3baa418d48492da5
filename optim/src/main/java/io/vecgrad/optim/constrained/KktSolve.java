package io.vecgrad.optim.constrained;

/** How {@link AdaSketchNewton} solves the Newton–KKT system of each iteration. */
public enum KktSolve {
    /** Dense LU with partial pivoting (the exact-SQP baseline), (2/3)N³ + 2N² flops. */
    EXACT,
    /** Gaussian-vector sketch-and-project until the adaptive accuracy test passes (the code's GV). */
    GAUSSIAN,
    /** Randomized Kaczmarz (row sampling) until the adaptive accuracy test passes (the code's RK). */
    KACZMARZ
}
