package io.vecgrad.cli.testing;

import io.vecgrad.cli.command.CliContext;
import io.vecgrad.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the command line in-process with test registries and captured output. */
public final class Cli {
    public final int code;
    public final String out;
    public final String err;

    private Cli(int code, String out, String err) {
        this.code = code;
        this.out = out;
        this.err = err;
    }

    public static Cli run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8);
        int code = Main.run(new CliContext(TestRegistries.create(), po, pe, Path.of(".").toAbsolutePath(), false), args);
        return new Cli(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
