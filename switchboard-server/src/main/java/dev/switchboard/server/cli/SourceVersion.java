package dev.switchboard.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The git commit of a working tree, for reports; read-only. */
final class SourceVersion {

    private SourceVersion() {
    }

    /** e.g. {@code "2714ad2 (clean)"}, or why it is unknown. */
    static String describe(Path repository) {
        String head = git(repository, "rev-parse", "--short", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown (not a git working tree, or git missing)";
        }
        String status = git(repository, "status", "--porcelain", "--untracked-files=no");
        long changes = status == null ? 0 : status.lines().filter(l -> !l.isBlank()).count();
        return head.strip() + (changes == 0 ? " (clean)" : " (+ " + changes + " uncommitted changes)");
    }

    private static String git(Path repository, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "git";
        argv[1] = "-C";
        argv[2] = repository.toAbsolutePath().toString();
        System.arraycopy(args, 0, argv, 3, args.length);
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
