/**
 * Asynchronous federated aggregation on the virtual-clock event engine (P38: Fraboni et al.,
 * "A General Theory for Federated Optimization with Asynchronous and Heterogeneous Clients
 * Updates", JMLR 2023): synchronous FedAvg, asynchronous FedAvg, FedBuff and FedFix with
 * heterogeneous client compute times, in their naive and unbiased ("weight") variants.
 */
package io.vecgrad.distributed.async;
