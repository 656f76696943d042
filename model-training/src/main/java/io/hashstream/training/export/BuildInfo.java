package io.hashstream.training.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The git commit of the code a model was trained with, for the model card. */
public final class BuildInfo {
    private BuildInfo() {
    }

    /** Set by scripts that run a jar built earlier, so the card names the code that was built. */
    public static final String PROPERTY = "hashstream.build.commit";

    /**
     * The {@value #PROPERTY} system property when set; else {@code <short hash>} or
     * {@code <short hash>+dirty} of the working directory's checkout; {@code unknown} outside one.
     */
    public static String gitCommit() {
        String given = System.getProperty(PROPERTY);
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head == null || head.isEmpty()) {
            return "unknown";
        }
        String status = git("status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? head : head + "+dirty";
    }

    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
