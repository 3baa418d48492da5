package io.vecgrad.optim.first;

import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;

/** Helpers shared by the fused optimizers of this package. */
final class Slots {
    private Slots() {}

    /** The state with every slot tensor copied (contiguous), so a fused kernel can update it in place. */
    static State copy(State s) {
        State r = s;
        for (String k : s.slots().keySet()) {
            Params p = s.slot(k).copy();
            r = r.withSlot(k, p);
        }
        return r;
    }
}
