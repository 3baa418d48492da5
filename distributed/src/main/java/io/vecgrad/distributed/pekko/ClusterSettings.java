package io.vecgrad.distributed.pekko;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where one cluster node listens and whom it joins, and the Pekko configuration that follows:
 * cluster provider, Artery TCP on the given host and port, {@link PayloadSerializer} bound to
 * {@link WireMessage}, the split-brain resolver (keep-majority) so survivors go on when a JVM
 * dies, and quiet logging.
 *
 * <p>For machines, the same settings come from a file ({@link #fromFile}):
 * <pre>
 * vecgrad.cluster {
 *   name = vecgrad                 # actor system name, the same on every node
 *   hostname = 192.168.1.10        # this machine's address as the others reach it
 *   port = 25520                   # 0 picks a free port (not for seed nodes)
 *   seed-nodes = ["192.168.1.10:25520"]
 * }
 * </pre>
 *
 * <pre>{@code
 * ClusterSettings s = ClusterSettings.loopback("vecgrad", 0, List.of()).serializeMessages(true);
 * ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), s.name(), s.toConfig());
 * }</pre>
 *
 * @param name actor system name, identical on every node of one cluster
 * @param hostname the address other nodes reach this one at
 * @param port the Artery port; 0 picks a free one
 * @param seedNodes {@code host:port} of the seed nodes (empty: join programmatically)
 * @param serializeMessages whether even local messages go through the serializers (tests)
 * @param downAfterSeconds how long a node stays unreachable before the split-brain resolver downs it
 */
public record ClusterSettings(String name, String hostname, int port, List<String> seedNodes,
        boolean serializeMessages, int downAfterSeconds) {

    /** Checks the figures. */
    public ClusterSettings {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("cluster settings: system name '" + name
                    + "' must be letters, digits, '-' or '_'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("cluster settings: port " + port + " outside 0..65535");
        }
        if (downAfterSeconds < 1) {
            throw new IllegalArgumentException("cluster settings: down-after " + downAfterSeconds + " s, need >= 1");
        }
        seedNodes = List.copyOf(seedNodes);
        for (String s : seedNodes) {
            hostPort(s);
        }
    }

    /** A node on 127.0.0.1. */
    public static ClusterSettings loopback(String name, int port, List<String> seedNodes) {
        return new ClusterSettings(name, "127.0.0.1", port, seedNodes, false, 3);
    }

    /** The same settings with local serialization checks on or off. */
    public ClusterSettings serializeMessages(boolean on) {
        return new ClusterSettings(name, hostname, port, seedNodes, on, downAfterSeconds);
    }

    /** The same settings on another port. */
    public ClusterSettings withPort(int p) {
        return new ClusterSettings(name, hostname, p, seedNodes, serializeMessages, downAfterSeconds);
    }

    /** The same settings with other seed nodes. */
    public ClusterSettings withSeedNodes(List<String> seeds) {
        return new ClusterSettings(name, hostname, port, seeds, serializeMessages, downAfterSeconds);
    }

    /**
     * Reads {@code vecgrad.cluster { name, hostname, port, seed-nodes }} from a HOCON file.
     *
     * @throws IllegalArgumentException when the file is missing or a key is absent or malformed
     */
    public static ClusterSettings fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cluster settings: no such file " + file);
        }
        try {
            Config c = ConfigFactory.parseFile(file.toFile()).getConfig("vecgrad.cluster");
            return new ClusterSettings(c.hasPath("name") ? c.getString("name") : "vecgrad", c.getString("hostname"),
                    c.hasPath("port") ? c.getInt("port") : 25520,
                    c.hasPath("seed-nodes") ? c.getStringList("seed-nodes") : List.of(), false,
                    c.hasPath("down-after-seconds") ? c.getInt("down-after-seconds") : 10);
        } catch (com.typesafe.config.ConfigException e) {
            throw new IllegalArgumentException("cluster settings in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The Pekko address of a {@code host:port} seed node in this cluster. */
    public String seedAddress(String hostPort) {
        String[] hp = hostPort(hostPort);
        return "pekko://" + name + "@" + hp[0] + ":" + hp[1];
    }

    private static String[] hostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("cluster settings: seed node '" + s + "' is not host:port");
        }
        try {
            int p = Integer.parseInt(s.substring(colon + 1));
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cluster settings: seed node '" + s + "' has no port in 1..65535");
        }
        return new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }

    /** The Pekko configuration of this node, over Pekko's reference configuration. */
    public Config toConfig() {
        List<String> seeds = new ArrayList<>();
        for (String s : seedNodes) {
            seeds.add("\"" + seedAddress(s) + "\"");
        }
        String hocon = String.format(Locale.ROOT, """
                pekko {
                  loglevel = WARNING
                  stdout-loglevel = WARNING
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  actor {
                    provider = cluster
                    allow-java-serialization = off
                    serialize-messages = %s
                    serializers { vecgrad-payload = "io.vecgrad.distributed.pekko.PayloadSerializer" }
                    serialization-bindings { "io.vecgrad.distributed.pekko.WireMessage" = vecgrad-payload }
                  }
                  remote.artery {
                    transport = tcp
                    canonical.hostname = "%s"
                    canonical.port = %d
                  }
                  cluster {
                    seed-nodes = [%s]
                    jmx.enabled = off
                    log-info = off
                    downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
                    split-brain-resolver {
                      active-strategy = keep-majority
                      stable-after = %ds
                    }
                  }
                  coordinated-shutdown.exit-jvm = off
                }
                """, serializeMessages ? "on" : "off", hostname, port, String.join(", ", seeds), downAfterSeconds);
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load());
    }
}
