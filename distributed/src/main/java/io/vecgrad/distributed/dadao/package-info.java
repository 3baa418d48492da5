/**
 * DADAO, decoupled accelerated decentralized asynchronous optimization (Nabli and Oyallon,
 * ICML 2023; P46): gradient and gossip steps on two independent Poisson processes, a linear
 * ODE between events integrated exactly with a 6×6 matrix exponential, and the Laplacian
 * quantities χ₁, χ₂ and λ_mix that set its rates.
 */
package io.vecgrad.distributed.dadao;
