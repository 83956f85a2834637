package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the {@code jcmd} of the JDK running the bench against another JVM. */
final class Jcmd {

    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    private Jcmd() {
    }

    /** Runs {@code jcmd <pid> <command...>} and returns its output; throws if it fails or hangs for a minute. */
    static String run(long pid, String... command) throws IOException {
        String[] argv = new String[command.length + 2];
        argv[0] = JCMD.toString();
        argv[1] = Long.toString(pid);
        System.arraycopy(command, 0, argv, 2, command.length);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("jcmd " + String.join(" ", command) + " did not finish in 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("jcmd " + String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "): " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running jcmd", e);
        }
    }

    /** The JVM's effective flags ({@code VM.flags}), one line; or a note saying why they are unknown. */
    static String vmFlags(long pid) {
        try {
            String out = run(pid, "VM.flags");
            StringBuilder flags = new StringBuilder();
            for (String line : out.split("\\R")) {
                if (!line.isBlank() && !line.matches("\\d+:\\s*")) {
                    flags.append(flags.isEmpty() ? "" : " ").append(line.strip());
                }
            }
            return flags.toString();
        } catch (IOException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }
}
