package io.vecgrad.cli;

import io.vecgrad.cli.command.BenchCommand;
import io.vecgrad.cli.command.CliContext;
import io.vecgrad.cli.command.ClusterCommand;
import io.vecgrad.cli.command.CompareCommand;
import io.vecgrad.cli.command.ExperimentCommand;
import io.vecgrad.cli.command.ListCommand;
import io.vecgrad.cli.command.TrainCommand;
import io.vecgrad.cli.registry.DatasetUnavailableException;
import io.vecgrad.tensor.kernel.Simd;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code vecgrad} command. With no arguments it runs {@code compare} with
 * its defaults.
 *
 * <pre>{@code
 * ./vecgrad compare -d iris -o sgd:lr=0.1 -o adam:lr=1e-2
 * int code = Main.run(CliContext.standard(), "list", "optimizers");
 * }</pre>
 */
public final class Main {
    /** Kept so the level set below is not lost when the logger is collected. */
    private static final Logger TENSOR_LOG = Logger.getLogger("io.vecgrad.tensor");

    private Main() {}

    /** The vecgrad command with its subcommands. */
    @Command(name = "vecgrad", mixinStandardHelpOptions = true, version = "vecgrad 0.1.0",
            description = {"Pure-Java tensors, autodiff and optimizers on the JDK Vector API.",
                "With no arguments, runs `compare` with its defaults."},
            footer = {"", "Run `vecgrad COMMAND --help` for the options of one command."})
    static final class Root implements Runnable {
        @Override
        public void run() {
            // Only reached with options but no subcommand (e.g. none given to run()): show usage.
        }
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // The banner below names the SIMD species; the tensor module's own log line would repeat it.
        TENSOR_LOG.setLevel(Level.WARNING);
        System.err.println("vecgrad on Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        System.err.println(Simd.describe());
        System.exit(run(CliContext.standard(), args));
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failure, 2 bad input, 130 interrupted). */
    public static int run(CliContext ctx, String... args) {
        CommandLine cl = commandLine(ctx);
        String[] a = args.length == 0 ? new String[] {"compare"} : args;
        return cl.execute(a);
    }

    /** The picocli model, for tests and help rendering. */
    public static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new Root())
                .addSubcommand("compare", new CompareCommand(ctx))
                .addSubcommand("train", new TrainCommand(ctx))
                .addSubcommand("experiment", new ExperimentCommand(ctx))
                .addSubcommand("list", new ListCommand(ctx))
                .addSubcommand("bench", new BenchCommand(ctx))
                .addSubcommand("cluster", new ClusterCommand(ctx));
        cl.setOut(new java.io.PrintWriter(ctx.out(), true));
        cl.setErr(new java.io.PrintWriter(ctx.err(), true));
        cl.setParameterExceptionHandler((ex, a) -> {
            // One line and a pointer to --help; the full usage would bury the message.
            CommandLine c = ex.getCommandLine();
            ctx.err().println("vecgrad: " + ex.getMessage());
            ctx.err().println("Try `" + c.getCommandSpec().qualifiedName() + " --help`.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // User errors (bad names, numbers, missing data) get one line, no stack trace.
            if (ex instanceof IllegalArgumentException || ex instanceof DatasetUnavailableException) {
                ctx.err().println("vecgrad: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof java.io.IOException) {
                ctx.err().println("vecgrad: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cl;
    }
}
