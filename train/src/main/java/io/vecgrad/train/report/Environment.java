package io.vecgrad.train.report;

import io.vecgrad.tensor.kernel.Simd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The facts a reader of a report needs to reproduce or compare it: JDK, SIMD species,
 * threads, cores, OS and git commit.
 */
public final class Environment {
    private Environment() {}

    /**
     * @param threads the thread count the run asked for
     * @param repo where to ask git for the commit; missing git is fine
     */
    public static Map<String, Object> describe(int threads, Path repo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jdk", Runtime.version().toString() + " (" + System.getProperty("java.vendor", "?") + ")");
        m.put("vm", System.getProperty("java.vm.name", "?"));
        m.put("simd", Simd.describe());
        m.put("threads", threads);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("git_commit", gitCommit(repo));
        return m;
    }

    /** {@code git rev-parse HEAD} (with "+dirty" when there are local changes), or "unknown". */
    public static String gitCommit(Path repo) {
        String head = git(repo, "rev-parse", "HEAD");
        if (head == null) {
            return "unknown";
        }
        String dirty = git(repo, "status", "--porcelain", "--untracked-files=no");
        return dirty != null && !dirty.isEmpty() ? head + "+dirty" : head;
    }

    private static String git(Path repo, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = repo.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
