package io.vecgrad.cli.testing;

import io.vecgrad.cli.command.CliContext;
import io.vecgrad.cli.Main;
import java.nio.file.Path;

/** The command line with the TEST-ONLY registries, for trying Ctrl-C and progress bars by hand. */
public final class TestMain {
    private TestMain() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(Main.run(new CliContext(TestRegistries.create(), System.out, System.err,
                Path.of(".").toAbsolutePath(), true), args));
    }
}
