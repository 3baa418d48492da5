package io.vecgrad.distributed.zoo;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Worker;

/**
 * A method together with the problem it runs on, built the same way on every node of a cluster
 * from (workers, seed, rounds): what {@code vecgrad cluster} needs for the methods whose workers
 * need more than the default softmax-regression shards (ADMM's least-squares clients, curriculum
 * FedAvg's paced shards, gradient coding's partitions). See {@link MethodJobs}.
 *
 * <pre>{@code
 * MethodJob job = MethodJobs.create("gradient-coding", 3, 42, 10);
 * Worker w = job.worker(rank);
 * RoundMethod m = job.method();
 * // m.setUp(engine); m.round(engine, r); System.out.println(job.metrics(m.model(engine)));
 * }</pre>
 */
public interface MethodJob {
    /** The method's registry name. */
    String name();

    /** Number of workers. */
    int workers();

    /** A fresh worker {@code rank} with its problem and initial parameters (the same on every node). */
    Worker worker(int rank);

    /** A fresh method object (one per node). */
    RoundMethod method();

    /** The per-round progress figures of {@code model}, e.g. {@code "test loss 0.4123 accuracy 0.938"}. */
    String metrics(ParamVector model);
}
