package io.vecgrad.distributed;

import io.vecgrad.tensor.random.Rng;
import java.util.List;

/**
 * What a Byzantine worker sends instead of its honest message. The attacker is omniscient
 * within its batch: it sees the honest messages sent in the same step (in sender order), as the
 * ALIE and IPM attacks assume. Implementations: {@code io.vecgrad.distributed.robust.Attacks}.
 *
 * <pre>{@code
 * ByzantineAttack flip = (worker, own, honest, f, rng) -> own.times(-1);
 * Channel up = Channels.byzantine(Set.of(0), flip);
 * }</pre>
 */
@FunctionalInterface
public interface ByzantineAttack {
    /**
     * The forged payload of {@code worker}.
     *
     * @param own the payload the worker would have sent honestly
     * @param honest the payloads of the honest senders of the batch, in sender order
     * @param byzantineCount the number f of Byzantine senders in the batch
     */
    ParamVector forge(int worker, ParamVector own, List<ParamVector> honest, int byzantineCount, Rng rng);
}
