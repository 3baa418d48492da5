package io.vecgrad.autodiff;

import io.vecgrad.tensor.Tensor;

/**
 * One recorded op: its inputs, its derivative rule, and the versions of the tensors that rule
 * reads. Package-private: ops build nodes through {@link Tape#record}.
 */
final class Node {
    final String op;
    Variable[] inputs;
    VjpRule rule;
    final int saved;
    final int[] versions;   // versions of saved inputs (index i) and the output (last slot)
    final Throwable createdAt; // only in anomaly mode
    Variable output;
    Tensor scratch;            // graph-owned, read by the rule alone (Tape.recordWithScratch): recycled after it
    boolean ownsOutput;        // the output's array is graph-owned (ForwardScope): recycled after this rule

    Node(String op, Variable[] inputs, VjpRule rule, int saved, int[] versions, Throwable createdAt) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
        this.saved = saved;
        this.versions = versions;
        this.createdAt = createdAt;
    }

    boolean released() {
        return rule == null;
    }

    /** Drops the rule (and with it the saved tensors it captured) and the links to the inputs. */
    void release() {
        rule = null;
        inputs = null;
    }

    void checkVersions() {
        if (versions == null) return;
        for (int i = 0; i < inputs.length; i++) {
            if ((saved & (1 << i)) != 0 && inputs[i].value().version() != versions[i]) {
                throw modified("input " + i, versions[i], inputs[i].value().version());
            }
        }
        if ((saved & Tape.SAVE_OUTPUT) != 0 && output.value().version() != versions[versions.length - 1]) {
            throw modified("its output", versions[versions.length - 1], output.value().version());
        }
    }

    private IllegalStateException modified(String what, int recorded, int now) {
        return new IllegalStateException("backward of " + op + ": " + what + " was modified in place after it was recorded"
                + " (version " + recorded + " at record time, " + now + " now); the derivative needs the old value."
                + " Clone the tensor before changing it, or change it after backward.", createdAt);
    }
}
