/**
 * ADMM-based federated learning for weighted least squares with noisy links and random client
 * scheduling (Lari, Arablouei, Gogineni, Werner, arXiv:2409.13451; P37): the textbook consensus
 * ADMM baseline, whose dual variables accumulate channel noise, and a dual-free variant in
 * which each client consumes one noisy global model per round.
 */
package io.vecgrad.distributed.admm;
