package io.vecgrad.distributed.pekko;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One worker's mailbox on the Pekko cluster: an actor that registers itself with the
 * Receptionist under {@code (job, rank)}, discovers its peers the same way, reassembles incoming
 * {@link Chunk}s and hands complete messages to the worker's thread. The worker's code stays
 * blocking and plain: {@link #send} cuts a vector into chunks and tells the peer's actor;
 * {@link #receive} waits for a message identified by (sender, kind, round, tag). A peer whose
 * registration disappears (its node left or was downed) is reported as departed: waiting on it
 * throws {@link PeerDepartedException}.
 *
 * <pre>{@code
 * try (PekkoEndpoint ep = PekkoEndpoint.start(system, "job-1", rank, size)) {
 *     ep.awaitPeers(Duration.ofSeconds(20));
 *     ep.send((rank + 1) % size, MessageKind.PARAMETERS, 0, 0, weights);
 *     float[] fromLeft = ep.receive((rank + size - 1) % size, MessageKind.PARAMETERS, 0, 0, Duration.ofSeconds(20));
 * }
 * }</pre>
 */
public final class PekkoEndpoint implements AutoCloseable {
    /** What the endpoint actor handles: chunks from peers and its own discovery events. */
    public interface Command {}

    /** Identifies one message. */
    record Key(int sender, MessageKind kind, long round, int tag) {}

    private record PeersChanged(int rank, Set<ActorRef<Command>> refs) implements Command, NoSerializationVerificationNeeded {}

    private record Stop() implements Command, NoSerializationVerificationNeeded {}

    private final String job;
    private final int rank;
    private final int size;
    private final int chunkFloats;
    private final ActorRef<Command> self;
    private final AtomicReferenceArray<ActorRef<Command>> peers;
    private final Set<Integer> departed = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Key, CompletableFuture<Object>> inbox = new ConcurrentHashMap<>();
    private volatile long bytesSent;
    private volatile long messagesSent;

    private PekkoEndpoint(ActorSystem<?> system, String job, int rank, int size, int chunkFloats) {
        if (size < 1 || rank < 0 || rank >= size) {
            throw new IllegalArgumentException("pekko endpoint: rank " + rank + " of " + size + " workers");
        }
        if (!job.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("pekko endpoint: job name '" + job + "' must be letters, digits, '-' or '_'");
        }
        this.job = job;
        this.rank = rank;
        this.size = size;
        this.chunkFloats = chunkFloats;
        this.peers = new AtomicReferenceArray<>(size);
        this.self = system.systemActorOf(behavior(), "vecgrad-" + job + "-" + rank, Props.empty());
    }

    /** Starts worker {@code rank}'s endpoint in {@code system} with the default chunk size. */
    public static PekkoEndpoint start(ActorSystem<?> system, String job, int rank, int size) {
        return new PekkoEndpoint(system, job, rank, size, Chunking.DEFAULT_FLOATS);
    }

    /** Starts an endpoint cutting messages into chunks of {@code chunkFloats} floats. */
    public static PekkoEndpoint start(ActorSystem<?> system, String job, int rank, int size, int chunkFloats) {
        return new PekkoEndpoint(system, job, rank, size, chunkFloats);
    }

    /** The Receptionist key of worker {@code rank} of a job. */
    public static ServiceKey<Command> key(String job, int rank) {
        return ServiceKey.create(Command.class, "vecgrad-" + job + "-" + rank);
    }

    /** This worker's rank. */
    public int rank() {
        return rank;
    }

    /** How many workers the job has (departed ones included). */
    public int size() {
        return size;
    }

    /** Ranks that left the cluster so far. */
    public Set<Integer> departed() {
        return Set.copyOf(departed);
    }

    /** Payload bytes this endpoint sent (headers included). */
    public long bytesSent() {
        return bytesSent;
    }

    /** Chunks this endpoint sent. */
    public long messagesSent() {
        return messagesSent;
    }

    /**
     * Waits until every peer has registered.
     *
     * @throws IllegalStateException naming the missing ranks when {@code timeout} passes first
     */
    public void awaitPeers(Duration timeout) {
        awaitPeers(timeout, Set.of());
    }

    /**
     * Waits until every peer except those in {@code except} has registered (a server taking over
     * does not wait for the node that left).
     *
     * @throws IllegalStateException naming the missing ranks when {@code timeout} passes first
     */
    public void awaitPeers(Duration timeout, Set<Integer> except) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Integer> missing = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                if (peers.get(r) == null && !except.contains(r)) {
                    missing.add(r);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("pekko endpoint " + job + "/" + rank + ": workers " + missing
                        + " did not register within " + timeout.toMillis() + " ms");
            }
            sleep();
        }
    }

    /**
     * Sends a float32 vector to worker {@code to} (chunked; the array is copied, so it may be reused).
     *
     * @throws PeerDepartedException when {@code to} has left
     */
    public void send(int to, MessageKind kind, long round, int tag, float[] values) {
        tell(peer(to), Chunking.split(rank, kind, round, tag, values, chunkFloats));
    }

    /** Sends a float64 vector to worker {@code to} (chunks of half as many values as for floats). */
    public void send(int to, MessageKind kind, long round, int tag, double[] values) {
        tell(peer(to), Chunking.split(rank, kind, round, tag, values, Math.max(1, chunkFloats / 2)));
    }

    private void tell(ActorRef<Command> ref, List<Chunk> chunks) {
        for (Chunk c : chunks) {
            ref.tell(c);
            bytesSent += PayloadCodec.encodedSize(c.length(), c.valueBytes());
            messagesSent++;
        }
    }

    /**
     * Waits for the float32 message {@code (from, kind, round, tag)}.
     *
     * @throws PeerDepartedException when {@code from} leaves before the message is complete
     * @throws CorruptPayloadException when its chunks did not fit together or carry float64 values
     * @throws IllegalStateException when {@code timeout} passes first (naming the message)
     */
    public float[] receive(int from, MessageKind kind, long round, int tag, Duration timeout) {
        return typed(float[].class, from, kind, round, tag, timeout);
    }

    /** Waits for the float64 message {@code (from, kind, round, tag)} (see {@link #receive}). */
    public double[] receiveDoubles(int from, MessageKind kind, long round, int tag, Duration timeout) {
        return typed(double[].class, from, kind, round, tag, timeout);
    }

    /**
     * Waits up to {@code slice} for the float64 message {@code (from, kind, round, tag)}; returns null when it
     * has not arrived by then (the message stays expected), so a caller can check other conditions between
     * slices. Corrupt or mistyped messages throw as in {@link #receiveDoubles}.
     */
    public double[] pollDoubles(int from, MessageKind kind, long round, int tag, Duration slice) {
        CompletableFuture<Object> f = slot(new Key(from, kind, round, tag));
        try {
            f.get(slice.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            // receiveDoubles below rethrows the cause
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pekko endpoint " + job + "/" + rank + ": interrupted", e);
        }
        return receiveDoubles(from, kind, round, tag, slice);
    }

    /**
     * Waits up to {@code slice} until message {@code (from, kind, round, tag)} or message
     * {@code (from, otherKind, otherRound, otherTag)} has arrived, without taking either: true when one
     * has (or failed to decode; the poll that takes it says why), false when the slice passed. A caller
     * serving two kinds of mail from one sender wakes for whichever comes first instead of a whole slice.
     * A message the sender's departure failed counts as not arrived (the caller checks departures after
     * the slice; waiting out the slice keeps it from spinning while another node takes the rank over).
     */
    boolean awaitEither(int from, MessageKind kind, long round, int tag, MessageKind otherKind,
                               long otherRound, int otherTag, Duration slice) {
        List<CompletableFuture<Object>> pending = new ArrayList<>(2);
        for (Key k : List.of(new Key(from, kind, round, tag), new Key(from, otherKind, otherRound, otherTag))) {
            CompletableFuture<Object> f = slot(k);
            if (failedByDeparture(f)) {
                continue;
            }
            if (f.isDone()) {
                return true;
            }
            pending.add(f.copy());
        }
        try {
            if (pending.isEmpty()) {
                Thread.sleep(slice.toMillis());
                return false;
            }
            CompletableFuture.anyOf(pending.toArray(new CompletableFuture<?>[0])).get(slice.toMillis(),
                    TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pekko endpoint " + job + "/" + rank + ": interrupted", e);
        }
    }

    /** Hands a chunk to this endpoint's actor as if a peer had sent it (a co-located actor forwarding its mail). */
    public void deliver(Chunk c) {
        self.tell(c);
    }

    private <T> T typed(Class<T> type, int from, MessageKind kind, long round, int tag, Duration timeout) {
        Object v = await(from, kind, round, tag, timeout);
        if (!type.isInstance(v)) {
            throw new CorruptPayloadException(String.format("pekko endpoint %s/%d: %s from worker %d (round %d, tag %d)"
                    + " carries %s, expected %s", job, rank, kind, from, round, tag, v.getClass().getSimpleName(),
                    type.getSimpleName()));
        }
        return type.cast(v);
    }

    private Object await(int from, MessageKind kind, long round, int tag, Duration timeout) {
        Key k = new Key(from, kind, round, tag);
        CompletableFuture<Object> f = slot(k);
        if (departed.contains(from) && !f.isDone()) {
            inbox.remove(k);
            throw departedError(from);
        }
        try {
            Object v = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            inbox.remove(k);
            return v;
        } catch (TimeoutException e) {
            throw new IllegalStateException(String.format("pekko endpoint %s/%d: %s from worker %d (round %d, tag %d)"
                    + " did not arrive within %d ms", job, rank, kind, from, round, tag, timeout.toMillis()));
        } catch (ExecutionException e) {
            inbox.remove(k);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pekko endpoint " + job + "/" + rank + ": interrupted", e);
        }
    }

    /** Stops the endpoint's actor (its registration goes with it). */
    @Override
    public void close() {
        self.tell(new Stop());
    }

    private ActorRef<Command> peer(int to) {
        if (to < 0 || to >= size) {
            throw new IllegalArgumentException("pekko endpoint " + job + "/" + rank + ": no worker " + to + " of " + size);
        }
        if (departed.contains(to)) {
            throw departedError(to);
        }
        ActorRef<Command> ref = peers.get(to);
        if (ref == null) {
            throw new IllegalStateException("pekko endpoint " + job + "/" + rank + ": worker " + to
                    + " has not registered yet (call awaitPeers first)");
        }
        return ref;
    }

    private CompletableFuture<Object> slot(Key k) {
        return inbox.computeIfAbsent(k, x -> new CompletableFuture<>());
    }

    private PeerDepartedException departedError(int r) {
        return new PeerDepartedException(r, "pekko endpoint " + job + "/" + rank + ": worker " + r + " left the cluster");
    }

    @SuppressWarnings("unchecked")
    private PeersChanged peersChanged(Receptionist.Listing l) {
        String id = l.getKey().id();
        int r = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
        return new PeersChanged(r, l.getServiceInstances((ServiceKey<Command>) l.getKey()));
    }

    private Behavior<Command> behavior() {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.register(key(job, rank), ctx.getSelf()));
            // One adapter per message class (a second one would replace the first): the listing's key names the rank.
            ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class, this::peersChanged);
            for (int r = 0; r < size; r++) {
                ctx.getSystem().receptionist().tell(Receptionist.subscribe(key(job, r), adapter));
            }
            Map<Key, Reassembly> partial = new HashMap<>();
            return Behaviors.receive(Command.class)
                    .onMessage(Chunk.class, c -> {
                        accept(c, partial);
                        return Behaviors.same();
                    })
                    .onMessage(PeersChanged.class, p -> {
                        peersChanged(p, partial);
                        return Behaviors.same();
                    })
                    .onMessage(Stop.class, s -> Behaviors.stopped())
                    .build();
        });
    }

    private void accept(Chunk c, Map<Key, Reassembly> partial) {
        Key k = new Key(c.sender(), c.kind(), c.round(), c.tag());
        inbox.computeIfPresent(k, (x, f) -> failedByDeparture(f) ? null : f); // the sender is back (a server taking over)
        if (c.count() == 1) {
            Reassembly one = new Reassembly(c);
            try {
                one.add(c);
                slot(k).complete(one.values());
            } catch (CorruptPayloadException e) {
                slot(k).completeExceptionally(e);
            }
            return;
        }
        Reassembly r = partial.computeIfAbsent(k, x -> new Reassembly(c));
        try {
            r.add(c);
        } catch (CorruptPayloadException e) {
            partial.remove(k);
            slot(k).completeExceptionally(e);
            return;
        }
        if (r.complete()) {
            partial.remove(k);
            slot(k).complete(r.values());
        }
    }

    private static boolean failedByDeparture(CompletableFuture<Object> f) {
        if (!f.isCompletedExceptionally()) {
            return false;
        }
        try {
            f.getNow(null);
            return false;
        } catch (CompletionException e) {
            return e.getCause() instanceof PeerDepartedException;
        }
    }

    /**
     * A rank that registers again (a singleton server restarted on another node under the same
     * rank) is no longer departed; a rank that leaves takes its half-assembled messages with it.
     */
    private void peersChanged(PeersChanged p, Map<Key, Reassembly> partial) {
        if (!p.refs().isEmpty()) {
            peers.set(p.rank(), p.refs().iterator().next());
            departed.remove(p.rank());
        } else if (peers.get(p.rank()) != null && p.rank() != rank) {
            departed.add(p.rank());
            partial.keySet().removeIf(k -> k.sender() == p.rank());
            inbox.forEach((k, f) -> {
                if (k.sender() == p.rank()) {
                    f.completeExceptionally(departedError(p.rank()));
                }
            });
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pekko endpoint: interrupted while waiting for peers", e);
        }
    }
}
