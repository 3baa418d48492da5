package io.vecgrad.tensor;

/**
 * The heap array behind a tensor and all of its views, with a version counter that every
 * in-place write bumps. The autodiff layer compares versions to detect that a tensor saved for
 * backward was mutated.
 */
final class Storage {
    final Object array;
    private int version;
    // Buffer-pool bookkeeping (see BufferPool.Scope): the scope that owns this array, the
    // references it knows of, whether it was handed out for good, and whether it went back.
    BufferPool.Scope owner;
    int pins;
    boolean escaped;
    boolean recycled;
    // Graph ownership (BufferPool.openForward): the forward record count when allocated, and
    // whether a recorded op claimed this array as its output (recycled after that op's backward).
    int born;
    boolean claimed;

    Storage(Object array) {
        this.array = array;
    }

    int version() {
        return version;
    }

    void bump() {
        version++;
    }
}
