package io.vecgrad.cli.command;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.run.TerminalProgress;
import io.vecgrad.train.ProgressListener;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every command shares: the registries, the output streams and the repository root
 * (for the benchmarks jar, the PyTorch reference script and the git commit). Tests build one
 * with test registries and captured streams.
 *
 * @param registries the names the command line knows
 * @param out results (tables, JSON)
 * @param err progress bars, notes and errors
 * @param repoRoot the vecgrad checkout ({@code -Dvecgrad.home}, set by the launcher)
 * @param terminal whether progress bars may be drawn
 */
public record CliContext(Registries registries, PrintStream out, PrintStream err, Path repoRoot, boolean terminal) {

    /** The context of the real {@code vecgrad} command. */
    public static CliContext standard() {
        Path home = Path.of(System.getProperty("vecgrad.home", ".")).toAbsolutePath().normalize();
        return new CliContext(Registries.standard(), System.out, System.err, home, interactive());
    }

    /**
     * True when stderr is likely a terminal, so CI logs do not fill with progress-bar redraws.
     * JDK 22+ returns a Console even when redirected and adds {@code isTerminal()}; call it
     * reflectively because we compile for 17.
     */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** A progress bar on the terminal, or nothing when disabled. */
    public ProgressListener progress(boolean disabled) {
        return terminal && !disabled ? new TerminalProgress() : ProgressListener.silent();
    }
}
