package io.vecgrad.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.pekko.AllReduce;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The worker JVM's arguments: what {@link TrainJvms#run} passes parses back; bad ones name the flag. */
class TrainJvmsOptionsTest {
    @Test
    void argumentsParseAndBadOnesNameTheFlagAndFigures() {
        TrainJvms.Options o = TrainJvms.Options.parse(new String[] {"--rank", "2", "--workers", "3", "--seed-node",
            "127.0.0.1:2552", "--run-dir", "runs/x", "--optimizer", "0", "--all-reduce", "tree", "--timeout-seconds", "120"});
        assertEquals(new TrainJvms.Options(2, 3, "127.0.0.1:2552", Path.of("runs/x"), 0, AllReduce.TREE, 120), o);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> TrainJvms.Options.parse(
                new String[] {"--rank", "3", "--workers", "3", "--seed-node", "h:1", "--run-dir", "r", "--optimizer", "0",
                    "--all-reduce", "ring", "--timeout-seconds", "5"}));
        assertTrue(rank.getMessage().contains("--rank must be an integer in 1..2, got '3'"), rank.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrainJvms.Options.parse(new String[] {"--workers", "2"}));
        assertTrue(missing.getMessage().contains("missing --rank"), missing.getMessage());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> TrainJvms.Options.parse(new String[] {"--workers"}));
        assertTrue(odd.getMessage().contains("1 arguments"), odd.getMessage());
    }
}
