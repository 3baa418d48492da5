/**
 * Coded computation against stragglers (P57): gradient coding (Tandon et al. 2017) with the
 * fractional-repetition and cyclic-repetition constructions and exact decoding from any
 * {@code n − s} workers, the (B, W, λ)-bursty straggler model and sequential gradient coding
 * with selective reattempts (Krishnan, Ebrahimi, Khisti, ICLR 2023).
 */
package io.vecgrad.distributed.coding;
