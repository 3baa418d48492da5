package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.zoo.MethodFactories;
import org.junit.jupiter.api.Test;

/** Where the server step runs: defaults per method, parsing, and the node options that carry it. */
class ServerPlacementTest {
    @Test
    void methodsWithAServerDefaultToTheSingletonAndPeerToPeerMethodsToReplicated() {
        assertTrue(MethodFactories.names().containsAll(ServerPlacement.SERVER_METHODS),
                "every singleton method is a registry name: " + ServerPlacement.SERVER_METHODS);
        for (String m : MethodFactories.names()) {
            ServerPlacement expected = ServerPlacement.SERVER_METHODS.contains(m) ? ServerPlacement.SINGLETON
                    : ServerPlacement.REPLICATED;
            assertEquals(expected, ServerPlacement.defaultFor(m), m);
            assertEquals(expected, NodeOptions.parse("--rank", "0", "--workers", "2", "--method", m).server(), m);
        }
        assertEquals(ServerPlacement.SINGLETON, ServerPlacement.defaultFor("fedavg"));
        assertEquals(ServerPlacement.REPLICATED, ServerPlacement.defaultFor("gossip-pga"));
    }

    @Test
    void theServerFlagRoundTripsAndBadValuesAreNamed() {
        NodeOptions o = NodeOptions.parse("--rank", "1", "--workers", "3", "--method", "scaffold", "--server", "Replicated");
        assertEquals(ServerPlacement.REPLICATED, o.server());
        assertEquals(o, NodeOptions.parse(o.toArgs().toArray(String[]::new)));
        assertEquals(ServerPlacement.SINGLETON, o.withServer(ServerPlacement.SINGLETON).server());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.parse("--rank", "0", "--workers", "2", "--server", "central"));
        assertTrue(bad.getMessage().contains("'central' is not one of replicated, singleton"), bad.getMessage());
        IllegalArgumentException p2p = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.parse("--rank", "0", "--workers", "2", "--method", "monna", "--server", "singleton"));
        assertTrue(p2p.getMessage().contains("method 'monna' has no server step"), p2p.getMessage());
    }
}
