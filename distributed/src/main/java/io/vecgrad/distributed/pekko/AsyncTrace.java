package io.vecgrad.distributed.pekko;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the server of an asynchronous run over Pekko ({@link PekkoAsyncFederated}) saw, in the
 * order it handled it: every update's arrival (client, job number, the model version the job
 * started from, the version on arrival), every timer tick (FedFix), every client's departure
 * (its registration left the cluster), every update the run's fault channel dropped, every
 * aggregation and every job it dispatched. Events are numbered 1, 2, … in handling order (0 is the start); times are
 * real elapsed time since the start divided by the run's time unit, so they read like the
 * simulator's virtual time. The order, not the times, is what {@link AsyncReplay} feeds back into
 * the simulator to rebuild the run bit for bit.
 *
 * <pre>{@code
 * AsyncTrace trace = result.trace();
 * int[] s = trace.staleness();                 // per arrival: versions between dispatch and arrival
 * long[] jobs = trace.arrivalsPerClient(6);
 * }</pre>
 */
public final class AsyncTrace {
    /** Event kinds. */
    public enum Kind {
        /** An update was buffered. */
        ARRIVAL,
        /** FedFix's timer fired. */
        TICK,
        /** A client left the cluster; the server stops waiting for it. */
        DEPARTURE,
        /** An update the fault channel dropped: discarded, its client not restarted. */
        DROP
    }

    /**
     * One handled event.
     *
     * @param index       1, 2, … in handling order
     * @param kind        an update's arrival or drop, a FedFix timer tick or a departure
     * @param client      the update's or departed client (−1 for a tick)
     * @param job         the client's job number 0, 1, … (the tick number k ≥ 1 for a tick, −1 for a departure)
     * @param baseVersion the model version the job started from (−1 for a tick or departure)
     * @param version     the server's model version when the event was handled
     * @param time        elapsed time in units
     */
    public record Event(int index, Kind kind, int client, long job, long baseVersion, long version, double time) {
        /** Server steps between the job's dispatch and its arrival (0 for a tick). */
        public long staleness() {
            return kind == Kind.ARRIVAL ? version - baseVersion : 0;
        }
    }

    /** A job sent to a client: its job number, the model version, and the event that triggered it (0: the start). */
    public record Dispatch(int client, long job, long version, int atEvent, double time) {}

    /** One aggregation: the event that triggered it and the clients aggregated, in index order. */
    public record Aggregation(int atEvent, int[] clients, double time) {}

    private final List<Event> events = new ArrayList<>();
    private final List<Dispatch> dispatches = new ArrayList<>();
    private final List<Aggregation> aggregations = new ArrayList<>();
    private long late;

    /** Records an arrival; returns its event index. */
    int arrival(int client, long job, long baseVersion, long version, double time) {
        events.add(new Event(events.size() + 1, Kind.ARRIVAL, client, job, baseVersion, version, time));
        return events.size();
    }

    /** Records a tick; returns its event index. */
    int tick(long k, long version, double time) {
        events.add(new Event(events.size() + 1, Kind.TICK, -1, k, -1, version, time));
        return events.size();
    }

    /** Records a departure; returns its event index. */
    int departure(int client, long version, double time) {
        events.add(new Event(events.size() + 1, Kind.DEPARTURE, client, -1, -1, version, time));
        return events.size();
    }

    /** Records a dropped update; returns its event index. */
    int drop(int client, long job, long baseVersion, long version, double time) {
        events.add(new Event(events.size() + 1, Kind.DROP, client, job, baseVersion, version, time));
        return events.size();
    }

    /** Counts an update that arrived after its client's departure (discarded, not an event). */
    void late() {
        late++;
    }

    void dispatch(int client, long job, long version, int atEvent, double time) {
        dispatches.add(new Dispatch(client, job, version, atEvent, time));
    }

    void aggregation(int atEvent, int[] clients, double time) {
        aggregations.add(new Aggregation(atEvent, clients.clone(), time));
    }

    /** The handled events in order. */
    public List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    /** The dispatched jobs in order. */
    public List<Dispatch> dispatches() {
        return Collections.unmodifiableList(dispatches);
    }

    /** The aggregations (server steps) in order. */
    public List<Aggregation> aggregations() {
        return Collections.unmodifiableList(aggregations);
    }

    /** Server steps taken. */
    public int serverSteps() {
        return aggregations.size();
    }

    /** The staleness of every arrival, in order. */
    public int[] staleness() {
        return events.stream().filter(e -> e.kind() == Kind.ARRIVAL).mapToInt(e -> (int) e.staleness()).toArray();
    }

    /** How many updates each of {@code clients} clients delivered. */
    public long[] arrivalsPerClient(int clients) {
        long[] n = new long[clients];
        for (Event e : events) {
            if (e.kind() == Kind.ARRIVAL) {
                n[e.client()]++;
            }
        }
        return n;
    }

    /** The events of one kind, in order. */
    public List<Event> events(Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** Updates the fault channel dropped. */
    public long dropped() {
        return events(Kind.DROP).size();
    }

    /** Updates that arrived after their client's departure was recorded (discarded). */
    public long lateUpdates() {
        return late;
    }

    /** Elapsed time of the last event (0 when none). */
    public double duration() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).time();
    }
}
