package io.vecgrad.distributed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a run measured, one {@link Record} per evaluation: round (or virtual time), the
 * evaluation metric at the method's model, consensus distance {@code (1/n)Σ‖x_i − x̄‖²}, bytes
 * sent by all nodes, stochastic gradients evaluated.
 *
 * <pre>{@code
 * History h = Simulation.run(method, sim, 50, 10, x -> problem.loss(x));
 * double last = h.last().metric();
 * String csv = h.toCsv();
 * }</pre>
 */
public final class History {
    /** One evaluation. */
    public record Record(double time, double metric, double consensus, long bytes, long gradients) {}

    private final String method;
    private final List<Record> records = new ArrayList<>();

    /** An empty history of {@code method}. */
    public History(String method) {
        this.method = method;
    }

    /** The method's name. */
    public String method() {
        return method;
    }

    /** Appends one record. */
    public void add(Record r) {
        records.add(r);
    }

    /** All records in order. */
    public List<Record> records() {
        return Collections.unmodifiableList(records);
    }

    /** The last record. */
    public Record last() {
        if (records.isEmpty()) throw new IllegalStateException("History of " + method + " is empty");
        return records.get(records.size() - 1);
    }

    /** CSV with a header: time,metric,consensus,bytes,gradients. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("time,metric,consensus,bytes,gradients\n");
        for (Record r : records) {
            sb.append(r.time()).append(',').append(r.metric()).append(',').append(r.consensus()).append(',')
                    .append(r.bytes()).append(',').append(r.gradients()).append('\n');
        }
        return sb.toString();
    }
}
