/**
 * Curricula in federated learning (Vahidian et al., "When Do Curricula Work in Federated
 * Learning?", ICCV 2023; P47): difficulty orderings of each client's examples (curriculum,
 * anti-curriculum, random), pacing functions that grow the usable prefix, ordered client
 * selection, and FedAvg with paced local sampling.
 */
package io.vecgrad.distributed.curriculum;
